import { HexagonLayer } from '@deck.gl/aggregation-layers'
import { MapboxOverlay } from '@deck.gl/mapbox'
import type { Feature } from '../api/client.ts'
import { HEX_RAMP, type IncidentMode } from './incidents.ts'

// The incident hexagons (deck.gl over MapLibre; the heatmap is a MapLibre layer, incidents.ts). This module and deck.gl
// are loaded only when the hexagons are first asked for, so the map starts without them.

export { MapboxOverlay }

type Point = { p: [number, number]; w: number }

// deck.gl re-aggregates only when `data` changes identity: the points are derived once per incident list, so a change
// of opacity or a switch back to a mode updates the layer instead of recomputing it.
let lastFeatures: Feature[] | null = null
let lastPoints: Point[] = []
function points(features: Feature[]): Point[] {
  if (features !== lastFeatures) {
    lastFeatures = features
    lastPoints = features.map((f) => ({
      p: (f.geometry as GeoJSON.Point).coordinates as [number, number],
      // A record standing for several incidents (its weight) weighs that many times.
      w: Number(f.properties.weight ?? 1) * (Number(f.properties.severity ?? 1) + Number(f.properties.fatalities ?? 0)),
    }))
  }
  return lastPoints
}

export function densityLayers(mode: IncidentMode, features: Feature[], opacity: number) {
  if (mode !== 'hexagons') return []
  const data = points(features)
  return [
    new HexagonLayer<Point>({
      id: 'incident-hex',
      data,
      getPosition: (d) => d.p,
      getElevationWeight: (d) => d.w,
      getColorWeight: (d) => d.w,
      colorAggregation: 'SUM',
      // Six classes of equal count: one dense city would otherwise put every other hexagon in the lowest class.
      colorScaleType: 'quantile',
      radius: 12000,
      coverage: 0.92,
      extruded: false,
      colorRange: HEX_RAMP,
      opacity: opacity * 0.85,
      pickable: true,
    }),
  ]
}
