import { greatCircle } from '@turf/turf'
import { LngLatBounds, Map as MapLibre, NavigationControl, ScaleControl, type GeoJSONSource } from 'maplibre-gl'
import { useEffect, useRef, useState } from 'react'
import { useI18n } from '../i18n/index.tsx'
import { LAND_FILL, labelLayers, pointLabels, smallMapOptions, waterLayers } from '../map/basemap.ts'
import { KENYA } from '../map/home.ts'
import type { FlightDetail } from './api.ts'

// The legs of a request as great-circle lines over the app's offline basemap, with the airstrips and the evidence of
// every factor (incidents near the ends, hot cells the route crosses, the nearest border point, closures, conflicting
// flights). It reads no map layer — only the basemap served with the app and the request itself — so an operator, who
// may read none, sees it too. A factor's "show on map" fits the map to its evidence and rings it.

type Geometry = { type: 'Point'; coordinates: number[] } | { type: 'Polygon'; coordinates: number[][][] }
export interface Focus {
  key: string
  geometries: Geometry[]
}

/** Evidence colours by kind (the legend of the request page). */
export const EVIDENCE_COLOURS: Record<string, string> = {
  airstrip: '#0b3d2e',
  site: '#0b3d2e',
  incident: '#c0392b',
  hot_cell: '#e67e22',
  border: '#6c3483',
  closure: '#7f1d1d',
  flight: '#1f4e79',
}
const ROUTE = '#1f4e79'

type FC = GeoJSON.FeatureCollection
const collection = (features: GeoJSON.Feature[]): FC => ({ type: 'FeatureCollection', features })

/** The route of each leg: the assessment's great circle (densified by PostGIS), else one drawn here. */
function legLines(flight: FlightDetail): FC {
  return collection(
    flight.legs.map((l) => {
      const assessed = flight.assessment?.legs.find((x) => x.seq === l.seq)?.route as GeoJSON.LineString | undefined
      const geometry = assessed ?? greatCircle([l.from.lon, l.from.lat], [l.to.lon, l.to.lat], { npoints: 64 }).geometry
      return { type: 'Feature', properties: { seq: l.seq }, geometry: geometry as GeoJSON.Geometry }
    }),
  )
}

function strips(flight: FlightDetail): FC {
  const seen = new Map<string, GeoJSON.Feature>()
  for (const l of flight.legs)
    for (const p of [l.from, l.to])
      seen.set(`${p.lon},${p.lat}`, {
        type: 'Feature',
        properties: { name: p.ident ?? p.name },
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      })
  return collection([...seen.values()])
}

function evidence(flight: FlightDetail): FC {
  return collection(
    (flight.assessment?.legs ?? []).flatMap((leg) =>
      leg.factors.flatMap((f) =>
        f.evidence
          .filter((e) => e.geometry && e.kind !== 'airstrip' && e.kind !== 'site')
          .map((e): GeoJSON.Feature => ({
            type: 'Feature',
            properties: { kind: e.kind, factor: f.code, leg: leg.seq },
            geometry: e.geometry as GeoJSON.Geometry,
          })),
      ),
    ),
  )
}

function boundsOf(geometries: GeoJSON.Geometry[]): LngLatBounds | null {
  const b = new LngLatBounds()
  const add = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') b.extend(c as [number, number])
    else if (Array.isArray(c)) c.forEach(add)
  }
  for (const g of geometries) if ('coordinates' in g) add(g.coordinates)
  return b.isEmpty() ? null : b
}

export function RouteMap({ flight, focus, label }: { flight: FlightDetail; focus: Focus | null; label: string }) {
  const { lang } = useI18n()
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<MapLibre | null>(null)
  const [ready, setReady] = useState(false)

  useEffect(() => {
    const map = new MapLibre(smallMapOptions(container.current!, lang, { bounds: KENYA, padding: 20 }))
    mapRef.current = map
    // Test and debugging hook, like the main map's window.__ramani.
    ;(window as unknown as { __ramaniFlight?: { map: MapLibre } }).__ramaniFlight = { map }
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right')
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right')
    map.on('load', () => {
      const empty = collection([])
      for (const id of ['legs', 'strips', 'evidence', 'focus']) map.addSource(id, { type: 'geojson', data: empty })
      // Kenya's land from the basemap's Natural Earth outline (the reference layers are not an operator's to read).
      map.addLayer({
        id: 'kenya',
        type: 'fill',
        source: 'basemap',
        filter: ['all', ['==', ['get', 'layer'], 'country'], ['==', ['get', 'name'], 'Kenya']],
        paint: { 'fill-color': LAND_FILL },
      })
      for (const l of waterLayers()) map.addLayer(l)
      map.addLayer({
        id: 'evidence-areas',
        type: 'fill',
        source: 'evidence',
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'fill-color': EVIDENCE_COLOURS.hot_cell!, 'fill-opacity': 0.45, 'fill-outline-color': '#a04000' },
      })
      map.addLayer({
        id: 'legs',
        type: 'line',
        source: 'legs',
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': ROUTE, 'line-width': 3 },
      })
      map.addLayer({
        id: 'evidence-points',
        type: 'circle',
        source: 'evidence',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': 5,
          'circle-color': ['match', ['get', 'kind'], ...Object.entries(EVIDENCE_COLOURS).flat(), '#777'] as never,
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1.5,
        },
      })
      map.addLayer({
        id: 'strips',
        type: 'circle',
        source: 'strips',
        paint: {
          'circle-radius': 6,
          'circle-color': EVIDENCE_COLOURS.airstrip!,
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 2,
        },
      })
      map.addLayer({
        id: 'focus-areas',
        type: 'line',
        source: 'focus',
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'line-color': '#000', 'line-width': 2.5 },
      })
      map.addLayer({
        id: 'focus-points',
        type: 'circle',
        source: 'focus',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': 11,
          'circle-color': 'rgba(0,0,0,0)',
          'circle-stroke-color': '#000',
          'circle-stroke-width': 2.5,
        },
      })
      for (const l of labelLayers()) if (l.id.startsWith('bm-')) map.addLayer(l)
      map.addLayer(pointLabels('strip-labels', 'strips', { color: '#0b3d2e', size: 12, bold: true }))
      setReady(true)
    })
    const resize = new ResizeObserver(() => map.resize())
    resize.observe(container.current!)
    return () => {
      resize.disconnect()
      map.remove()
      mapRef.current = null
    }
    // One map per page: the request's data and the focus are set on it below; the language is the page's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // The request (and its assessment) on the map, which then shows all of it.
  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    const legs = legLines(flight)
    const ev = evidence(flight)
    ;(map.getSource('legs') as GeoJSONSource).setData(legs)
    ;(map.getSource('strips') as GeoJSONSource).setData(strips(flight))
    ;(map.getSource('evidence') as GeoJSONSource).setData(ev)
    const all = boundsOf([...legs.features, ...ev.features].map((f) => f.geometry))
    if (all) map.fitBounds(all, { padding: 30, maxZoom: 9, duration: 0 })
    map.once('idle', () => container.current?.setAttribute('data-ready', 'true'))
  }, [ready, flight])

  // A factor's evidence: ringed, and the map fitted to it.
  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    const geometries = (focus?.geometries ?? []) as GeoJSON.Geometry[]
    ;(map.getSource('focus') as GeoJSONSource).setData(
      collection(geometries.map((geometry) => ({ type: 'Feature', properties: {}, geometry }))),
    )
    const b = boundsOf(geometries)
    container.current?.setAttribute('data-focus', focus?.key ?? '')
    if (b) map.fitBounds(b, { padding: 60, maxZoom: 10, duration: 0 })
  }, [ready, focus])

  return (
    <div
      ref={container}
      className="route-map"
      role="region"
      aria-label={label}
      data-testid="route-map"
      data-legs={flight.legs.length}
    />
  )
}
