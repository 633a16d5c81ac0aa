import type { LayerSpecification } from 'maplibre-gl'
import type { LayerDef } from './layers.ts'

/** Amber, a hue no data palette uses: "saved on this device, not yet on the server". */
export const PENDING_COLOR = '#ff9f1c'

/**
 * The badge of a layer's assets with queued offline work: a ring round a point, a halo along a road. Shown through
 * the feature-state `pending` (set by MapView from the offline queue), so the layer is made once and never rebuilt.
 */
export function pendingLayer(def: LayerDef): LayerSpecification {
  const on: unknown = ['case', ['boolean', ['feature-state', 'pending'], false], 1, 0]
  const base = { id: `${def.id}-pending`, source: def.id, 'source-layer': def.id }
  if (def.kind === 'line')
    return {
      ...base,
      type: 'line',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': PENDING_COLOR, 'line-width': 10, 'line-opacity': ['*', 0.55, on] },
    } as LayerSpecification
  return {
    ...base,
    type: 'circle',
    paint: {
      'circle-radius': 12,
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': PENDING_COLOR,
      'circle-stroke-width': 3,
      'circle-stroke-opacity': on,
    },
  } as LayerSpecification
}
