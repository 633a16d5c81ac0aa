import {
  AttributionControl,
  Map as MapLibre,
  NavigationControl,
  Popup,
  ScaleControl,
  type MapGeoJSONFeature,
  type VectorTileSource,
} from 'maplibre-gl'
import { useEffect, useMemo, useRef, useState } from 'react'
import { type Feature, type FeatureCollection, type Meta } from '../api/client.ts'
import { fetchPlaces } from '../api/places.ts'
import { fetchResource, invalidate } from '../api/resource.ts'
import { useI18n } from '../i18n/index.tsx'
import { filterQuery, type Filters } from '../state/filters.ts'
import { select, useView, useViewStore } from '../state/view.ts'
import { FADE_MS, LAND_FILL, MAPLIBRE_SW, baseStyle, countyLabelSource, labelLayers, waterLayers } from './basemap.ts'
import { HOTSPOT_BINS, TREND_COLORS, monthInterval } from './incidents.ts'
import {
  LAYERS,
  iconName,
  isCollectionLayer,
  layerIds,
  styleLayers,
  type CollectionId,
  type LayerDef,
} from './layers.ts'
import { KENYA, type Bounds } from './home.ts'
import { SHAPES, sdfImage } from './symbols.ts'
import { listItems, onQueueChange, pending } from '../offline/queue.ts'
import { pendingFilter, pendingLayer, pendingLayerId } from './pending.ts'
import { mergedRoadLines, mergedRoadPopup } from './merged.ts'

export interface Reference {
  counties: FeatureCollection
  regions: FeatureCollection
}

interface Props {
  meta: Meta
  reference: Reference
  /** The incidents of the current filters and month, for the hexagons. */
  incidentPoints: Feature[]
  /** Gi* cells when the hot spot view is on. */
  hotspots: FeatureCollection | null
  /** Where the map opens when the link names no view: the user's area. */
  home?: Bounds
}

/** Drawing order: outlines under lines under points; incidents on top. */
const ORDER: Record<string, number> = {
  counties: 0,
  regions: 1,
  roads: 2,
  admin_units: 3,
  facilities: 4,
  airstrips: 5,
  border_posts: 6,
  community_structures: 7,
  incidents: 8,
}

/** A town's dot: dark with a white ring, 10 px. */
function placeDot() {
  const size = 20,
    data = new Uint8Array(size * size * 4)
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2)
      const i = (y * size + x) * 4
      const v = d < 5 ? 40 : 255
      data[i] = data[i + 1] = data[i + 2] = v
      data[i + 3] = Math.round(255 * Math.max(0, Math.min(1, 8 - d)))
    }
  return { width: size, height: size, data }
}

export function tileUrl(
  def: LayerDef & { id: CollectionId },
  meta: Meta,
  filters: Filters,
  extra: Record<string, string>,
) {
  const q = filterQuery(def.id, filters, {
    v: String(meta.versions[def.id] ?? 0),
    ...(def.id === 'incidents' ? extra : {}),
  })
  return `${window.location.origin}/tiles/${def.id}/{z}/{x}/{y}.mvt?${q}`
}

/**
 * The map: sources and layers from the layer definitions; visibility, opacity, filters and selection follow the view
 * store (state/view.ts), and the camera and clicks are written back to it.
 */
export function MapView(props: Props) {
  const { meta, reference, incidentPoints, hotspots } = props
  const store = useViewStore()
  const layers = useView((s) => s.defs)
  const state = useView((s) => s.layers)
  const filters = useView((s) => s.filters)
  const incidentMode = useView((s) => s.incidentMode)
  const selection = useView((s) => s.selection)
  const month = useView((s) => s.month)
  /** Extra query for incidents: the time slider's month. */
  const incidentQuery = useMemo(
    (): Record<string, string> => (month ? { datetime: monthInterval(month) } : {}),
    [month],
  )
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<MapLibre | null>(null)
  // deck.gl arrives with the first density view (a lazy chunk); the overlay is made once and then only updated.
  const overlayRef = useRef<{ setProps(p: { layers: unknown[] }): void } | null>(null)
  const densityRef = useRef<Promise<typeof import('./density.ts')> | null>(null)
  const [ready, setReady] = useState(false)
  const { t, v, num, lang } = useI18n()
  const attributionRef = useRef<AttributionControl | null>(null)

  useEffect(() => {
    const v = store.get().initialView
    const map = new MapLibre({
      container: container.current!,
      style: baseStyle(meta.basemapUrl),
      ...(v
        ? { center: [v.lon, v.lat] as [number, number], zoom: v.zoom }
        : { bounds: props.home ?? KENYA, fitBoundsOptions: { padding: 20 } }),
      attributionControl: false,
      fadeDuration: FADE_MS,
      canvasContextAttributes: { preserveDrawingBuffer: true },
      locale: lang === 'sw' ? MAPLIBRE_SW : {},
    })
    mapRef.current = map
    ;(window as unknown as { __ramani?: { map: MapLibre } }).__ramani = { map }
    map.addControl(new NavigationControl({ visualizePitch: false }), 'top-right')
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right')
    map.on('load', () => {
      for (const shape of SHAPES) map.addImage(iconName(shape), sdfImage(shape), { sdf: true, pixelRatio: 2 })
      map.addImage('place-dot', placeDot(), { pixelRatio: 2 })
      map.addSource('counties', { type: 'geojson', data: reference.counties as never })
      map.addSource('regions', { type: 'geojson', data: reference.regions as never })
      for (const def of layers) {
        if (def.source === 'tiles' && isCollectionLayer(def))
          map.addSource(def.id, {
            type: 'vector',
            tiles: [tileUrl(def, meta, filters, incidentQuery)],
            minzoom: 0,
            maxzoom: 14,
          })
        if (def.source === 'api') {
          map.addSource(def.id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
          // A layer of its own route, read afresh when the map opens (it has no data version to tell it moved); the
          // server checks the role and area again.
          invalidate(def.url!)
          fetchResource<FeatureCollection>(def.url!).then(
            (fc) => (map.getSource(def.id) as unknown as { setData(d: unknown): void }).setData(fc),
            () => undefined,
          )
        }
      }
      map.addLayer({ id: 'land', type: 'fill', source: 'counties', paint: { 'fill-color': LAND_FILL } })
      for (const l of waterLayers()) map.addLayer(l)
      map.addSource('hotspots', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
      map.addLayer({
        id: 'hotspots',
        type: 'fill',
        source: 'hotspots',
        filter: ['!=', ['get', 'bin'], 0],
        paint: {
          'fill-color': ['match', ['get', 'bin'], ...HOTSPOT_BINS.flat(), '#ffffff'] as never,
          'fill-opacity': 0.75,
          'fill-outline-color': 'rgba(255,255,255,0.6)',
        },
      })
      map.addLayer({
        id: 'hotspot-trends',
        type: 'fill',
        source: 'hotspots',
        filter: ['in', ['coalesce', ['get', 'trend'], ''], ['literal', TREND_COLORS.map(([k]) => k)]],
        paint: {
          'fill-color': ['match', ['coalesce', ['get', 'trend'], ''], ...TREND_COLORS.flat(), 'rgba(0,0,0,0)'] as never,
          'fill-opacity': 0.8,
          'fill-outline-color': 'rgba(255,255,255,0.6)',
        },
      })
      for (const def of [...layers].sort((a, b) => (ORDER[a.id] ?? 9) - (ORDER[b.id] ?? 9))) {
        for (const l of styleLayers(def, 1)) map.addLayer(l)
        if (def.id !== 'counties' && def.id !== 'regions' && isCollectionLayer(def)) {
          const sourceLayer = def.source === 'tiles' ? { 'source-layer': def.id } : {}
          map.addLayer(
            def.kind === 'line'
              ? {
                  id: `${def.id}-selected`,
                  type: 'line',
                  source: def.id,
                  ...sourceLayer,
                  filter: ['==', ['id'], -1],
                  paint: { 'line-color': '#000', 'line-width': 8, 'line-opacity': 0.35 },
                }
              : {
                  id: `${def.id}-selected`,
                  type: 'circle',
                  source: def.id,
                  ...sourceLayer,
                  filter: ['==', ['id'], -1],
                  paint: {
                    'circle-radius': 11,
                    'circle-color': 'rgba(0,0,0,0)',
                    'circle-stroke-color': '#000',
                    'circle-stroke-width': 3,
                  },
                },
          )
        }
      }
      for (const def of layers) if (def.source === 'tiles') map.addLayer(pendingLayer(def))
      map.addSource('county-labels', countyLabelSource(reference.counties))
      map.addSource('places', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
      for (const l of labelLayers()) map.addLayer(l)
      fetchPlaces().then(
        (places) => (map.getSource('places') as unknown as { setData(d: unknown): void }).setData(places),
        () => undefined,
      )
      setReady(true)
      map.once('idle', () => container.current?.setAttribute('data-ready', 'true'))
    })
    const moved = () => {
      const c = map.getCenter()
      store.set({ view: { zoom: map.getZoom(), lat: c.lat, lon: c.lng } })
    }
    map.on('moveend', moved)
    store.set({ map })
    return () => {
      store.set({ map: null })
      map.remove()
    }
    // The map is created once; everything else is applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // Credits in the current language.
  useEffect(() => {
    const map = mapRef.current
    if (!map) return
    if (attributionRef.current) map.removeControl(attributionRef.current)
    attributionRef.current = new AttributionControl({ compact: true, customAttribution: meta.attribution[lang] })
    map.addControl(attributionRef.current, 'bottom-right')
    // Keyed on the text: a refreshed meta with the same credits must not rebuild the control.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang, meta.attribution[lang].join('|')])

  // Visibility and opacity.
  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    for (const def of layers) {
      const s = state[def.id]
      if (!s) continue
      for (const l of styleLayers(def, s.opacity)) {
        if (!map.getLayer(l.id)) continue
        // Incidents: the symbols in points mode, the heatmap in its mode, neither under deck.gl's or the hot spots.
        const inMode = def.id !== 'incidents' || incidentMode === (l.type === 'heatmap' ? 'heatmap' : 'points')
        map.setLayoutProperty(l.id, 'visibility', s.visible && inMode ? 'visible' : 'none')
        for (const [k, v] of Object.entries((l as { paint?: Record<string, unknown> }).paint ?? {})) {
          if (k.endsWith('opacity')) map.setPaintProperty(l.id, k as never, v as never)
        }
      }
    }
  }, [ready, state, layers, incidentMode])

  // Filters and data versions: new tile URLs, so nothing stale is shown.
  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    for (const def of layers.filter(isCollectionLayer)) {
      if (def.source !== 'tiles') continue
      const src = map.getSource(def.id) as VectorTileSource | undefined
      const url = tileUrl(def, meta, filters, incidentQuery)
      if (src && src.tiles?.[0] !== url) src.setTiles([url])
    }
  }, [ready, layers, meta, filters, incidentQuery])

  // Incident hexagons (deck.gl).
  useEffect(() => {
    const map = mapRef.current
    const s = state.incidents
    const wanted = Boolean(s?.visible) && incidentMode === 'hexagons'
    if (!map || (!wanted && !overlayRef.current)) return
    let stale = false
    densityRef.current ??= import('./density.ts')
    densityRef.current.then((deck) => {
      if (stale) return
      if (!overlayRef.current) {
        const overlay = new deck.MapboxOverlay({ interleaved: false, layers: [] })
        map.addControl(overlay)
        overlayRef.current = overlay as never
      }
      overlayRef.current!.setProps({
        layers: wanted ? deck.densityLayers(incidentMode, incidentPoints, s!.opacity) : [],
      })
    })
    return () => {
      stale = true
    }
  }, [incidentMode, incidentPoints, state.incidents])

  // Gi* hot spot cells.
  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    ;(map.getSource('hotspots') as unknown as { setData(d: unknown): void }).setData(
      hotspots ?? { type: 'FeatureCollection', features: [] },
    )
    const on = Boolean(hotspots && state.incidents?.visible)
    const trends = Boolean(hotspots?.features.some((f) => 'trend' in f.properties))
    map.setLayoutProperty('hotspots', 'visibility', on && !trends ? 'visible' : 'none')
    map.setLayoutProperty('hotspot-trends', 'visibility', on && trends ? 'visible' : 'none')
  }, [ready, hotspots, state.incidents])

  // Pending badges: assets with edits or assessments queued on this device (each badge layer's filter, no new layers).
  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    let stale = false
    const tiled = layers.filter((l) => l.source === 'tiles')
    const refresh = () =>
      listItems().then(
        (items) => {
          if (stale) return
          const marked = pending(items)
          for (const def of tiled) {
            const { filter, visibility } = pendingFilter(
              marked.filter((i) => i.collection === def.id).map((i) => i.assetId),
            )
            map.setFilter(pendingLayerId(def), filter)
            map.setLayoutProperty(pendingLayerId(def), 'visibility', visibility)
          }
          const shown = marked.filter((i) => tiled.some((l) => l.id === i.collection))
          container.current?.setAttribute('data-pending', String(shown.length))
        },
        () => undefined,
      )
    void refresh()
    const off = onQueueChange(() => void refresh())
    return () => {
      stale = true
      off()
    }
  }, [ready, layers])

  // Selection highlight.
  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    for (const def of layers) {
      const id = `${def.id}-selected`
      if (!map.getLayer(id)) continue
      const match = selection?.collection === def.id ? Number(selection.id) : -1
      map.setFilter(id, ['==', ['id'], match])
    }
  }, [ready, layers, selection])

  // Clicks select the feature under the pointer.
  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    const selectable = layers.filter(isCollectionLayer)
    const clickable = selectable.filter((d) => d.id !== 'counties' && d.id !== 'regions').flatMap(layerIds)
    const byLayer = new Map(selectable.flatMap((d) => layerIds(d).map((id) => [id, d.id] as const)))
    const onClick = (e: { point: { x: number; y: number }; originalEvent?: MouseEvent }) => {
      if ((map as unknown as { _ramaniTool?: boolean })._ramaniTool) return
      const box: [[number, number], [number, number]] = [
        [e.point.x - 5, e.point.y - 5],
        [e.point.x + 5, e.point.y + 5],
      ]
      const hits: MapGeoJSONFeature[] = map.queryRenderedFeatures(box, {
        layers: clickable.filter((id) => map.getLayer(id)),
      })
      const hit = hits.find((h) => h.id !== undefined)
      select(store, hit ? { collection: byLayer.get(hit.layer.id)!, id: hit.id! } : null)
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
  }, [ready, layers, store])

  // Merged road lines (no id) say what they stand for and offer to zoom in; a road with an id is selected as before.
  useEffect(() => {
    const map = mapRef.current
    const roads = layers.find((d) => d.id === 'roads')
    if (!map || !ready || !roads) return
    const wording = {
      segments: (n: number) => (n === 1 ? t('map.merged.segment') : t('map.merged.segments').replace('{n}', num(n))),
      value: v,
      securityRoad: t('prop.is_security_road'),
      hint: t('map.merged.hint'),
    }
    return mergedRoadPopup(map, layerIds(roads), (p) => mergedRoadLines(p, wording), t('map.merged.zoom'))
  }, [ready, layers, t, v, num])

  // Layers of their own route (community structures) are not items: a click shows what they are in a popup, as text.
  useEffect(() => {
    const map = mapRef.current
    if (!map || !ready) return
    const ids = layers
      .filter((d) => !isCollectionLayer(d))
      .flatMap(layerIds)
      .filter((id) => map.getLayer(id) && !id.endsWith('-outlines'))
    if (!ids.length) return
    const popup = new Popup({ maxWidth: '260px' })
    const onClick = (e: { point: { x: number; y: number }; lngLat: { lng: number; lat: number } }) => {
      const hit = map.queryRenderedFeatures([e.point.x, e.point.y], { layers: ids })[0]
      if (!hit) return
      const el = document.createElement('div')
      el.className = 'structure-popup'
      const name = document.createElement('strong')
      name.textContent = String(hit.properties.name)
      const about = document.createElement('div')
      about.textContent = `${v(hit.properties.kind)} · ${t('community.contact')}: ${String(hit.properties.contact_role)}`
      el.append(name, about)
      popup.setLngLat(e.lngLat).setDOMContent(el).addTo(map)
    }
    map.on('click', onClick)
    return () => {
      map.off('click', onClick)
      popup.remove()
    }
  }, [ready, layers, t, v])

  return <div ref={container} className="map" role="region" aria-label={t('map.label')} />
}

export { LAYERS }
