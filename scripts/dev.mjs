// `npm run dev`: the API (restarting on change) and Vite's dev server with hot reload, which proxies /api, /ogc, /tiles.
import { spawn } from 'node:child_process'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const run = (args) => spawn(process.execPath, args, { cwd: root, stdio: 'inherit' })
const children = [
  run(['--import', 'tsx', '--watch-path=server', join(root, 'server/main.ts')]),
  run([join(root, 'node_modules/vite/bin/vite.js'), '--config', 'web/vite.config.ts']),
]
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => children.forEach((c) => c.kill(sig)))
