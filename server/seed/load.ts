import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { COLLECTIONS } from '../assets/collections.ts'
import type { Db, Queryable } from '../db/index.ts'

// Loads the committed reference layers and the generated sample layers into an empty database, once: each file's
// name and checksum is recorded in data_loads, so restarts load nothing twice and never touch edited rows.

export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url))

interface DataFile {
  /** path below data/ */
  path: string
  table: string
  /** Columns set to the same SQL literal on every row (source, or the outline's fixed id). */
  fixed: Record<string, string>
  /** Columns a feature's properties may set. */
  columns: readonly string[]
  multi?: boolean
}

const registryColumns = (id: keyof typeof COLLECTIONS) => COLLECTIONS[id].fields.map((f) => f.name)

const REFERENCE = { source: "'reference'" }
export const REFERENCE_FILES: DataFile[] = [
  {
    path: 'reference/country.geojson',
    table: 'country_outline',
    fixed: { id: '1', source: "'Natural Earth'" },
    columns: ['name', 'source_note'],
    multi: true,
  },
  {
    path: 'reference/regions.geojson',
    table: 'regions',
    fixed: REFERENCE,
    columns: registryColumns('regions'),
    multi: true,
  },
  {
    path: 'reference/counties.geojson',
    table: 'counties',
    fixed: REFERENCE,
    columns: registryColumns('counties'),
    multi: true,
  },
  {
    path: 'reference/places.geojson',
    table: 'places',
    fixed: REFERENCE,
    columns: ['name', 'kind', 'population', 'geonames_id'],
  },
  { path: 'reference/airstrips.geojson', table: 'airstrips', fixed: REFERENCE, columns: registryColumns('airstrips') },
]

export const SAMPLE_FILES: DataFile[] = (
  ['roads', 'border_posts', 'facilities', 'admin_units', 'incidents', 'airstrips'] as const
).map((id) => ({
  path: `sample/${id}.geojson`,
  table: id,
  fixed: { source: "'sample'" },
  columns: registryColumns(id),
}))
SAMPLE_FILES.push({
  path: 'sample/community_structures.geojson',
  table: 'community_structures',
  fixed: { source: "'sample'" },
  columns: ['name', 'kind', 'contact_role', 'county_code'],
})

interface FeatureCollection {
  features: { properties: Record<string, unknown> | null; geometry: unknown }[]
}

async function loadFile(tx: Queryable, file: DataFile, text: string, checksum: string): Promise<number> {
  const fc = JSON.parse(text) as FeatureCollection
  const keys = new Set<string>()
  for (const f of fc.features) for (const k of Object.keys(f.properties ?? {})) keys.add(k)
  const unknown = [...keys].filter((k) => !file.columns.includes(k))
  if (unknown.length) throw new Error(`${file.path}: unknown properties ${unknown.join(', ')}`)
  const cols = [...keys].filter((k) => !(k in file.fixed))
  const geojson = "ST_SetSRID(ST_GeomFromGeoJSON(e ->> 'geometry'), 4326)"
  const fixed = Object.entries(file.fixed)
  await tx.query(
    `INSERT INTO ${file.table} (${[...cols, ...fixed.map(([k]) => k), 'geom'].join(', ')})
     SELECT ${[...cols.map((c) => `r.${c}`), ...fixed.map(([, v]) => v), file.multi ? `ST_Multi(${geojson})` : geojson].join(', ')}
     FROM json_array_elements($1::json -> 'features') e,
          json_populate_record(NULL::${file.table}, e -> 'properties') r`,
    [text],
  )
  if (cols.includes('id')) {
    await tx.query(`SELECT setval(pg_get_serial_sequence('${file.table}', 'id'), (SELECT max(id) FROM ${file.table}))`)
  }
  await tx.query('INSERT INTO data_loads (name, checksum, rows) VALUES ($1, $2, $3)', [
    file.path,
    checksum,
    fc.features.length,
  ])
  return fc.features.length
}

/** The basemap's countries, whose shared stretches with the outline are Kenya's land borders. */
const BORDERS_FROM = 'basemap/basemap.geojson'
const BORDERS_LOAD = `${BORDERS_FROM}#land_borders`
/**
 * How far (degrees, ~550 m) the outline may lie from a neighbour's polygon and still be their common border: the two
 * files are the same Natural Earth edition but rounded to different grids (1e-5° and 1e-4°).
 */
const BORDER_TOLERANCE = 0.005
/** Kenya's land borders are about 3,450 km; far less means the files no longer line up. */
const MIN_BORDER_KM = 3000

async function loadLandBorders(tx: Queryable, text: string, checksum: string): Promise<number> {
  const r = await tx.query<{ rows: number; km: number | null }>(
    `WITH n AS (SELECT e -> 'properties' ->> 'name' AS country, ST_SetSRID(ST_GeomFromGeoJSON(e ->> 'geometry'), 4326) AS g
                FROM json_array_elements($1::json -> 'features') e
                WHERE e -> 'properties' ->> 'layer' = 'country' AND e -> 'properties' ->> 'name' <> 'Kenya'),
          b AS (SELECT n.country, ST_Multi(ST_CollectionExtract(ST_LineMerge(
                         ST_Intersection(ST_Boundary(o.geom), ST_Buffer(n.g, $2))), 2)) AS g
                FROM n, country_outline o WHERE o.id = 1),
          ins AS (INSERT INTO land_borders (country, source, geom)
                  SELECT country, 'Natural Earth', g FROM b WHERE NOT ST_IsEmpty(g) RETURNING geom)
     SELECT count(*)::int AS rows, sum(ST_Length(geom::geography)) / 1000 AS km FROM ins`,
    [text, BORDER_TOLERANCE],
  )
  const { rows, km } = r.rows[0]!
  if ((km ?? 0) < MIN_BORDER_KM)
    throw new Error(`${BORDERS_FROM}: the land borders derived from it are ${Math.round(km ?? 0)} km, not ~3,450 km`)
  await tx.query('INSERT INTO data_loads (name, checksum, rows) VALUES ($1, $2, $3)', [BORDERS_LOAD, checksum, rows])
  return rows
}

export interface LoadReport {
  loaded: { path: string; rows: number }[]
  skipped: string[]
}

/** Loads every file not loaded before, all in one transaction: a failure leaves the database as it was. */
export async function loadData(db: Db, opts: { sample: boolean; dataDir?: string }): Promise<LoadReport> {
  const dir = opts.dataDir ?? DATA_DIR
  const files = [...REFERENCE_FILES, ...(opts.sample ? SAMPLE_FILES : [])].filter((f) => existsSync(dir + f.path))
  const done = await db.query<{ name: string }>('SELECT name FROM data_loads')
  const seen = new Set(done.rows.map((r) => r.name))
  const pending = files.filter((f) => !seen.has(f.path))
  const report: LoadReport = { loaded: [], skipped: files.filter((f) => seen.has(f.path)).map((f) => f.path) }
  const derive = opts.sample && !seen.has(SAMPLE_STATS)
  if (pending.length === 0 && !derive && seen.has(BORDERS_LOAD)) return report
  await db.transaction(async (tx) => {
    for (const file of pending) {
      const text = readFileSync(dir + file.path, 'utf8')
      const checksum = createHash('sha256').update(text).digest('hex')
      report.loaded.push({ path: file.path, rows: await loadFile(tx, file, text, checksum) })
    }
    if (derive) report.loaded.push({ path: SAMPLE_STATS, rows: await loadSampleStatistics(tx) })
    const outline = await tx.query('SELECT 1 FROM country_outline WHERE id = 1')
    if (!seen.has(BORDERS_LOAD) && outline.rows.length && existsSync(dir + BORDERS_FROM)) {
      const text = readFileSync(dir + BORDERS_FROM, 'utf8')
      const checksum = createHash('sha256').update(text).digest('hex')
      report.loaded.push({ path: BORDERS_LOAD, rows: await loadLandBorders(tx, text, checksum) })
    }
  })
  return report
}

const SAMPLE_STATS = 'sample/incident_stats (derived)'

/**
 * Sample area statistics: the sample incidents counted per county, month (East Africa Time) and theme, so the
 * statistics layer has data to draw and analyse. Derived from the sample incidents, hence as deterministic as they are.
 */
async function loadSampleStatistics(tx: Queryable): Promise<number> {
  const r = await tx.query(
    `INSERT INTO incident_stats (area_code, period_kind, period_start, theme, events, fatalities, data_source, licence, source)
     SELECT t.county_code, 'month', to_char(date_trunc('month', t.occurred_at AT TIME ZONE 'Africa/Nairobi'), 'YYYY-MM-DD'),
            t.theme, sum(t.weight), sum(t.fatalities), 'Sample incidents per county and month',
            'Sample data, invented for demonstration', 'sample'
     FROM incidents t WHERE t.source = 'sample' AND t.county_code IS NOT NULL
     GROUP BY 1, 3, 4 ORDER BY 1, 3, 4`,
  )
  await tx.query('INSERT INTO data_loads (name, checksum, rows) VALUES ($1, $2, $3)', [
    SAMPLE_STATS,
    'derived',
    r.rowCount,
  ])
  return r.rowCount
}
