import type { CollectionId } from '../map/layers.ts'

// The map's attribute filters. Each applies, on the server, to the layers that have the field: tiles, lists and
// exports all receive the same query parameters as the OGC items endpoint.

export interface Filters {
  region?: string
  county?: string
  status?: string
  condition?: string
  road_class?: string
  kind?: string
  theme?: string
  /** yyyy-mm-dd, inclusive */
  from?: string
  to?: string
}

export const FILTER_KEYS = [
  'region',
  'county',
  'status',
  'condition',
  'road_class',
  'kind',
  'theme',
  'from',
  'to',
] as const

/** Which filters each layer understands (mirrors the collection registry's filter parameters). */
const SUPPORTED: Record<CollectionId, (keyof Filters)[]> = {
  roads: ['region', 'county', 'status', 'condition', 'road_class'],
  airstrips: ['region', 'county', 'status', 'condition', 'kind'],
  border_posts: ['region', 'county', 'status', 'condition', 'kind'],
  admin_units: ['region', 'county', 'status', 'condition'],
  facilities: ['region', 'county', 'status', 'condition', 'kind'],
  incidents: ['region', 'county', 'status', 'theme', 'from', 'to'],
  incident_stats: ['region', 'county', 'theme', 'from', 'to'],
  regions: [],
  counties: ['region'],
}

/** Query string (without "?") of the filters that apply to a collection; a value foreign to its domain is dropped by the caller's choice of options. */
export function filterQuery(collection: CollectionId, f: Filters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams()
  for (const key of SUPPORTED[collection]) {
    const value = f[key]
    if (!value || key === 'from' || key === 'to') continue
    q.set(key, value)
  }
  if (SUPPORTED[collection].includes('from') && (f.from || f.to)) {
    q.set('datetime', `${f.from ?? '..'}/${f.to ?? '..'}`)
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v)
  return q.toString()
}

export const supports = (collection: CollectionId, key: keyof Filters) => SUPPORTED[collection].includes(key)
