import type { LayerSpecification } from 'maplibre-gl'
import * as D from '../../../contract/domains.ts'
import type { MessageKey } from '../i18n/en.ts'

// One definition per layer: the MapLibre style layers AND the legend are generated from it, so they always agree.
// Palettes are colour-blind safe (Okabe–Ito): ordered scales run blue (good) → orange → vermillion (bad).

export type GroupId = 'infrastructure' | 'administration' | 'facilities' | 'incidents'
export type CollectionId = D.CollectionId

export interface LayerDef {
  id: CollectionId
  group: GroupId
  title: MessageKey
  kind: 'line' | 'circle' | 'fill'
  /** Drawn from vector tiles (big layers) or whole-layer GeoJSON (reference polygons). */
  source: 'tiles' | 'geojson'
  colorBy: { field: string; colors: Record<string, string>; fallback: string }
  visible: boolean
  sensitive?: boolean
  minzoom?: number
}

const BLUE = '#0072B2',
  SKY = '#56B4E9',
  ORANGE = '#E69F00',
  VERMILLION = '#D55E00',
  GREEN = '#009E73'
const PURPLE = '#CC79A7',
  YELLOW = '#F0E442',
  GREY = '#8c8c8c',
  BLACK = '#1b1b1b',
  BROWN = '#8C510A'

const CONDITION = { good: BLUE, fair: SKY, poor: ORANGE, impassable: VERMILLION }

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
    kind: 'circle',
    source: 'tiles',
    visible: false,
    minzoom: 5,
    colorBy: { field: 'status', colors: { active: BLUE, inactive: VERMILLION }, fallback: GREY },
  },
  {
    id: 'roads',
    group: 'infrastructure',
    title: 'layer.roads',
    kind: 'line',
    source: 'tiles',
    visible: true,
    colorBy: { field: 'condition', colors: CONDITION, fallback: GREY },
  },
  {
    id: 'airstrips',
    group: 'infrastructure',
    title: 'layer.airstrips',
    kind: 'circle',
    source: 'tiles',
    visible: true,
    colorBy: { field: 'status', colors: { operational: BLUE, restricted: ORANGE, closed: VERMILLION }, fallback: GREY },
  },
  {
    id: 'border_posts',
    group: 'infrastructure',
    title: 'layer.border_posts',
    kind: 'circle',
    source: 'tiles',
    visible: true,
    colorBy: {
      field: 'status',
      colors: { operational: BLUE, partially_operational: ORANGE, not_operational: VERMILLION, planned: GREY },
      fallback: GREY,
    },
  },
  {
    id: 'facilities',
    group: 'facilities',
    title: 'layer.facilities',
    kind: 'circle',
    source: 'tiles',
    visible: true,
    colorBy: {
      field: 'kind',
      colors: {
        police_station: BLUE,
        police_post: SKY,
        aps_camp: GREEN,
        border_police_post: YELLOW,
        prison: PURPLE,
        registration_centre: GREY,
        ic3_centre: ORANGE,
        forensic_lab: BLACK,
      },
      fallback: GREY,
    },
  },
  {
    id: 'incidents',
    group: 'incidents',
    title: 'layer.incidents',
    kind: 'circle',
    source: 'tiles',
    visible: true,
    sensitive: true,
    colorBy: {
      field: 'theme',
      colors: {
        terrorism: VERMILLION,
        organised_gangs: PURPLE,
        cross_border_smuggling: BLUE,
        illicit_alcohol_drugs: ORANGE,
        small_arms: BLACK,
        cattle_rustling_banditry: BROWN,
        sgbv: YELLOW,
        boda_boda: SKY,
        land_dispute: GREEN,
        other: GREY,
      },
      fallback: GREY,
    },
  },
]

export const GROUPS: GroupId[] = ['infrastructure', 'administration', 'facilities', 'incidents']

function colorExpr(def: LayerDef): unknown {
  const entries = Object.entries(def.colorBy.colors)
  if (entries.length === 0) return def.colorBy.fallback
  return ['match', ['get', def.colorBy.field], ...entries.flat(), def.colorBy.fallback]
}

const RADIUS: Partial<Record<CollectionId, unknown>> = {
  incidents: ['interpolate', ['linear'], ['zoom'], 5, 2.5, 10, 5, 14, 8],
  admin_units: ['interpolate', ['linear'], ['zoom'], 5, 2, 10, 4.5],
  facilities: ['interpolate', ['linear'], ['zoom'], 5, 2.5, 10, 5.5, 14, 8],
  airstrips: ['interpolate', ['linear'], ['zoom'], 5, 4, 10, 7],
  border_posts: ['interpolate', ['linear'], ['zoom'], 5, 5.5, 10, 8],
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
    ] as LayerSpecification[]
  }
  return [
    {
      ...base,
      id: def.id,
      type: 'circle',
      paint: {
        'circle-color': colorExpr(def),
        'circle-opacity': opacity * (def.id === 'incidents' ? 0.8 : 0.95),
        'circle-radius': RADIUS[def.id] ?? 4,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': def.id === 'incidents' ? 0.4 : 1,
        'circle-stroke-opacity': opacity,
      },
    } as LayerSpecification,
  ]
}

/** MapLibre layer ids belonging to a definition (for visibility, opacity and clicks). */
export const layerIds = (def: LayerDef) => styleLayers(def, 1).map((l) => l.id)

export interface LegendEntry {
  value: string
  color: string
  shape: 'line' | 'dash' | 'circle' | 'outline'
}

/** The legend of one definition: exactly the colours its style uses. */
export function legendEntries(def: LayerDef): LegendEntry[] {
  if (def.id === 'regions' || def.id === 'counties')
    return [{ value: 'legend.boundary', color: def.colorBy.fallback, shape: 'outline' }]
  const shape = def.kind === 'line' ? 'line' : 'circle'
  const entries: LegendEntry[] = Object.entries(def.colorBy.colors).map(([value, color]) => ({ value, color, shape }))
  if (def.id === 'roads')
    entries.push(
      { value: 'legend.planned', color: GREY, shape: 'dash' },
      { value: 'legend.securityRoad', color: '#2b2b2b', shape: 'line' },
    )
  return entries
}
