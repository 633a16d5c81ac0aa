import type { FeatureCollection } from './client.ts'
import { useResource } from './resource.ts'

// The analysis resources read by GET (hot spots); the POSTed analyses go through web/src/analysis/client.ts.

/** Hot spot cells for a query string (cell_km, region, from, to, theme, trend); null: none asked for. */
export const useHotspots = (query: URLSearchParams | null) =>
  useResource<FeatureCollection>(query === null ? null : `/api/analysis/hotspots?${query}`)
