import * as D from '../../../contract/domains.ts'
import type { User } from '../api/client.ts'
import type { CollectionId } from '../map/layers.ts'

// What the signed-in user may edit, so the UI offers only that (the server enforces the same rules).

const PLANNER_EDITS: CollectionId[] = ['roads', 'airstrips', 'border_posts', 'facilities']
const FIELD_EDITS: CollectionId[] = ['roads', 'airstrips', 'border_posts', 'admin_units', 'facilities']

export const STATUS_DOMAIN: Partial<Record<CollectionId, readonly string[]>> = {
  roads: D.ROAD_STATUSES,
  airstrips: D.AIRSTRIP_STATUSES,
  border_posts: D.BORDER_POST_STATUSES,
  admin_units: D.ADMIN_STATUSES,
  facilities: D.FACILITY_STATUSES,
  incidents: D.INCIDENT_STATUSES,
}

/** Editable fields of a collection for this user ([] = read only). */
export function editableFields(user: User, c: CollectionId): ('name' | 'status' | 'condition')[] {
  const withCondition = c !== 'incidents' && c !== 'regions' && c !== 'counties'
  const full: ('name' | 'status' | 'condition')[] = [
    'name',
    ...(STATUS_DOMAIN[c] ? ['status' as const] : []),
    ...(withCondition ? ['condition' as const] : []),
  ]
  if (user.role === 'admin') return c === 'regions' || c === 'counties' ? ['name'] : full
  if (user.role === 'planner') return PLANNER_EDITS.includes(c) ? full : []
  if (user.role === 'field_officer') return FIELD_EDITS.includes(c) ? full.filter((f) => f !== 'name') : []
  return []
}

/** Runs the coverage and prioritisation analyses (and sees their figures on dashboards). */
export const canAnalyse = (user: User) =>
  user.role === 'admin' || user.role === 'planner' || user.role === 'commissioner'

/** Edits the ministry's planning tables: the speed table, scorecard targets and M&E indicators. */
export const canEditPlanning = (user: User) => user.role === 'admin' || user.role === 'planner'
