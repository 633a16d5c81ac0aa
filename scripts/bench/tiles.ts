// `npm run bench -- tiles`: national road tiles, p50/p95 per zoom 5–13, on a scratch database holding a generated
// network of 500,000 road segments (loaded through the real table, so its triggers build the zoom bands).
// Four timings per tile, in the same run on the same data:
//   bare   — the tile built straight from the stored geometry (ST_AsMVT on a server; geojson-vt + vt-pbf embedded),
//            with the same per-zoom road classes, one feature per segment: what Ramani did before zoom bands,
//            merged national lines and the caches;
//   cold   — through the caches with nothing cached: built from the zoom band (merged lines at zoom ≤ 8), answered,
//            and stored in tile_cache after the answer;
//   shared — the same request on an instance that has not served it: read from tile_cache, shared by all instances;
//   memory — the same request again on that instance: from its memory (TileMemory).
// The server leg runs when DATABASE_URL is set (a scratch database of its own is created beside it and dropped after,
// scratch.ts). The
// embedded database loads fewer segments (BENCH_EMBEDDED_SEGMENTS, default 100,000): 500,000 rows through its
// triggers take minutes in PGlite.
import { NATIONAL } from '../../server/access/scope.ts'
import { COLLECTIONS } from '../../server/assets/collections.ts'
import type { ItemFilter } from '../../server/assets/query.ts'
import { dataVersion } from '../../server/assets/versions.ts'
import { openDb, type Db } from '../../server/db/index.ts'
import { migrate } from '../../server/db/migrate.ts'
import { loadData } from '../../server/seed/load.ts'
import { cachedTile, TileMemory, tileCacheWritten } from '../../server/tiles/cache.ts'
import { buildTile } from '../../server/tiles/mvt.ts'
import { createScratch } from './scratch.ts'
import { ms, percentile, time } from './stats.ts'

const ZOOMS = [5, 6, 7, 8, 9, 10, 11, 12, 13]
const TILES_PER_ZOOM = Number(process.env.BENCH_TILES_PER_ZOOM ?? 12)
const SERVER_SEGMENTS = Number(process.env.BENCH_SERVER_SEGMENTS ?? 500_000)
const EMBEDDED_SEGMENTS = Number(process.env.BENCH_EMBEDDED_SEGMENTS ?? 100_000)
const COLS = 800
const roads = COLLECTIONS.roads

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  ]
}

/** Deterministic tile addresses over the generated network's extent. */
function addresses(z: number, segments: number): [number, number][] {
  const north = -4.5 + (segments / COLS) * 0.0147
  let seed = 42 + z
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  return Array.from({ length: TILES_PER_ZOOM }, () => tileOf(34.2 + rnd() * 7.2, -4.4 + rnd() * (north + 4.3), z))
}

/** The road classes a map shows at a zoom (the zoom bands' selection), as a filter for the bare baseline. */
function classesAt(z: number): ItemFilter {
  const field = roads.fields.find((f) => f.name === 'road_class')!
  if (z <= 6) return { equals: [{ field, values: ['A', 'B'] }] }
  if (z <= 8) return { equals: [{ field, values: ['A', 'B', 'C'] }] }
  return { equals: [] }
}

async function generate(db: Db, segments: number) {
  // A jittered grid of 2–3 km lines over Kenya's extent with a national network's class mix (2 % A, 5 % B, 13 % C,
  // the rest minor roads and tracks), through the roads table so county, length and zoom-band triggers all run.
  const [, t] = await time(() =>
    db.query(`INSERT INTO roads (name, road_class, surface, condition, status, source, geom)
      SELECT 'segment ' || g,
             CASE WHEN g % 100 < 2 THEN 'A' WHEN g % 100 < 7 THEN 'B' WHEN g % 100 < 20 THEN 'C' WHEN g % 100 < 45 THEN 'D'
                  WHEN g % 100 < 65 THEN 'E' WHEN g % 100 < 85 THEN 'unclassified' ELSE 'track' END,
             (ARRAY['paved','gravel','earth'])[1 + g % 3], (ARRAY['good','fair','poor','impassable'])[1 + g % 4],
             'existing', 'sample',
             ST_SetSRID(ST_MakeLine(ST_MakePoint(x, y), ST_MakePoint(x + 0.02 * cos(g), y + 0.02 * sin(g))), 4326)
      FROM (SELECT g, 34.0 + (g % ${COLS}) * 0.0095 + 0.003 * sin(g * 1.7) AS x,
                   -4.5 + (g / ${COLS}) * 0.0147 + 0.003 * cos(g * 1.3) AS y
            FROM generate_series(1, ${segments}) g) s`),
  )
  await db.exec('ANALYZE roads; ANALYZE roads_tile_geoms; ANALYZE roads_tile_merged; ANALYZE roads_tile_cells;')
  const bands = await db.query<{ band: number; n: number; merged: number }>(
    `SELECT band, count(*)::int AS n,
            CASE WHEN band = 2 THEN (SELECT count(*)::int FROM roads_tile_cells)
                 ELSE (SELECT count(*)::int FROM roads_tile_merged m WHERE m.band = g.band) END AS merged
     FROM roads_tile_geoms g GROUP BY band ORDER BY band`,
  )
  const n = (v: number) => v.toLocaleString('en')
  console.log(
    `loaded ${n(segments)} segments in ${ms(t)} (zoom bands: ${bands.rows.map((b) => `${b.band}: ${n(b.n)}${b.band <= 2 ? ` merged into ${n(b.merged)} lines` : ''}`).join(', ')}; ` +
      'band 2 keeps trunk and security roads as themselves)',
  )
}

/** An edit of one road's condition (what the merge triggers rebuild: its groups, and its cell), per kind of road. */
async function edits(db: Db) {
  const kinds: [string, string][] = [
    ['trunk (A, B)', "road_class IN ('A', 'B')"],
    ['class C', "road_class = 'C'"],
    ['minor', "road_class NOT IN ('A', 'B', 'C')"],
  ]
  const out: string[] = []
  for (const [label, where] of kinds) {
    const id = (await db.query<{ id: number }>(`SELECT id FROM roads WHERE ${where} ORDER BY id LIMIT 1 OFFSET 1000`))
      .rows[0]!.id
    const times: number[] = []
    for (const condition of ['impassable', 'good', 'poor', 'fair']) {
      const [, t] = await time(() => db.query('UPDATE roads SET condition = $1 WHERE id = $2', [condition, id]))
      times.push(t)
    }
    out.push(`${label} ${times.map((t) => t.toFixed(0)).join(', ')}`)
  }
  console.log(`one-road edit (condition, 4 times each, ms): ${out.join('; ')}`)
}

const row = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(i === 0 ? 4 : 10)).join(' ')

async function measure(db: Db, segments: number) {
  const version = await dataVersion(db, 'roads')
  console.log(`\n${db.kind === 'postgres' ? 'server (ST_AsMVT)' : 'embedded (geojson-vt + vt-pbf)'}`)
  console.log(
    row([
      'zoom',
      'bare p50',
      'bare p95',
      'cold p50',
      'cold p95',
      'shared p50',
      'shared p95',
      'memory p95',
      'cold/bare',
      'KB bare',
      'KB p50',
    ]),
  )
  const kinds = ['bare', 'cold', 'shared', 'memory'] as const
  const all = Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<(typeof kinds)[number], number[]>
  for (const z of ZOOMS) {
    const t = { ...Object.fromEntries(kinds.map((k) => [k, [] as number[]])), bytes: [] as number[] } as Record<
      (typeof kinds)[number] | 'bytes' | 'bareBytes',
      number[]
    >
    t.bareBytes = []
    for (const [x, y] of addresses(z, segments)) {
      const r = { z, x, y, filter: { equals: [] }, area: NATIONAL }
      const [bareTile, bare] = await time(() => buildTile(db, roads, { ...r, filter: classesAt(z), stored: true }))
      await db.query("DELETE FROM tile_cache WHERE collection = 'roads' AND z = $1 AND x = $2 AND y = $3", [z, x, y])
      // A fresh memory per tile: the cold request finds nothing anywhere, the next one (another instance) only
      // tile_cache, the last one its own memory.
      const here = new TileMemory(64 * 1024 * 1024)
      const [cold, coldMs] = await time(() => cachedTile({ read: db, primary: db, memory: here }, roads, r, version))
      await tileCacheWritten()
      const there = new TileMemory(64 * 1024 * 1024)
      const sources = { read: db, primary: db, memory: there }
      const [shared, sharedMs] = await time(() => cachedTile(sources, roads, r, version))
      const [memory, memoryMs] = await time(() => cachedTile(sources, roads, r, version))
      if (cold.from !== 'built' || shared.from !== 'shared' || memory.from !== 'memory')
        throw new Error(
          `tile ${z}/${x}/${y}: expected built, shared, memory (${cold.from}, ${shared.from}, ${memory.from})`,
        )
      t.bare.push(bare)
      t.cold.push(coldMs)
      t.shared.push(sharedMs)
      t.memory.push(memoryMs)
      t.bytes.push(cold.tile.byteLength)
      t.bareBytes.push(bareTile.byteLength)
    }
    for (const a of Object.values(t)) a.sort((p, q) => p - q)
    for (const k of kinds) all[k].push(...t[k])
    const p = (a: number[], q: number) => percentile(a, q).toFixed(1)
    console.log(
      row([
        z,
        p(t.bare, 50),
        p(t.bare, 95),
        p(t.cold, 50),
        p(t.cold, 95),
        p(t.shared, 50),
        p(t.shared, 95),
        percentile(t.memory, 95).toFixed(2),
        (percentile(t.cold, 95) / percentile(t.bare, 95)).toFixed(2),
        (percentile(t.bareBytes, 50) / 1024).toFixed(0),
        (percentile(t.bytes, 50) / 1024).toFixed(0),
      ]),
    )
  }
  for (const a of Object.values(all)) a.sort((p, q) => p - q)
  console.log(
    `all zooms: p95 bare ${ms(percentile(all.bare, 95))}, cold ${ms(percentile(all.cold, 95))}, ` +
      `shared ${ms(percentile(all.shared, 95))}, memory ${ms(percentile(all.memory, 95))} (times in ms)`,
  )
}

async function scratchServer(url: string): Promise<{ db: Db; drop: () => Promise<void> }> {
  const scratch = await createScratch(url, 'tiles')
  const db = await openDb({ databaseUrl: scratch.url })
  return {
    db,
    drop: async () => {
      await db.close()
      await scratch.drop()
    },
  }
}

export async function run() {
  const legs: [number, () => Promise<{ db: Db; drop: () => Promise<void> }>][] = []
  if (process.env.DATABASE_URL) legs.push([SERVER_SEGMENTS, () => scratchServer(process.env.DATABASE_URL!)])
  else console.log('(set DATABASE_URL to a PostGIS server to also time the server)')
  legs.push([
    EMBEDDED_SEGMENTS,
    async () => {
      const db = await openDb({})
      return { db, drop: () => db.close() }
    },
  ])
  for (const [segments, open] of legs) {
    const { db, drop } = await open()
    try {
      await migrate(db)
      await loadData(db, { sample: false })
      await db.exec('DELETE FROM roads') // reference data only: the generated network is the whole road layer
      await generate(db, segments)
      await edits(db)
      await measure(db, segments)
    } finally {
      await drop()
    }
  }
}
