import type { Collection } from '../assets/collections.ts'
import type { RegionCode, Role } from '../../contract/domains.ts'
import {
  CONDITION_FIELDS,
  roleCan,
  roleReadsLayers,
  roleWrites,
  type Capability,
  type WriteAction,
} from '../../contract/rights.ts'
import { forbidden } from '../errors.ts'
import { NATIONAL, type AreaScope } from './scope.ts'

// Who may do what: every route consults these, and they read the one table in contract/rights.ts. Area limits (region/county) are applied in SQL via areaOf().

export interface Principal {
  username: string
  role: Role
  regions: RegionCode[]
  counties: string[]
  /** An operator's organisation: the only flight requests it sees and edits. */
  organisation: string | null
  /** The agency the account concurs for on flight clearances, if any. */
  agency: string | null
  /** A read-only API token: no writes whatever the role allows. */
  readOnly: boolean
  via: 'session' | 'token'
  /** The session's CSRF token, when authenticated by cookie. */
  csrf?: string
}

export function canRead(p: Principal, c: Collection): boolean {
  return roleReadsLayers(p.role) && (!c.sensitive || roleCan(p.role, 'sensitive'))
}

/** The write actions a principal may take on a collection, and whether they are limited to condition fields. */
export function writeRights(p: Principal, c: Collection): { actions: WriteAction[]; conditionOnly: boolean } {
  return p.readOnly ? { actions: [], conditionOnly: false } : roleWrites(p.role, c.id)
}

export const can = (p: Principal, capability: Capability): boolean => roleCan(p.role, capability)

export function areaOf(p: Principal): AreaScope {
  switch (p.role) {
    case 'commissioner':
      return { kind: 'regions', regions: p.regions }
    case 'field_officer':
      return { kind: 'counties', counties: p.counties }
    case 'moderator':
      // Bound to counties or to regions, never both (users_moderator_area).
      return p.counties.length ? { kind: 'counties', counties: p.counties } : { kind: 'regions', regions: p.regions }
    // An operator reads no layer at all (refused before any area applies: server/app.ts, canRead); an empty county
    // list is the scope that would still match nothing if a route forgot to refuse.
    case 'operator':
      return { kind: 'counties', counties: [] }
    case 'admin':
    case 'planner':
    case 'viewer':
    case 'flight_officer':
      return NATIONAL
    default:
      return unknownRole(p.role)
  }
}

function unknownRole(role: never): never {
  throw new Error(`unknown role ${String(role)}`)
}

export function assertRead(p: Principal, c: Collection) {
  if (!canRead(p, c)) throw forbidden(`The ${p.role} role cannot read ${c.id}.`)
}

export function assertWrite(p: Principal, c: Collection, action: WriteAction, fields: string[] = []) {
  const rights = writeRights(p, c)
  if (!rights.actions.includes(action)) {
    throw forbidden(p.readOnly ? 'This API token is read-only.' : `The ${p.role} role cannot ${action} ${c.id}.`)
  }
  if (rights.conditionOnly) {
    const other = fields.filter((f) => !(CONDITION_FIELDS as readonly string[]).includes(f))
    if (other.length)
      throw forbidden(`The ${p.role} role may change only ${CONDITION_FIELDS.join(' and ')}, not ${other.join(', ')}.`)
  }
}

export function assertCan(p: Principal, capability: Capability) {
  if (!can(p, capability)) throw forbidden(`The ${p.role} role has no access to ${capability}.`)
}
