import * as D from '../../../contract/domains.ts'
import { CONDITION_FIELDS, roleCan, roleWrites } from '../../../contract/rights.ts'
import type { User } from '../api/client.ts'
import type { CollectionId } from '../map/layers.ts'

// What the signed-in user may edit, so the UI offers only that; the rules are the server's (contract/rights.ts).

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
  const { actions, conditionOnly } = roleWrites(user.role, c)
  if (!actions.includes('update')) return []
  // Regions and counties are renamed, nothing else: only by a role with full writes on them.
  if (c === 'regions' || c === 'counties') return conditionOnly ? [] : ['name']
  return conditionOnly ? full.filter((f) => (CONDITION_FIELDS as readonly string[]).includes(f)) : full
}

/** Runs the coverage and prioritisation analyses (and sees their figures on dashboards). */
export const canAnalyse = (user: User) => roleCan(user.role, 'analysis')

/** Edits the ministry's planning tables: the speed table, scorecard targets and M&E indicators. */
export const canEditPlanning = (user: User) => roleCan(user.role, 'planning')
