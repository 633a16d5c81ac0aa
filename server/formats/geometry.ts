import type { Geometry, Position } from 'geojson'
import { FormatError } from './types.ts'

// Geometry encodings shared by the formats: WKB (GeoPackage), WKT (CSV), ring orientation (shapefile), and the
// reduction of whatever a file holds to plain 2D GeoJSON.

// ---------------------------------------------------------------- 2D and multi-part reduction

const to2d = (p: Position): Position => [p[0]!, p[1]!]

/** Drops Z and M, and turns a GeometryCollection of one kind into the matching Multi* geometry. */
export function plain2d(g: Geometry | null | undefined): Geometry | null {
  if (!g) return null
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: to2d(g.coordinates) }
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: g.coordinates.map(to2d) }
    case 'LineString':
      return { type: 'LineString', coordinates: g.coordinates.map(to2d) }
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map((l) => l.map(to2d)) }
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(to2d)) }
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(to2d))) }
    case 'GeometryCollection': {
      const parts = g.geometries.map(plain2d).filter((x): x is Geometry => x !== null)
      if (parts.length === 1) return parts[0]!
      const kinds = new Set(parts.map((p) => p.type.replace(/^Multi/, '')))
      if (kinds.size !== 1) return { type: 'GeometryCollection', geometries: parts }
      const kind = [...kinds][0]
      const flat = <T>(single: string, get: (p: Geometry) => T[]) =>
        parts.flatMap((p) => (p.type === single ? [get(p)[0]!] : get(p)))
      if (kind === 'Point')
        return {
          type: 'MultiPoint',
          coordinates: flat('Point', (p) =>
            p.type === 'Point' ? [p.coordinates] : (p as { coordinates: Position[] }).coordinates,
          ),
        }
      if (kind === 'LineString')
        return {
          type: 'MultiLineString',
          coordinates: flat('LineString', (p) =>
            p.type === 'LineString' ? [p.coordinates] : (p as { coordinates: Position[][] }).coordinates,
          ),
        }
      return {
        type: 'MultiPolygon',
        coordinates: flat('Polygon', (p) =>
          p.type === 'Polygon' ? [p.coordinates] : (p as { coordinates: Position[][][] }).coordinates,
        ),
      }
    }
  }
}

// ---------------------------------------------------------------- rings

/** Twice the signed area (shoelace): positive = counter-clockwise. */
export function signedArea2(ring: Position[]): number {
  let s = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!)
  return s
}

export const isClockwise = (ring: Position[]) => signedArea2(ring) < 0

/** The ring turned to the wanted orientation. */
export function oriented(ring: Position[], clockwise: boolean): Position[] {
  return isClockwise(ring) === clockwise ? ring : [...ring].reverse()
}

export function pointInRing(p: Position, ring: Position[]): boolean {
  let inside = false
  const [x, y] = p as [number, number]
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number]
    const [xj, yj] = ring[j] as [number, number]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

export type BBox2 = [number, number, number, number]

export function positions(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates]
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat()
    case 'MultiPolygon':
      return g.coordinates.flat(2)
    case 'GeometryCollection':
      return g.geometries.flatMap(positions)
  }
}

export function bboxOf(ps: Position[]): BBox2 {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of ps as [number, number][]) {
    if (x < x0) x0 = x
    if (x > x1) x1 = x
    if (y < y0) y0 = y
    if (y > y1) y1 = y
  }
  return [x0, y0, x1, y1]
}

// ---------------------------------------------------------------- WKB

const WKB_TYPES: Record<Geometry['type'], number> = {
  Point: 1,
  LineString: 2,
  Polygon: 3,
  MultiPoint: 4,
  MultiLineString: 5,
  MultiPolygon: 6,
  GeometryCollection: 7,
}

/** ISO WKB, little-endian, 2D. */
export function toWkb(g: Geometry): Uint8Array {
  const size = (x: Geometry): number => {
    switch (x.type) {
      case 'Point':
        return 5 + 16
      case 'LineString':
        return 9 + 16 * x.coordinates.length
      case 'Polygon':
        return 9 + x.coordinates.reduce((n, r) => n + 4 + 16 * r.length, 0)
      case 'MultiPoint':
        return 9 + x.coordinates.length * 21
      case 'MultiLineString':
        return 9 + x.coordinates.reduce((n, l) => n + 9 + 16 * l.length, 0)
      case 'MultiPolygon':
        return 9 + x.coordinates.reduce((n, p) => n + 9 + p.reduce((m, r) => m + 4 + 16 * r.length, 0), 0)
      case 'GeometryCollection':
        return 9 + x.geometries.reduce((n, c) => n + size(c), 0)
    }
  }
  const buf = new Uint8Array(size(g))
  const v = new DataView(buf.buffer)
  let o = 0
  const u32 = (n: number) => {
    v.setUint32(o, n, true)
    o += 4
  }
  const pt = (p: Position) => {
    v.setFloat64(o, p[0]!, true)
    v.setFloat64(o + 8, p[1]!, true)
    o += 16
  }
  const head = (t: number) => {
    buf[o++] = 1
    u32(t)
  }
  const ring = (r: Position[]) => {
    u32(r.length)
    r.forEach(pt)
  }
  const write = (x: Geometry) => {
    head(WKB_TYPES[x.type])
    switch (x.type) {
      case 'Point':
        pt(x.coordinates)
        break
      case 'LineString':
        ring(x.coordinates)
        break
      case 'Polygon':
        u32(x.coordinates.length)
        x.coordinates.forEach(ring)
        break
      case 'MultiPoint':
        u32(x.coordinates.length)
        x.coordinates.forEach((p) => {
          head(1)
          pt(p)
        })
        break
      case 'MultiLineString':
        u32(x.coordinates.length)
        x.coordinates.forEach((l) => {
          head(2)
          ring(l)
        })
        break
      case 'MultiPolygon':
        u32(x.coordinates.length)
        x.coordinates.forEach((p) => {
          head(3)
          u32(p.length)
          p.forEach(ring)
        })
        break
      case 'GeometryCollection':
        u32(x.geometries.length)
        x.geometries.forEach(write)
        break
    }
  }
  write(g)
  return buf
}

/** Reads ISO, OGC 1.1 and EWKB (Z, M, SRID flags), either byte order; returns 2D GeoJSON. */
export function fromWkb(bytes: Uint8Array, offset = 0): Geometry | null {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let o = offset
  const need = (n: number) => {
    if (o + n > bytes.byteLength) throw new FormatError('truncated WKB geometry')
  }
  const read = (): Geometry | null => {
    need(5)
    const le = bytes[o] === 1
    o += 1
    let t = v.getUint32(o, le)
    o += 4
    let dims = 2
    if (t & 0x80000000) dims++
    if (t & 0x40000000) dims++
    if (t & 0x20000000) {
      need(4)
      o += 4
    }
    t &= 0x0fffffff
    if (t >= 3000) {
      dims = 4
      t -= 3000
    } else if (t >= 2000) {
      dims = 3
      t -= 2000
    } else if (t >= 1000) {
      dims = 3
      t -= 1000
    }
    const u32 = () => {
      need(4)
      const n = v.getUint32(o, le)
      o += 4
      return n
    }
    const pt = (): Position => {
      need(8 * dims)
      const p = [v.getFloat64(o, le), v.getFloat64(o + 8, le)]
      o += 8 * dims
      return p
    }
    const pts = () => Array.from({ length: u32() }, pt)
    const many = () => Array.from({ length: u32() }, read)
    switch (t) {
      case 1: {
        const p = pt()
        return Number.isNaN(p[0]) ? null : { type: 'Point', coordinates: p }
      }
      case 2:
        return { type: 'LineString', coordinates: pts() }
      case 3:
        return { type: 'Polygon', coordinates: Array.from({ length: u32() }, pts) }
      case 4:
        return { type: 'MultiPoint', coordinates: many().flatMap((g) => (g?.type === 'Point' ? [g.coordinates] : [])) }
      case 5:
        return {
          type: 'MultiLineString',
          coordinates: many().flatMap((g) => (g?.type === 'LineString' ? [g.coordinates] : [])),
        }
      case 6:
        return {
          type: 'MultiPolygon',
          coordinates: many().flatMap((g) => (g?.type === 'Polygon' ? [g.coordinates] : [])),
        }
      case 7:
        return { type: 'GeometryCollection', geometries: many().filter((g): g is Geometry => g !== null) }
      default:
        throw new FormatError(`unsupported WKB geometry type ${t}`)
    }
  }
  return read()
}

// ---------------------------------------------------------------- WKT

const num = (n: number) => String(n)
const seq = (ps: Position[]) => `(${ps.map((p) => `${num(p[0]!)} ${num(p[1]!)}`).join(', ')})`

export function toWkt(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `POINT (${num(g.coordinates[0]!)} ${num(g.coordinates[1]!)})`
    case 'MultiPoint':
      return `MULTIPOINT (${g.coordinates.map((p) => seq([p])).join(', ')})`
    case 'LineString':
      return `LINESTRING ${seq(g.coordinates)}`
    case 'MultiLineString':
      return `MULTILINESTRING (${g.coordinates.map(seq).join(', ')})`
    case 'Polygon':
      return `POLYGON (${g.coordinates.map(seq).join(', ')})`
    case 'MultiPolygon':
      return `MULTIPOLYGON (${g.coordinates.map((p) => `(${p.map(seq).join(', ')})`).join(', ')})`
    case 'GeometryCollection':
      return `GEOMETRYCOLLECTION (${g.geometries.map(toWkt).join(', ')})`
  }
}

/** Parses WKT or EWKT (`SRID=4326;POINT(…)`), with optional Z/M/ZM, EMPTY parts; throws a readable message. */
export function parseWkt(text: string): Geometry | null {
  const src = text.trim().replace(/^SRID=\d+;/i, '')
  let i = 0
  const fail = (what: string): never => {
    throw new Error(`${what} at character ${i + 1} of "${src.length > 60 ? `${src.slice(0, 60)}…` : src}"`)
  }
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++
  }
  const word = () => {
    ws()
    const m = /^[A-Za-z]+/.exec(src.slice(i))
    if (!m) return ''
    i += m[0].length
    return m[0].toUpperCase()
  }
  const peek = () => {
    ws()
    return src[i]
  }
  const expect = (ch: string) => {
    if (peek() !== ch) fail(`expected "${ch}"`)
    i++
  }
  const number = () => {
    ws()
    const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i))
    if (!m) fail('expected a number')
    i += m![0].length
    return Number(m![0])
  }
  const position = (): Position => {
    const p = [number(), number()]
    while (/[-+\d.]/.test(peek() ?? '')) number() // Z and/or M
    return p
  }
  const list = <T>(item: () => T): T[] => {
    expect('(')
    const out = [item()]
    while (peek() === ',') {
      i++
      out.push(item())
    }
    expect(')')
    return out
  }
  const points = () => list(position)
  const emptyOr = <T>(f: () => T): T | null => {
    const save = i
    if (word() === 'EMPTY') return null
    i = save
    return f()
  }
  const geometry = (): Geometry | null => {
    const type = word()
    const save = i
    const dim = word()
    if (!['Z', 'M', 'ZM'].includes(dim)) i = save
    switch (type) {
      case 'POINT': {
        const c = emptyOr(() => list(position)[0]!)
        return c && { type: 'Point', coordinates: c }
      }
      case 'LINESTRING': {
        const c = emptyOr(points)
        return c && { type: 'LineString', coordinates: c }
      }
      case 'POLYGON': {
        const c = emptyOr(() => list(points))
        return c && { type: 'Polygon', coordinates: c }
      }
      case 'MULTIPOINT': {
        // Both MULTIPOINT ((1 2), (3 4)) and MULTIPOINT (1 2, 3 4).
        const c = emptyOr(() => list(() => (peek() === '(' ? list(position)[0]! : position())))
        return c && { type: 'MultiPoint', coordinates: c }
      }
      case 'MULTILINESTRING': {
        const c = emptyOr(() => list(points))
        return c && { type: 'MultiLineString', coordinates: c }
      }
      case 'MULTIPOLYGON': {
        const c = emptyOr(() => list(() => list(points)))
        return c && { type: 'MultiPolygon', coordinates: c }
      }
      case 'GEOMETRYCOLLECTION': {
        const c = emptyOr(() => list(geometry))
        return c && { type: 'GeometryCollection', geometries: c.filter((g): g is Geometry => g !== null) }
      }
      default:
        return fail(type ? `unknown geometry type ${type}` : 'expected a geometry type (POINT, LINESTRING, POLYGON…)')
    }
  }
  const g = geometry()
  ws()
  if (i < src.length) fail('unexpected text after the geometry')
  return g
}
