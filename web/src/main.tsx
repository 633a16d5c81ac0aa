import { setWorkerUrl } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import 'maplibre-gl/dist/maplibre-gl.css'
import './styles.css'
import { App } from './shell/App.tsx'
import { I18nProvider } from './i18n/index.tsx'
import { registerServiceWorker } from './offline/register.ts'

// MapLibre 6 resolves its worker beside its own file, which a bundler does not emit: hand it the bundled worker.
setWorkerUrl(workerUrl)
// Offline use: the service worker caches the app shell, tiles and reads (web/src/offline/sw.ts).
registerServiceWorker()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
)
