import type { LayerSpecification } from 'maplibre-gl'
import * as D from '../../../contract/domains.ts'
import { roleDefaultLayer, type Capability } from '../../../contract/rights.ts'
import type { MessageKey } from '../i18n/en.ts'

import { FONT, HALO } from './fonts.ts'
import { heatmapLayer } from './incidents.ts'
import type { Shape } from './symbols.ts'

// One definition per layer: the MapLibre style layers AND the legend are generated from it, so they always agree.
// Each point layer has its own shape (an SDF icon, web/src/map/symbols.ts); colour says one thing per palette:
//   CONDITION  roads' condition, ordered blue (good) → red (impassable) (ColorBrewer RdYlBu, colour-blind safe)
//   STATUS     whether a place works: green operational/active, ochre partly, purple closed/inactive, grey planned
//              (the same meaning has the same colour on every layer that has a status)
//   THEME      incident themes, a categorical palette drawn only on the small incident crosses
// No hue of CONDITION is reused by STATUS, so blue never means both "good road" and "operational".

export type GroupId = 'infrastructure' | 'administration' | 'facilities' | 'incidents' | 'community'
export type CollectionId = D.CollectionId
/** Layers beside the collections: drawn from their own API route, never exported or edited from the map. */
export type ApiLayerId = 'community_structures'
export type LayerId = CollectionId | ApiLayerId

export interface LayerDef {
  id: LayerId
  group: GroupId
  title: MessageKey
  kind: 'line' | 'symbol' | 'fill'
  /** Drawn from vector tiles (big layers), whole-layer GeoJSON (reference polygons) or GeoJSON from `url`. */
  source: 'tiles' | 'geojson' | 'api'
  url?: string
  /** Offered only to roles with this capability (the server refuses the others anyway). */
  readBy?: Capability
  colorBy: { field: string; colors: Record<string, string>; fallback: string }
  /** Point layers: one shape, or a shape per value of a field (facilities by kind). */
  shape?: Shape | { field: string; shapes: Record<string, Shape>; fallback: Shape }
  /** Icon size at zoom 5 and 12 (1 = the 24 px image). */
  size?: [number, number]
  visible: boolean
  minzoom?: number
}

export const CONDITION_COLORS = { good: '#2c7bb6', fair: '#74add1', poor: '#f49a3c', impassable: '#d7191c' }
const OPERATIONAL = '#1b7837',
  PARTLY = '#c9952a',
  CLOSED = '#762a83',
  PLANNED = '#9e9e9e'
const GREY = '#8c8c8c'

/** Resident associations, Nyumba Kumi clusters and community policing committees (points or areas), by kind. */
export const COMMUNITY_COLORS = {
  nyumba_kumi: '#d95f02',
  resident_association: '#7570b3',
  community_policing_committee: '#1b9e77',
}

export const LAYERS: LayerDef[] = [
  {
    id: 'regions',
    group: 'administration',
    title: 'layer.regions',
    kind: 'line',
    source: 'geojson',
    visible: true,
    colorBy: { field: 'code', colors: {}, fallback: '#5b5446' },
  },
  {
    id: 'counties',
    group: 'administration',
    title: 'layer.counties',
    kind: 'line',
    source: 'geojson',
    visible: true,
    colorBy: { field: 'code', colors: {}, fallback: '#a39d8f' },
  },
  {
    id: 'admin_units',
    group: 'administration',
    title: 'layer.admin_units',
    kind: 'symbol',
    source: 'tiles',
    visible: false,
    minzoom: 5,
    shape: 'circle',
    size: [0.35, 0.6],
    colorBy: { field: 'status', colors: { active: OPERATIONAL, inactive: CLOSED }, fallback: GREY },
  },
  {
    id: 'roads',
    group: 'infrastructure',
    title: 'layer.roads',
    kind: 'line',
    source: 'tiles',
    visible: true,
    colorBy: { field: 'condition', colors: CONDITION_COLORS, fallback: GREY },
  },
  {
    id: 'airstrips',
    group: 'infrastructure',
    title: 'layer.airstrips',
    kind: 'symbol',
    source: 'tiles',
    visible: true,
    shape: 'triangle',
    size: [0.5, 0.8],
    colorBy: {
      field: 'status',
      colors: { operational: OPERATIONAL, restricted: PARTLY, closed: CLOSED },
      fallback: GREY,
    },
  },
  {
    id: 'border_posts',
    group: 'infrastructure',
    title: 'layer.border_posts',
    kind: 'symbol',
    source: 'tiles',
    visible: true,
    shape: 'diamond',
    size: [0.6, 0.9],
    colorBy: {
      field: 'status',
      colors: { operational: OPERATIONAL, partially_operational: PARTLY, not_operational: CLOSED, planned: PLANNED },
      fallback: GREY,
    },
  },
  {
    id: 'facilities',
    group: 'facilities',
    title: 'layer.facilities',
    kind: 'symbol',
    source: 'tiles',
    visible: true,
    shape: {
      field: 'kind',
      shapes: {
        police_station: 'pentagon',
        police_post: 'pentagon',
        aps_camp: 'hexagon',
        border_police_post: 'hexagon',
        prison: 'square',
        registration_centre: 'house',
        ic3_centre: 'star',
        forensic_lab: 'star',
      },
      fallback: 'pentagon',
    },
    size: [0.42, 0.75],
    colorBy: {
      field: 'status',
      colors: { operational: OPERATIONAL, under_construction: PARTLY, closed: CLOSED, planned: PLANNED },
      fallback: GREY,
    },
  },
  {
    id: 'incidents',
    group: 'incidents',
    title: 'layer.incidents',
    kind: 'symbol',
    source: 'tiles',
    visible: true,
    readBy: 'sensitive',
    shape: 'cross',
    size: [0.3, 0.6],
    colorBy: {
      field: 'theme',
      colors: {
        terrorism: '#e41a1c',
        organised_gangs: '#984ea3',
        cross_border_smuggling: '#377eb8',
        illicit_alcohol_drugs: '#ff7f00',
        small_arms: '#1b1b1b',
        cattle_rustling_banditry: '#a65628',
        sgbv: '#f781bf',
        boda_boda: '#17becf',
        land_dispute: '#4daf4a',
        other: GREY,
      },
      fallback: GREY,
    },
  },
  {
    id: 'community_structures',
    group: 'community',
    title: 'layer.community_structures',
    kind: 'symbol',
    source: 'api',
    url: '/api/community-structures',
    readBy: 'moderation',
    visible: false,
    shape: 'triangle_down',
    size: [0.45, 0.75],
    colorBy: { field: 'kind', colors: COMMUNITY_COLORS, fallback: GREY },
  },
]

/** Collection layers only (the ones with items, tiles and exports). */
export const isCollectionLayer = (def: LayerDef): def is LayerDef & { id: CollectionId } => def.source !== 'api'

/** Layers on at first sign-in: the role decides for the layers it has a say in (contract/rights.ts ROLE_LAYERS). */
export function defaultVisible(def: LayerDef, role: D.Role): boolean {
  return roleDefaultLayer(role, def.id) ?? def.visible
}

export const GROUPS: GroupId[] = ['infrastructure', 'administration', 'facilities', 'incidents', 'community']

function colorExpr(def: LayerDef): unknown {
  const entries = Object.entries(def.colorBy.colors)
  if (entries.length === 0) return def.colorBy.fallback
  return ['match', ['get', def.colorBy.field], ...entries.flat(), def.colorBy.fallback]
}

/** The image name of a shape; MapView adds one SDF image per shape. */
export const iconName = (shape: Shape) => `shape-${shape}`

function iconExpr(def: LayerDef): unknown {
  const sh = def.shape ?? 'circle'
  if (typeof sh === 'string') return iconName(sh)
  return [
    'match',
    ['get', sh.field],
    ...Object.entries(sh.shapes).flatMap(([k, v]) => [k, iconName(v)]),
    iconName(sh.fallback),
  ]
}

/** The MapLibre layers of one definition, at the given opacity (0–1). */
export function styleLayers(def: LayerDef, opacity: number): LayerSpecification[] {
  const base = {
    source: def.id,
    ...(def.source === 'tiles' ? { 'source-layer': def.id } : {}),
    ...(def.minzoom ? { minzoom: def.minzoom } : {}),
  }
  if (def.id === 'regions' || def.id === 'counties') {
    return [
      {
        ...base,
        id: def.id,
        type: 'line',
        paint: {
          'line-color': def.colorBy.fallback,
          'line-opacity': opacity,
          'line-width':
            def.id === 'regions'
              ? ['interpolate', ['linear'], ['zoom'], 5, 1.4, 10, 3]
              : ['interpolate', ['linear'], ['zoom'], 5, 0.5, 10, 1.5],
        },
      } as LayerSpecification,
    ]
  }
  if (def.id === 'roads') {
    const width = (extra: number) => [
      'interpolate',
      ['linear'],
      ['zoom'],
      5,
      ['case', ['get', 'is_security_road'], 2.2 + extra, 1.1],
      12,
      ['case', ['get', 'is_security_road'], 6 + extra, 3],
    ]
    const building = ['in', ['get', 'status'], ['literal', ['planned', 'under_construction']]]
    return [
      {
        ...base,
        id: 'roads-casing',
        type: 'line',
        filter: ['get', 'is_security_road'],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#2b2b2b', 'line-opacity': opacity * 0.55, 'line-width': width(1.6) },
      },
      {
        ...base,
        id: 'roads',
        type: 'line',
        filter: ['!', building],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': colorExpr(def), 'line-opacity': opacity, 'line-width': width(0) },
      },
      {
        ...base,
        id: 'roads-planned',
        type: 'line',
        filter: building,
        paint: {
          'line-color': colorExpr(def),
          'line-opacity': opacity,
          'line-width': width(0),
          'line-dasharray': [2, 1.5],
        },
      },
      {
        // Road numbers along the line from zoom 9 (trunk and security roads keep theirs in the merged band), names
        // from zoom 12; labels collide with each other and with place names, so the map never stacks them.
        ...base,
        id: 'roads-labels',
        type: 'symbol',
        minzoom: Math.max(9, def.minzoom ?? 0),
        filter: ['any', ['has', 'ref'], ['has', 'name']],
        layout: {
          'symbol-placement': 'line',
          'symbol-spacing': 320,
          'text-field': [
            'step',
            ['zoom'],
            ['coalesce', ['get', 'ref'], ''],
            12,
            [
              'case',
              ['all', ['has', 'ref'], ['has', 'name']],
              ['concat', ['get', 'ref'], ' · ', ['get', 'name']],
              ['coalesce', ['get', 'ref'], ['get', 'name']],
            ],
          ],
          'text-font': FONT,
          'text-size': ['interpolate', ['linear'], ['zoom'], 9, 10, 14, 12],
          'text-max-angle': 30,
        },
        paint: { 'text-color': '#3a3a3a', 'text-opacity': opacity, ...HALO },
      },
    ] as LayerSpecification[]
  }
  const [small, large] = def.size ?? [0.5, 0.8]
  if (def.id === 'community_structures') {
    const areas = ['==', ['geometry-type'], 'Polygon']
    return [
      {
        ...base,
        id: `${def.id}-areas`,
        type: 'fill',
        filter: areas,
        paint: { 'fill-color': colorExpr(def), 'fill-opacity': opacity * 0.2 },
      },
      {
        ...base,
        id: `${def.id}-outlines`,
        type: 'line',
        filter: areas,
        paint: { 'line-color': colorExpr(def), 'line-opacity': opacity, 'line-width': 1.5 },
      },
      {
        ...base,
        id: def.id,
        type: 'symbol',
        filter: ['==', ['geometry-type'], 'Point'],
        layout: {
          'icon-image': iconExpr(def),
          'icon-size': ['interpolate', ['linear'], ['zoom'], 5, small, 12, large],
          'icon-allow-overlap': true,
        },
        paint: {
          'icon-color': colorExpr(def),
          'icon-opacity': opacity,
          'icon-halo-color': '#fff',
          'icon-halo-width': 1,
        },
      },
    ] as LayerSpecification[]
  }
  return [
    // Incidents also as a heatmap from the same tiles, shown instead of the symbols in that mode (MapView).
    ...(def.id === 'incidents' ? [heatmapLayer(opacity)] : []),
    {
      ...base,
      id: def.id,
      type: 'symbol',
      layout: {
        'icon-image': iconExpr(def),
        'icon-size': ['interpolate', ['linear'], ['zoom'], 5, small, 12, large],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        // Operational assets drawn last, on top: a closed one never hides behind them unnoticed.
        'symbol-sort-key': ['match', ['get', def.colorBy.field], Object.keys(def.colorBy.colors)[0] ?? '', 1, 0],
      },
      paint: {
        'icon-color': colorExpr(def),
        'icon-opacity': opacity * (def.id === 'incidents' ? 0.85 : 1),
        'icon-halo-color': '#ffffff',
        'icon-halo-width': def.id === 'incidents' ? 0.6 : 1.2,
      },
    } as LayerSpecification,
  ]
}

/** MapLibre layer ids belonging to a definition (for visibility, opacity and clicks). */
export const layerIds = (def: LayerDef) => styleLayers(def, 1).map((l) => l.id)

export interface LegendEntry {
  value: string
  color: string
  shape: 'line' | 'dash' | 'outline' | Shape
}

/** The legend of one definition: exactly the colours and shapes its style uses. */
/**
 * A layer's legend. Given `drawn` (the properties of its features in view), only the classes present among them, for
 * a printed map whose legend explains what it shows and nothing else; fixed entries (boundaries, planned roads) stay.
 */
export function legendEntries(def: LayerDef, drawn?: readonly Record<string, unknown>[]): LegendEntry[] {
  if (def.id === 'regions' || def.id === 'counties')
    return [{ value: 'legend.boundary', color: def.colorBy.fallback, shape: 'outline' }]
  const present = (field: string) => (value: string) => !drawn || drawn.some((p) => String(p[field]) === value)
  const sh = def.shape
  const colorShape: LegendEntry['shape'] = def.kind === 'line' ? 'line' : typeof sh === 'string' ? sh : 'circle'
  const entries: LegendEntry[] = Object.entries(def.colorBy.colors)
    .filter(([value]) => present(def.colorBy.field)(value))
    .map(([value, color]) => ({ value, color, shape: colorShape }))
  if (sh && typeof sh !== 'string')
    entries.push(
      ...Object.entries(sh.shapes)
        .filter(([value]) => present(sh.field)(value))
        .map(([value, shape]) => ({ value, color: '#444444', shape })),
    )
  if (def.id === 'roads')
    entries.push(
      { value: 'legend.planned', color: GREY, shape: 'dash' },
      { value: 'legend.securityRoad', color: '#2b2b2b', shape: 'line' },
    )
  return entries
}
