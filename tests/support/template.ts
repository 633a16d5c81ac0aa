import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'

// A migrated, loaded database is built once per run (or reused while migrations and data are unchanged) and every
// test file starts from a copy: creating PostGIS in PGlite takes ~15 s, copying a template ~2 s.

export const ROOT = join(import.meta.dirname, '..', '..')
export const TMP = join(ROOT, '.tmp')

export function templateKey(): string {
  const h = createHash('sha256')
  const files = [
    ...readdirSync(join(ROOT, 'server/db/migrations'))
      .sort()
      .map((f) => join(ROOT, 'server/db/migrations', f)),
    ...['reference', 'sample'].flatMap((d) =>
      existsSync(join(ROOT, 'data', d))
        ? readdirSync(join(ROOT, 'data', d))
            .sort()
            .map((f) => join(ROOT, 'data', d, f))
        : [],
    ),
    join(ROOT, 'server/seed/load.ts'),
    join(ROOT, 'server/seed/demo-users.ts'),
    join(ROOT, 'tests/support/password.ts'),
    join(ROOT, 'package-lock.json'),
  ]
  for (const f of files) if (existsSync(f)) h.update(f).update(readFileSync(f))
  return h.digest('hex').slice(0, 16)
}

export const embeddedTemplatePath = (key: string) => join(TMP, `template-${key}.tar.gz`)
// Named per checkout: a run replaces only its own checkout's stale templates, never one another checkout's run is using.
export const serverTemplatePrefix = `ramani_tpl_${createHash('sha256').update(ROOT).digest('hex').slice(0, 6)}_`
export const serverTemplateName = (key: string) => `${serverTemplatePrefix}${key}`
