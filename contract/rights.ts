import type { CollectionId, Role } from './domains.ts'

// Who may do what, by role: the one table the server enforces and the web app reads to offer only what is allowed.
// Area limits (a commissioner's regions, a field officer's counties) are applied on top, in SQL.

export type WriteAction = 'create' | 'replace' | 'update' | 'delete'

/**
 * analysis: run coverage, priorities, corridors and hot spots, and see their figures on dashboards;
 * planning: edit the ministry's planning tables (speed table, scorecard targets, M&E indicators);
 * sensitive: read sensitive collections (incidents); audit, users: administration;
 * moderation: triage citizen reports of the caller's area (verify, merge, reject, escalate) and see their reporters' phones.
 */
export type Capability = 'analysis' | 'planning' | 'sensitive' | 'audit' | 'users' | 'moderation'

/** Fields a condition-only editor (field officer) may change. */
export const CONDITION_FIELDS = ['condition', 'status'] as const

export interface RoleRights {
  capabilities: readonly Capability[]
  /** Collections the role writes, and how: every action, or only updates of CONDITION_FIELDS. */
  writes: { collections: readonly CollectionId[] | 'all'; mode: 'full' | 'condition' } | null
  /**
   * Reads the map at all: layers (items, tiles, exports, history), search, places, summaries, dashboards. Without it
   * a role reaches only its account, its tokens and its flight requests (server/app.ts refuses everything else).
   */
  layers: boolean
  /** Humanitarian flight clearance: 'review' every request and decide; 'own' its organisation's requests; none. */
  flights: 'review' | 'own' | null
}

const ALL_WRITES: readonly WriteAction[] = ['create', 'replace', 'update', 'delete']

export const RIGHTS: Record<Role, RoleRights> = {
  admin: {
    capabilities: ['analysis', 'planning', 'sensitive', 'audit', 'users', 'moderation'],
    writes: { collections: 'all', mode: 'full' },
    layers: true,
    flights: 'review',
  },
  planner: {
    capabilities: ['analysis', 'planning', 'sensitive'],
    writes: { collections: ['roads', 'airstrips', 'border_posts', 'facilities'], mode: 'full' },
    layers: true,
    flights: null,
  },
  commissioner: { capabilities: ['analysis', 'sensitive'], writes: null, layers: true, flights: null },
  field_officer: {
    capabilities: [],
    writes: { collections: ['roads', 'airstrips', 'border_posts', 'admin_units', 'facilities'], mode: 'condition' },
    layers: true,
    flights: null,
  },
  viewer: { capabilities: [], writes: null, layers: true, flights: null },
  moderator: { capabilities: ['sensitive', 'moderation'], writes: null, layers: true, flights: null },
  // An aircraft operator: its organisation's flight requests, and nothing of the security map.
  operator: { capabilities: [], writes: null, layers: false, flights: 'own' },
  // The reviewing officer reads the map with incidents (the evidence of an assessment) but edits no layer.
  flight_officer: { capabilities: ['sensitive'], writes: null, layers: true, flights: 'review' },
}

export const roleReadsLayers = (role: Role): boolean => RIGHTS[role].layers

export const roleCan = (role: Role, capability: Capability): boolean => RIGHTS[role].capabilities.includes(capability)

/** The write actions a role has on a collection, and whether they are limited to CONDITION_FIELDS. */
export function roleWrites(role: Role, collection: CollectionId): { actions: WriteAction[]; conditionOnly: boolean } {
  const w = RIGHTS[role].writes
  if (!w || (w.collections !== 'all' && !w.collections.includes(collection)))
    return { actions: [], conditionOnly: false }
  return w.mode === 'full'
    ? { actions: [...ALL_WRITES], conditionOnly: false }
    : { actions: ['update'], conditionOnly: true }
}
