import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * The JavaScript a browser loads before the app can start: the entry script and its module preloads, as listed in
 * the built web/dist/index.html (lazy chunks are not counted). Sizes in bytes, gzip at level 9 like a static server.
 */
export function initialJs(root: string): { files: string[]; raw: number; gzip: number } {
  return initialJsIn(join(root, 'web', 'dist'))
}

/** The same for any built app folder (its index.html and assets). */
export function initialJsIn(dist: string): { files: string[]; raw: number; gzip: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  const files = [
    ...new Set(
      [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1]!).filter(Boolean),
    ),
  ]
  let raw = 0,
    gzip = 0
  for (const f of files) {
    const bytes = readFileSync(join(dist, f))
    raw += bytes.length
    gzip += gzipSync(bytes, { level: 9 }).length
  }
  return { files, raw, gzip }
}
