import * as D from '../../../contract/domains.ts'
import type { CollectionId } from '../map/layers.ts'

// The map's attribute filters. Each applies, on the server, to the layers that have the field: tiles, lists and
// exports all receive the same query parameters as the OGC items endpoint. Area, condition, class, theme and dates
// mean the same on every layer; status and kind do not (an airstrip's "closed" is not a facility's), so those are
// kept per layer.

/** Status and kind values per layer: the options of its own filters. */
export const LAYER_VALUES = {
  roads: { status: D.ROAD_STATUSES },
  airstrips: { status: D.AIRSTRIP_STATUSES, kind: D.AIRSTRIP_KINDS },
  border_posts: { status: D.BORDER_POST_STATUSES, kind: D.BORDER_POST_KINDS },
  admin_units: { status: D.ADMIN_STATUSES },
  facilities: { status: D.FACILITY_STATUSES, kind: D.FACILITY_KINDS },
  incidents: { status: D.INCIDENT_STATUSES },
} as const satisfies Partial<Record<CollectionId, { status: readonly string[]; kind?: readonly string[] }>>

export type FilteredLayer = keyof typeof LAYER_VALUES
export const FILTERED_LAYERS = Object.keys(LAYER_VALUES) as FilteredLayer[]
const SHARED_KEYS = ['region', 'county', 'condition', 'road_class', 'theme', 'from', 'to'] as const
export type SharedKey = (typeof SHARED_KEYS)[number]
/** A per-layer key: `roads.status`, `facilities.kind`. */
export type LayerKey = `${FilteredLayer}.${'status' | 'kind'}`
export type FilterKey = SharedKey | LayerKey

/** Values are yyyy-mm-dd (inclusive) for `from` and `to`, domain codes otherwise. */
export type Filters = Partial<Record<FilterKey, string>>

const LAYER_KEYS: LayerKey[] = FILTERED_LAYERS.flatMap((id) =>
  Object.keys(LAYER_VALUES[id]).map((field) => `${id}.${field}` as LayerKey),
)
export const FILTER_KEYS: readonly FilterKey[] = [...SHARED_KEYS, ...LAYER_KEYS]

/** Which shared filters each layer understands (mirrors the collection registry's filter parameters). */
const SUPPORTED: Record<CollectionId, SharedKey[]> = {
  roads: ['region', 'county', 'condition', 'road_class'],
  airstrips: ['region', 'county', 'condition'],
  border_posts: ['region', 'county', 'condition'],
  admin_units: ['region', 'county', 'condition'],
  facilities: ['region', 'county', 'condition'],
  incidents: ['region', 'county', 'theme', 'from', 'to'],
  incident_stats: ['region', 'county', 'theme', 'from', 'to'],
  regions: [],
  counties: ['region'],
}

/** The layer and field of a per-layer key, or null for a shared one. */
export function layerKey(key: FilterKey): { layer: FilteredLayer; field: 'status' | 'kind' } | null {
  const [layer, field] = key.split('.') as [FilteredLayer, 'status' | 'kind' | undefined]
  return field ? { layer, field } : null
}

/** Query string (without "?") of the filters that apply to a collection. */
export function filterQuery(collection: CollectionId, f: Filters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams()
  for (const key of SUPPORTED[collection]) {
    const value = f[key]
    if (!value || key === 'from' || key === 'to') continue
    q.set(key, value)
  }
  for (const field of ['status', 'kind'] as const) {
    const value = f[`${collection}.${field}` as LayerKey]
    if (value) q.set(field, value)
  }
  if (SUPPORTED[collection].includes('from') && (f.from || f.to)) {
    q.set('datetime', `${f.from ?? '..'}/${f.to ?? '..'}`)
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v)
  return q.toString()
}
