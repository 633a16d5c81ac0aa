// Client-side exports of what the user sees: the map as PNG, and files made in the page (an analysis's ranking).
// Layer data is exported by the server (/api/exports), in every format and within the user's area.

import { SHAPES, outline, type Shape } from './symbols.ts'

// One CSV encoder for server and page (formula cells neutralised).
export { csvCell } from '../../../contract/csv.ts'

export function download(name: string, type: string, data: BlobPart) {
  const url = URL.createObjectURL(new Blob([data], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 5000)
}

export interface LegendBlock {
  title: string
  items: { label: string; color: string; shape: string }[]
}

/**
 * The map canvas with a title bar, a legend box and the attribution, as a PNG data URL. `overlays` are canvases drawn
 * over the map (deck.gl's hexagons), laid on it at the map's size.
 */
export function mapPng(
  mapCanvas: HTMLCanvasElement,
  title: string,
  subtitle: string,
  legend: LegendBlock[],
  attribution: string,
  furniture?: Furniture,
  overlays: readonly HTMLCanvasElement[] = [],
): string {
  const scale = mapCanvas.width / mapCanvas.clientWidth || 1
  const w = mapCanvas.width
  const head = Math.round(56 * scale)
  const foot = Math.round(24 * scale)
  // The legend: a box on the map's bottom left while it is short; a long one (many layers on) goes in a margin to the
  // right of the map, in as many columns as it needs, so it hides no part of the map and never the title.
  const rows = legend.flatMap((b) => [{ title: b.title }, ...b.items])
  const lh = 17 * scale
  const colW = 230 * scale
  const inside = rows.length * lh + 36 * scale <= mapCanvas.height * 0.6
  const perColumn = Math.max(1, Math.floor((mapCanvas.height - 36 * scale) / lh))
  const columns = inside ? 1 : Math.ceil(rows.length / perColumn)
  const boxH = Math.min(rows.length, perColumn) * lh + 12 * scale
  const boxW = columns * colW
  const margin = inside ? 0 : Math.round(boxW + 24 * scale)
  const out = document.createElement('canvas')
  out.width = w + margin
  out.height = mapCanvas.height + head + foot
  const ctx = out.getContext('2d')!
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, out.width, out.height)
  ctx.drawImage(mapCanvas, 0, head)
  for (const o of overlays) ctx.drawImage(o, 0, head, mapCanvas.width, mapCanvas.height)
  ctx.fillStyle = '#0b3d2e'
  ctx.fillRect(0, 0, out.width, head)
  ctx.fillStyle = '#ffffff'
  ctx.font = `bold ${Math.round(20 * scale)}px system-ui, sans-serif`
  ctx.fillText(title, 16 * scale, 26 * scale)
  ctx.font = `${Math.round(13 * scale)}px system-ui, sans-serif`
  ctx.fillText(subtitle, 16 * scale, 46 * scale)
  const left = inside ? 12 * scale : w + 12 * scale
  const y0 = inside ? head + mapCanvas.height - boxH - 12 * scale : head + 12 * scale
  ctx.fillStyle = 'rgba(255,255,255,0.92)'
  ctx.fillRect(left, y0, boxW, boxH)
  ctx.strokeStyle = '#c9d0d4'
  ctx.strokeRect(left, y0, boxW, boxH)
  rows.forEach((r, k) => {
    const i = k % perColumn
    const x0 = left + Math.floor(k / perColumn) * colW
    const y = y0 + 8 * scale + (i + 0.75) * lh
    if ('title' in r) {
      ctx.fillStyle = '#1d2327'
      ctx.font = `bold ${Math.round(12 * scale)}px system-ui, sans-serif`
      ctx.fillText(r.title, x0 + 8 * scale, y)
      return
    }
    ctx.fillStyle = r.color
    ctx.strokeStyle = r.color
    if ((SHAPES as string[]).includes(r.shape)) {
      ctx.beginPath()
      outline(r.shape as Shape).forEach(([px, py], j) => {
        const X = x0 + 16 * scale + px * 5 * scale,
          Y = y - 4 * scale + py * 5 * scale
        if (j) ctx.lineTo(X, Y)
        else ctx.moveTo(X, Y)
      })
      ctx.closePath()
      ctx.fill()
    } else {
      ctx.lineWidth = 4 * scale
      ctx.setLineDash(r.shape === 'dash' ? [5 * scale, 3 * scale] : [])
      ctx.beginPath()
      ctx.moveTo(x0 + 8 * scale, y - 4 * scale)
      ctx.lineTo(x0 + 26 * scale, y - 4 * scale)
      ctx.stroke()
      ctx.setLineDash([])
    }
    ctx.fillStyle = '#1d2327'
    ctx.font = `${Math.round(12 * scale)}px system-ui, sans-serif`
    ctx.fillText(r.label, x0 + 34 * scale, y)
  })
  if (furniture) drawFurniture(ctx, furniture, scale, w, head + mapCanvas.height)
  ctx.fillStyle = '#5f6b73'
  ctx.font = `${Math.round(11 * scale)}px system-ui, sans-serif`
  ctx.fillText(attribution, 8 * scale, out.height - 8 * scale)
  return out.toDataURL('image/png')
}

/** Map furniture for a PNG: the scale bar's ground length per CSS pixel at the map's centre, and its bearing. */
export interface Furniture {
  metresPerPixel: number
  bearing: number
}

/** A round scale-bar length (1, 2 or 5 × 10^n metres) that fits in `maxMetres`. */
export function niceLength(maxMetres: number): number {
  const p = 10 ** Math.floor(Math.log10(maxMetres))
  return [5, 2, 1].map((k) => k * p).find((x) => x <= maxMetres) ?? p
}

function drawFurniture(ctx: CanvasRenderingContext2D, f: Furniture, scale: number, w: number, bottom: number) {
  // Scale bar, bottom right, at most 120 CSS px long.
  const metres = niceLength(f.metresPerPixel * 120)
  const len = (metres / f.metresPerPixel) * scale
  const x1 = w - 16 * scale,
    x0 = x1 - len,
    y = bottom - 16 * scale
  ctx.fillStyle = 'rgba(255,255,255,0.85)'
  ctx.fillRect(x0 - 8 * scale, y - 20 * scale, len + 16 * scale, 28 * scale)
  ctx.strokeStyle = '#1d2327'
  ctx.lineWidth = 2 * scale
  ctx.beginPath()
  ctx.moveTo(x0, y - 6 * scale)
  ctx.lineTo(x0, y)
  ctx.lineTo(x1, y)
  ctx.lineTo(x1, y - 6 * scale)
  ctx.stroke()
  ctx.fillStyle = '#1d2327'
  ctx.font = `${Math.round(11 * scale)}px system-ui, sans-serif`
  ctx.textAlign = 'center'
  ctx.fillText(metres >= 1000 ? `${metres / 1000} km` : `${metres} m`, (x0 + x1) / 2, y - 8 * scale)
  // North arrow, top right, turned with the map.
  const cx = w - 30 * scale,
    cy = bottom - 80 * scale,
    r = 14 * scale
  ctx.save()
  ctx.translate(cx, cy)
  ctx.rotate((-f.bearing * Math.PI) / 180)
  ctx.fillStyle = 'rgba(255,255,255,0.85)'
  ctx.beginPath()
  ctx.arc(0, 0, r + 6 * scale, 0, Math.PI * 2)
  ctx.fill()
  ctx.fillStyle = '#1d2327'
  ctx.beginPath()
  ctx.moveTo(0, -r)
  ctx.lineTo(r * 0.55, r * 0.7)
  ctx.lineTo(0, r * 0.35)
  ctx.lineTo(-r * 0.55, r * 0.7)
  ctx.closePath()
  ctx.fill()
  ctx.font = `bold ${Math.round(10 * scale)}px system-ui, sans-serif`
  ctx.fillText('N', 0, -r - 1 * scale)
  ctx.restore()
  ctx.textAlign = 'start'
}
