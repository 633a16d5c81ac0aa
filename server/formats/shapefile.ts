import type { Geometry, Position } from 'geojson'
import { strFromU8, zipSync } from 'fflate'
import { bboxOf, isClockwise, oriented, pointInRing, positions, type BBox2 } from './geometry.ts'
import { safeUnzip } from './zip.ts'
import {
  FormatError,
  type ColumnType,
  type ExportFile,
  type ExportLayer,
  type ParsedFile,
  type Scalar,
  type SourceRow,
} from './types.ts'

// ESRI Shapefile, zipped (.shp + .dbf, optional .shx, .prj, .cpg), read and written here: the format is a simple binary
// one (ESRI Shapefile Technical Description, 1998; dBASE III for the attributes). Written files are UTF-8 with a .cpg,
// WGS 84 with a .prj, polygons with clockwise outer rings as the specification wants.

// ---------------------------------------------------------------- coordinate systems

export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'

/** The EPSG code a .prj (ESRI or OGC WKT) describes, for the coordinate systems met in Kenya; undefined otherwise. */
export function sridOfPrj(prj: string): number | undefined {
  const text = prj.trim()
  const authority = /AUTHORITY\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text)
  if (authority) return Number(authority[1])
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '')
  const name = norm(/^\s*\w+\[\s*"([^"]*)"/.exec(text)?.[1] ?? '')
  const kind = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase()
  const wgs84 = (s: string) => /wgs1984|wgs84/.test(s)
  const arc1960 = (s: string) => /arc1960/.test(s)
  if (kind === 'GEOGCS' || kind === 'GEOGCRS') {
    const datum = norm(/DATUM\[\s*"([^"]*)"/i.exec(text)?.[1] ?? '')
    if (wgs84(name) || wgs84(datum)) return 4326
    if (arc1960(name) || arc1960(datum)) return 4210
    return undefined
  }
  if (kind === 'PROJCS' || kind === 'PROJCRS') {
    const utm = /utmzone(\d{1,2})([ns])/.exec(name)
    if (utm) {
      const zone = Number(utm[1])
      const south = utm[2] === 's'
      if (wgs84(name)) return (south ? 32700 : 32600) + zone
      // Arc 1960 / UTM zones 35–37, as used by the Survey of Kenya.
      if (arc1960(name) && zone >= 35 && zone <= 37) return (south ? 21000 : 21060) + zone
    }
    if (/webmercator|pseudomercator/.test(name)) return 3857
  }
  return undefined
}

// ---------------------------------------------------------------- reading

const SHAPE_KIND: Record<number, 'null' | 'point' | 'line' | 'polygon' | 'multipoint'> = {
  0: 'null',
  1: 'point',
  11: 'point',
  21: 'point',
  3: 'line',
  13: 'line',
  23: 'line',
  5: 'polygon',
  15: 'polygon',
  25: 'polygon',
  8: 'multipoint',
  18: 'multipoint',
  28: 'multipoint',
}

/** Outer rings (clockwise) with the holes (counter-clockwise) they contain; RFC 7946 orientation on output. */
function assemblePolygons(rings: Position[][]): Geometry | null {
  const outers: Position[][][] = []
  const holes: Position[][] = []
  for (const r of rings) {
    if (r.length < 4) continue
    if (isClockwise(r)) outers.push([r])
    else holes.push(r)
  }
  for (const h of holes) {
    const home = outers.find((p) => pointInRing(h[0]!, p[0]!) || pointInRing(h[Math.floor(h.length / 2)]!, p[0]!))
    // A counter-clockwise ring inside no outer ring is an outer ring written the wrong way round.
    if (home) home.push(h)
    else outers.push([h])
  }
  const polys = outers.map((p) => p.map((r, i) => oriented(r, i > 0)))
  if (polys.length === 0) return null
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys }
}

function readShp(shp: Uint8Array): (Geometry | null)[] {
  const v = new DataView(shp.buffer, shp.byteOffset, shp.byteLength)
  if (shp.byteLength < 100 || v.getInt32(0, false) !== 9994)
    throw new FormatError('The .shp file is not a shapefile (wrong file code).')
  const end = Math.min(shp.byteLength, v.getInt32(24, false) * 2)
  const out: (Geometry | null)[] = []
  let o = 100
  while (o + 8 <= end) {
    const len = v.getInt32(o + 4, false) * 2
    const c = o + 8
    o = c + len
    if (o > shp.byteLength) throw new FormatError('The .shp file is truncated.')
    const type = v.getInt32(c, true)
    const kind = SHAPE_KIND[type]
    if (kind === undefined)
      throw new FormatError(`Shape type ${type} is not supported (points, lines and polygons are).`)
    if (kind === 'null') {
      out.push(null)
      continue
    }
    if (kind === 'point') {
      out.push({ type: 'Point', coordinates: [v.getFloat64(c + 4, true), v.getFloat64(c + 12, true)] })
      continue
    }
    if (kind === 'multipoint') {
      const n = v.getInt32(c + 36, true)
      const pts = Array.from({ length: n }, (_, i) => [
        v.getFloat64(c + 40 + 16 * i, true),
        v.getFloat64(c + 48 + 16 * i, true),
      ])
      out.push(n === 1 ? { type: 'Point', coordinates: pts[0]! } : { type: 'MultiPoint', coordinates: pts })
      continue
    }
    const nParts = v.getInt32(c + 36, true)
    const nPoints = v.getInt32(c + 40, true)
    const starts = Array.from({ length: nParts }, (_, i) => v.getInt32(c + 44 + 4 * i, true))
    const p0 = c + 44 + 4 * nParts
    const parts = starts.map((s, i) => {
      const e = i + 1 < nParts ? starts[i + 1]! : nPoints
      return Array.from({ length: e - s }, (_, k) => [
        v.getFloat64(p0 + 16 * (s + k), true),
        v.getFloat64(p0 + 16 * (s + k) + 8, true),
      ])
    })
    if (kind === 'line')
      out.push(
        parts.length === 1
          ? { type: 'LineString', coordinates: parts[0]! }
          : { type: 'MultiLineString', coordinates: parts },
      )
    else out.push(assemblePolygons(parts))
  }
  return out
}

interface DbfField {
  name: string
  type: string
  length: number
  decimals: number
  offset: number
}

function decoderFor(cpg: string | undefined, ldid: number): (b: Uint8Array) => string {
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  const latin1 = new TextDecoder('latin1')
  const named = cpg?.trim().toLowerCase()
  if (named && /^(utf-?8|65001)$/.test(named)) return (b) => new TextDecoder('utf-8').decode(b)
  if (named && /(8859-?1|1252|latin)/.test(named)) return (b) => latin1.decode(b)
  // No .cpg: UTF-8 when the bytes are valid UTF-8, else Windows Latin-1 (LDID 0x57 / 0x03 say ANSI).
  void ldid
  return (b) => {
    try {
      return utf8.decode(b)
    } catch {
      return latin1.decode(b)
    }
  }
}

function readDbf(
  dbf: Uint8Array,
  cpg: string | undefined,
): { columns: string[]; records: (Record<string, Scalar> | undefined)[] } {
  const v = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength)
  if (dbf.byteLength < 32) throw new FormatError('The .dbf file is truncated.')
  const count = v.getUint32(4, true)
  const headerLen = v.getUint16(8, true)
  const recordLen = v.getUint16(10, true)
  const decode = decoderFor(cpg, dbf[29]!)
  const fields: DbfField[] = []
  let offset = 1
  for (let o = 32; o + 32 <= headerLen && dbf[o] !== 0x0d; o += 32) {
    const rawName = dbf.subarray(o, o + 11)
    const name = decode(rawName.subarray(0, rawName.indexOf(0) >= 0 ? rawName.indexOf(0) : 11)).trim()
    const f = { name, type: String.fromCharCode(dbf[o + 11]!), length: dbf[o + 16]!, decimals: dbf[o + 17]!, offset }
    offset += f.length
    fields.push(f)
  }
  const records: (Record<string, Scalar> | undefined)[] = []
  for (let r = 0; r < count; r++) {
    const base = headerLen + r * recordLen
    if (base + recordLen > dbf.byteLength) throw new FormatError('The .dbf file is truncated.')
    if (dbf[base] === 0x2a) {
      records.push(undefined)
      continue
    } // deleted
    const rec: Record<string, Scalar> = {}
    for (const f of fields) {
      const raw = dbf.subarray(base + f.offset, base + f.offset + f.length)
      const text = decode(raw).replace(/\0+$/, '').trim()
      switch (f.type) {
        case 'N':
        case 'F':
        case 'O':
        case 'I':
        case '+': {
          const n = Number(text)
          rec[f.name] = text === '' || !Number.isFinite(n) ? null : n
          break
        }
        case 'L':
          rec[f.name] = /^[TtYy]$/.test(text) ? true : /^[FfNn]$/.test(text) ? false : null
          break
        case 'D':
          rec[f.name] = /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : null
          break
        case 'C':
          rec[f.name] = text === '' ? null : text
          break
        default:
          rec[f.name] = null // memo and binary fields are not read
      }
    }
    records.push(rec)
  }
  return { columns: fields.map((f) => f.name), records }
}

/** A zipped shapefile; `layer` picks one when the zip holds several. */
export function readShapefileZip(bytes: Uint8Array, layer?: string): ParsedFile {
  const files = safeUnzip(bytes, (name) => !name.startsWith('__MACOSX/') && /\.(shp|dbf|prj|cpg|shx)$/i.test(name))
  const base = (name: string) => name.replace(/\.[^.]+$/, '')
  const shps = Object.keys(files).filter((n) => /\.shp$/i.test(n))
  if (shps.length === 0) throw new FormatError('The zip holds no .shp file.')
  const layerName = (n: string) => base(n).split('/').pop()!
  let shpName = shps[0]!
  if (shps.length > 1) {
    const wanted = layer ? shps.find((n) => layerName(n).toLowerCase() === layer.toLowerCase()) : undefined
    if (!wanted)
      throw new FormatError(
        `The zip holds ${shps.length} shapefiles (${shps.map(layerName).join(', ')}): name one with the "layer" field.`,
      )
    shpName = wanted
  }
  const sibling = (ext: string) =>
    Object.entries(files).find(([n]) => base(n) === base(shpName) && n.toLowerCase().endsWith(ext))?.[1]
  const dbf = sibling('.dbf')
  if (!dbf) throw new FormatError(`${layerName(shpName)}.dbf is missing from the zip: a shapefile needs its .dbf.`)
  const prj = sibling('.prj')
  const cpg = sibling('.cpg')
  const warnings: string[] = []
  let srid = 4326
  if (!prj) warnings.push('no .prj in the zip: coordinates taken as WGS 84 longitude/latitude')
  else {
    const text = strFromU8(prj)
    const code = sridOfPrj(text)
    if (code === undefined) {
      throw new FormatError(
        `The .prj describes a coordinate system Ramani cannot identify (${text.slice(0, 80)}…). Supported: WGS 84, UTM zones (WGS 84 or Arc 1960), Web Mercator, or any .prj naming its EPSG code. Reproject to WGS 84 (EPSG:4326) first.`,
        'unsupported_crs',
      )
    }
    srid = code
  }
  const geometries = readShp(sibling('.shp')!)
  const { columns, records } = readDbf(dbf, cpg ? strFromU8(cpg) : undefined)
  if (records.length !== geometries.length)
    warnings.push(`the .dbf has ${records.length} records, the .shp ${geometries.length} shapes: matched by position`)
  const rows: SourceRow[] = []
  const n = Math.max(records.length, geometries.length)
  for (let i = 0; i < n; i++) {
    const rec = records[i]
    if (i < records.length && rec === undefined) continue // deleted in the .dbf
    const geometry = geometries[i] ?? null
    rows.push({ properties: rec ?? {}, geometry, ...(geometry ? {} : { problem: 'the shape is empty (null shape)' }) })
  }
  return { format: 'shapefile', layer: layerName(shpName), columns, rows, srid, warnings }
}

// ---------------------------------------------------------------- writing

const utf8 = new TextEncoder()

/** Field names: at most 10 bytes, unique, as dBASE wants. */
function dbfNames(names: string[]): string[] {
  const used = new Set<string>()
  return names.map((n) => {
    const clean = n.replace(/[^A-Za-z0-9_]/g, '_')
    let name = clean.slice(0, 10)
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${clean.slice(0, 10 - String(k).length)}${k}`
    used.add(name.toLowerCase())
    return name
  })
}

/** UTF-8 bytes of a text cut to at most `max` bytes without splitting a character. */
function utf8Cut(s: string, max: number): Uint8Array {
  let b = utf8.encode(s)
  if (b.length <= max) return b
  let end = max
  while (end > 0 && (b[end]! & 0xc0) === 0x80) end--
  b = b.subarray(0, end)
  return b
}

function cellText(type: ColumnType, v: unknown): string {
  if (v === null || v === undefined) return type === 'boolean' ? '?' : ''
  if (type === 'boolean') return v ? 'T' : 'F'
  return typeof v === 'string' ? v : String(v)
}

function writeDbf(layer: ExportLayer): Uint8Array {
  const names = dbfNames(layer.columns.map((c) => c.name))
  const specs = layer.columns.map((c, i) => {
    const values = layer.features.map((f) => cellText(c.type, f.properties[c.name]))
    if (c.type === 'boolean')
      return { name: names[i]!, type: 'L', length: 1, decimals: 0, values: values.map((s) => utf8.encode(s)) }
    if (c.type === 'integer') {
      const bytes = values.map((s) => utf8.encode(s))
      return {
        name: names[i]!,
        type: 'N',
        length: Math.min(18, Math.max(1, ...bytes.map((b) => b.length))),
        decimals: 0,
        values: bytes,
      }
    }
    if (c.type === 'number') {
      const decimals = Math.min(15, Math.max(0, ...values.map((s) => (s.split('.')[1] ?? '').length)))
      const fixed = values.map((s) => utf8.encode(s === '' ? '' : Number(s).toFixed(decimals)))
      return {
        name: names[i]!,
        type: 'N',
        length: Math.min(30, Math.max(1, ...fixed.map((b) => b.length))),
        decimals,
        values: fixed,
      }
    }
    const bytes = values.map((s) => utf8Cut(s, 254))
    return {
      name: names[i]!,
      type: 'C',
      length: Math.max(1, ...bytes.map((b) => b.length)),
      decimals: 0,
      values: bytes,
    }
  })
  const headerLen = 32 + 32 * specs.length + 1
  const recordLen = 1 + specs.reduce((n, s) => n + s.length, 0)
  const count = layer.features.length
  const out = new Uint8Array(headerLen + recordLen * count + 1)
  const v = new DataView(out.buffer)
  const now = new Date()
  out[0] = 0x03
  out[1] = now.getUTCFullYear() - 1900
  out[2] = now.getUTCMonth() + 1
  out[3] = now.getUTCDate()
  v.setUint32(4, count, true)
  v.setUint16(8, headerLen, true)
  v.setUint16(10, recordLen, true)
  specs.forEach((s, i) => {
    const o = 32 + 32 * i
    out.set(utf8.encode(s.name), o)
    out[o + 11] = s.type.charCodeAt(0)
    out[o + 16] = s.length
    out[o + 17] = s.decimals
  })
  out[headerLen - 1] = 0x0d
  for (let r = 0; r < count; r++) {
    let o = headerLen + r * recordLen
    out[o++] = 0x20
    for (const s of specs) {
      const b = s.values[r]!.subarray(0, s.length)
      out.fill(0x20, o, o + s.length)
      // Numbers are right-aligned, text left-aligned.
      out.set(b, s.type === 'N' ? o + s.length - b.length : o)
      o += s.length
    }
  }
  out[out.length - 1] = 0x1a
  return out
}

type Part = Position[]

/** Parts of a geometry as the shapefile stores them (rings with clockwise outer rings). */
function shapeParts(g: Geometry): Part[] {
  switch (g.type) {
    case 'LineString':
      return [g.coordinates]
    case 'MultiLineString':
      return g.coordinates
    case 'Polygon':
      return g.coordinates.map((r, i) => oriented(r, i === 0))
    case 'MultiPolygon':
      return g.coordinates.flatMap((p) => p.map((r, i) => oriented(r, i === 0)))
    default:
      return []
  }
}

export function writeShapefile(layer: ExportLayer): ExportFile {
  const shapeType = layer.geometryType === 'Point' ? 1 : layer.geometryType === 'LineString' ? 3 : 5
  const contents = layer.features.map((f): Uint8Array => {
    const g = f.geometry
    if (!g) return new Uint8Array(4) // null shape
    if (shapeType === 1) {
      const b = new Uint8Array(20)
      const v = new DataView(b.buffer)
      const p = g.type === 'Point' ? g.coordinates : positions(g)[0]!
      v.setInt32(0, 1, true)
      v.setFloat64(4, p[0]!, true)
      v.setFloat64(12, p[1]!, true)
      return b
    }
    const parts = shapeParts(g)
    const n = parts.reduce((k, p) => k + p.length, 0)
    const b = new Uint8Array(44 + 4 * parts.length + 16 * n)
    const v = new DataView(b.buffer)
    const box = bboxOf(parts.flat())
    v.setInt32(0, shapeType, true)
    box.forEach((x, i) => v.setFloat64(4 + 8 * i, x, true))
    v.setInt32(36, parts.length, true)
    v.setInt32(40, n, true)
    let start = 0
    parts.forEach((p, i) => {
      v.setInt32(44 + 4 * i, start, true)
      start += p.length
    })
    let o = 44 + 4 * parts.length
    for (const p of parts)
      for (const q of p) {
        v.setFloat64(o, q[0]!, true)
        v.setFloat64(o + 8, q[1]!, true)
        o += 16
      }
    return b
  })
  const all = layer.features.flatMap((f) => (f.geometry ? positions(f.geometry) : []))
  const box: BBox2 = all.length ? bboxOf(all) : [0, 0, 0, 0]
  const header = (fileBytes: number) => {
    const h = new Uint8Array(100)
    const v = new DataView(h.buffer)
    v.setInt32(0, 9994, false)
    v.setInt32(24, fileBytes / 2, false)
    v.setInt32(28, 1000, true)
    v.setInt32(32, shapeType, true)
    box.forEach((x, i) => v.setFloat64(36 + 8 * i, x, true))
    return h
  }
  const shpLen = 100 + contents.reduce((n, c) => n + 8 + c.length, 0)
  const shp = new Uint8Array(shpLen)
  const shx = new Uint8Array(100 + 8 * contents.length)
  shp.set(header(shpLen), 0)
  shx.set(header(shx.length), 0)
  const sv = new DataView(shp.buffer)
  const xv = new DataView(shx.buffer)
  let o = 100
  contents.forEach((c, i) => {
    sv.setInt32(o, i + 1, false)
    sv.setInt32(o + 4, c.length / 2, false)
    shp.set(c, o + 8)
    xv.setInt32(100 + 8 * i, o / 2, false)
    xv.setInt32(104 + 8 * i, c.length / 2, false)
    o += 8 + c.length
  })
  const name = layer.name
  const zip = zipSync({
    [`${name}.shp`]: shp,
    [`${name}.shx`]: shx,
    [`${name}.dbf`]: writeDbf(layer),
    [`${name}.prj`]: utf8.encode(WGS84_PRJ),
    [`${name}.cpg`]: utf8.encode('UTF-8'),
  })
  return { body: zip, contentType: 'application/zip', extension: 'zip' }
}
