import { pointOnFeature } from '@turf/turf'
import { AttributionControl, Map as MapLibre, Marker, NavigationControl, ScaleControl, type MapGeoJSONFeature } from 'maplibre-gl'
import { useEffect, useRef, useState } from 'react'
import { allItems, type Meta } from '../api/client.ts'
import { useI18n } from '../i18n/index.tsx'
import { LAND_FILL, baseStyle } from './basemap.ts'
import { LAYERS, layerIds, styleLayers, type CollectionId, type LayerDef } from './layers.ts'

export interface LayerState {
  visible: boolean
  opacity: number
}

export interface Selection {
  collection: CollectionId
  id: string | number
}

interface Props {
  meta: Meta
  layers: LayerDef[]
  state: Record<string, LayerState>
  onSelect(sel: Selection | null): void
}

const KENYA: [[number, number], [number, number]] = [[33.9, -4.75], [41.95, 5.1]]

/** The map: sources and layers from the layer definitions; visibility and opacity follow `state`. */
export function MapView({ meta, layers, state, onSelect }: Props) {
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<MapLibre | null>(null)
  const [ready, setReady] = useState(false)
  const { t } = useI18n()

  useEffect(() => {
    const map = new MapLibre({
      container: container.current!,
      style: baseStyle(meta.basemapUrl),
      bounds: KENYA,
      fitBoundsOptions: { padding: 20 },
      attributionControl: false,
      canvasContextAttributes: { preserveDrawingBuffer: true },
    })
    mapRef.current = map
    ;(window as unknown as { __ramani?: { map: MapLibre } }).__ramani = { map }
    map.addControl(new NavigationControl({ visualizePitch: false }), 'top-right')
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right')
    map.addControl(new AttributionControl({ compact: true, customAttribution: meta.attribution }), 'bottom-right')
    map.on('load', async () => {
      const origin = window.location.origin
      for (const def of layers) {
        if (def.source === 'tiles') {
          map.addSource(def.id, { type: 'vector', tiles: [`${origin}/tiles/${def.id}/{z}/{x}/{y}.mvt?v=${meta.versions[def.id] ?? 0}`], minzoom: 0, maxzoom: 14 })
        } else {
          map.addSource(def.id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
        }
      }
      map.addLayer({ id: 'land', type: 'fill', source: 'counties', paint: { 'fill-color': LAND_FILL } })
      for (const def of [...layers].sort((a, b) => order(a) - order(b))) for (const l of styleLayers(def, 1)) map.addLayer(l)
      setReady(true)
      const [counties, regions] = await Promise.all([allItems('counties'), allItems('regions')])
      ;(map.getSource('counties') as unknown as { setData(d: unknown): void }).setData(counties)
      ;(map.getSource('regions') as unknown as { setData(d: unknown): void }).setData(regions)
      for (const f of counties.features) {
        const el = document.createElement('div')
        el.className = 'county-label'
        el.textContent = String(f.properties.name)
        new Marker({ element: el, anchor: 'center' }).setLngLat(pointOnFeature(f as never).geometry.coordinates as [number, number]).addTo(map)
      }
      container.current?.setAttribute('data-ready', 'true')
    })
    const labelsByZoom = () => container.current?.classList.toggle('labels-on', map.getZoom() >= 5.8)
    map.on('zoomend', labelsByZoom)
    map.on('load', labelsByZoom)
    return () => map.remove()
    // The map is created once; layer state is applied by the effect below.
  }, [])

  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    for (const def of layers) {
      const s = state[def.id]
      if (!s) continue
      for (const l of styleLayers(def, s.opacity)) {
        if (!map.getLayer(l.id)) continue
        map.setLayoutProperty(l.id, 'visibility', s.visible ? 'visible' : 'none')
        for (const [k, v] of Object.entries((l as { paint?: Record<string, unknown> }).paint ?? {})) {
          if (k.endsWith('opacity')) map.setPaintProperty(l.id, k as never, v as never)
        }
      }
    }
  }, [ready, state, layers])

  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    const clickable = layers.filter((d) => d.id !== 'counties' && d.id !== 'regions').flatMap(layerIds)
    const byLayer = new Map(layers.flatMap((d) => layerIds(d).map((id) => [id, d.id] as const)))
    const onClick = (e: { point: { x: number; y: number } }) => {
      const box: [[number, number], [number, number]] = [[e.point.x - 5, e.point.y - 5], [e.point.x + 5, e.point.y + 5]]
      const hits: MapGeoJSONFeature[] = map.queryRenderedFeatures(box, { layers: clickable.filter((id) => map.getLayer(id)) })
      const hit = hits.find((h) => h.id !== undefined)
      onSelect(hit ? { collection: byLayer.get(hit.layer.id)!, id: hit.id! } : null)
    }
    const pointer = () => (map.getCanvas().style.cursor = 'pointer')
    const plain = () => (map.getCanvas().style.cursor = '')
    map.on('click', onClick)
    for (const id of clickable) {
      map.on('mouseenter', id, pointer)
      map.on('mouseleave', id, plain)
    }
    return () => {
      map.off('click', onClick)
      for (const id of clickable) {
        map.off('mouseenter', id, pointer)
        map.off('mouseleave', id, plain)
      }
    }
  }, [ready, layers, onSelect])

  return <div ref={container} className="map" role="region" aria-label={t('map.label')} />
}

/** Drawing order: polygons' outlines under lines under points; incidents on top. */
function order(def: LayerDef): number {
  return { counties: 0, regions: 1, roads: 2, admin_units: 3, facilities: 4, airstrips: 5, border_posts: 6, incidents: 7 }[def.id] ?? 9
}
