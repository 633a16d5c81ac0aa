// Incident density views drawn with deck.gl over MapLibre. Colour ramps are viridis-like (ordered, colour-blind safe).

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

/** The month's interval, for the server's `datetime` parameter. */
export function monthInterval(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const end = new Date(Date.UTC(y, m, 0, 23, 59, 59))
  return `${month}-01T00:00:00Z/${end.toISOString().replace('.000Z', 'Z')}`
}
