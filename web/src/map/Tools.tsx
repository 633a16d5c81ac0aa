import { area, booleanIntersects, booleanPointInPolygon, length, lineString, polygon } from '@turf/turf'
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl'
import { useEffect, useState } from 'react'
import { allItems, type Meta } from '../api/client.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import { mapPng } from './export.ts'
import { isCollectionLayer, layerIds, legendEntries, type LayerDef } from './layers.ts'
import { FILTER_KEYS, filterQuery, layerKey } from '../state/filters.ts'
import { useView } from '../state/view.ts'

type Tool = 'none' | 'distance' | 'area' | 'select'

interface Summary {
  layer: LayerDef
  total: number
  byStatus: [string, number][]
}

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

/** Measure distance and area, select what a drawn polygon holds, export the view as PNG (layer data: the export menu, from the server). */
export function Tools({ meta }: { meta: Meta }) {
  const { t, v, num, lang } = useI18n()
  const map = useView((s) => s.map)
  const layers = useView((s) => s.defs)
  const state = useView((s) => s.layers)
  const filters = useView((s) => s.filters)
  const [tool, setTool] = useState<Tool>('none')
  const [points, setPoints] = useState<[number, number][]>([])
  const [summary, setSummary] = useState<Summary[] | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!map) return
    const ensure = () => {
      if (map.getSource('tool')) return
      map.addSource('tool', { type: 'geojson', data: EMPTY })
      map.addLayer({
        id: 'tool-fill',
        type: 'fill',
        source: 'tool',
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'fill-color': '#0072B2', 'fill-opacity': 0.12 },
      })
      map.addLayer({
        id: 'tool-line',
        type: 'line',
        source: 'tool',
        paint: { 'line-color': '#0072B2', 'line-width': 2.5, 'line-dasharray': [2, 1] },
      })
      map.addLayer({
        id: 'tool-points',
        type: 'circle',
        source: 'tool',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': 4,
          'circle-color': '#fff',
          'circle-stroke-color': '#0072B2',
          'circle-stroke-width': 2,
        },
      })
    }
    if (map.isStyleLoaded()) ensure()
    else map.once('load', ensure)
  }, [map])

  useEffect(() => {
    if (!map) return
    ;(map as unknown as { _ramaniTool?: boolean })._ramaniTool = tool !== 'none'
    map.getCanvas().style.cursor = tool === 'none' ? '' : 'crosshair'
    if (tool === 'none') return
    const onClick = (e: MapMouseEvent) => setPoints((p) => [...p, [e.lngLat.lng, e.lngLat.lat]])
    map.on('click', onClick)
    map.doubleClickZoom.disable()
    return () => {
      map.off('click', onClick)
      map.doubleClickZoom.enable()
    }
  }, [map, tool])

  const closed = tool !== 'distance' && points.length >= 3
  useEffect(() => {
    const src = map?.getSource('tool') as GeoJSONSource | undefined
    if (!src) return
    const features: GeoJSON.Feature[] = points.map((p) => ({
      type: 'Feature',
      properties: {},
      geometry: { type: 'Point', coordinates: p },
    }))
    if (points.length >= 2) features.push(closed ? polygon([[...points, points[0]!]]) : lineString(points))
    src.setData({ type: 'FeatureCollection', features })
  }, [map, points, closed])

  const start = (next: Tool) => {
    setPoints([])
    setSummary(null)
    setTool(tool === next ? 'none' : next)
  }

  const measured =
    tool === 'distance' && points.length >= 2
      ? `${num(length(lineString(points), { units: 'kilometers' }), 2)} km`
      : closed
        ? `${num(area(polygon([[...points, points[0]!]])) / 1e6, 1)} km²`
        : null

  async function summarise() {
    if (points.length < 3) return
    setBusy(true)
    const poly = polygon([[...points, points[0]!]])
    const xs = points.map((p) => p[0])
    const ys = points.map((p) => p[1])
    const bbox = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].join(',')
    const out: Summary[] = []
    for (const def of layers.filter(isCollectionLayer).filter((l) => l.source === 'tiles' && state[l.id]?.visible)) {
      const fc = await allItems(def.id, filterQuery(def.id, filters, { bbox }))
      const inside = fc.features.filter((f) =>
        f.geometry.type === 'Point'
          ? booleanPointInPolygon(f.geometry.coordinates as [number, number], poly)
          : booleanIntersects(f as never, poly),
      )
      const by = new Map<string, number>()
      for (const f of inside) by.set(String(f.properties.status), (by.get(String(f.properties.status)) ?? 0) + 1)
      out.push({ layer: def, total: inside.length, byStatus: [...by.entries()].sort((a, b) => b[1] - a[1]) })
    }
    setSummary(out)
    setBusy(false)
  }

  function exportPng() {
    if (!map) return
    // Only the classes drawn in the exported view: the legend of a county map does not list what is elsewhere.
    const inView = (l: LayerDef) =>
      map
        .queryRenderedFeatures({ layers: layerIds(l).filter((id) => map.getLayer(id)) })
        .map((f) => f.properties as Record<string, unknown>)
    const legend = layers
      .filter((l) => state[l.id]?.visible)
      .map((l) => ({ l, drawn: inView(l) }))
      .map(({ l, drawn }) => ({
        title: t(l.title),
        // A layer drawn otherwise (incidents as a heatmap or deck.gl's hexagons) keeps its whole legend.
        items: legendEntries(l, drawn.length ? drawn : undefined).map((e) => ({
          label: e.value.startsWith('legend.') ? t(e.value as MessageKey) : v(e.value),
          color: e.color,
          shape: e.shape,
        })),
      }))
    // The active filters go into the subtitle, so a printed map says what it shows.
    const active = FILTER_KEYS.filter((k) => filters[k]).map((k) => {
      const perLayer = layerKey(k)
      if (perLayer)
        return `${t(`layer.${perLayer.layer}` as MessageKey)} · ${t(`prop.${perLayer.field}`)}: ${v(filters[k]!)}`
      return k === 'from' || k === 'to'
        ? `${t(`filters.${k}`)} ${filters[k]}`
        : `${t(`prop.${k === 'region' ? 'region_code' : k === 'county' ? 'county_code' : k}` as MessageKey)}: ${v(filters[k]!)}`
    })
    const subtitle = [
      new Date().toISOString().slice(0, 10),
      ...active,
      ...(meta.sample.loaded ? [t('app.sampleBadge')] : []),
    ].join(' · ')
    const c = map.getCenter()
    const metresPerPixel = (40_075_016.686 * Math.cos((c.lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom())
    const url = mapPng(
      map.getCanvas(),
      `${t('app.title')} – ${t('app.subtitle')}`,
      subtitle,
      legend,
      meta.attribution[lang].map((a) => a.replace(/<[^>]+>/g, '')).join(' · '),
      { metresPerPixel, bearing: map.getBearing() },
      // deck.gl draws the hexagons on a canvas of its own over the map's.
      [...map.getContainer().querySelectorAll('canvas')].filter((c) => c !== map.getCanvas()),
    )
    const a = document.createElement('a')
    a.href = url
    a.download = 'ramani-map.png'
    a.click()
  }

  return (
    <section className="panel-section tools" aria-labelledby="tools-title">
      <h2 id="tools-title">{t('tools.title')}</h2>
      <div className="segmented">
        {(['distance', 'area', 'select'] as const).map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={tool === k}
            className={tool === k ? 'on' : ''}
            onClick={() => start(k)}
          >
            {t(`tools.${k}` as MessageKey)}
          </button>
        ))}
      </div>
      {tool !== 'none' && (
        <p className="muted small">{t(tool === 'distance' ? 'tools.hintLine' : 'tools.hintPolygon')}</p>
      )}
      {measured && (
        <p className="measure" data-testid="measure">
          <strong>{measured}</strong>
        </p>
      )}
      {tool === 'select' && closed && (
        <button type="button" onClick={summarise} disabled={busy}>
          {t('tools.summarise')}
        </button>
      )}
      {summary && (
        <table className="summary" data-testid="selection-summary">
          <tbody>
            {summary.map((s) => (
              <tr key={s.layer.id}>
                <th scope="row">{t(s.layer.title)}</th>
                <td>{num(s.total)}</td>
                <td className="muted small">
                  {s.byStatus
                    .slice(0, 3)
                    .map(([k, n]) => `${v(k)} ${num(n)}`)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="export">
        <button type="button" onClick={exportPng}>
          {t('tools.png')}
        </button>
      </div>
    </section>
  )
}
