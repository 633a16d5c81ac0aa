// Registers the service worker of the built app (web/src/offline/sw.ts → /sw.js). Not in development: Vite's dev
// server has no /sw.js, and a worker caching its modules would only get in the way.
export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .catch((e: unknown) => console.warn('[ramani] service worker not registered:', e))
}
