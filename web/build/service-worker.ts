import { createHash } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { build, type Plugin } from 'vite'

// Builds the service worker (web/src/offline/sw.ts) into dist/sw.js after the app: a bundle of its own (so it shares
// no chunk with the app) with the list of files to precache — every file of the app build and of web/public — and a
// build id derived from that list, so a new build installs a new worker and drops the old shell cache.

function publicFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f)
      if (statSync(p).isDirectory()) walk(p)
      else out.push(`/${relative(dir, p).split('\\').join('/')}`)
    }
  }
  try {
    walk(dir)
  } catch {
    /* no public dir */
  }
  return out
}

export function serviceWorker(): Plugin {
  let files: string[] = []
  let outDir = ''
  let publicDir = ''
  return {
    name: 'ramani-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
      publicDir = config.publicDir
    },
    generateBundle(_options, bundle) {
      files = Object.keys(bundle)
        .filter((f) => !f.endsWith('.map'))
        .map((f) => `/${f}`)
    },
    async closeBundle() {
      const precache = [...new Set(['/', '/index.html', ...files, ...publicFiles(publicDir)])]
        .filter((f) => f !== '/sw.js')
        .sort()
      const id = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 12)
      await build({
        configFile: false,
        logLevel: 'warn',
        define: { __PRECACHE__: JSON.stringify(precache), __BUILD__: JSON.stringify(id) },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          minify: true,
          lib: {
            entry: resolve(import.meta.dirname, '../src/offline/sw.ts'),
            formats: ['iife'],
            name: 'ramaniServiceWorker',
            fileName: () => 'sw.js',
          },
        },
      })
    },
  }
}
