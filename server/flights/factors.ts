import { FACTOR_PARAMS, type Factor, type Flight } from '../../contract/flights.ts'
import { NATIONAL } from '../access/scope.ts'
import { dataVersion } from '../assets/versions.ts'
import type { Queryable } from '../db/index.ts'
import { giStar, trend, type Trend } from '../hotspots/gistar.ts'
import { hexCounts } from '../hotspots/grid.ts'

// The facts behind an assessment, per leg, each with its evidence (what it is, where, a link to it on the map).

const CONDITION_RANK: Record<string, number> = { good: 1, fair: 2, poor: 3, impassable: 4 }

/** Kenya's land borders (migration 021): the outline where a neighbour runs along it, never the coast. */
const LAND_BORDER = '(SELECT ST_Union(geom) FROM land_borders)'

export interface HotCell {
  geojson: string
  z: number
  bin: number
  count: number
  trend: Trend
}

/**
 * The hot cells of a database, kept while its incidents are unchanged, for the hour: every assessment needs them and
 * two country-wide Gi* runs cost seconds on the embedded database.
 */
const cache = new WeakMap<Queryable, { key: string; cells: Promise<HotCell[]> }>()

export async function hotCells(q: Queryable, now = new Date()): Promise<HotCell[]> {
  const version = await dataVersion(q, 'incidents')
  const key = `${version}:${Math.floor(now.getTime() / 3_600_000)}`
  const hit = cache.get(q)
  if (hit && hit.key === key) return hit.cells
  const cells = computeHotCells(q, now)
  cache.set(q, { key, cells })
  cells.catch(() => cache.delete(q))
  return cells
}

/** Gi* hot cells (bin ≥ hotBin) of the last hotDays with their trend against the period before. */
async function computeHotCells(q: Queryable, now: Date): Promise<HotCell[]> {
  const day = 86_400_000
  const filter = (from: number, to: number) => ({
    equals: [],
    datetime: { start: new Date(from).toISOString(), end: new Date(to).toISOString() },
  })
  const t = now.getTime()
  const span = FACTOR_PARAMS.hotDays * day
  const distance = 2 * Math.sqrt(3) * FACTOR_PARAMS.hotCellKm * 1000
  const cur = await hexCounts(q, FACTOR_PARAMS.hotCellKm, filter(t - span, t), NATIONAL)
  const prev = await hexCounts(q, FACTOR_PARAMS.hotCellKm, filter(t - 2 * span, t - span), NATIONAL)
  const stats = giStar(
    cur.cells.map((h) => ({ x: h.x, y: h.y, value: h.count })),
    distance,
  )
  // Cells line up by position when both grids cover the same study area; an incident outside it adds its own cell.
  const key = (x: number, y: number) => `${Math.round(x)},${Math.round(y)}`
  const prevStats = giStar(
    prev.cells.map((h) => ({ x: h.x, y: h.y, value: h.count })),
    distance,
  )
  const before = new Map(prev.cells.map((h, i) => [key(h.x, h.y), prevStats[i]!]))
  const out: HotCell[] = []
  cur.cells.forEach((h, i) => {
    const s = stats[i]!
    if (s.bin < FACTOR_PARAMS.hotBin) return
    const p = before.get(key(h.x, h.y)) ?? { z: 0, p: 1, bin: 0 }
    out.push({ geojson: h.geojson, z: s.z, bin: s.bin, count: h.count, trend: trend(p, s) })
  })
  return out
}

interface StripRow {
  id: number
  name: string
  status: string
  condition: string | null
  last_assessed: string | null
  lon: number
  lat: number
}

const mapLink = (collection: string, id: number | string) => `/#sel=${collection}/${id}`
const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] })
const days = (iso: string | null, now: Date) =>
  iso === null ? null : Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000)

/** The factors of one leg of `flight`, given the hot cells of the moment. */
export async function legFactors(
  q: Queryable,
  flight: Flight,
  leg: Flight['legs'][number],
  cells: HotCell[],
  now = new Date(),
): Promise<{ route: unknown; factors: Factor[] }> {
  const P = FACTOR_PARAMS
  const ends = [leg.from, leg.to]
  const stripIds = ends.map((e) => e.airstrip_id).filter((id): id is number => id !== null)
  const strips = (
    await q.query<StripRow>(
      `SELECT a.id, a.name, a.status, a.condition, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat,
              (SELECT max(observed_at) FROM assessments s WHERE s.collection = 'airstrips' AND s.asset_id = a.id)
                AS last_assessed
       FROM airstrips a WHERE a.id = ANY($1::bigint[])`,
      [stripIds],
    )
  ).rows
  const factors: Factor[] = []
  const stripEvidence = strips.map((s) => ({
    kind: 'airstrip',
    id: s.id,
    label: `${s.name}: ${s.status}, condition ${s.condition ?? 'unknown'}, last assessed ${s.last_assessed ? `${days(s.last_assessed, now)} days ago` : 'never'}`,
    facts: { name: s.name, status: s.status, condition: s.condition, age_days: days(s.last_assessed, now) },
    geometry: point(s.lon, s.lat),
    link: mapLink('airstrips', s.id),
  }))
  const unlisted = ends
    .filter((e) => e.airstrip_id === null)
    .map((e) => ({
      kind: 'site',
      id: null,
      label: `${e.name}: an unlisted landing site, never assessed`,
      facts: { name: e.name },
      geometry: point(e.lon, e.lat),
      link: null,
    }))
  const evidence = [...stripEvidence, ...unlisted]
  factors.push({
    code: 'airstrip_closed',
    value: strips.some((s) => s.status === 'closed') ? 1 : 0,
    label: 'An airstrip of the leg is marked closed',
    evidence: stripEvidence.filter((_, i) => strips[i]!.status === 'closed'),
  })
  factors.push({
    code: 'airstrip_restricted',
    value: strips.some((s) => s.status === 'restricted') ? 1 : 0,
    label: 'An airstrip of the leg is marked restricted',
    evidence: stripEvidence.filter((_, i) => strips[i]!.status === 'restricted'),
  })
  factors.push({
    code: 'airstrip_condition_rank',
    value: Math.max(0, ...strips.map((s) => CONDITION_RANK[s.condition ?? ''] ?? 0)),
    label: 'Worst airstrip condition (1 good, 2 fair, 3 poor, 4 impassable, 0 unknown)',
    evidence,
  })
  const ages = [...strips.map((s) => days(s.last_assessed, now) ?? 9999), ...unlisted.map(() => 9999)]
  factors.push({
    code: 'assessment_age_days',
    value: Math.max(0, ...ages),
    label: 'Days since the least recently assessed end of the leg was assessed (9999 = never)',
    evidence,
  })

  // Incidents near either end: all of the last incidentDays, and the serious ones of the last seriousDays.
  const incidents = (
    await q.query<{
      id: number
      name: string
      theme: string
      severity: number
      occurred_at: string
      lon: number
      lat: number
      km: number
    }>(
      `WITH ends AS (SELECT ST_SetSRID(ST_MakePoint(x, y), 4326) AS g FROM unnest($1::float8[], $2::float8[]) AS e(x, y))
       SELECT i.id, i.name, i.theme, i.severity, i.occurred_at, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
              (SELECT min(ST_Distance(i.geom::geography, e.g::geography)) FROM ends e) / 1000 AS km
       FROM incidents i
       WHERE i.occurred_at >= $3::timestamptz AND i.occurred_at <= $4::timestamptz
         AND EXISTS (SELECT 1 FROM ends e WHERE ST_DWithin(i.geom::geography, e.g::geography, $5))
       ORDER BY i.severity DESC, i.occurred_at DESC`,
      [
        ends.map((e) => e.lon),
        ends.map((e) => e.lat),
        new Date(now.getTime() - P.incidentDays * 86_400_000).toISOString(),
        now.toISOString(),
        P.incidentRadiusKm * 1000,
      ],
    )
  ).rows
  const incidentEvidence = (list: typeof incidents) =>
    list.map((i) => ({
      kind: 'incident',
      id: i.id,
      label: `${i.occurred_at.slice(0, 10)} ${i.theme.replace(/_/g, ' ')}, severity ${i.severity}, ${i.km.toFixed(1)} km: ${i.name}`,
      facts: { occurred_at: i.occurred_at, theme: i.theme, severity: i.severity, km: i.km, name: i.name },
      geometry: point(i.lon, i.lat),
      link: mapLink('incidents', i.id),
    }))
  const seriousSince = now.getTime() - P.seriousDays * 86_400_000
  const serious = incidents.filter((i) => i.severity >= P.seriousSeverity && Date.parse(i.occurred_at) >= seriousSince)
  const byTheme = Object.entries(
    incidents.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.theme]: (acc[i.theme] ?? 0) + 1 }), {}),
  )
    .map(([theme, n]) => `${theme.replace(/_/g, ' ')} ${n}`)
    .join(', ')
  factors.push({
    code: 'serious_incidents',
    value: serious.length,
    label: `Incidents of severity ${P.seriousSeverity}–5 within ${P.incidentRadiusKm} km of an end in the last ${P.seriousDays} days`,
    evidence: incidentEvidence(serious),
  })
  factors.push({
    code: 'incidents',
    value: incidents.length,
    label: `Incidents within ${P.incidentRadiusKm} km of an end in the last ${P.incidentDays} days${byTheme ? ` (${byTheme})` : ''}`,
    evidence: incidentEvidence(incidents.slice(0, 20)),
  })

  // The great-circle route (densified on the sphere), the hot cells near it and the distance to a land border.
  const route = (
    await q.query<{ route: string; near: number[]; border_km: number | null; border_point: string | null }>(
      `WITH r AS (SELECT ST_Segmentize(ST_MakeLine(ST_SetSRID(ST_MakePoint($1, $2), 4326),
                                                   ST_SetSRID(ST_MakePoint($3, $4), 4326))::geography, 10000)::geometry AS g),
            cells AS (SELECT n, ST_GeomFromGeoJSON(c) AS g FROM unnest($5::text[]) WITH ORDINALITY AS u(c, n)),
            b AS (SELECT ${LAND_BORDER} AS g)
       SELECT ST_AsGeoJSON(r.g, 5) AS route,
              COALESCE((SELECT array_agg(n::int ORDER BY n) FROM cells
                        WHERE ST_DWithin(cells.g::geography, r.g::geography, $6)), '{}') AS near,
              ST_Distance(r.g::geography, b.g::geography) / 1000 AS border_km,
              ST_AsGeoJSON(ST_ClosestPoint(b.g, r.g), 5) AS border_point
       FROM r, b`,
      [leg.from.lon, leg.from.lat, leg.to.lon, leg.to.lat, cells.map((c) => c.geojson), P.hotBufferKm * 1000],
    )
  ).rows[0]!
  const near = route.near.map((n) => cells[n - 1]!)
  factors.push({
    code: 'hot_cells',
    value: near.length,
    label: `Gi* hot spots (${P.hotBin === 2 ? '95' : '90'} % or more, last ${P.hotDays} days) within ${P.hotBufferKm} km of the route`,
    evidence: near.map((c) => ({
      kind: 'hot_cell',
      id: null,
      label: `Hot spot z = ${c.z.toFixed(2)}, ${c.count} incidents${c.trend ? `, ${c.trend}` : ''}`,
      facts: { z: c.z, count: c.count, trend: c.trend },
      geometry: JSON.parse(c.geojson) as unknown,
      link: null,
    })),
  })
  factors.push({
    code: 'border_distance_km',
    value: route.border_km === null ? 9999 : Math.round(route.border_km * 10) / 10,
    label: 'Distance from the route to the nearest international land border (km)',
    evidence: route.border_point
      ? [
          {
            kind: 'border',
            id: null,
            label: `Nearest border point, ${route.border_km?.toFixed(1)} km from the route`,
            facts: { km: route.border_km },
            geometry: JSON.parse(route.border_point) as unknown,
            link: null,
          },
        ]
      : [],
  })

  // Closures and restrictions of either airstrip overlapping the leg's planned times.
  const closures = (
    await q.query<{
      id: number
      airstrip_id: number
      kind: string
      starts_at: string
      ends_at: string
      reason: string
      name: string
      lon: number
      lat: number
    }>(
      `SELECT c.id, c.airstrip_id, c.kind, c.starts_at, c.ends_at, c.reason, a.name, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat
       FROM airstrip_closures c JOIN airstrips a ON a.id = c.airstrip_id
       WHERE c.airstrip_id = ANY($1::bigint[]) AND c.starts_at < $3::timestamptz AND c.ends_at > $2::timestamptz
       ORDER BY c.starts_at`,
      [stripIds, leg.departs_at, leg.arrives_at],
    )
  ).rows
  const closureEvidence = (kind: string) =>
    closures
      .filter((c) => c.kind === kind)
      .map((c) => ({
        kind: 'closure',
        id: c.id,
        label: `${c.name} ${c.kind} ${c.starts_at} – ${c.ends_at}: ${c.reason}`,
        facts: { name: c.name, kind: c.kind, starts_at: c.starts_at, ends_at: c.ends_at, reason: c.reason },
        geometry: point(c.lon, c.lat),
        link: mapLink('airstrips', c.airstrip_id),
      }))
  factors.push({
    code: 'closures',
    value: closures.filter((c) => c.kind === 'closure').length,
    label: 'Airstrip closures overlapping the planned times',
    evidence: closureEvidence('closure'),
  })
  factors.push({
    code: 'restrictions',
    value: closures.filter((c) => c.kind === 'restriction').length,
    label: 'Airstrip restrictions overlapping the planned times',
    evidence: closureEvidence('restriction'),
  })

  // Other cleared flights using the same strip within conflictMinutes of this leg's time there.
  const conflicts = (
    await q.query<{ id: number; aircraft_registration: string; seq: number; strip: number; at: string }>(
      `WITH mine AS (SELECT * FROM unnest($1::bigint[], $2::timestamptz[]) AS m(strip, at) WHERE strip IS NOT NULL),
            theirs AS (SELECT r.id, r.aircraft_registration, l.seq, l.from_airstrip AS strip, l.departs_at AS at
                       FROM flight_requests r JOIN flight_legs l ON l.request_id = r.id
                       WHERE r.id <> $3 AND r.status IN ('cleared','cleared_with_conditions')
                       UNION ALL
                       SELECT r.id, r.aircraft_registration, l.seq, l.to_airstrip, l.arrives_at
                       FROM flight_requests r JOIN flight_legs l ON l.request_id = r.id
                       WHERE r.id <> $3 AND r.status IN ('cleared','cleared_with_conditions'))
       SELECT DISTINCT t.id, t.aircraft_registration, t.seq, t.strip, t.at FROM theirs t JOIN mine m ON m.strip = t.strip
       WHERE abs(extract(epoch FROM t.at - m.at)) <= $4 * 60`,
      [[leg.from.airstrip_id, leg.to.airstrip_id], [leg.departs_at, leg.arrives_at], flight.id, P.conflictMinutes],
    )
  ).rows
  factors.push({
    code: 'conflicts',
    value: conflicts.length,
    label: `Other cleared flights at the same airstrip within ${P.conflictMinutes} minutes`,
    evidence: conflicts.map((c) => {
      const s = strips.find((x) => x.id === c.strip)
      return {
        kind: 'flight',
        id: c.id,
        label: `Flight ${c.id} (${c.aircraft_registration}) leg ${c.seq} at ${s?.name ?? c.strip}, ${c.at}`,
        facts: { id: c.id, registration: c.aircraft_registration, seq: c.seq, name: s?.name ?? null, at: c.at },
        geometry: s ? point(s.lon, s.lat) : null,
        link: `/flights/${c.id}`,
      }
    }),
  })
  factors.push({ code: 'legs', value: 1, label: 'A leg of a humanitarian flight', evidence: [] })
  return { route: JSON.parse(route.route) as unknown, factors }
}
