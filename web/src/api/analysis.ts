import type { AnalysisConfig, StoredSpeeds } from '../../../contract/analysis-speeds.ts'
import type { AreaStatsAnswer, AreaTrendsAnswer } from '../../../contract/area-stats.ts'
import { api, type FeatureCollection } from './client.ts'
import { invalidate, useKeptResource, useResource } from './resource.ts'

// The analysis resources read by GET (hot spots, incident statistics per area, the speed tables); the POSTed analyses go through
// web/src/analysis/client.ts.

const SPEEDS = '/api/analysis/speeds'

/** The speed and cost tables in force, with their version. */
export const useSpeeds = () => useResource<StoredSpeeds>(SPEEDS)

/** Saves the tables over the version that was read (412 when someone saved since); the cache reads them again. */
export async function saveSpeeds(config: AnalysisConfig, version: number): Promise<StoredSpeeds> {
  const saved = await api<StoredSpeeds>(SPEEDS, {
    method: 'PUT',
    json: config,
    headers: { 'If-Match': `"${version}"` },
  })
  invalidate(SPEEDS)
  return saved
}

/** Hot spot cells for a query string (cell_km, region, from, to, theme, trend); null: none asked for. */
export const useHotspots = (query: URLSearchParams | null) =>
  useKeptResource<FeatureCollection>(query === null ? null : `/api/analysis/hotspots?${query}`)

/** Incident statistics per county and period for a query (granularity, period_kind, theme, region, county). */
export const useAreaStats = (query: URLSearchParams | null) =>
  useKeptResource<AreaStatsAnswer>(query === null ? null : `/api/incident-stats/areas?${query}`)

/** Trends of incident statistics per area (level, period_kind, theme, region, counties); null: none asked for. */
export const useAreaTrends = (query: URLSearchParams | null) =>
  useKeptResource<AreaTrendsAnswer>(query === null ? null : `/api/analysis/area-trends?${query}`)
