import { Popup, type Map as MapLibre, type MapLayerMouseEvent } from 'maplibre-gl'

// Merged road lines (server/tiles/mvt.ts): up to zoom 10 a road tile draws several segments alike (class, surface,
// condition, security flag, status, county) as one line without an id, with how many it stands for in `segments`. A
// click on one selects nothing, so a popup says what the line stands for and offers to zoom in to where roads are
// lines of their own. A line with an id is one road and behaves as every feature does. This file only draws; the
// wording is done by the caller in the current language.

/** The zoom from which every road is drawn as itself (the tiles' band 3). */
export const ROADS_SINGLE_ZOOM = 11

export interface MergedRoadProps {
  road_class?: string
  surface?: string
  condition?: string
  is_security_road?: boolean
  segments: number
}

/** A tile feature's properties as a merged line's, or null when it is one road (an id) or not a merged line. */
export function mergedRoad(f: { id?: unknown; properties?: Record<string, unknown> | null }): MergedRoadProps | null {
  const p = f.properties ?? {}
  const segments = Number(p.segments)
  if (f.id !== undefined && f.id !== null) return null
  if (!Number.isInteger(segments) || segments < 1) return null
  return { ...(p as Omit<MergedRoadProps, 'segments'>), segments }
}

export interface Wording {
  /** A message with `{n}` for the count. */
  segments: (n: number) => string
  /** A domain value (class, surface, condition) in the current language. */
  value: (v: unknown) => string
  securityRoad: string
  hint: string
}

/** The popup's lines: what the line stands for, how many segments, and what zooming in shows. */
export function mergedRoadLines(p: MergedRoadProps, w: Wording): string[] {
  const what = [p.road_class, p.surface, p.condition].filter((x) => x !== undefined && x !== null).map(w.value)
  if (p.is_security_road) what.push(w.securityRoad)
  return [what.join(' · '), w.segments(p.segments), w.hint]
}

/** Where the zoom button goes: the first zoom drawing each road as itself, or one level deeper when already there. */
export function zoomInTo(zoom: number): number {
  return Math.max(ROADS_SINGLE_ZOOM, Math.floor(zoom) + 1)
}

/**
 * The popup of merged lines on the given style layers: shown while the pointer is over one, and kept after a click
 * (no hover on a phone) with a button to zoom in there. Returns the function that removes the handlers.
 */
export function mergedRoadPopup(
  map: MapLibre,
  layers: string[],
  describe: (p: MergedRoadProps) => string[],
  zoomLabel: string,
): () => void {
  const popup = new Popup({ closeButton: true, closeOnClick: false, maxWidth: '280px', className: 'merged-road-popup' })
  let pinned = false
  popup.on('close', () => (pinned = false))
  const show = (e: MapLayerMouseEvent, pin: boolean) => {
    const p = e.features?.map(mergedRoad).find((m) => m !== null)
    if (!p) return
    const el = document.createElement('div')
    el.dataset.testid = 'merged-road-popup'
    describe(p).forEach((line, i) => {
      const row = document.createElement(i === 0 ? 'strong' : 'div')
      row.textContent = line
      el.append(row)
    })
    if (pin) {
      const button = document.createElement('button')
      button.type = 'button'
      button.textContent = zoomLabel
      const at = e.lngLat
      button.addEventListener('click', () => {
        popup.remove()
        map.easeTo({ center: at, zoom: zoomInTo(map.getZoom()) })
      })
      el.append(button)
    }
    pinned = pin
    popup.setLngLat(e.lngLat).setDOMContent(el).addTo(map)
  }
  const hover = (e: MapLayerMouseEvent) => {
    if (!pinned) show(e, false)
  }
  const click = (e: MapLayerMouseEvent) => show(e, true)
  const leave = () => {
    if (!pinned) popup.remove()
  }
  const present = layers.filter((id) => map.getLayer(id))
  // A click away from merged lines closes a kept popup (one on a merged line replaces it, in `click`).
  const away = (e: { point: { x: number; y: number } }) => {
    const hits = map.queryRenderedFeatures([e.point.x, e.point.y], { layers: present })
    if (!hits.some((h) => mergedRoad(h) !== null)) popup.remove()
  }
  map.on('click', away)
  for (const id of present) {
    map.on('mousemove', id, hover)
    map.on('click', id, click)
    map.on('mouseleave', id, leave)
  }
  return () => {
    popup.remove()
    map.off('click', away)
    for (const id of present) {
      map.off('mousemove', id, hover)
      map.off('click', id, click)
      map.off('mouseleave', id, leave)
    }
  }
}
