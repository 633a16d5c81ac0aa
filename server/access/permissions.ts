import type { Collection } from '../assets/collections.ts'
import type { CollectionId, RegionCode, Role } from '../../contract/domains.ts'
import { forbidden } from '../errors.ts'
import { NATIONAL, type AreaScope } from './scope.ts'

// Who may do what: the one table every route consults. Area limits (region/county) are applied in SQL via areaOf().

export interface Principal {
  username: string
  role: Role
  regions: RegionCode[]
  counties: string[]
  /** A read-only API token: no writes whatever the role allows. */
  readOnly: boolean
  via: 'session' | 'token'
  /** The session's CSRF token, when authenticated by cookie. */
  csrf?: string
}

export type WriteAction = 'create' | 'replace' | 'update' | 'delete'
export type Capability = 'analysis' | 'audit' | 'users'

/** Fields a field officer may change: the condition/status of assets in their counties. */
export const CONDITION_FIELDS = ['condition', 'status'] as const

const ALL_WRITES: WriteAction[] = ['create', 'replace', 'update', 'delete']
const PLANNER_EDITS: CollectionId[] = ['roads', 'airstrips', 'border_posts', 'facilities']
const FIELD_EDITS: CollectionId[] = ['roads', 'airstrips', 'border_posts', 'admin_units', 'facilities']

export function canRead(p: Principal, c: Collection): boolean {
  if (!c.sensitive) return true
  return p.role === 'admin' || p.role === 'planner' || p.role === 'commissioner'
}

/** The write actions a principal may take on a collection, and whether they are limited to condition fields. */
export function writeRights(p: Principal, c: Collection): { actions: WriteAction[]; conditionOnly: boolean } {
  if (p.readOnly) return { actions: [], conditionOnly: false }
  switch (p.role) {
    case 'admin':
      return { actions: ALL_WRITES, conditionOnly: false }
    case 'planner':
      return { actions: PLANNER_EDITS.includes(c.id) ? ALL_WRITES : [], conditionOnly: false }
    case 'field_officer':
      return { actions: FIELD_EDITS.includes(c.id) ? ['update'] : [], conditionOnly: true }
    default:
      return { actions: [], conditionOnly: false }
  }
}

export function can(p: Principal, capability: Capability): boolean {
  switch (capability) {
    case 'analysis':
      return p.role === 'admin' || p.role === 'planner' || p.role === 'commissioner'
    case 'audit':
    case 'users':
      return p.role === 'admin'
  }
}

export function areaOf(p: Principal): AreaScope {
  if (p.role === 'commissioner') return { kind: 'regions', regions: p.regions }
  if (p.role === 'field_officer') return { kind: 'counties', counties: p.counties }
  return NATIONAL
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
