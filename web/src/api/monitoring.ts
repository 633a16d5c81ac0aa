import type { Indicator, IndicatorWithHistory } from '../../../contract/indicators.ts'
import type { RegionDashboard } from '../../../contract/monitoring.ts'
import type { CountyScorecard, ScorecardIndicator, ScorecardTarget, Scorecards } from '../../../contract/scorecards.ts'
import { api } from './client.ts'
import { invalidate, useKeptResource, useResource } from './resource.ts'

// The monitoring resources (scorecards, their targets, the M&E indicators, the regional dashboard): one hook per
// resource on the shared cache, and the writes that invalidate what they changed. Types are the server's schemas.

const SCORECARDS = '/api/scorecards'
const TARGETS = '/api/scorecard-targets'
const INDICATORS = '/api/indicators'
const REGIONS = '/api/regions/'

const search = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined))
  return q.size ? `?${q}` : ''
}
const scorecardQuery = (quarter: string | undefined, publicOnly: boolean) =>
  search({ quarter, public: publicOnly ? 'true' : undefined })

/** Every county of the user's area for a quarter (the public version when asked). */
export const useScorecards = (quarter: string | undefined, publicOnly: boolean) =>
  useKeptResource<Scorecards>(`${SCORECARDS}${scorecardQuery(quarter, publicOnly)}`)

/** One county's card with its trend (null: no county open). */
export const useCountyScorecard = (county: string | undefined, quarter: string | undefined, publicOnly: boolean) =>
  useResource<CountyScorecard>(county ? `${SCORECARDS}/${county}${scorecardQuery(quarter, publicOnly)}` : null)

export const useScorecardTargets = () => useResource<{ targets: ScorecardTarget[] }>(TARGETS)

/** Saves a default target; the scorecards' lights depend on it, so they are read again too. */
export async function saveScorecardTarget(
  indicator: ScorecardIndicator,
  body: { county: string | null; target: number; amber: number; note: string },
) {
  const saved = await api<ScorecardTarget>(`${TARGETS}/${indicator}`, { method: 'PUT', json: body })
  invalidate(TARGETS)
  invalidate(SCORECARDS)
  return saved
}

export const useIndicators = () => useResource<{ indicators: Indicator[] }>(INDICATORS)

export const useIndicator = (id: string | null) =>
  useResource<IndicatorWithHistory>(id === null ? null : `${INDICATORS}/${encodeURIComponent(id)}`)

/** Changes an indicator record (guarded by its version); the list and the record are read again. */
export async function updateIndicator(
  id: string,
  patch: { target: number; target_text: string | null; remarks: string | null; source: string; version: number },
) {
  const saved = await api<Indicator>(`${INDICATORS}/${encodeURIComponent(id)}`, { method: 'PATCH', json: patch })
  invalidate(INDICATORS)
  return saved
}

/** Records a period's value of an indicator; the list and the record are read again. */
export async function putIndicatorValue(
  id: string,
  period: string,
  body: { value: number; qualifier: string; value_text: string | null; source_note: string },
) {
  await api(`${INDICATORS}/${encodeURIComponent(id)}/values/${encodeURIComponent(period)}`, {
    method: 'PUT',
    json: body,
  })
  invalidate(INDICATORS)
}

/** A region's dashboard for a quarter; `limit` lists that many items per "needs action" kind (null: none open). */
export const useRegionDashboard = (region: string | undefined, quarter: string | undefined, limit?: number) =>
  useResource<RegionDashboard>(
    region
      ? `${REGIONS}${region}/summary${search({ quarter, limit: limit === undefined ? undefined : String(limit) })}`
      : null,
  )
