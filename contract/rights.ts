import type { CollectionId, RegionCode, Role } from './domains.ts'

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
  /**
   * The part of the country the account is bound to: all of it; its `regions`; its `counties`; either regions or
   * counties (one list, never both); or no area at all (a role that reads no layer).
   */
  area: 'national' | 'regions' | 'counties' | 'regions_or_counties' | 'none'
  /**
   * Sees only what may be shown to the public: no sensitive indicators on scorecards and no sensitive "needs action"
   * lists on dashboards, even from collections it may read.
   */
  public: boolean
  /** Where the app opens: the map (fitted to the area), or the dashboard of the account's first region. */
  start: 'map' | 'dashboard'
  /** Keeps an offline package of its area (tiles and layers) for work without a connection. */
  offline: boolean
  /** Of the layers whose default depends on the role (ROLE_LAYERS), those shown at first sign-in. */
  defaultLayers: readonly RoleLayer[]
}

/**
 * Layers on or off at first sign-in by role rather than by the layer's own default: the 5,000 incident points only for
 * the roles that analyse them, administrative units for the field officers who assess them, community structures for
 * the moderators who triage their reports.
 */
export const ROLE_LAYERS = ['incidents', 'admin_units', 'community_structures'] as const
export type RoleLayer = (typeof ROLE_LAYERS)[number]

const ALL_WRITES: readonly WriteAction[] = ['create', 'replace', 'update', 'delete']

export const RIGHTS: Record<Role, RoleRights> = {
  admin: {
    capabilities: ['analysis', 'planning', 'sensitive', 'audit', 'users', 'moderation'],
    writes: { collections: 'all', mode: 'full' },
    layers: true,
    flights: 'review',
    area: 'national',
    public: false,
    start: 'map',
    offline: false,
    defaultLayers: ['incidents'],
  },
  planner: {
    capabilities: ['analysis', 'planning', 'sensitive'],
    writes: { collections: ['roads', 'airstrips', 'border_posts', 'facilities'], mode: 'full' },
    layers: true,
    flights: null,
    area: 'national',
    public: false,
    start: 'map',
    offline: false,
    defaultLayers: ['incidents'],
  },
  commissioner: {
    capabilities: ['analysis', 'sensitive'],
    writes: null,
    layers: true,
    flights: null,
    area: 'regions',
    public: false,
    start: 'dashboard',
    offline: false,
    defaultLayers: ['incidents'],
  },
  field_officer: {
    capabilities: [],
    writes: { collections: ['roads', 'airstrips', 'border_posts', 'admin_units', 'facilities'], mode: 'condition' },
    layers: true,
    flights: null,
    area: 'counties',
    public: false,
    start: 'map',
    offline: true,
    defaultLayers: ['admin_units'],
  },
  viewer: {
    capabilities: [],
    writes: null,
    layers: true,
    flights: null,
    area: 'national',
    public: true,
    start: 'map',
    offline: false,
    defaultLayers: [],
  },
  moderator: {
    capabilities: ['sensitive', 'moderation'],
    writes: null,
    layers: true,
    flights: null,
    area: 'regions_or_counties',
    public: false,
    start: 'map',
    offline: false,
    defaultLayers: ['community_structures'],
  },
  // An aircraft operator: its organisation's flight requests, and nothing of the security map.
  operator: {
    capabilities: [],
    writes: null,
    layers: false,
    flights: 'own',
    area: 'none',
    public: true,
    start: 'map',
    offline: false,
    defaultLayers: [],
  },
  // The reviewing officer reads the map with incidents (the evidence of an assessment) but edits no layer.
  flight_officer: {
    capabilities: ['sensitive'],
    writes: null,
    layers: true,
    flights: 'review',
    area: 'national',
    public: false,
    start: 'map',
    offline: false,
    defaultLayers: [],
  },
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

/** Reads sensitive collections (incidents) at all: reads layers and has the capability. */
export const roleReadsSensitive = (role: Role): boolean => roleReadsLayers(role) && roleCan(role, 'sensitive')

/**
 * Sees only the public version of scorecards (sensitive indicators left out): a public role, and every role that may
 * not read incidents, since the sensitive indicators are built from incident and custody data.
 */
export const rolePublicOnly = (role: Role): boolean => RIGHTS[role].public || !roleReadsSensitive(role)

/** Sees a dashboard's "needs action" list built from sensitive records (overcrowded prisons, serious incidents). */
export const roleSeesSensitiveActions = (role: Role): boolean => !RIGHTS[role].public

/** Keeps an offline package of its area. */
export const roleKeepsOffline = (role: Role): boolean => RIGHTS[role].offline

/** Shown at first sign-in, for a layer whose default depends on the role; undefined for the other layers. */
export function roleDefaultLayer(role: Role, layer: string): boolean | undefined {
  if (!(ROLE_LAYERS as readonly string[]).includes(layer)) return undefined
  return (RIGHTS[role].defaultLayers as readonly string[]).includes(layer)
}

/** The part of the country a user may see: enforced in the SQL that fetches rows, never by filtering afterwards. */
export type AreaScope =
  { kind: 'national' } | { kind: 'regions'; regions: RegionCode[] } | { kind: 'counties'; counties: string[] }

/** An account's role with the regions and counties it is bound to. */
export interface AreaHolder {
  role: Role
  regions: readonly RegionCode[]
  counties: readonly string[]
}

/**
 * The area an account sees, from its role's `area` and its lists. A role without an area gets an empty county list:
 * the scope that still matches nothing if a route forgot to refuse it.
 */
export function userArea(u: AreaHolder): AreaScope {
  switch (RIGHTS[u.role].area) {
    case 'national':
      return { kind: 'national' }
    case 'regions':
      return { kind: 'regions', regions: [...u.regions] }
    case 'counties':
      return { kind: 'counties', counties: [...u.counties] }
    case 'regions_or_counties':
      // Bound to counties or to regions, never both (users_moderator_area).
      return u.counties.length
        ? { kind: 'counties', counties: [...u.counties] }
        : { kind: 'regions', regions: [...u.regions] }
    case 'none':
      return { kind: 'counties', counties: [] }
  }
}

/** Whether a county (by its code and its region's code) lies in an area. */
export function countyInArea(area: AreaScope, county: { code: string; region_code: string }): boolean {
  if (area.kind === 'national') return true
  if (area.kind === 'regions') return (area.regions as readonly string[]).includes(county.region_code)
  return area.counties.includes(county.code)
}

/**
 * What is wrong with an account's area lists for its role (a path and a message per problem; none when valid): the
 * server refuses such an account, and the web's user form can say so before sending it.
 */
export function areaProblems(u: AreaHolder): { path: 'regions' | 'counties'; message: string }[] {
  const area = RIGHTS[u.role].area
  const out: { path: 'regions' | 'counties'; message: string }[] = []
  const r = u.regions.length > 0
  const c = u.counties.length > 0
  if (area === 'regions' && !r) out.push({ path: 'regions', message: `a ${said(u.role)} needs at least one region` })
  if (area === 'counties' && !c) out.push({ path: 'counties', message: `a ${said(u.role)} needs at least one county` })
  if (area === 'regions_or_counties' && !r && !c)
    out.push({ path: 'counties', message: `a ${said(u.role)} needs counties or regions` })
  if (area === 'regions_or_counties' && r && c)
    out.push({ path: 'regions', message: `a ${said(u.role)} has counties or regions, not both` })
  if (area !== 'regions' && area !== 'regions_or_counties' && r)
    out.push({ path: 'regions', message: `only ${rolesBoundTo('regions')} are bound to regions` })
  if (area !== 'counties' && area !== 'regions_or_counties' && c)
    out.push({ path: 'counties', message: `only ${rolesBoundTo('counties')} are bound to counties` })
  return out
}

function rolesBoundTo(kind: 'regions' | 'counties'): string {
  const roles = (Object.keys(RIGHTS) as Role[]).filter((r) => [kind, 'regions_or_counties'].includes(RIGHTS[r].area))
  return roles.map((r) => `${said(r)}s`).join(' and ')
}

const said = (role: Role) => role.replace('_', ' ')
