import type { AreaScope } from '../access/scope.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import { whereSql } from '../assets/query.ts'
import { CONDITIONS, ROAD_CLASSES, ROAD_STATUSES, ROAD_SURFACES } from '../../contract/domains.ts'
import type { TargetKind } from '../../contract/analysis-params.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import type { RoadSet } from './graph.ts'
import { AnalysisConfig, DEFAULT_CONFIG } from './speeds.ts'

// All SQL of the analyses: the road network, the sources and targets, and the speed table.

export interface RoadMeta {
  name: string[]
  county: (string | null)[]
  region: (string | null)[]
  lengthKm: Float64Array
}

export async function loadRoads(q: Queryable): Promise<{ roads: RoadSet; meta: RoadMeta }> {
  const r = await q.query<{
    id: number
    road_class: string
    surface: string
    condition: string
    status: string
    name: string
    county_code: string | null
    region_code: string | null
    length_km: number
    c: number[][]
  }>(
    `SELECT id, road_class, surface, condition, status, name, county_code, region_code, length_km,
            (ST_AsGeoJSON(geom)::json)->'coordinates' AS c
     FROM roads WHERE ST_NPoints(geom) >= 2 ORDER BY id`,
  )
  const n = r.rows.length
  const start = new Int32Array(n + 1)
  r.rows.forEach((row, i) => (start[i + 1] = start[i]! + row.c.length))
  const coords = new Float64Array(2 * start[n]!)
  const roads: RoadSet = {
    ids: new Float64Array(n),
    roadClass: new Uint8Array(n),
    surface: new Uint8Array(n),
    condition: new Uint8Array(n),
    status: new Uint8Array(n),
    start,
    coords,
  }
  const meta: RoadMeta = { name: [], county: [], region: [], lengthKm: new Float64Array(n) }
  r.rows.forEach((row, i) => {
    roads.ids[i] = Number(row.id)
    roads.roadClass[i] = ROAD_CLASSES.indexOf(row.road_class as never)
    roads.surface[i] = ROAD_SURFACES.indexOf(row.surface as never)
    roads.condition[i] = CONDITIONS.indexOf(row.condition as never)
    roads.status[i] = ROAD_STATUSES.indexOf(row.status as never)
    row.c.forEach(([x, y], k) => {
      coords[2 * (start[i]! + k)] = x!
      coords[2 * (start[i]! + k) + 1] = y!
    })
    meta.name.push(row.name)
    meta.county.push(row.county_code)
    meta.region.push(row.region_code)
    meta.lengthKm[i] = row.length_km
  })
  return { roads, meta }
}

/** A set of places (sources or targets) with what the answer shows about each. */
export interface Places {
  kind: string[]
  id: number[]
  name: string[]
  county: (string | null)[]
  region: (string | null)[]
  lon: number[]
  lat: number[]
  weight: number[]
}

const emptyPlaces = (): Places => ({ kind: [], id: [], name: [], county: [], region: [], lon: [], lat: [], weight: [] })

/** A target as its query returns it: position and weight. */
type PlaceRow = {
  id: number
  name: string
  county_code: string | null
  region_code: string | null
  x: number
  y: number
  w: number
}

function addRows(p: Places, kind: string, rows: PlaceRow[]) {
  for (const r of rows) {
    p.kind.push(kind)
    p.id.push(Number(r.id))
    p.name.push(r.name)
    p.county.push(r.county_code)
    p.region.push(r.region_code)
    p.lon.push(r.x)
    p.lat.push(r.y)
    p.weight.push(r.w)
  }
}

const POINT = `t.id, t.name, t.county_code, t.region_code, ST_X(t.geom) AS x, ST_Y(t.geom) AS y`

/** Sources are national: a post across a county or region line still covers a place. */
export async function loadSources(q: Queryable, kinds: readonly string[]): Promise<Places> {
  const r = await q.query<{
    id: number
    kind: string
    name: string
    county_code: string | null
    region_code: string | null
    x: number
    y: number
    w: number
  }>(
    `SELECT ${POINT}, t.kind, 1::float8 AS w FROM facilities t
     WHERE t.kind = ANY($1::text[]) AND t.status = 'operational' ORDER BY t.id`,
    [kinds],
  )
  const p = emptyPlaces()
  for (const row of r.rows) addRows(p, row.kind, [row])
  return p
}

export interface TargetWeights {
  incident_half_life_days: number
  inactive_unit: number
  border_post: number
  airstrip: number
}

export interface TargetQuery {
  kinds: readonly TargetKind[]
  weights: TargetWeights
  /** Incidents from this instant (ISO); recency is measured to `asOf`. */
  since?: string
  asOf: string
  area: AreaScope
  region?: string
  county?: string
}

/** Targets within the caller's area (and the requested region or county), with their weights. */
export async function loadTargets(q: Queryable, t: TargetQuery): Promise<Places> {
  const out = emptyPlaces()
  const scoped = (collection: keyof typeof COLLECTIONS, extra: (p: ReturnType<typeof paramList>) => string) => {
    const p = paramList()
    const where = [whereSql(COLLECTIONS[collection], { equals: [] }, t.area, p)]
    if (t.region) where.push(`t.region_code = ${p.add(t.region)}`)
    if (t.county) where.push(`t.county_code = ${p.add(t.county)}`)
    where.push(extra(p))
    return { where: where.join(' AND '), p }
  }
  for (const kind of t.kinds) {
    if (kind === 'incidents') {
      // Weight: severity (1–5), more for deaths, halving every half-life of age, times the incidents the record counts.
      const { where, p } = scoped('incidents', (p) =>
        t.since ? `t.occurred_at >= ${p.add(t.since)}::timestamptz` : 'TRUE',
      )
      const asOf = p.add(t.asOf)
      const half = p.add(t.weights.incident_half_life_days)
      const r = await q.query<PlaceRow>(
        `SELECT ${POINT}, (t.weight * t.severity * (1 + ln(1 + t.fatalities))
                  * power(0.5, GREATEST(0, EXTRACT(EPOCH FROM (${asOf}::timestamptz - t.occurred_at)) / 86400.0) / ${half}::float8))::float8 AS w
         FROM incidents t WHERE ${where} ORDER BY t.id`,
        p.values,
      )
      addRows(out, 'incident', r.rows)
    } else {
      const spec = {
        inactive_units: {
          collection: 'admin_units',
          kind: 'admin_unit',
          cond: `t.status = 'inactive'`,
          w: t.weights.inactive_unit,
        },
        border_posts: { collection: 'border_posts', kind: 'border_post', cond: 'TRUE', w: t.weights.border_post },
        airstrips: { collection: 'airstrips', kind: 'airstrip', cond: `t.status <> 'closed'`, w: t.weights.airstrip },
      }[kind]
      const { where, p } = scoped(spec.collection as keyof typeof COLLECTIONS, () => spec.cond)
      const w = p.add(spec.w)
      const r = await q.query<PlaceRow>(
        `SELECT ${POINT}, ${w}::float8 AS w FROM ${COLLECTIONS[spec.collection as 'admin_units'].table} t WHERE ${where} ORDER BY t.id`,
        p.values,
      )
      addRows(out, spec.kind, r.rows)
    }
  }
  return out
}

export async function loadConfig(
  q: Queryable,
): Promise<{ config: AnalysisConfig; version: number; updated_at: string | null; updated_by: string | null }> {
  const r = await q.query<{ config: unknown; version: number; updated_at: string; updated_by: string }>(
    'SELECT config, version, updated_at, updated_by FROM analysis_config WHERE id = 1',
  )
  const row = r.rows[0]
  if (!row) return { config: DEFAULT_CONFIG, version: 0, updated_at: null, updated_by: null }
  return {
    config: AnalysisConfig.parse(row.config),
    version: Number(row.version),
    updated_at: row.updated_at,
    updated_by: row.updated_by,
  }
}

export async function saveConfig(
  q: Queryable,
  config: AnalysisConfig,
  actor: string,
  expectedVersion?: number,
): Promise<number | null> {
  // The defaults (version 0) live in code until the first edit stores a row.
  const r = await q.query<{ version: number }>(
    `INSERT INTO analysis_config (id, config, version, updated_by) VALUES (1, $1::jsonb, 1, $2)
     ON CONFLICT (id) DO UPDATE SET config = EXCLUDED.config, version = analysis_config.version + 1, updated_at = now(),
                                    updated_by = EXCLUDED.updated_by
       WHERE $3::int IS NULL OR analysis_config.version = $3::int
     RETURNING version`,
    [JSON.stringify(config), actor, expectedVersion ?? null],
  )
  return r.rows[0] ? Number(r.rows[0].version) : null
}

/** Distance (m) within which a road's dead end is reported as probably meant to join the road beside it. */
export const DEAD_END_NEAR_M = 500
/** Most located defects listed in an answer (the counts are always complete). */
const LIST = 200

export interface NetworkDefects {
  crossings: number
  junctions: number
  unjoined_crossings: { lon: number; lat: number; road_ids: number[] }[]
  dead_ends: number
  dead_ends_near: { lon: number; lat: number; road_id: number; near_road_id: number; gap_m: number }[]
  layers: { layer: string; roads: number; crossings: number; junctions: number; flagged: boolean }[]
}

/**
 * Topology defects the graph cannot see, measured in PostGIS: places where two roads cross with no shared vertex
 * (and no end within the snapping tolerance, which the graph would join), so no turn is possible there; and dead
 * ends within DEAD_END_NEAR_M of another road. Per layer (import batch, or the road's source when not imported):
 * where it meets other layers and where it merely crosses them; a layer that crosses the rest far more often than
 * it meets them was most likely imported without being noded to the network.
 */
export async function loadNetworkDefects(q: Queryable, snapM: number): Promise<NetworkDefects> {
  const layer = `COALESCE('import batch ' || import_batch_id, source)`
  const crossings = await q.query<{
    a: number
    b: number
    la: string
    lb: string
    joined: boolean
    x: number
    y: number
  }>(
    `WITH r AS (SELECT id, geom, ${layer} AS layer FROM roads WHERE ST_NPoints(geom) >= 2),
          pts AS (SELECT a.id AS a, b.id AS b, a.layer AS la, b.layer AS lb, a.geom AS ga, b.geom AS gb,
                         (ST_Dump(ST_Intersection(a.geom, b.geom))).geom AS p
                  FROM r a JOIN r b ON a.id < b.id AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom))
     SELECT a, b, la, lb, ST_X(p) AS x, ST_Y(p) AS y,
            ((ST_DWithin(p, ST_Points(ga), 1e-7) AND ST_DWithin(p, ST_Points(gb), 1e-7))
             OR ST_DWithin(p::geography, ST_StartPoint(ga)::geography, $1) OR ST_DWithin(p::geography, ST_EndPoint(ga)::geography, $1)
             OR ST_DWithin(p::geography, ST_StartPoint(gb)::geography, $1) OR ST_DWithin(p::geography, ST_EndPoint(gb)::geography, $1)) AS joined
     FROM pts WHERE GeometryType(p) = 'POINT' ORDER BY a, b`,
    [snapM],
  )
  const ends = await q.query<{ id: number; x: number; y: number; near: number; gap: number }>(
    `WITH r AS (SELECT id, geom FROM roads WHERE ST_NPoints(geom) >= 2),
          ends AS (SELECT id, ST_StartPoint(geom) AS p FROM r UNION ALL SELECT id, ST_EndPoint(geom) FROM r),
          dead AS (SELECT e.id, e.p FROM ends e
                   WHERE NOT EXISTS (SELECT 1 FROM r o WHERE o.id <> e.id AND o.geom && ST_Expand(e.p, $1 / 100000.0)
                                       AND ST_DWithin(o.geom::geography, e.p::geography, $1)))
     SELECT d.id, ST_X(d.p) AS x, ST_Y(d.p) AS y, n.id AS near, n.gap
     FROM dead d CROSS JOIN LATERAL (
       SELECT o.id, ST_Distance(o.geom::geography, d.p::geography) AS gap FROM r o
       WHERE o.id <> d.id AND o.geom && ST_Expand(d.p, $2 / 100000.0) ORDER BY 2 LIMIT 1) n
     WHERE n.gap <= $2 ORDER BY n.gap, d.id`,
    [snapM, DEAD_END_NEAR_M],
  )
  const roadsPerLayer = await q.query<{ layer: string; n: number }>(
    `SELECT ${layer} AS layer, count(*)::int AS n FROM roads GROUP BY 1 ORDER BY 1`,
  )
  const per = new Map(roadsPerLayer.rows.map((r) => [r.layer, { crossings: 0, junctions: 0, roads: Number(r.n) }]))
  let unjoined = 0
  const list: NetworkDefects['unjoined_crossings'] = []
  for (const c of crossings.rows) {
    if (!c.joined) {
      unjoined++
      if (list.length < LIST) list.push({ lon: c.x, lat: c.y, road_ids: [Number(c.a), Number(c.b)] })
    }
    if (c.la === c.lb) continue
    for (const l of [c.la, c.lb]) {
      const p = per.get(l)
      if (p) p[c.joined ? 'junctions' : 'crossings']++
    }
  }
  return {
    crossings: unjoined,
    junctions: crossings.rows.length - unjoined,
    unjoined_crossings: list,
    dead_ends: ends.rows.length,
    dead_ends_near: ends.rows.slice(0, LIST).map((e) => ({
      lon: e.x,
      lat: e.y,
      road_id: Number(e.id),
      near_road_id: Number(e.near),
      gap_m: Math.round(e.gap * 10) / 10,
    })),
    layers: [...per.entries()].map(([layer, p]) => ({
      layer,
      roads: p.roads,
      crossings: p.crossings,
      junctions: p.junctions,
      // Meets the rest at far fewer places than it crosses it: not noded to the network.
      flagged: p.crossings >= 10 && p.junctions * 4 < p.crossings,
    })),
  }
}
