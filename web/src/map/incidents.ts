import type { HeatmapLayerSpecification } from 'maplibre-gl'

// Incident density views: the heatmap is a MapLibre layer on the incident tiles, the hexagons deck.gl over MapLibre.
// Colour ramps are viridis-like (ordered, colour-blind safe).

export type IncidentMode = 'points' | 'heatmap' | 'hexagons' | 'hotspots'
export const INCIDENT_MODES: IncidentMode[] = ['points', 'heatmap', 'hexagons', 'hotspots']

/** Gi_Bin classes → colour (ColorBrewer RdBu, colour-blind safe); one table for the map style and the legend. */
/** Emerging-trend classes → colour (Okabe–Ito); shown instead of the bins when comparing with the previous period. */
export const TREND_COLORS: [string, string][] = [
  ['new', '#CC79A7'],
  ['intensifying', '#D55E00'],
  ['persistent', '#E69F00'],
  ['diminishing', '#56B4E9'],
]

export const HOTSPOT_BINS: [number, string][] = [
  [3, '#b2182b'],
  [2, '#ef8a62'],
  [1, '#fddbc7'],
  [-1, '#d1e5f0'],
  [-2, '#67a9cf'],
  [-3, '#2166ac'],
]

export const RAMP: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
  [255, 255, 180],
]

/** The hexagons' six classes (equal counts), darkest first: the ramp without its palest colour. */
export const HEX_RAMP = RAMP.slice(0, 6)

const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`

/** The legend bar of a density view: the heatmap's continuous ramp, or the hexagons' six classes as even steps. */
export function rampCss(mode: 'heatmap' | 'hexagons'): string {
  if (mode === 'heatmap') return `linear-gradient(90deg, ${RAMP.map(rgb).join(',')})`
  const step = 100 / HEX_RAMP.length
  return `linear-gradient(90deg, ${HEX_RAMP.map((c, i) => `${rgb(c)} ${i * step}% ${(i + 1) * step}%`).join(',')})`
}

/**
 * The heatmap of the incident tiles (the map's filters and month apply, as to the symbols). An incident weighs as in
 * the hexagons and hot spots: its weight (a record standing for several) × (severity + fatalities). MapLibre, not
 * deck.gl: no second WebGL context to create on the first switch, and the heatmap is in the map's canvas, so in its
 * PNG export.
 */
export function heatmapLayer(opacity: number): HeatmapLayerSpecification {
  const ramp = RAMP.map(rgb)
  return {
    id: 'incidents-heat',
    type: 'heatmap',
    source: 'incidents',
    'source-layer': 'incidents',
    layout: { visibility: 'none' },
    paint: {
      'heatmap-weight': [
        '/',
        [
          '*',
          ['coalesce', ['get', 'weight'], 1],
          ['+', ['coalesce', ['get', 'severity'], 1], ['coalesce', ['get', 'fatalities'], 0]],
        ],
        4,
      ],
      'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 5, 0.12, 9, 0.45, 12, 1.2],
      'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 5, 14, 9, 30, 12, 45],
      // Transparent where nothing happened; then the ramp, darkest first, as in the legend.
      'heatmap-color': [
        'interpolate',
        ['linear'],
        ['heatmap-density'],
        0,
        'rgba(0,0,0,0)',
        0.04,
        ramp[0]!,
        ...ramp.slice(1).flatMap((c, i) => [0.04 + ((i + 1) * 0.96) / (ramp.length - 1), c]),
      ],
      'heatmap-opacity': opacity * 0.85,
    },
  } as HeatmapLayerSpecification
}

/** The month's interval, for the server's `datetime` parameter. */
export function monthInterval(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const end = new Date(Date.UTC(y, m, 0, 23, 59, 59))
  return `${month}-01T00:00:00Z/${end.toISOString().replace('.000Z', 'Z')}`
}
