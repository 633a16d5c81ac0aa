import { can, canRead, type Principal } from '../access/permissions.ts'
import { runCoverage } from '../analysis/engine.ts'
import { CoverageParams } from '../../contract/analysis-params.ts'
import type { AreaScope } from '../access/scope.ts'
import { COLLECTIONS, type Collection } from '../assets/collections.ts'
import { whereSql, type ItemFilter } from '../assets/query.ts'
import { summarise } from '../assets/summary.ts'
import { REGIONS } from '../../contract/domains.ts'
import { roleSeesSensitiveActions } from '../../contract/rights.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import type { ActionGroup, ActionItem, RegionDashboard } from '../../contract/monitoring.ts'
import type { Quarter } from './quarters.ts'
import { scorecards } from './scorecards.ts'
import { reportCounts } from '../reports/sla.ts'

// The regional dashboard in one response. Built from named sections so more can be added without touching the
// others (the coverage share is one): each section is computed by its own function
// below, and the route's schema lists the sections.

async function coverageSection(
  q: Queryable,
  who: Principal,
  area: AreaScope,
  code: string,
  publicOnly: boolean,
): Promise<RegionDashboard['coverage']> {
  if (publicOnly || !can(who, 'analysis')) return null
  const r = await runCoverage(q, CoverageParams.parse({ region: code }), area)
  const n = r.summary.national
  return {
    threshold_min: r.params.threshold_min,
    share: n.share,
    targets: n.targets,
    covered: n.covered,
    speeds_version: r.speeds_version,
    counties: r.summary.counties.map((c) => ({ code: c.code, share: c.share, targets: c.targets })),
  }
}

export const regionExists = (code: string) => REGIONS.some((r) => r.code === code)

/** Whether the caller's area touches the region at all. */
export async function regionInArea(q: Queryable, code: string, area: AreaScope): Promise<boolean> {
  if (area.kind === 'national') return true
  if (area.kind === 'regions') return area.regions.includes(code as never)
  const r = await q.query('SELECT 1 FROM counties WHERE region_code = $1 AND code = ANY($2::text[])', [
    code,
    area.counties,
  ])
  return r.rows.length > 0
}

const field = (c: Collection, name: string) => c.fields.find((f) => f.name === name)!

interface GroupSpec {
  kind: ActionGroup['kind']
  collection: ActionGroup['collection']
  /** Fixed SQL on alias t (no request input). */
  where: string
  reason: string
  metric: string
  sum?: string
  order: string
  sensitive?: boolean
}

// What "needs action", in the order the dashboard lists it. Orders put the worst first.
const GROUPS: GroupSpec[] = [
  {
    kind: 'security_roads_impassable',
    collection: 'roads',
    where: "t.is_security_road AND t.condition IN ('impassable','poor') AND t.status <> 'planned'",
    reason: 't.condition',
    metric: 'round(t.length_km::numeric, 1)',
    sum: 'round(sum(t.length_km)::numeric, 1)',
    order: "t.condition = 'impassable' DESC, t.length_km DESC, t.id",
  },
  {
    kind: 'border_posts_down',
    collection: 'border_posts',
    where: "t.status IN ('not_operational','partially_operational')",
    reason: 't.status',
    metric: 'NULL::numeric',
    order: "t.status = 'not_operational' DESC, t.name, t.id",
  },
  {
    kind: 'prisons_overcrowded',
    collection: 'facilities',
    sensitive: true,
    where: "t.kind = 'prison' AND t.status = 'operational' AND t.capacity > 0 AND t.occupancy > 1.5 * t.capacity",
    reason: "'overcrowded'",
    metric: 'round(100.0 * t.occupancy / t.capacity)',
    order: 't.occupancy::float8 / t.capacity DESC, t.id',
  },
  {
    kind: 'inactive_units',
    collection: 'admin_units',
    where: "t.gazetted AND t.status = 'inactive'",
    reason: 't.level',
    metric: 'NULL::numeric',
    order: "array_position(ARRAY['sub_county','division','location','sub_location'], t.level), t.name, t.id",
  },
  {
    kind: 'registration_manual',
    collection: 'facilities',
    where: "t.kind = 'registration_centre' AND t.status = 'operational' AND NOT coalesce(t.digitised, false)",
    reason: "'manual'",
    metric: 'coalesce(t.live_capture_units, 0)',
    order: 'coalesce(t.live_capture_units, 0), t.name, t.id',
  },
  {
    kind: 'incidents_open_serious',
    collection: 'incidents',
    sensitive: true,
    where: "t.status = 'open' AND t.severity >= 4 AND t.occurred_at >= now() - interval '90 days'",
    reason: "'severity'",
    metric: 't.severity',
    order: 't.severity DESC, t.occurred_at DESC, t.id',
  },
]

async function actionGroups(
  q: Queryable,
  who: Principal,
  area: AreaScope,
  region: string,
  limit: number,
): Promise<ActionGroup[]> {
  const out: ActionGroup[] = []
  for (const g of GROUPS) {
    const c = COLLECTIONS[g.collection]
    if (!canRead(who, c) || (g.sensitive && !roleSeesSensitiveActions(who.role))) continue
    const filter: ItemFilter = { equals: [{ field: field(c, 'region_code'), values: [region] }] }
    const p = paramList()
    const where = `${whereSql(c, filter, area, p)} AND ${g.where}`
    const total = await q.query<{ n: number; s: number | null }>(
      `SELECT count(*) AS n, ${g.sum ?? 'NULL::numeric'} AS s FROM ${c.table} t WHERE ${where}`,
      p.values,
    )
    const items = await q.query<ActionItem>(
      `SELECT t.id, t.name, t.county_code, ${g.reason} AS reason, ${g.metric} AS metric
       FROM ${c.table} t WHERE ${where} ORDER BY ${g.order} LIMIT ${p.add(limit)}`,
      p.values,
    )
    out.push({
      kind: g.kind,
      collection: g.collection,
      total: Number(total.rows[0]!.n),
      sum: total.rows[0]!.s === null ? null : Number(total.rows[0]!.s),
      items: items.rows.map((r) => ({
        ...r,
        collection: g.collection,
        id: Number(r.id),
        metric: r.metric === null ? null : Number(r.metric),
      })),
    })
  }
  return out
}

export async function regionDashboard(
  q: Queryable,
  who: Principal,
  area: AreaScope,
  code: string,
  x: Quarter,
  opts: { publicOnly: boolean; limit?: number },
): Promise<RegionDashboard> {
  const region = REGIONS.find((r) => r.code === code)!
  const counties = await q.query<{ code: string; name: string }>(
    'SELECT code, name FROM counties WHERE region_code = $1 ORDER BY code',
    [code],
  )
  const summary = await summarise(q, who, area, { region: code })
  const cards = await scorecards(q, { quarter: x, publicOnly: opts.publicOnly, area })
  const inRegion = cards.counties.filter((c) => c.region_code === code)

  let incidentsQuarter: RegionDashboard['incidentsQuarter'] = null
  if (!opts.publicOnly && canRead(who, COLLECTIONS.incidents)) {
    const byTheme = new Map<string, { n: number; previous: number }>()
    let total = 0
    let previous = 0
    const fromStatistics: string[] = []
    const dataSources = new Set<string>()
    for (const c of inRegion) {
      const inc = c.indicators.find((r) => r.id === 'incidents')
      if (inc?.source?.from === 'statistics') {
        fromStatistics.push(c.code)
        for (const d of inc.source.dataSources) dataSources.add(d)
      }
      for (const t of inc?.byTheme ?? []) {
        const b = byTheme.get(t.theme) ?? { n: 0, previous: 0 }
        byTheme.set(t.theme, { n: b.n + t.n, previous: b.previous + t.previous })
        total += t.n
        previous += t.previous
      }
    }
    incidentsQuarter = {
      total,
      previous,
      byTheme: [...byTheme].map(([theme, v]) => ({ theme, ...v })).sort((a, b) => b.n - a.n),
      fromStatistics,
      dataSources: [...dataSources].sort(),
    }
  }

  const redIndicators = inRegion
    .flatMap((c) =>
      c.indicators
        .filter((r) => r.status === 'red')
        .map((r) => ({
          county_code: c.code,
          county: c.name,
          indicator: r.id,
          value: r.value,
          targetValue: r.targetValue,
          attainment: r.attainment ?? 0,
        })),
    )
    .sort((a, b) => a.attainment - b.attainment || a.county_code.localeCompare(b.county_code))
    .map(({ attainment: _, ...r }) => r)

  return {
    region: { code: region.code, name: region.name, name_sw: region.name_sw, counties: counties.rows },
    quarter: x.id,
    period: { start: x.start, end: x.last },
    summary,
    incidentsQuarter,
    scorecards: inRegion.map((c) => ({
      code: c.code,
      name: c.name,
      rank: c.rank,
      score: c.score,
      lights: Object.fromEntries(c.indicators.map((r) => [r.id, r.status])),
    })),
    redIndicators,
    actions: await actionGroups(q, who, area, code, opts.limit ?? 5),
    coverage: await coverageSection(q, who, area, code, opts.publicOnly),
    citizenReports:
      opts.publicOnly || !(can(who, 'moderation') || can(who, 'analysis'))
        ? null
        : await reportCounts(q, area, code, x),
  }
}
