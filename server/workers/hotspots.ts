import type { AreaScope } from '../access/scope.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import type { ItemFilter } from '../assets/query.ts'
import type { Queryable } from '../db/index.ts'
import { giStar, trend, type GiResult } from '../hotspots/gistar.ts'
import { hexCounts } from '../hotspots/grid.ts'

// The hot spot answer, computed in a task worker: the grid counts come from the database, Gi* and the GeoJSON text
// are built here, off the event loop.

export interface HotspotQuery {
  theme?: string
  from?: string
  to?: string
  region?: string
  cell_km: number
  distance_km?: number
  fdr: boolean
  trend: boolean
}

/** The same answer the route gave when it computed on the main thread: GeoJSON text. */
export async function hotspotReport(db: Queryable, q: HotspotQuery, area: AreaScope): Promise<string> {
  const distanceKm = q.distance_km ?? 2 * Math.sqrt(3) * q.cell_km
  const theme = COLLECTIONS.incidents.fields.find((f) => f.name === 'theme')!
  const filter = (from?: string, to?: string): ItemFilter => ({
    equals: q.theme ? [{ field: theme, values: [q.theme] }] : [],
    datetime:
      from || to
        ? // Days in East Africa Time, as every period of the API.
          { start: from ? `${from}T00:00:00+03:00` : undefined, end: to ? `${to}T23:59:59.999+03:00` : undefined }
        : undefined,
  })
  const gi = async (from?: string, to?: string) => {
    const { cells, leftOut } = await hexCounts(db, q.cell_km, filter(from, to), area, q.region)
    return {
      cells,
      leftOut,
      stats: giStar(
        cells.map((h) => ({ x: h.x, y: h.y, value: h.count })),
        distanceKm * 1000,
        q.fdr,
      ),
    }
  }
  const { cells, stats, leftOut } = await gi(q.from, q.to)
  let previous: GiResult[] | undefined
  if (q.trend) {
    // The period just before, of the same number of days; same grid, so cells line up by position.
    const day = 86_400_000
    const from = Date.parse(`${q.from}T00:00:00Z`)
    const days = Math.round((Date.parse(`${q.to}T00:00:00Z`) - from) / day) + 1
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
    previous = (await gi(iso(from - days * day), iso(from - day))).stats
  }
  const features = cells.map((h, i) => {
    const s = stats[i]!
    const t = previous ? `,"trend":${JSON.stringify(trend(previous[i]!, s))}` : ''
    return `{"type":"Feature","geometry":${h.geojson},"properties":{"count":${h.count},"z":${Number(s.z.toFixed(4))},"p":${Number(s.p.toPrecision(4))},"bin":${s.bin}${t}}}`
  })
  const incidents = cells.reduce((sum, h) => sum + h.count, 0)
  return `{"type":"FeatureCollection","cells":${cells.length},"incidents":${incidents},"incidents_left_out":${leftOut},"cell_km":${q.cell_km},"distance_km":${Number(distanceKm.toFixed(3))},"fdr":${q.fdr},"features":[${features.join(',')}]}`
}

/** Most cell × neighbour pairs one hot spot request may imply (Gi* sums over every pair; trend doubles it). */
export const MAX_HOTSPOT_PAIRS = 20_000_000

/**
 * The work a request implies, estimated before any is done: cells of the study area's grid times the cells within
 * the distance band of each. The study area's size comes from the outlines, one cheap query.
 */
export async function hotspotWork(db: Queryable, q: HotspotQuery, area: AreaScope) {
  const regions = q.region ? [q.region] : area.kind === 'regions' ? area.regions : null
  const r = await db.query<{ m2: number }>(
    regions
      ? `SELECT coalesce(sum(ST_Area(ST_Transform(geom, 3857))), 0)::float8 AS m2 FROM regions WHERE code = ANY($1::text[])`
      : `SELECT ST_Area(ST_Transform(geom, 3857))::float8 AS m2 FROM country_outline`,
    regions ? [regions] : [],
  )
  const a = q.cell_km * 1000
  const hexArea = ((3 * Math.sqrt(3)) / 2) * a * a
  const cells = Math.ceil(Number(r.rows[0]?.m2 ?? 0) / hexArea)
  const d = (q.distance_km ?? 2 * Math.sqrt(3) * q.cell_km) * 1000
  const neighbours = Math.min(cells, Math.ceil((Math.PI * d * d) / hexArea) + 1)
  return { cells, neighbours, pairs: cells * neighbours * (q.trend ? 2 : 1) }
}
