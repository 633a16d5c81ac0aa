import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { serviceWorker } from './build/service-worker.ts'

// The web app builds into web/dist, which the API server serves on the same port. In development, Vite's dev server
// proxies the API so cookies and same-origin tile requests work as in production.
const api = 'http://127.0.0.1:8787'
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), serviceWorker()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: { proxy: { '/api': api, '/ogc': api, '/tiles': api } },
})
