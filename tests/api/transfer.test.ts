import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app.ts'
import { openDb, type Db } from '../../server/db/index.ts'
import { digestDatabase, exportArchive, importArchive, type Digests } from '../../server/transfer/archive.ts'
import { signIn } from '../support/app.ts'
import { driver } from '../support/db.ts'
import { featureId } from '../support/features.ts'
import { useApp } from '../support/use-app.ts'
import { FIELD_PHOTO_PATH } from '../fixtures/photo.ts'

// Laptop → server and back (npm run db:export / db:import): every table arrives with the same rows (count and
// checksum), the audit log unchanged, photos readable, and the app works on the result. Embedded leg: embedded →
// embedded. Server leg: server → embedded → a fresh server database, so both directions run.

const app = useApp('field.turkana')
const PHOTO = new Uint8Array(readFileSync(FIELD_PHOTO_PATH))
const dir = mkdtempSync(join(tmpdir(), 'ramani-transfer-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function recordPhoto(): Promise<number> {
  const id = await featureId(app.db, 'border_posts', "t.county_code = '023'")
  const form = new FormData()
  form.append(
    'assessment',
    JSON.stringify({
      collection: 'border_posts',
      asset_id: Number(id),
      condition: 'poor',
      observed_at: new Date().toISOString(),
    }),
  )
  form.append('photo', new Blob([PHOTO], { type: 'image/jpeg' }), 'photo.jpg')
  const res = await app.fieldTurkana.request('/api/assessments', {
    method: 'POST',
    body: form,
    headers: { 'Idempotency-Key': randomBytes(12).toString('hex') },
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { assessment: { id: number } }).assessment.id
}

const audit = (db: Db) =>
  db
    .query('SELECT id, at, actor, action, collection, item_id, before, after FROM audit_log ORDER BY id')
    .then((r) => r.rows)

/** The app starts on the database: sign-in works and the photo is served as it was taken. */
async function appWorks(db: Db, assessment: number) {
  const a = createApp({ db })
  const field = await signIn(a, 'field.turkana')
  const photo = await field.request(`/api/assessments/${assessment}/photos/1`)
  expect(photo.status).toBe(200)
  expect(new Uint8Array(await photo.arrayBuffer())).toEqual(PHOTO)
  expect((await field.json('/ogc/collections/roads/items?limit=1')).status).toBe(200)
}

function expectSame(report: { tables: { table: string; same: boolean }[] }, source: Digests, target: Digests) {
  expect(report.tables.filter((t) => !t.same).map((t) => t.table)).toEqual([])
  expect(target).toEqual(source)
}

async function freshServerDb(): Promise<Db> {
  const url = process.env.DATABASE_URL!
  const name = `ramani_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${name}"`)
  await admin.end()
  const u = new URL(url)
  u.pathname = `/${name}`
  const db = await openDb({ databaseUrl: u.toString() })
  return {
    ...db,
    async close() {
      await db.close()
      const a = new pg.Client({ connectionString: url })
      await a.connect()
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await a.end()
    },
  }
}

describe(`db:export → db:import (${driver})`, () => {
  it('moves every table, the audit log and photos; refuses a target holding data unless forced', async () => {
    const assessment = await recordPhoto()
    const a0 = join(dir, 'source.ramani.gz')
    const source = await exportArchive(app.db, a0)
    expect(source.tables.audit_log!.rows).toBeGreaterThan(0)
    expect(source.tables.assessment_photos!.rows).toBeGreaterThan(0)
    expect(source.tables.users!.rows).toBeGreaterThan(0)
    // The tiles' merged road lines travel with the roads (compared like every table below), not rebuilt differently.
    expect(source.tables.roads_tile_cells!.rows).toBeGreaterThan(0)
    expect(source.tables.roads_tile_merged!.rows).toBeGreaterThan(0)
    expect(source.tables).not.toHaveProperty('sessions')

    const embedded = await openDb({})
    try {
      const r1 = await importArchive(embedded, a0)
      expectSame(r1, source.tables, await digestDatabase(embedded))
      expect(await audit(embedded)).toEqual(await audit(app.db))
      await appWorks(embedded, assessment)
      await expect(importArchive(embedded, a0)).rejects.toThrow(/already holds data/)

      if (driver === 'postgres') {
        const a1 = join(dir, 'laptop.ramani.gz')
        expect((await exportArchive(embedded, a1)).tables).toEqual(source.tables)
        const server = await freshServerDb()
        try {
          const r2 = await importArchive(server, a1)
          expectSame(r2, source.tables, await digestDatabase(server))
          expect(await audit(server)).toEqual(await audit(app.db))
          await appWorks(server, assessment)
          await expect(importArchive(server, a1)).rejects.toThrow(/already holds data/)
        } finally {
          await server.close()
        }
      } else {
        // Replacing what a database holds, on request.
        await embedded.query("UPDATE roads SET name = 'changed' WHERE id = (SELECT min(id) FROM roads)")
        const r2 = await importArchive(embedded, a0, { force: true })
        expectSame(r2, source.tables, await digestDatabase(embedded))
      }
    } finally {
      await embedded.close()
    }
    // A fresh embedded database creates PostGIS (~15 s), and the server leg loads three databases.
  }, 480_000)
})
