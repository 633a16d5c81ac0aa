import type { AreaScope } from '../access/scope.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import { whereSql } from '../assets/query.ts'
import { INCIDENT_THEMES } from '../../contract/domains.ts'
import type { Queryable } from '../db/index.ts'
import { paramList, type ParamList } from '../db/sql.ts'
import { asOfSql } from './asof.ts'
import {
  DEFINITIONS,
  PUBLIC_INDICATORS,
  SCORECARD_INDICATORS,
  attainment,
  light,
  type Light,
  type ScorecardIndicator,
} from '../../contract/scorecards.ts'
import { isComplete, previousQuarter, quartersEndingWith, type Quarter } from './quarters.ts'
import { loadTargets, targetFor, type Targets } from './targets.ts'

// County scorecards: every number computed in SQL from the register as it stood at the quarter's end (asof.ts), per
// county, for the quarter and the one before it (for the change); then targets, traffic lights and the ranking.

/** What the register held in one county at one quarter's end (and the incidents that occurred in the quarter). */
export interface Raw {
  units: { active: number; total: number; sample: number }
  roads: { rehabKm: number; networkKm: number; rehabSegments: number; segments: number; sample: number }
  posts: { operational: number; total: number; planned: number; sample: number }
  registration: { centres: number; digitised: number; lcu: number; sample: number }
  prisons: { prisons: number; capacity: number; occupancy: number; sample: number } | null
  incidents: IncidentFigures | null
}

/**
 * Incidents of a county in a quarter: from the point incidents, or, when the county has none in the quarter, from the
 * area statistics (counts per period imported from police or conflict-event files), naming their data sources.
 */
export interface IncidentFigures {
  total: number
  byTheme: Record<string, number>
  sample: number
  from: 'points' | 'statistics'
  dataSources: string[]
}

const emptyRaw = (sensitive: boolean): Raw => ({
  units: { active: 0, total: 0, sample: 0 },
  roads: { rehabKm: 0, networkKm: 0, rehabSegments: 0, segments: 0, sample: 0 },
  posts: { operational: 0, total: 0, planned: 0, sample: 0 },
  registration: { centres: 0, digitised: 0, lcu: 0, sample: 0 },
  prisons: sensitive ? { prisons: 0, capacity: 0, occupancy: 0, sample: 0 } : null,
  incidents: sensitive ? { total: 0, byTheme: {}, sample: 0, from: 'points', dataSources: [] } : null,
})

/** The area condition on as-of rows (alias s), for the sensitive figures: they are computed only where the caller may look. */
function areaSql(area: AreaScope, p: ParamList): string {
  if (area.kind === 'regions') return `s.region_code = ANY(${p.add(area.regions)}::text[])`
  if (area.kind === 'counties') return `s.county_code = ANY(${p.add(area.counties)}::text[])`
  return 'TRUE'
}

export interface RawOptions {
  /** Compute prison occupancy and incidents (internal version). */
  sensitive: boolean
  /** The caller's area: sensitive figures are computed only inside it. */
  area: AreaScope
  /** Only this county (trend series); default all 47. */
  county?: string
}

/** Per county, the register at the end of quarter `x`. */
export async function rawAt(q: Queryable, x: Quarter, opts: RawOptions): Promise<Map<string, Raw>> {
  const out = new Map<string, Raw>()
  const counties = await q.query<{ code: string }>(
    `SELECT code FROM counties ${opts.county ? 'WHERE code = $1' : ''} ORDER BY code`,
    opts.county ? [opts.county] : [],
  )
  for (const c of counties.rows) out.set(c.code, emptyRaw(opts.sensitive))
  const get = (code: string) => out.get(code)
  const only = (p: ParamList) => (opts.county ? `s.county_code = ${p.add(opts.county)}` : 'TRUE')

  {
    const p = paramList()
    const at = `${p.add(x.end)}::timestamptz`
    const r = await q.query<{ county: string; active: number; total: number; sample: number }>(
      `SELECT s.county_code AS county, count(*) FILTER (WHERE s.status = 'active') AS active, count(*) AS total,
              count(*) FILTER (WHERE s.source = 'sample') AS sample
       FROM (${asOfSql(COLLECTIONS.admin_units, ['status', 'gazetted', 'county_code', 'source'], p, at)}) s
       WHERE s.gazetted AND ${only(p)} GROUP BY 1`,
      p.values,
    )
    for (const row of r.rows) {
      const raw = get(row.county)
      if (raw) raw.units = { active: Number(row.active), total: Number(row.total), sample: Number(row.sample) }
    }
  }
  {
    const p = paramList()
    const at = `${p.add(x.end)}::timestamptz`
    const r = await q.query<{
      county: string
      rehab_km: number | null
      network_km: number | null
      rehab_n: number
      n: number
      sample: number
    }>(
      `SELECT s.county_code AS county,
              sum(s.length_km) FILTER (WHERE s.status = 'rehabilitated') AS rehab_km, sum(s.length_km) AS network_km,
              count(*) FILTER (WHERE s.status = 'rehabilitated') AS rehab_n, count(*) AS n,
              count(*) FILTER (WHERE s.source = 'sample') AS sample
       FROM (${asOfSql(COLLECTIONS.roads, ['status', 'is_security_road', 'length_km', 'county_code', 'source'], p, at)}) s
       WHERE s.is_security_road AND ${only(p)} GROUP BY 1`,
      p.values,
    )
    for (const row of r.rows) {
      const raw = get(row.county)
      if (raw)
        raw.roads = {
          rehabKm: Number(row.rehab_km ?? 0),
          networkKm: Number(row.network_km ?? 0),
          rehabSegments: Number(row.rehab_n),
          segments: Number(row.n),
          sample: Number(row.sample),
        }
    }
  }
  {
    const p = paramList()
    const at = `${p.add(x.end)}::timestamptz`
    const r = await q.query<{ county: string; operational: number; total: number; planned: number; sample: number }>(
      `SELECT s.county_code AS county, count(*) FILTER (WHERE s.status = 'operational') AS operational,
              count(*) FILTER (WHERE s.status <> 'planned') AS total, count(*) FILTER (WHERE s.status = 'planned') AS planned,
              count(*) FILTER (WHERE s.status <> 'planned' AND s.source = 'sample') AS sample
       FROM (${asOfSql(COLLECTIONS.border_posts, ['status', 'county_code', 'source'], p, at)}) s
       WHERE ${only(p)} GROUP BY 1`,
      p.values,
    )
    for (const row of r.rows) {
      const raw = get(row.county)
      if (raw)
        raw.posts = {
          operational: Number(row.operational),
          total: Number(row.total),
          planned: Number(row.planned),
          sample: Number(row.sample),
        }
    }
  }
  {
    const p = paramList()
    const at = `${p.add(x.end)}::timestamptz`
    const prisonsWhere = opts.sensitive ? areaSql(opts.area, p) : 'FALSE'
    const r = await q.query<{
      county: string
      centres: number
      digitised: number
      lcu: number | null
      rsample: number
      prisons: number
      capacity: number | null
      occupancy: number | null
      psample: number
    }>(
      `SELECT s.county_code AS county,
              count(*) FILTER (WHERE s.kind = 'registration_centre') AS centres,
              count(*) FILTER (WHERE s.kind = 'registration_centre' AND s.digitised) AS digitised,
              sum(s.live_capture_units) FILTER (WHERE s.kind = 'registration_centre') AS lcu,
              count(*) FILTER (WHERE s.kind = 'registration_centre' AND s.source = 'sample') AS rsample,
              count(*) FILTER (WHERE s.kind = 'prison') AS prisons,
              sum(s.capacity) FILTER (WHERE s.kind = 'prison') AS capacity,
              sum(s.occupancy) FILTER (WHERE s.kind = 'prison') AS occupancy,
              count(*) FILTER (WHERE s.kind = 'prison' AND s.source = 'sample') AS psample
       FROM (${asOfSql(COLLECTIONS.facilities, ['kind', 'status', 'digitised', 'live_capture_units', 'capacity', 'occupancy', 'county_code', 'region_code', 'source'], p, at)}) s
       WHERE s.status = 'operational' AND ${only(p)}
         AND (s.kind = 'registration_centre' OR (s.kind = 'prison' AND ${prisonsWhere}))
       GROUP BY 1`,
      p.values,
    )
    for (const row of r.rows) {
      const raw = get(row.county)
      if (!raw) continue
      raw.registration = {
        centres: Number(row.centres),
        digitised: Number(row.digitised),
        lcu: Number(row.lcu ?? 0),
        sample: Number(row.rsample),
      }
      if (raw.prisons)
        raw.prisons = {
          prisons: Number(row.prisons),
          capacity: Number(row.capacity ?? 0),
          occupancy: Number(row.occupancy ?? 0),
          sample: Number(row.psample),
        }
    }
  }
  if (opts.sensitive) {
    // Incidents are counted by when they occurred, with the items endpoint's own WHERE clause (scope included), so
    // each count equals numberMatched of /ogc/collections/incidents/items?county=…&datetime=<quarter>. An incident
    // reported late still counts in the quarter it occurred in.
    const inc = COLLECTIONS.incidents
    const p = paramList()
    const county = inc.fields.find((f) => f.name === 'county_code')!
    const where = whereSql(
      inc,
      {
        datetime: { start: x.start, end: x.last },
        equals: opts.county ? [{ field: county, values: [opts.county] }] : [],
      },
      opts.area,
      p,
    )
    const r = await q.query<{ county: string; theme: string; n: number; sample: number }>(
      `SELECT t.county_code AS county, t.theme, count(*) AS n, count(*) FILTER (WHERE t.source = 'sample') AS sample
       FROM ${inc.table} t WHERE ${where} GROUP BY 1, 2`,
      p.values,
    )
    for (const row of r.rows) {
      const i = get(row.county)?.incidents
      if (!i) continue
      i.byTheme[row.theme] = Number(row.n)
      i.total += Number(row.n)
      i.sample += Number(row.sample)
    }
    await statisticsWhereNoPoints(q, x, opts, out)
  }
  return out
}

const KIND_ORDER = ['quarter', 'month', 'week']

/**
 * Counties with no point incident in the quarter take their figures from the area statistics whose periods lie
 * wholly inside it (a week across the quarter's edge belongs to neither), scoped like the points. A county whose file
 * gives both months and weeks would count its events twice: the coarsest kind it has is taken alone.
 */
async function statisticsWhereNoPoints(q: Queryable, x: Quarter, opts: RawOptions, out: Map<string, Raw>) {
  const empty = [...out].filter(([, r]) => r.incidents && r.incidents.total === 0).map(([code]) => code)
  if (empty.length === 0) return
  const stats = COLLECTIONS.incident_stats
  const first = `${x.year}-${String((x.q - 1) * 3 + 1).padStart(2, '0')}-01`
  const last = new Date(Date.UTC(x.year, x.q * 3, 0)).toISOString().slice(0, 10)
  const p = paramList([empty, first, last, KIND_ORDER])
  const where = whereSql(stats, { equals: [] }, opts.area, p)
  const r = await q.query<{ county: string; theme: string; n: number; sample: number; sources: string[] }>(
    `WITH s AS (SELECT t.county_code AS county, array_position($4::text[], t.period_kind) AS rank, t.theme, t.events,
                       t.source, t.data_source
                FROM ${stats.table} t
                WHERE t.county_code = ANY($1::text[]) AND t.period_start >= $2 AND t.period_end <= $3 AND ${where}
                  -- County figures only: a sub-county file of the same county would count its events again.
                  AND t.area_level = 'county'
                  AND t.period_kind = ANY($4::text[])),
          pick AS (SELECT county, min(rank) AS rank FROM s GROUP BY county)
     SELECT s.county, s.theme, sum(s.events)::int AS n, coalesce(sum(s.events) FILTER (WHERE s.source = 'sample'), 0)::int AS sample,
            array_remove(array_agg(DISTINCT s.data_source), NULL) AS sources
     FROM s JOIN pick ON pick.county = s.county AND pick.rank = s.rank GROUP BY 1, 2`,
    p.values,
  )
  for (const row of r.rows) {
    const i = out.get(row.county)?.incidents
    if (!i) continue
    i.from = 'statistics'
    i.byTheme[row.theme] = Number(row.n)
    i.total += Number(row.n)
    i.sample += Number(row.sample)
    i.dataSources = [...new Set([...i.dataSources, ...row.sources])].sort()
  }
}

// ---------------------------------------------------------------------------------------------------------------

export interface IndicatorResult {
  id: ScorecardIndicator
  /** The headline number in the indicator's unit; null = not applicable in this county. */
  value: number | null
  previous: number | null
  change: number | null
  /** What is compared with target and amber (score unit). */
  score: number | null
  target: number
  amber: number
  /** The target expressed in the value's unit (e.g. km for security roads, a count for incidents). */
  targetValue: number | null
  status: Light
  attainment: number | null
  /** The counts behind the number. */
  detail: Record<string, number>
  /** Records the number is computed from, and how many of them are invented sample records. */
  records: number
  sampleRecords: number
  /** Incidents only: per theme, this quarter and the previous one. */
  byTheme?: { theme: string; n: number; previous: number }[]
  /**
   * Incidents only: where this quarter's figure comes from — the point incidents, or the area statistics (when the
   * county has no point incident in the quarter) with the data sources they name.
   */
  source?: { from: 'points' | 'statistics'; dataSources: string[] }
}

interface Measure {
  value: number
  score: number
  targetValue: (target: number) => number
  detail: Record<string, number>
  records: number
  sample: number
}

const pct = (a: number, b: number) => (100 * a) / b

/** The measure of one indicator from one county's raw figures; undefined when it does not apply there. */
function measure(id: ScorecardIndicator, raw: Raw, previous: Raw | undefined): Measure | undefined {
  switch (id) {
    case 'units_operational': {
      const u = raw.units
      if (u.total === 0) return undefined
      return {
        value: pct(u.active, u.total),
        score: pct(u.active, u.total),
        targetValue: (t) => t,
        detail: { active: u.active, gazetted: u.total },
        records: u.total,
        sample: u.sample,
      }
    }
    case 'security_roads_rehabilitated': {
      const r = raw.roads
      if (r.networkKm <= 0) return undefined
      return {
        value: r.rehabKm,
        score: pct(r.rehabKm, r.networkKm),
        targetValue: (t) => (t / 100) * r.networkKm,
        detail: {
          rehabilitatedKm: r.rehabKm,
          networkKm: r.networkKm,
          rehabilitatedSegments: r.rehabSegments,
          segments: r.segments,
        },
        records: r.segments,
        sample: r.sample,
      }
    }
    case 'border_posts_operational': {
      const b = raw.posts
      if (b.total === 0) return undefined
      return {
        value: pct(b.operational, b.total),
        score: pct(b.operational, b.total),
        targetValue: (t) => t,
        detail: { operational: b.operational, posts: b.total, planned: b.planned },
        records: b.total,
        sample: b.sample,
      }
    }
    case 'registration_digitised': {
      const g = raw.registration
      if (g.centres === 0) return undefined
      return {
        value: pct(g.digitised, g.centres),
        score: pct(g.digitised, g.centres),
        targetValue: (t) => t,
        detail: { digitised: g.digitised, centres: g.centres },
        records: g.centres,
        sample: g.sample,
      }
    }
    case 'live_capture_units': {
      const g = raw.registration
      if (g.centres === 0) return undefined
      return {
        value: g.lcu / g.centres,
        score: g.lcu / g.centres,
        targetValue: (t) => t,
        detail: { liveCaptureUnits: g.lcu, centres: g.centres },
        records: g.centres,
        sample: g.sample,
      }
    }
    case 'prison_occupancy': {
      const p = raw.prisons
      if (!p || p.capacity <= 0) return undefined
      return {
        value: pct(p.occupancy, p.capacity),
        score: pct(p.occupancy, p.capacity),
        targetValue: (t) => t,
        detail: { inmates: p.occupancy, capacity: p.capacity, prisons: p.prisons },
        records: p.prisons,
        sample: p.sample,
      }
    }
    case 'incidents': {
      const i = raw.incidents
      if (!i) return undefined
      const before = previous?.incidents?.total ?? 0
      // % change against the previous quarter; from zero, any incident is a +100 % rise and none is no change.
      const change = before > 0 ? pct(i.total - before, before) : i.total > 0 ? 100 : 0
      return {
        value: i.total,
        score: change,
        targetValue: (t) => Math.floor(before * (1 + t / 100)),
        detail: { incidents: i.total, previousQuarter: before },
        records: i.total,
        sample: i.sample,
      }
    }
  }
}

export interface CountyScorecard {
  code: string
  name: string
  region_code: string
  /** Position among the 47 counties (1 = best), from the public indicators; ties share a rank. */
  rank: number
  /** Mean attainment of the applicable public indicators, 0–100. */
  score: number
  indicators: IndicatorResult[]
}

export interface Scorecards {
  quarter: string
  previousQuarter: string
  period: { start: string; end: string }
  /** False while the quarter is still running: its figures are the register as it is now. */
  complete: boolean
  public: boolean
  generatedAt: string
  indicators: ScorecardIndicator[]
  rankedOn: ScorecardIndicator[]
  /** How many counties are ranked (all 47). */
  rankOf: number
  counties: CountyScorecard[]
  /** Of all records behind the figures shown, how many are invented sample records. */
  sample: { records: number; sampleRecords: number }
}

const round = (n: number | null, digits = 2) => (n === null ? null : Number(n.toFixed(digits)))

function indicatorResult(
  id: ScorecardIndicator,
  now: Raw,
  before: Raw,
  beforeThat: Raw | undefined,
  targets: Targets,
  county: string,
): IndicatorResult {
  const def = DEFINITIONS[id]
  const { target, amber } = targetFor(targets, id, county)
  const m = measure(id, now, before)
  const prev = measure(id, before, beforeThat)
  const score = m ? m.score : null
  const result: IndicatorResult = {
    id,
    value: round(m?.value ?? null),
    previous: round(prev?.value ?? null),
    change: m && prev ? round(m.value - prev.value) : null,
    score: round(score),
    target,
    amber,
    targetValue: m ? round(m.targetValue(target)) : null,
    status: light(def.direction, score, target, amber),
    attainment: round(attainment(def.direction, score, target), 4),
    detail: Object.fromEntries(Object.entries(m?.detail ?? {}).map(([k, v]) => [k, round(v)!])),
    records: m?.records ?? 0,
    sampleRecords: m?.sample ?? 0,
  }
  if (id === 'incidents' && now.incidents) {
    const themes = INCIDENT_THEMES.filter(
      (t) => (now.incidents!.byTheme[t] ?? 0) + (before.incidents?.byTheme[t] ?? 0) > 0,
    )
    result.byTheme = themes.map((theme) => ({
      theme,
      n: now.incidents!.byTheme[theme] ?? 0,
      previous: before.incidents?.byTheme[theme] ?? 0,
    }))
    result.source = { from: now.incidents.from, dataSources: now.incidents.dataSources }
  }
  return result
}

/** Competition ranking ("1, 2, 2, 4") by score, highest first; equal scores (to 0.1) share a rank. */
function rankCounties(cards: CountyScorecard[]) {
  const sorted = [...cards].sort((a, b) => b.score - a.score || a.code.localeCompare(b.code))
  sorted.forEach((c, i) => {
    const prev = sorted[i - 1]
    c.rank = prev && prev.score === c.score ? prev.rank : i + 1
  })
}

export interface ScorecardOptions {
  quarter: Quarter
  /** Public version: sensitive indicators left out. */
  publicOnly: boolean
  /** The caller's area: counties outside it are not returned (their rank among the 47 still counts them). */
  area: AreaScope
  /** One county only. */
  county?: string
  now?: Date
}

/** Scorecards for every county the caller may see, for a quarter, with ranks among all 47. */
export async function scorecards(q: Queryable, opts: ScorecardOptions): Promise<Scorecards> {
  const x = opts.quarter
  const prev = previousQuarter(x)
  const sensitive = !opts.publicOnly
  const rawOpts: RawOptions = { sensitive, area: opts.area }
  // The quarter, the one before (for the change) and, for incidents, the one before that (the previous quarter's own trend).
  const [now, before, beforeThat] = await Promise.all([
    rawAt(q, x, rawOpts),
    rawAt(q, prev, rawOpts),
    sensitive ? rawAt(q, previousQuarter(prev), { ...rawOpts, sensitive: true }) : undefined,
  ])
  const targets = await loadTargets(q)
  const names = await q.query<{ code: string; name: string; region_code: string }>(
    'SELECT code, name, region_code FROM counties ORDER BY code',
  )
  const indicators = opts.publicOnly ? [...PUBLIC_INDICATORS] : [...SCORECARD_INDICATORS]

  const cards: CountyScorecard[] = names.rows.map((c) => {
    const results = SCORECARD_INDICATORS.map((id) =>
      indicatorResult(id, now.get(c.code)!, before.get(c.code)!, beforeThat?.get(c.code), targets, c.code),
    )
    const ranked = results.filter((r) => PUBLIC_INDICATORS.includes(r.id) && r.attainment !== null)
    const score = ranked.length ? (100 * ranked.reduce((s, r) => s + r.attainment!, 0)) / ranked.length : 0
    return {
      code: c.code,
      name: c.name,
      region_code: c.region_code,
      rank: 0,
      score: Number(score.toFixed(1)),
      indicators: results.filter((r) => indicators.includes(r.id)),
    }
  })
  rankCounties(cards)

  const visible = await visibleCounties(q, opts.area)
  const shown = cards.filter((c) => visible.has(c.code) && (!opts.county || c.code === opts.county))
  const records = shown.flatMap((c) => c.indicators).reduce((s, r) => s + r.records, 0)
  const sampleRecords = shown.flatMap((c) => c.indicators).reduce((s, r) => s + r.sampleRecords, 0)
  return {
    quarter: x.id,
    previousQuarter: prev.id,
    period: { start: x.start, end: x.last },
    complete: isComplete(x, opts.now),
    public: opts.publicOnly,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    indicators,
    rankedOn: [...PUBLIC_INDICATORS],
    rankOf: cards.length,
    counties: shown,
    sample: { records, sampleRecords },
  }
}

/** The counties inside the caller's area. */
export async function visibleCounties(q: Queryable, area: AreaScope): Promise<Set<string>> {
  if (area.kind === 'counties') return new Set(area.counties)
  const r =
    area.kind === 'regions'
      ? await q.query<{ code: string }>('SELECT code FROM counties WHERE region_code = ANY($1::text[])', [area.regions])
      : await q.query<{ code: string }>('SELECT code FROM counties')
  return new Set(r.rows.map((row) => row.code))
}

/** One county's values over the last n quarters (oldest first), for the trend sparklines. */
export async function trendSeries(
  q: Queryable,
  county: string,
  last: Quarter,
  n: number,
  opts: { publicOnly: boolean; area: AreaScope },
) {
  const quarters = quartersEndingWith(last, n + 1)
  const raws: Raw[] = []
  for (const x of quarters)
    raws.push((await rawAt(q, x, { sensitive: !opts.publicOnly, area: opts.area, county })).get(county)!)
  const ids = opts.publicOnly ? PUBLIC_INDICATORS : SCORECARD_INDICATORS
  return {
    quarters: quarters.slice(1).map((x) => x.id),
    values: Object.fromEntries(
      ids.map((id) => [id, raws.slice(1).map((raw, i) => round(measure(id, raw, raws[i])?.value ?? null))]),
    ) as Partial<Record<ScorecardIndicator, (number | null)[]>>,
  }
}
