import type { GeoJSONSource, Map as MapLibre } from 'maplibre-gl'
import type { GeoJsonCollection, PriorityPick } from '../analysis/client.ts'

// The prioritisation's map layers, kept apart from the panel: service-area bands, the gap surface, the ranked roads,
// and the highlighted pick with the targets it brings in. Colours: Okabe–Ito (bands, picks) and a sequential
// orange–red ramp for gap scores.

export const BAND_COLORS: [number, string][] = [
  [30, '#009E73'],
  [60, '#56B4E9'],
  [120, '#CC79A7'],
]
export const GAP_COLORS: [number, string][] = [
  [0, '#fee8c8'],
  [50, '#fdbb84'],
  [250, '#e34a33'],
  [1000, '#b30000'],
]
export const PICK_COLOR = '#0072B2'
export const HIGHLIGHT_COLOR = '#D55E00'

export const CORRIDOR_COLORS = ['#CC79A7', '#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#F0E442', '#000000']

export interface AnalysisView {
  corridors?: GeoJsonCollection | null
  clusters?: { id: number; lon: number; lat: number; incidents: number }[]
  corridorHighlight?: number | null
  areas: GeoJsonCollection | null
  gaps: GeoJsonCollection | null
  picks: PriorityPick[]
  highlight: PriorityPick | null
  show: { areas: boolean; gaps: boolean; picks: boolean; defects?: boolean }
  /** Network defects: crossings without a shared node and dead ends near another road. */
  defects?: { lon: number; lat: number; kind: 'crossing' | 'dead_end' }[]
}

const EMPTY: GeoJsonCollection = { type: 'FeatureCollection', features: [] }
const SOURCES = [
  'analysis-areas',
  'analysis-gaps',
  'analysis-picks',
  'analysis-highlight',
  'analysis-targets',
  'analysis-corridors',
  'analysis-clusters',
  'analysis-defects',
] as const

function install(map: MapLibre) {
  if (map.getSource('analysis-picks')) return
  for (const id of SOURCES) map.addSource(id, { type: 'geojson', data: EMPTY as never })
  map.addLayer({
    id: 'analysis-gaps',
    type: 'fill',
    source: 'analysis-gaps',
    paint: {
      'fill-color': ['step', ['get', 'score'], ...GAP_COLORS.flatMap(([v, c], i) => (i === 0 ? [c] : [v, c]))] as never,
      'fill-opacity': 0.45,
      'fill-outline-color': 'rgba(120,40,0,0.35)',
    },
  })
  map.addLayer({
    id: 'analysis-areas',
    type: 'line',
    source: 'analysis-areas',
    layout: { 'line-cap': 'round' },
    paint: {
      'line-color': ['match', ['get', 'band_min'], ...BAND_COLORS.flat(), '#999'] as never,
      'line-width': 4,
      'line-opacity': 0.8,
    },
  })
  map.addLayer({
    id: 'analysis-picks-casing',
    type: 'line',
    source: 'analysis-picks',
    layout: { 'line-cap': 'round' },
    paint: { 'line-color': '#fff', 'line-width': 8 },
  })
  map.addLayer({
    id: 'analysis-picks',
    type: 'line',
    source: 'analysis-picks',
    layout: { 'line-cap': 'round' },
    paint: { 'line-color': PICK_COLOR, 'line-width': 5 },
  })
  map.addLayer({
    id: 'analysis-highlight',
    type: 'line',
    source: 'analysis-highlight',
    layout: { 'line-cap': 'round' },
    paint: { 'line-color': HIGHLIGHT_COLOR, 'line-width': 9 },
  })
  map.addLayer({
    id: 'analysis-corridors',
    type: 'line',
    source: 'analysis-corridors',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      // A match, not ['at', …, ['literal', colours]]: MapLibre types a literal array of strings as strings, not
      // colours, and refuses the whole layer.
      'line-color': [
        'match',
        ['%', ['-', ['get', 'rank'], 1], CORRIDOR_COLORS.length],
        ...CORRIDOR_COLORS.flatMap((color, i) => [i, color]),
        CORRIDOR_COLORS[0]!,
      ] as never,
      'line-width': ['case', ['boolean', ['get', 'on'], false], 9, 5] as never,
      'line-opacity': 0.9,
    },
  })
  map.addLayer({
    id: 'analysis-clusters',
    type: 'circle',
    source: 'analysis-clusters',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['get', 'incidents'], 1, 5, 200, 14] as never,
      'circle-color': 'rgba(213,94,0,0.25)',
      'circle-stroke-color': '#D55E00',
      'circle-stroke-width': 2,
    },
  })
  map.addLayer({
    id: 'analysis-defects',
    type: 'circle',
    source: 'analysis-defects',
    paint: {
      'circle-radius': 5,
      'circle-color': ['match', ['get', 'kind'], 'crossing', '#CC79A7', '#E69F00'] as never,
      'circle-stroke-color': '#000',
      'circle-stroke-width': 1,
    },
  })
  map.addLayer({
    id: 'analysis-targets',
    type: 'circle',
    source: 'analysis-targets',
    paint: {
      'circle-radius': 6,
      'circle-color': HIGHLIGHT_COLOR,
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 2,
    },
  })
}

const lines = (picks: PriorityPick[]): GeoJsonCollection => ({
  type: 'FeatureCollection',
  features: picks.map((p) => ({
    type: 'Feature',
    geometry: p.geometry,
    properties: { rank: p.rank, road_id: p.road_id },
  })),
})

/** Brings the map's analysis layers in line with the view. */
export function drawAnalysis(map: MapLibre, view: AnalysisView) {
  const apply = () => {
    install(map)
    const set = (id: (typeof SOURCES)[number], data: GeoJsonCollection) =>
      (map.getSource(id) as GeoJSONSource).setData(data as never)
    set('analysis-areas', view.show.areas && view.areas ? view.areas : EMPTY)
    set('analysis-gaps', view.show.gaps && view.gaps ? view.gaps : EMPTY)
    set('analysis-picks', view.show.picks ? lines(view.picks) : EMPTY)
    set('analysis-highlight', view.highlight ? lines([view.highlight]) : EMPTY)
    set('analysis-targets', {
      type: 'FeatureCollection',
      features: (view.highlight?.why ?? []).map((w) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [w.lon, w.lat] },
        properties: { kind: w.kind, id: w.id },
      })),
    })
    set('analysis-corridors', {
      type: 'FeatureCollection',
      features: (view.corridors?.features ?? []).map((f) => ({
        ...f,
        properties: { ...f.properties, on: f.properties.rank === view.corridorHighlight },
      })),
    })
    set('analysis-clusters', {
      type: 'FeatureCollection',
      features: (view.clusters ?? []).map((c) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
        properties: { id: c.id, incidents: c.incidents },
      })),
    })
    set('analysis-defects', {
      type: 'FeatureCollection',
      features: (view.show.defects ? (view.defects ?? []) : []).map((d) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [d.lon, d.lat] },
        properties: { kind: d.kind },
      })),
    })
    // For browser tests and debugging: what the layers hold now.
    ;(window as unknown as { __ramani?: Record<string, unknown> }).__ramani!.analysis = {
      picks: view.show.picks ? view.picks.length : 0,
      highlight: view.highlight?.road_id ?? null,
      corridors: view.corridors?.features.length ?? 0,
    }
  }
  if (map.isStyleLoaded()) apply()
  else map.once('load', apply)
}

export function clearAnalysis(map: MapLibre) {
  if (!map.getSource('analysis-picks')) return
  drawAnalysis(map, {
    areas: null,
    gaps: null,
    picks: [],
    highlight: null,
    show: { areas: false, gaps: false, picks: false },
  })
}
