import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The key of reporters' phone numbers: RAMANI_REPORTS_KEY, else one generated once and kept beside the database
 * (mode 600), so numbers stay readable across restarts. Losing it makes the stored numbers unreadable, nothing else.
 */
export function reportsKey(dataDir: string, configured?: string): string {
  if (configured) return configured
  const file = join(dirname(dataDir), 'reports-key')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const generated = randomBytes(32).toString('base64url')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${generated}\n`, { mode: 0o600 })
  return generated
}
