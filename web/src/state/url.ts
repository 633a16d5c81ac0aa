import { AREA_STAT_MEASURES, type AreaStatMeasure, type Granularity } from '../../../contract/area-stats.ts'
import { AREA_LEVELS, PERIOD_KINDS, type AreaLevel } from '../../../contract/domains.ts'
import type { CollectionId } from '../map/layers.ts'
import { FILTER_KEYS, type Filters } from './filters.ts'

// The whole view lives in the URL hash, so a copied link restores it exactly:
//   #map=6.2/0.51/37.9&layers=roads:1:1,incidents:0:0.6&f.region=rift_valley&sel=roads/12&inc=heatmap&month=2025-03&tab=filters
// The area statistics choropleth, when shown, is one entry: stats=<granularity>,<measure>,<level>[,<period start>].

/** The side panel's tabs, in their order; the first is the default and is left out of links. */
export const TABS = ['layers', 'filters', 'analysis', 'legend', 'tools'] as const
export type Tab = (typeof TABS)[number]

export interface LayerState {
  visible: boolean
  opacity: number
}

export interface Selection {
  collection: CollectionId
  id: string | number
}

export interface View {
  zoom: number
  lat: number
  lon: number
}

/** The area statistics choropleth as shown: absent from the state (and the link) when it is off. */
export interface Choropleth {
  granularity: Granularity
  measure: AreaStatMeasure
  level: AreaLevel
  /** First day of the period on the slider; absent = the latest. */
  period?: string
}

export const DEFAULT_CHOROPLETH: Choropleth = { granularity: 'month', measure: 'events', level: 'county' }

const oneOf = <T extends string>(list: readonly T[], v: string | undefined, fallback: T): T =>
  (list as readonly string[]).includes(v ?? '') ? (v as T) : fallback

/** The choropleth of a `stats` entry; parts it cannot read take their defaults, a bad period is left out. */
export function readChoropleth(v: string): Choropleth {
  const [g, m, l, period] = v.split(',')
  return {
    granularity: oneOf(PERIOD_KINDS, g, DEFAULT_CHOROPLETH.granularity),
    measure: oneOf(AREA_STAT_MEASURES, m, DEFAULT_CHOROPLETH.measure),
    level: oneOf(AREA_LEVELS, l, DEFAULT_CHOROPLETH.level),
    ...(period && /^\d{4}-\d{2}-\d{2}$/.test(period) ? { period } : {}),
  }
}

export const writeChoropleth = (c: Choropleth) =>
  [c.granularity, c.measure, c.level, ...(c.period ? [c.period] : [])].join(',')

export interface UrlState {
  view?: View
  layers?: Record<string, LayerState>
  filters: Filters
  selection?: Selection
  incidentMode?: string
  month?: string
  tab?: Tab
  choropleth?: Choropleth
}

export function readUrl(hash = window.location.hash): UrlState {
  const p = new URLSearchParams(hash.replace(/^#/, ''))
  const out: UrlState = { filters: {} }
  const m = p.get('map')?.split('/').map(Number)
  if (m && m.length === 3 && m.every(Number.isFinite)) out.view = { zoom: m[0]!, lat: m[1]!, lon: m[2]! }
  const l = p.get('layers')
  if (l) {
    out.layers = {}
    for (const part of l.split(',')) {
      const [id, vis, op] = part.split(':')
      if (id) out.layers[id] = { visible: vis === '1', opacity: Math.min(1, Math.max(0.1, Number(op) || 1)) }
    }
  }
  for (const k of FILTER_KEYS) {
    const v = p.get(`f.${k}`)
    if (v) out.filters[k] = v
  }
  const sel = p.get('sel')?.split('/')
  if (sel && sel.length === 2) out.selection = { collection: sel[0] as CollectionId, id: sel[1]! }
  out.incidentMode = p.get('inc') ?? undefined
  out.month = p.get('month') ?? undefined
  const tab = p.get('tab')
  if ((TABS as readonly string[]).includes(tab ?? '')) out.tab = tab as Tab
  const stats = p.get('stats')
  if (stats !== null) out.choropleth = readChoropleth(stats)
  return out
}

export function writeUrl(s: UrlState) {
  const p = new URLSearchParams()
  if (s.view) p.set('map', `${s.view.zoom.toFixed(2)}/${s.view.lat.toFixed(4)}/${s.view.lon.toFixed(4)}`)
  if (s.layers)
    p.set(
      'layers',
      Object.entries(s.layers)
        .map(([id, v]) => `${id}:${v.visible ? 1 : 0}:${Number(v.opacity.toFixed(2))}`)
        .join(','),
    )
  for (const k of FILTER_KEYS) if (s.filters[k]) p.set(`f.${k}`, s.filters[k]!)
  if (s.selection) p.set('sel', `${s.selection.collection}/${s.selection.id}`)
  if (s.incidentMode && s.incidentMode !== 'points') p.set('inc', s.incidentMode)
  if (s.month) p.set('month', s.month)
  if (s.tab && s.tab !== TABS[0]) p.set('tab', s.tab)
  if (s.choropleth) p.set('stats', writeChoropleth(s.choropleth))
  const hash = `#${p.toString().replace(/%2F/g, '/').replace(/%3A/g, ':').replace(/%2C/g, ',')}`
  if (hash !== window.location.hash) history.replaceState(null, '', hash)
}
