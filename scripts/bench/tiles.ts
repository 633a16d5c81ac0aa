// Vector tile timing, server side: p50/p95 per zoom for the sample data and for a generated layer of 500,000 road
// segments, on the embedded PostGIS (Node builder) and, when DATABASE_URL is set, on the server (ST_AsMVT).
// Baseline in the same process: the GeoJSON of the same tile extent and filter (what a map without tiles would load).
import { NATIONAL } from '../../server/access/scope.ts'
import { COLLECTIONS, type Collection } from '../../server/assets/collections.ts'
import { listItems } from '../../server/assets/query.ts'
import { openDb, type Db } from '../../server/db/index.ts'
import { migrate } from '../../server/db/migrate.ts'
import { loadData } from '../../server/seed/load.ts'
import { buildTile } from '../../server/tiles/mvt.ts'
import { ms, percentile, time } from './stats.ts'

const ZOOMS = [5, 7, 9, 11, 13]
const TILES_PER_ZOOM = 15
const GENERATED_SEGMENTS = 500_000

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  ]
}
function tileBBox(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z
  const lon = (i: number) => (i / n) * 360 - 180
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)]
}

/** Deterministic tile addresses over Kenya's populated west and centre. */
function addresses(z: number): [number, number][] {
  let seed = 42 + z
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  return Array.from({ length: TILES_PER_ZOOM }, () => tileOf(34.5 + rnd() * 5, -3 + rnd() * 6, z))
}

async function measure(db: Db, c: Collection, label: string) {
  console.log(`\n${label} (${db.kind}, ${db.capabilities.mvt ? 'ST_AsMVT' : 'geojson-vt + vt-pbf'})`)
  console.log('zoom  tile p50   tile p95   bytes p50   GeoJSON p50   ratio tile/GeoJSON')
  for (const z of ZOOMS) {
    const tileTimes: number[] = []
    const jsonTimes: number[] = []
    const sizes: number[] = []
    for (const [x, y] of addresses(z)) {
      const [tile, tt] = await time(() => buildTile(db, c, { z, x, y, filter: { equals: [] }, area: NATIONAL }))
      const [, jt] = await time(() =>
        listItems(db, c, { bbox: tileBBox(z, x, y), equals: [] }, NATIONAL, { limit: 1_000_000, offset: 0 }),
      )
      tileTimes.push(tt)
      jsonTimes.push(jt)
      sizes.push(tile.byteLength)
    }
    for (const a of [tileTimes, jsonTimes, sizes]) a.sort((p, q) => p - q)
    const p50 = percentile(tileTimes, 50)
    const j50 = percentile(jsonTimes, 50)
    console.log(
      `${String(z).padStart(4)}  ${ms(p50).padStart(9)}  ${ms(percentile(tileTimes, 95)).padStart(9)}  ${String(percentile(sizes, 50)).padStart(10)}  ${ms(j50).padStart(12)}  ${(p50 / j50).toFixed(2).padStart(8)}`,
    )
  }
}

async function generatedRoads(db: Db): Promise<Collection> {
  await db.exec(`DROP TABLE IF EXISTS bench_roads;
    CREATE TABLE bench_roads (LIKE roads INCLUDING DEFAULTS INCLUDING CONSTRAINTS);`)
  // A jittered grid of short segments over Kenya's extent: 500,000 lines of 2–3 km, built in SQL, with a national
  // network's mix of classes (2 % A, 5 % B, 13 % C, the rest minor roads and tracks).
  const [, t] = await time(() =>
    db.query(`INSERT INTO bench_roads (id, name, road_class, surface, condition, status, source, length_km, region_code, county_code, geom)
      SELECT g, 'segment ' || g,
             CASE WHEN g % 100 < 2 THEN 'A' WHEN g % 100 < 7 THEN 'B' WHEN g % 100 < 20 THEN 'C' WHEN g % 100 < 45 THEN 'D'
                  WHEN g % 100 < 65 THEN 'E' WHEN g % 100 < 85 THEN 'unclassified' ELSE 'track' END,
             (ARRAY['paved','gravel','earth'])[1 + g % 3], (ARRAY['good','fair','poor','impassable'])[1 + g % 4],
             'existing', 'sample', 2.5, NULL, NULL,
             ST_MakeLine(ST_MakePoint(x, y), ST_MakePoint(x + 0.02 * cos(g), y + 0.02 * sin(g)))
      FROM (SELECT g, 34.0 + (g % 800) * 0.0095 + 0.003 * sin(g * 1.7) AS x, -4.5 + (g / 800) * 0.0147 + 0.003 * cos(g * 1.3) AS y
            FROM generate_series(1, ${GENERATED_SEGMENTS}) g) s`),
  )
  await db.exec('CREATE INDEX bench_roads_geom_idx ON bench_roads USING gist (geom); ANALYZE bench_roads;')
  console.log(`\ngenerated ${GENERATED_SEGMENTS.toLocaleString('en')} road segments in ${ms(t)}`)
  return { ...COLLECTIONS.roads, table: 'bench_roads' }
}

export async function run() {
  const dbs: [string, () => Promise<Db>][] = [['embedded', () => openDb({})]]
  if (process.env.DATABASE_URL) dbs.push(['server', () => openDb({ databaseUrl: process.env.DATABASE_URL })])
  else console.log('(set DATABASE_URL to a PostGIS server to also time ST_AsMVT)')
  for (const [name, open] of dbs) {
    const db = await open()
    try {
      await migrate(db)
      if (name === 'embedded') await loadData(db, { sample: true })
      const sample = await db.query<{ n: number }>('SELECT count(*) AS n FROM roads')
      if (sample.rows[0]!.n === 0) await loadData(db, { sample: true })
      await measure(db, COLLECTIONS.roads, 'sample roads')
      await measure(db, COLLECTIONS.incidents, 'sample incidents')
      await measure(db, await generatedRoads(db), `generated roads (${GENERATED_SEGMENTS.toLocaleString('en')})`)
      await db.exec('DROP TABLE IF EXISTS bench_roads')
    } finally {
      await db.close()
    }
  }
}
