import { Map as MapLibre, Marker, NavigationControl, type GeoJSONSource } from 'maplibre-gl'
import { useEffect, useRef, useState } from 'react'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import { LAND_FILL, labelLayers, pointLabels, smallMapOptions, waterLayers } from '../map/basemap.ts'
import { KENYA } from '../map/home.ts'
import { POINT_COLORS, type MapPoint } from './map-points.ts'

// A small map over the app's offline basemap, for the report pages (a lazy chunk: the form and the queue render
// first). On the public form a tap places the pin and dragging moves it; on the moderation page it shows a report
// with the reports and incidents around it. Kenya's counties are not public, so the form's map has the basemap and
// the gazetteer places of the chosen county.

interface Props {
  pin: { lon: number; lat: number } | null
  /** Given: a tap places the pin and the pin can be dragged. */
  onPin?(p: { lon: number; lat: number }): void
  points?: MapPoint[]
  /** The map's accessible name. */
  label: MessageKey
}

const EMPTY = { type: 'FeatureCollection', features: [] } as const

function collection(points: MapPoint[]) {
  return {
    type: 'FeatureCollection' as const,
    features: points.map((p) => ({
      type: 'Feature' as const,
      id: p.id,
      properties: { kind: p.kind, name: p.label ?? '' },
      geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
    })),
  }
}

export default function ReportMap({ pin, onPin, points = [], label }: Props) {
  const { t, lang } = useI18n()
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<MapLibre | null>(null)
  const markerRef = useRef<Marker | null>(null)
  const onPinRef = useRef(onPin)
  onPinRef.current = onPin
  const [ready, setReady] = useState(false)

  useEffect(() => {
    const map = new MapLibre(smallMapOptions(container.current!, lang, { bounds: KENYA, padding: 10 }))
    mapRef.current = map
    // Test and debugging hook, like the main map's window.__ramani.
    ;(window as unknown as { __ramaniReportMap?: { map: MapLibre } }).__ramaniReportMap = { map }
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right')
    map.on('load', () => {
      // Kenya in the main map's land colour (there it comes from the county outlines, which are not public).
      map.addLayer({
        id: 'kenya',
        type: 'fill',
        source: 'basemap',
        filter: ['all', ['==', ['get', 'layer'], 'country'], ['==', ['get', 'name'], 'Kenya']],
        paint: { 'fill-color': LAND_FILL },
      })
      for (const l of waterLayers()) map.addLayer(l)
      map.addSource('points', { type: 'geojson', data: EMPTY as never })
      map.addLayer({
        id: 'points',
        type: 'circle',
        source: 'points',
        paint: {
          'circle-radius': ['match', ['get', 'kind'], 'report', 8, 'place', 4, 6],
          'circle-color': ['match', ['get', 'kind'], ...Object.entries(POINT_COLORS).flat(), '#888'] as never,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      })
      // Only the basemap's own labels: the county and town label layers read sources the public page does not have.
      for (const l of labelLayers().filter((l) => 'source' in l && l.source === 'basemap')) map.addLayer(l)
      map.addLayer(
        pointLabels('point-labels', 'points', { color: '#222', size: 11, filter: ['!=', ['get', 'name'], ''] }),
      )
      setReady(true)
    })
    map.on('click', (e) => onPinRef.current?.({ lon: e.lngLat.lng, lat: e.lngLat.lat }))
    return () => map.remove()
    // One map per form: the pin and points are set on it below; its controls speak the language it opened in.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    ;(map.getSource('points') as GeoJSONSource).setData(collection(points) as never)
    const all = [...points, ...(pin ? [pin] : [])]
    if (!all.length) return
    const lons = all.map((p) => p.lon),
      lats = all.map((p) => p.lat)
    // About 10 km around: the distance within which the moderation page looks for nearby reports and incidents.
    map.fitBounds(
      [
        [Math.min(...lons) - 0.1, Math.min(...lats) - 0.1],
        [Math.max(...lons) + 0.1, Math.max(...lats) + 0.1],
      ],
      { padding: 24, maxZoom: 12, duration: 0 },
    )
    // Only when the points change: moving the pin must not move the map under the finger.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, points])

  useEffect(() => {
    const map = mapRef.current
    if (!map) return
    if (!pin) {
      markerRef.current?.remove()
      markerRef.current = null
      return
    }
    if (!markerRef.current) {
      const marker = new Marker({ color: POINT_COLORS.report, draggable: Boolean(onPinRef.current) })
      marker.on('dragend', () => {
        const p = marker.getLngLat()
        onPinRef.current?.({ lon: p.lng, lat: p.lat })
      })
      markerRef.current = marker.setLngLat([pin.lon, pin.lat]).addTo(map)
    } else markerRef.current.setLngLat([pin.lon, pin.lat])
    container.current?.setAttribute('data-pin', `${pin.lat.toFixed(5)},${pin.lon.toFixed(5)}`)
  }, [pin])

  return <div ref={container} className="report-map" role="region" aria-label={t(label)} />
}
