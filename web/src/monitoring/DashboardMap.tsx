import { Map as MapLibre, NavigationControl } from 'maplibre-gl'
import { useEffect, useRef, useState } from 'react'
import type { FeatureCollection } from '../api/client.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import { LAND_FILL, countyLabelSource, smallMapOptions } from '../map/basemap.ts'
import { KENYA } from '../map/home.ts'
import { HOTSPOT_BINS } from '../map/incidents.ts'
import type { Reference } from '../map/MapView.tsx'

// The dashboard's own small map: the region's counties and the Gi* hot and cold spots of the quarter, with the same
// colours as the main map's hot spot view (one table, HOTSPOT_BINS, for both and for the legend).

interface Props {
  reference: Reference
  region: string
  bbox: [number, number, number, number] | null
  /** Gi* cells of the region and quarter; null while loading or when the role may not run analyses. */
  hotspots: FeatureCollection | null
}

export function DashboardMap({ reference, region, bbox, hotspots }: Props) {
  const { t, lang } = useI18n()
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<MapLibre | null>(null)
  const [ready, setReady] = useState(false)

  useEffect(() => {
    const options = smallMapOptions(container.current!, lang, {
      bounds: bbox
        ? [
            [bbox[0], bbox[1]],
            [bbox[2], bbox[3]],
          ]
        : KENYA,
      padding: 16,
    })
    const map = new MapLibre({
      ...options,
      // The map sits in a scrolling page: the wheel scrolls the page, Ctrl/⌘ + wheel (two fingers on a phone) zooms.
      cooperativeGestures: true,
      locale: {
        ...options.locale,
        'CooperativeGesturesHandler.WindowsHelpText': t('dash.map.zoomWindows'),
        'CooperativeGesturesHandler.MacHelpText': t('dash.map.zoomMac'),
        'CooperativeGesturesHandler.MobileHelpText': t('dash.map.zoomMobile'),
      },
    })
    mapRef.current = map
    // Test and debugging hook, like the main map's window.__ramani.
    ;(window as unknown as { __ramaniDashboard?: { map: MapLibre } }).__ramaniDashboard = { map }
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right')
    map.on('load', () => {
      map.addSource('counties', { type: 'geojson', data: reference.counties as never })
      map.addSource('hotspots', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
      map.addLayer({ id: 'land', type: 'fill', source: 'counties', paint: { 'fill-color': LAND_FILL } })
      map.addLayer({
        id: 'outside',
        type: 'fill',
        source: 'counties',
        filter: ['!=', ['get', 'region_code'], region],
        paint: { 'fill-color': '#e4e7e3' },
      })
      map.addLayer({
        id: 'dash-hotspots',
        type: 'fill',
        source: 'hotspots',
        filter: ['!=', ['get', 'bin'], 0],
        paint: {
          'fill-color': ['match', ['get', 'bin'], ...HOTSPOT_BINS.flat(), '#ffffff'] as never,
          'fill-opacity': 0.8,
          'fill-outline-color': 'rgba(255,255,255,0.5)',
        },
      })
      map.addLayer({
        id: 'county-lines',
        type: 'line',
        source: 'counties',
        paint: { 'line-color': '#6d6657', 'line-width': 0.8 },
      })
      map.addLayer({
        id: 'region-line',
        type: 'line',
        source: 'counties',
        filter: ['==', ['get', 'region_code'], region],
        paint: { 'line-color': '#2b2b2b', 'line-width': 1.4 },
      })
      map.addSource('county-labels', countyLabelSource(reference.counties))
      map.addLayer({
        id: 'dash-county-labels',
        type: 'symbol',
        source: 'county-labels',
        filter: ['==', ['get', 'region_code'], region],
        layout: {
          'text-field': ['get', 'name'],
          'text-font': ['Noto Sans Bold'],
          'text-size': 10,
          'text-transform': 'uppercase',
          'text-max-width': 7,
        },
        paint: { 'text-color': '#4f493e', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.2 },
      })
      setReady(true)
    })
    // The card's width follows the window (and the phone layout): keep the map filling it, the region in view.
    const resize = new ResizeObserver(() => {
      map.resize()
      if (bbox)
        map.fitBounds(
          [
            [bbox[0], bbox[1]],
            [bbox[2], bbox[3]],
          ],
          { padding: 16, duration: 0 },
        )
    })
    resize.observe(container.current!)
    return () => {
      resize.disconnect()
      map.remove()
      mapRef.current = null
    }
    // One map per region: the parent remounts this component (key) when the region changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    ;(map.getSource('hotspots') as unknown as { setData(d: unknown): void }).setData(
      hotspots ?? { type: 'FeatureCollection', features: [] },
    )
    if (hotspots) map.once('idle', () => container.current?.setAttribute('data-ready', 'true'))
  }, [ready, hotspots])

  useEffect(() => {
    if (ready && bbox)
      mapRef.current?.fitBounds(
        [
          [bbox[0], bbox[1]],
          [bbox[2], bbox[3]],
        ],
        { padding: 16, duration: 0 },
      )
  }, [ready, bbox])

  return (
    <div className="dash-map-wrap">
      <div
        ref={container}
        className="dash-map"
        role="region"
        aria-label={t('dash.hotspotMap')}
        data-testid="dashboard-map"
      />
      <ul className="hotspot-legend dash-legend" aria-label={t('legend.title')}>
        {HOTSPOT_BINS.map(([bin, color]) => (
          <li key={bin}>
            <span className="swatch square" style={{ '--c': color } as React.CSSProperties} aria-hidden="true" />
            {t(`hotspots.bin.${bin}` as MessageKey)}
          </li>
        ))}
      </ul>
    </div>
  )
}
