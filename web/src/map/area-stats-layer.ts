import { Popup, type Map as MapLibre, type MapLayerMouseEvent } from 'maplibre-gl'
import { AREA_STAT_NO_DATA, classColors } from '../../../contract/area-stats.ts'

// The incident-statistics choropleth on the main map: one GeoJSON source of the areas with the chosen period's figures
// flattened into their properties, a classed fill (colours by the `cls` property, from the same breaks as the legend)
// under the analysis fills and the outlines, and a popup on hover or tap. The panel owns the data; this file only draws.

export const AREA_STATS_SOURCE = 'area-stats'
export const AREA_STATS_LAYER = 'area-stats'
const OUTLINE = 'area-stats-outline'
const TREND = 'area-stats-trend'

/** Trend outlines: a warm edge for a rising series, a cool one for a falling series (the fill keeps the figures). */
export const TREND_COLORS = { increasing: '#d7301f', decreasing: '#0570b0' } as const

/** What each area carries on the map for the period shown (cls null: no figure). */
export interface AreaStatProps {
  code: string
  name: string
  period: string
  events: number | null
  fatalities: number | null
  events_per_100k: number | null
  value: number | null
  cls: number | null
  sources: string
  /** The area's trend across periods when trends are shown (area-trends), else absent. */
  trend?: 'increasing' | 'decreasing' | 'no_trend'
}

export interface AreaStatFeature {
  type: 'Feature'
  id: string
  geometry: Record<string, unknown>
  properties: AreaStatProps
}

const EMPTY = { type: 'FeatureCollection', features: [] }

/** Adds the source and layers once the map's own layers exist (they are added on its load event). */
function whenLoaded(map: MapLibre, then: () => void) {
  if (map.getLayer('counties')) then()
  else map.once('load', then)
}

function install(map: MapLibre) {
  if (map.getSource(AREA_STATS_SOURCE)) return
  map.addSource(AREA_STATS_SOURCE, { type: 'geojson', data: EMPTY as never })
  // Below the hot spot cells and every collection layer: points and roads stay readable on the fill.
  const before = map.getLayer('hotspots') ? 'hotspots' : undefined
  map.addLayer(
    {
      id: AREA_STATS_LAYER,
      type: 'fill',
      source: AREA_STATS_SOURCE,
      layout: { visibility: 'none' },
      paint: { 'fill-color': AREA_STAT_NO_DATA, 'fill-opacity': 0.75 },
    },
    before,
  )
  map.addLayer(
    {
      id: OUTLINE,
      type: 'line',
      source: AREA_STATS_SOURCE,
      layout: { visibility: 'none' },
      paint: { 'line-color': '#4a4a4a', 'line-width': 0.6, 'line-opacity': 0.6 },
    },
    before,
  )
  map.addLayer(
    {
      id: TREND,
      type: 'line',
      source: AREA_STATS_SOURCE,
      layout: { visibility: 'none' },
      filter: ['in', ['get', 'trend'], ['literal', ['increasing', 'decreasing']]],
      paint: {
        'line-color': ['match', ['get', 'trend'], 'increasing', TREND_COLORS.increasing, TREND_COLORS.decreasing],
        'line-width': 3,
      },
    },
    before,
  )
}

/** Draws the areas with their classes (`classes` = how many the breaks make), or hides the layer (features null). */
export function showAreaStats(map: MapLibre, features: AreaStatFeature[] | null, classes: number) {
  whenLoaded(map, () => {
    install(map)
    const source = map.getSource(AREA_STATS_SOURCE) as unknown as { setData(d: unknown): void }
    source.setData(features ? { type: 'FeatureCollection', features } : EMPTY)
    const colors = classColors(classes)
    map.setPaintProperty(
      AREA_STATS_LAYER,
      'fill-color',
      (colors.length
        ? ['match', ['coalesce', ['get', 'cls'], -1], ...colors.flatMap((c, i) => [i, c]), AREA_STAT_NO_DATA]
        : AREA_STAT_NO_DATA) as never,
    )
    for (const id of [AREA_STATS_LAYER, OUTLINE, TREND])
      map.setLayoutProperty(id, 'visibility', features ? 'visible' : 'none')
  })
}

/**
 * A popup with an area's figures while the pointer is over it, or after a tap (no hover on a phone). `describe` writes
 * its lines in the current language. Returns the function that removes the handlers.
 */
export function areaStatsPopup(map: MapLibre, describe: (p: AreaStatProps) => string[]): () => void {
  const popup = new Popup({ closeButton: false, closeOnClick: false, maxWidth: '280px', className: 'area-stats-popup' })
  const show = (e: MapLayerMouseEvent) => {
    const hit = e.features?.[0]
    if (!hit) return
    const el = document.createElement('div')
    el.dataset.testid = 'area-stats-popup'
    describe(hit.properties as AreaStatProps).forEach((line, i) => {
      const row = document.createElement(i === 0 ? 'strong' : 'div')
      row.textContent = line
      el.append(row)
    })
    popup.setLngLat(e.lngLat).setDOMContent(el).addTo(map)
  }
  const hide = () => popup.remove()
  let attached = false
  whenLoaded(map, () => {
    install(map)
    map.on('mousemove', AREA_STATS_LAYER, show)
    map.on('click', AREA_STATS_LAYER, show)
    map.on('mouseleave', AREA_STATS_LAYER, hide)
    attached = true
  })
  return () => {
    hide()
    if (!attached) return
    map.off('mousemove', AREA_STATS_LAYER, show)
    map.off('click', AREA_STATS_LAYER, show)
    map.off('mouseleave', AREA_STATS_LAYER, hide)
  }
}
