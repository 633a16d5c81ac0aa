// OGC API – Features paging: the time of a page of 10 incidents at offsets 0, 2,500 and 4,990 (GDAL's default paging
// walks the whole layer this way). Baseline in the same process: the former query, which built every skipped row's
// GeoJSON before OFFSET discarded it. Target: the deepest page costs < 2× the first.
import { NATIONAL } from '../../server/access/scope.ts'
import { COLLECTIONS } from '../../server/assets/collections.ts'
import { featureSql, listItems } from '../../server/assets/query.ts'
import { openDb, type Db } from '../../server/db/index.ts'
import { migrate } from '../../server/db/migrate.ts'
import { loadData } from '../../server/seed/load.ts'
import { ms, percentile, time } from './stats.ts'

const OFFSETS = [0, 2500, 4990]
const LIMIT = 10
const RUNS = 25

const c = COLLECTIONS.incidents

/** The former page query: JSON for every row up to the offset. */
const formerPage = (db: Db, offset: number) =>
  db.query(`SELECT ${featureSql(c)} AS f FROM ${c.table} t ORDER BY t.id LIMIT $1 OFFSET $2`, [LIMIT, offset])

async function p50(fn: () => Promise<unknown>): Promise<number> {
  await fn()
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) times.push((await time(fn))[1])
  return percentile(
    times.sort((a, b) => a - b),
    50,
  )
}

async function measure(db: Db) {
  const n = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).rows[0]!.n
  console.log(`\nincidents: ${n} rows (${db.kind}); limit=${LIMIT}, p50 of ${RUNS}`)
  console.log('offset   page (ids first)   former page   former/new')
  const pages: number[] = []
  for (const offset of OFFSETS) {
    const now = await p50(() => listItems(db, c, { equals: [] }, NATIONAL, { limit: LIMIT, offset }))
    const before = await p50(() => formerPage(db, offset))
    pages.push(now)
    console.log(
      `${String(offset).padStart(6)}   ${ms(now).padStart(16)}   ${ms(before).padStart(11)}   ${(before / now).toFixed(2).padStart(10)}`,
    )
  }
  console.log(`deepest / first page: ${(pages.at(-1)! / pages[0]!).toFixed(2)}× (target < 2×)`)
}

export async function run() {
  const dbs: [string, () => Promise<Db>][] = [['embedded', () => openDb({})]]
  if (process.env.DATABASE_URL) dbs.push(['server', () => openDb({ databaseUrl: process.env.DATABASE_URL })])
  else console.log('(set DATABASE_URL to a PostGIS server to also time the server)')
  for (const [, open] of dbs) {
    const db = await open()
    try {
      await migrate(db)
      const existing = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')
      if (existing.rows[0]!.n === 0) await loadData(db, { sample: true })
      await measure(db)
    } finally {
      await db.close()
    }
  }
}
