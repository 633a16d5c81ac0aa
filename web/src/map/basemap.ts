import type { StyleSpecification } from 'maplibre-gl'

// The default basemap needs no internet: land and water colours here, county and region outlines drawn from the
// reference layers once they load. An online raster basemap is used only when the server is configured with one.
export function baseStyle(rasterUrl: string | null): StyleSpecification {
  return {
    version: 8,
    sources: {
      ...(rasterUrl ? { online: { type: 'raster', tiles: [rasterUrl], tileSize: 256 } } : {}),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#dde8ec' } },
      ...(rasterUrl ? [{ id: 'online', type: 'raster' as const, source: 'online' }] : []),
    ],
  }
}

/** Land: the counties filled in a warm neutral, so water and neighbours stay blue-grey. */
export const LAND_FILL = '#f3f0e7'
