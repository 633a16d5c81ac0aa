import type { FilterSpecification, LayerSpecification } from 'maplibre-gl'
import type { LayerDef } from './layers.ts'

/** Amber, a hue no data palette uses: "saved on this device, not yet on the server". */
export const PENDING_COLOR = '#ff9f1c'

export const pendingLayerId = (def: LayerDef) => `${def.id}-pending`

/**
 * Which features of a layer carry the badge: a filter on their ids, hidden while none. The layer is made once and only
 * its filter changes. Not feature-state: a badge drawn for every feature at opacity 0 still costs the GPU each frame
 * (a 10 px line under every road, a ring round every incident: 40% of a national frame in software WebGL).
 */
export function pendingFilter(ids: readonly number[]) {
  return {
    filter: ['in', ['id'], ['literal', [...ids]]] as unknown as FilterSpecification,
    visibility: ids.length ? ('visible' as const) : ('none' as const),
  }
}

/** The badge of a layer's assets with queued offline work: a ring round a point, a halo along a road. */
export function pendingLayer(def: LayerDef): LayerSpecification {
  const { filter, visibility } = pendingFilter([])
  const base = { id: pendingLayerId(def), source: def.id, 'source-layer': def.id, filter }
  if (def.kind === 'line')
    return {
      ...base,
      type: 'line',
      layout: { 'line-cap': 'round', 'line-join': 'round', visibility },
      paint: { 'line-color': PENDING_COLOR, 'line-width': 10, 'line-opacity': 0.55 },
    } as LayerSpecification
  return {
    ...base,
    type: 'circle',
    layout: { visibility },
    paint: {
      'circle-radius': 12,
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': PENDING_COLOR,
      'circle-stroke-width': 3,
    },
  } as LayerSpecification
}
