import SwaggerParser from '@apidevtools/swagger-parser'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../server/db/migrate.ts'
import { loadData } from '../../server/seed/load.ts'
import { driver } from '../support/db.ts'
import { useApp } from '../support/use-app.ts'

const app = useApp('admin')

describe('health', () => {
  it('tells anonymous callers only ok, and administrators the database driver and the PostGIS version', async () => {
    const anonymous = await app.anon.json('/api/health')
    expect(anonymous.status).toBe(200)
    expect(anonymous.body).toEqual({ status: 'ok' })
    const { status, body } = await app.admin.json('/api/health')
    expect(status).toBe(200)
    expect(body).toMatchObject({ status: 'ok', db: driver })
    expect(body.postgis).toMatch(/^3\.\d+/)
  })
})

describe('migrations', () => {
  it('apply nothing twice: migrating a migrated database changes nothing', async () => {
    const before = await app.db.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations')
    expect(await migrate(app.db)).toEqual([])
    expect(await migrate(app.db)).toEqual([])
    const after = await app.db.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations')
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n)
    expect(after.rows[0]!.n).toBeGreaterThan(0)
  })
})

describe('reference and sample data loading', () => {
  it('loads nothing twice on a restart', async () => {
    const count = async () =>
      (
        await app.db.query<{ n: number }>(
          'SELECT (SELECT count(*) FROM roads) + (SELECT count(*) FROM incidents) + (SELECT count(*) FROM counties) + (SELECT count(*) FROM airstrips) AS n',
        )
      ).rows[0]!.n
    const before = await count()
    const report = await loadData(app.db, { sample: true })
    expect(report.loaded).toEqual([])
    expect(report.skipped.length).toBeGreaterThanOrEqual(5)
    expect(await count()).toBe(before)
  })

  it('labels invented rows as sample and real ones as reference', async () => {
    const r = await app.db.query<{ source: string }>(
      'SELECT DISTINCT source FROM incidents UNION SELECT DISTINCT source FROM counties ORDER BY 1',
    )
    expect(r.rows.map((x) => x.source)).toEqual(['reference', 'sample'])
    const meta = await app.admin.json('/api/meta')
    expect(meta.body.sample.loaded).toBe(true)
    expect(meta.body.attribution.en.join(' ')).toContain('amCharts')
    expect(meta.body.attribution.sw).toHaveLength(meta.body.attribution.en.length)
  })
})

describe('the OpenAPI document', () => {
  it('is OpenAPI 3 and lists exactly the routes the server has', async () => {
    const { status, body } = await app.admin.json('/api/openapi.json')
    expect(status).toBe(200)
    expect(body.openapi).toMatch(/^3\./)
    const documented = new Set<string>()
    for (const [path, ops] of Object.entries(body.paths as Record<string, object>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`)
    }
    const routed = new Set(
      app.t.app.routes
        .filter((r) => r.method !== 'ALL' && /^\/(api|ogc|tiles|verify|metrics)(\/|$)/.test(r.path))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    )
    expect([...routed].sort()).toEqual([...documented].sort())
  })

  it('validates against the OpenAPI 3 schema', async () => {
    const { body } = await app.admin.json('/api/openapi.json')
    await expect(SwaggerParser.validate(structuredClone(body))).resolves.toBeTruthy()
  })

  it('is rendered as a readable reference', async () => {
    const res = await app.admin.request('/api/docs')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('/ogc/collections/roads/items')
  })
})
