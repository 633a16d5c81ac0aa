// Point symbols as signed-distance-field images, so one shape takes any colour (`icon-color`) and a white halo.
// Each asset type has its own shape; colour then only says status or condition within the type.

export type Shape =
  'circle' | 'square' | 'triangle' | 'triangle_down' | 'diamond' | 'pentagon' | 'hexagon' | 'star' | 'cross' | 'house'

export const SHAPES: Shape[] = [
  'circle',
  'square',
  'triangle',
  'triangle_down',
  'diamond',
  'pentagon',
  'hexagon',
  'star',
  'cross',
  'house',
]

/** Outline of a shape in unit coordinates (centre 0,0, radius about 1), clockwise on screen. */
export function outline(shape: Shape): [number, number][] {
  const regular = (n: number, r = 1, turn = -Math.PI / 2) =>
    Array.from({ length: n }, (_, i) => {
      const a = turn + (i * 2 * Math.PI) / n
      return [r * Math.cos(a), r * Math.sin(a)] as [number, number]
    })
  switch (shape) {
    case 'circle':
      return regular(40)
    case 'square':
      return regular(4, 1.15, -Math.PI / 4)
    case 'triangle':
      return regular(3, 1.25).map(([x, y]) => [x, y + 0.18] as [number, number])
    case 'triangle_down':
      return regular(3, 1.25, Math.PI / 2).map(([x, y]) => [x, y - 0.18] as [number, number])
    case 'diamond':
      return regular(4, 1.2)
    case 'pentagon':
      return regular(5, 1.1)
    case 'hexagon':
      return regular(6, 1.08)
    case 'star':
      return regular(10).map(([x, y], i) => (i % 2 ? [x * 0.5, y * 0.5] : [x * 1.2, y * 1.2]) as [number, number])
    case 'house':
      return [
        [0, -1.15],
        [1, -0.2],
        [1, 1],
        [-1, 1],
        [-1, -0.2],
      ]
    case 'cross': {
      const a = 0.34,
        b = 1
      return [
        [-a, -b],
        [a, -b],
        [a, -a],
        [b, -a],
        [b, a],
        [a, a],
        [a, b],
        [-a, b],
        [-a, a],
        [-b, a],
        [-b, -a],
        [-a, -a],
      ]
    }
  }
}

function inside(poly: [number, number][], x: number, y: number): boolean {
  let hit = false
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!,
      [xj, yj] = poly[j]!
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit
  }
  return hit
}

function edgeDistance(poly: [number, number][], x: number, y: number): number {
  let best = Infinity
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [ax, ay] = poly[j]!,
      [bx, by] = poly[i]!
    const dx = bx - ax,
      dy = by - ay
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    best = Math.min(best, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)))
  }
  return best
}

/** Side of the image in pixels, the shape's radius in it, and the distance (px) the field spans (as glyph SDFs). */
export const ICON_SIZE = 40
const RADIUS_PX = 12
const SPREAD = 8

/**
 * The SDF image of a shape, as MapLibre reads one: alpha 191 on the outline, rising inside and falling by 255/8 per
 * pixel outside (the same encoding as its glyphs, so `icon-halo-width` works in pixels).
 */
export function sdfImage(shape: Shape): { width: number; height: number; data: Uint8Array } {
  const poly = outline(shape).map(([x, y]) => [x * RADIUS_PX, y * RADIUS_PX] as [number, number])
  const data = new Uint8Array(ICON_SIZE * ICON_SIZE * 4)
  const c = ICON_SIZE / 2
  for (let py = 0; py < ICON_SIZE; py++) {
    for (let px = 0; px < ICON_SIZE; px++) {
      const x = px + 0.5 - c,
        y = py + 0.5 - c
      const d = edgeDistance(poly, x, y) * (inside(poly, x, y) ? -1 : 1)
      const a = Math.round(255 - 255 * (d / SPREAD + 0.25))
      const i = (py * ICON_SIZE + px) * 4
      data[i] = data[i + 1] = data[i + 2] = 255
      data[i + 3] = Math.max(0, Math.min(255, a))
    }
  }
  return { width: ICON_SIZE, height: ICON_SIZE, data }
}

/** SVG path of a shape in a 24×24 box, for the legend and the PNG export's legend. */
export function svgPath(shape: Shape, size = 24): string {
  const s = size / 2 / 1.3
  return (
    outline(shape)
      .map(([x, y], i) => `${i ? 'L' : 'M'}${(size / 2 + x * s).toFixed(2)} ${(size / 2 + y * s).toFixed(2)}`)
      .join(' ') + ' Z'
  )
}
