import type { Collection } from '../assets/collections.ts'
import type { RegionCode, Role } from '../../contract/domains.ts'
import {
  CONDITION_FIELDS,
  roleCan,
  roleReadsLayers,
  roleWrites,
  type Capability,
  userArea,
  type WriteAction,
} from '../../contract/rights.ts'
import { forbidden } from '../errors.ts'
import type { AreaScope } from './scope.ts'

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

/** The principal's area, from its role's area and its lists (contract/rights.ts). */
export const areaOf = (p: Principal): AreaScope => userArea(p)

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
