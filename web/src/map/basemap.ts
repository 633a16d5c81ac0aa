import { pointOnFeature } from '@turf/turf'
import type {
  ExpressionSpecification,
  MapOptions,
  GeoJSONSourceSpecification,
  LayerSpecification,
  StyleSpecification,
  SymbolLayerSpecification,
} from 'maplibre-gl'
import { FONT, FONT_BOLD, FONT_ITALIC, HALO } from './fonts.ts'
import basemapUrl from '../../../data/basemap/basemap.geojson?url'

// The default basemap needs no internet. Its geography (neighbouring countries, lakes, rivers, their names) is the
// Natural Earth extract in data/basemap/ (scripts/build-basemap.ts), served with the app and precached by the
// service worker; Kenya's land and county outlines come from the reference layers once they load. Labels are
// MapLibre symbol layers (collision-checked, and drawn into PNG exports): with no `glyphs` URL in the style MapLibre
// draws the glyphs itself from the browser's fonts, so no glyph server is needed. An online raster basemap is used
// only when the server is configured with one.

/** MapLibre's own control labels in Kiswahili (applied when the map is created in that language). */
export const MAPLIBRE_SW = {
  'NavigationControl.ZoomIn': 'Karibia',
  'NavigationControl.ZoomOut': 'Ondokea',
  'NavigationControl.ResetBearing': 'Elekeza kaskazini',
  'AttributionControl.ToggleAttribution': 'Onyesha au ficha vyanzo',
  'ScaleControl.Meters': 'm',
  'ScaleControl.Kilometers': 'km',
}

export const WATER = '#c6dbe6'
const WATER_LINE = '#8fb4c8'
const WATER_TEXT = '#3f6f8a'
/** Neighbouring countries: greyer than Kenya's land, so the country in focus stands out. */
const NEIGHBOUR = '#e9e7e1'
/** Land: the counties filled in a warm neutral, so water and neighbours stay distinct. */
export const LAND_FILL = '#f5f1e6'

/**
 * Labels and symbols appear at once, on every map of the app: a fade keeps a map repainting for 300 ms after each move
 * or new tile, frames that cost 100-300 ms each in software WebGL (a field laptop without a GPU).
 */
export const FADE_MS = 0

export function baseStyle(rasterUrl: string | null): StyleSpecification {
  return {
    version: 8,
    sources: {
      basemap: { type: 'geojson', data: basemapUrl },
      ...(rasterUrl ? { online: { type: 'raster', tiles: [rasterUrl], tileSize: 256 } } : {}),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': WATER } },
      {
        id: 'bm-countries',
        type: 'fill',
        source: 'basemap',
        filter: ['==', ['get', 'layer'], 'country'],
        paint: { 'fill-color': NEIGHBOUR },
      },
      ...(rasterUrl ? [{ id: 'online', type: 'raster' as const, source: 'online' }] : []),
    ],
  }
}

/** Water and borders, drawn above Kenya's land fill (Natural Earth's countries include their lakes). */
export function waterLayers(): LayerSpecification[] {
  return [
    {
      id: 'bm-lakes',
      type: 'fill',
      source: 'basemap',
      filter: ['==', ['get', 'layer'], 'lake'],
      paint: { 'fill-color': WATER, 'fill-outline-color': WATER_LINE },
    },
    {
      id: 'bm-rivers',
      type: 'line',
      source: 'basemap',
      filter: ['==', ['get', 'layer'], 'river'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': WATER_LINE,
        'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.6, 8, 1.4, 12, 2.5],
      },
    },
    {
      id: 'bm-borders',
      type: 'line',
      source: 'basemap',
      filter: ['==', ['get', 'layer'], 'country'],
      paint: { 'line-color': '#9a948a', 'line-width': 1, 'line-dasharray': [3, 2] },
    },
  ]
}

/** Places by size: cities from zoom 5, towns from 7, every place from 9 (GeoNames population). */
const PLACE_RANKS: [string, number, number, number, number, string[]][] = [
  ['city', 250_000, 1e12, 5, 14, FONT_BOLD],
  ['town', 20_000, 250_000, 7, 12, FONT],
  ['village', 0, 20_000, 9, 11, FONT],
]

/**
 * Options of the app's small maps (dashboard, flight route, report pin): the offline basemap, no attribution box, a
 * canvas that can be captured, and map controls in the page's language.
 */
export function smallMapOptions(
  container: HTMLElement,
  lang: string,
  view: { bounds: [[number, number], [number, number]]; padding: number },
): MapOptions {
  return {
    container,
    style: baseStyle(null),
    bounds: view.bounds,
    fitBoundsOptions: { padding: view.padding },
    attributionControl: false,
    fadeDuration: FADE_MS,
    canvasContextAttributes: { preserveDrawingBuffer: true },
    locale: lang === 'sw' ? MAPLIBRE_SW : {},
  }
}

/** One label point per county, inside its polygon (a centroid can fall outside a crescent-shaped county). */
export function countyLabelSource(counties: {
  features: { properties: Record<string, unknown>; geometry: unknown }[]
}): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data: {
      type: 'FeatureCollection',
      features: counties.features.map((f) => ({
        type: 'Feature',
        properties: { name: f.properties.name, region_code: f.properties.region_code },
        geometry: pointOnFeature(f as never).geometry,
      })),
    },
  }
}

/** Names of a small map's own points (airstrips of a route, a report's pin and neighbours) beside their symbols. */
export function pointLabels(
  id: string,
  source: string,
  style: { color: string; size: number; bold?: boolean; filter?: ExpressionSpecification },
): SymbolLayerSpecification {
  return {
    id,
    type: 'symbol',
    source,
    ...(style.filter ? { filter: style.filter } : {}),
    layout: {
      'text-field': ['get', 'name'],
      'text-font': style.bold ? FONT_BOLD : FONT,
      'text-size': style.size,
      'text-anchor': 'left',
      'text-offset': [0.7, 0],
    },
    paint: { 'text-color': style.color, ...HALO },
  }
}

/**
 * Labels, drawn above every data layer. Priority follows the order here (MapLibre places earlier layers first):
 * countries, lakes and seas, then counties, then places by size.
 */
export function labelLayers(): LayerSpecification[] {
  return [
    {
      id: 'bm-country-labels',
      type: 'symbol',
      source: 'basemap',
      filter: ['==', ['get', 'layer'], 'country-label'],
      maxzoom: 9,
      layout: {
        'text-field': ['upcase', ['get', 'name']],
        'text-font': FONT_BOLD,
        'text-size': ['interpolate', ['linear'], ['zoom'], 4, 11, 8, 15],
        'text-letter-spacing': 0.15,
        'text-max-width': 7,
      },
      paint: { 'text-color': '#7d776c', ...HALO },
    },
    {
      id: 'bm-water-labels',
      type: 'symbol',
      source: 'basemap',
      filter: ['in', ['get', 'layer'], ['literal', ['lake-label', 'sea-label']]],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT_ITALIC,
        'text-size': ['interpolate', ['linear'], ['zoom'], 4, 10, 8, 13],
        'text-max-width': 6,
      },
      paint: { 'text-color': WATER_TEXT, 'text-halo-color': 'rgba(255,255,255,0.7)', 'text-halo-width': 1 },
    },
    {
      id: 'county-labels',
      type: 'symbol',
      source: 'county-labels',
      minzoom: 5.6,
      maxzoom: 10,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT_BOLD,
        'text-size': ['interpolate', ['linear'], ['zoom'], 6, 10, 9, 13],
        'text-transform': 'uppercase',
        'text-letter-spacing': 0.08,
        'text-max-width': 8,
      },
      paint: { 'text-color': '#6b6456', ...HALO },
    },
    ...PLACE_RANKS.map(([rank, minPop, maxPop, minzoom, size, font]): LayerSpecification => ({
      id: `place-labels-${rank}`,
      type: 'symbol',
      source: 'places',
      minzoom,
      filter: [
        'all',
        ['>=', ['coalesce', ['get', 'population'], 0], minPop],
        ['<', ['coalesce', ['get', 'population'], 0], maxPop],
      ],
      layout: {
        'symbol-sort-key': ['-', 0, ['coalesce', ['get', 'population'], 0]],
        'text-field': ['get', 'name'],
        'text-font': font,
        'text-size': size,
        'text-anchor': 'left',
        'text-offset': [0.6, 0],
        'text-max-width': 8,
        'icon-image': 'place-dot',
        'text-optional': true,
      },
      paint: { 'text-color': '#222', ...HALO },
    })),
  ]
}
