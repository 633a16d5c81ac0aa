import type { CountyPlaces } from '../../../contract/reports.ts'
import { useResource } from './resource.ts'

// The citizen reports' resources read by GET. The report itself is sent through the outbox (web/src/reports/outbox.ts),
// which keeps it across a lost connection.

/** A county's gazetteer places for the report form (none while no county is chosen). */
export const useCountyPlaces = (county: string | null | undefined) =>
  useResource<CountyPlaces>(county ? `/api/reports/places?county=${encodeURIComponent(county)}` : null)
