import { COUNTY_TABLE } from '../../contract/counties.ts'
import { csvText } from '../../contract/csv.ts'
import { REGIONS } from '../../contract/domains.ts'
import { parseWkt, plain2d, toWkt } from './geometry.ts'
import {
  FormatError,
  type ExportFile,
  type ExportLayer,
  type ParsedFile,
  type Scalar,
  type SourceRow,
} from './types.ts'

// CSV (RFC 4180): quoted fields with "" escapes and line breaks, CRLF or LF, a UTF-8 byte-order mark tolerated, comma
// (or semicolon / tab, detected from the header). Geometry from a WKT column or from latitude/longitude columns.

const WKT_NAMES = ['wkt', 'geometry', 'geom', 'the_geom', 'wkt_geom', 'shape']
// Conflict-event datasets give each count the centroid of its area.
const LAT_NAMES = ['lat', 'latitude', 'y', 'centroid_latitude']
const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'x', 'centroid_longitude']

/** All records of a CSV text, fields unquoted. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  const n = text.length
  while (i < n) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      field += ch
      i++
      continue
    }
    if (ch === '"' && field === '') {
      quoted = true
      i++
      continue
    }
    if (ch === delimiter) {
      row.push(field)
      field = ''
      i++
      continue
    }
    if (ch === '\r' || ch === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
      continue
    }
    field += ch
    i++
  }
  if (quoted) throw new FormatError('The CSV ends inside a quoted field (a missing closing quote).')
  if (field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

function detectDelimiter(firstLine: string): string {
  const count = (d: string) => firstLine.split(d).length - 1
  const best = [',', ';', '\t'].map((d) => [d, count(d)] as const).sort((a, b) => b[1] - a[1])[0]!
  return best[1] > 0 ? best[0] : ','
}

const coordinate = (raw: string, what: string): number => {
  const s = raw.trim().replace(/,(?=\d+$)/, '.')
  const v = Number(s)
  if (s === '' || !Number.isFinite(v)) throw new Error(`${what} "${raw.slice(0, 40)}" is not a number`)
  return v
}

/** `optionalGeometry`: a table without coordinates is read (area statistics are drawn with their area). */
export function readCsv(bytes: Uint8Array, optionalGeometry = false): ParsedFile {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '')
  const firstLine = text.slice(0, text.search(/\r|\n|$/))
  const records = parseCsv(text, detectDelimiter(firstLine)).filter((r) => !(r.length === 1 && r[0] === ''))
  return readTable(records, { format: 'csv', what: 'CSV', optionalGeometry })
}

/**
 * A table of text cells, header first, as rows with a geometry from a WKT column or latitude and longitude columns:
 * a CSV file, or a spreadsheet's sheet (server/formats/xlsx.ts), read by the same rules.
 */
export function readTable(
  records: string[][],
  opts: { format: ParsedFile['format']; what: string; optionalGeometry: boolean; layer?: string },
): ParsedFile {
  const { what, optionalGeometry } = opts
  if (records.length === 0) throw new FormatError(`The ${what} file is empty.`)
  const header = records[0]!.map((h) => h.trim())
  if (header.some((h) => h === '')) throw new FormatError(`The ${what} header has an empty column name.`)
  const dup = header.find((h, i) => header.indexOf(h) !== i)
  if (dup) throw new FormatError(`The ${what} header names the column "${dup}" twice.`)
  const find = (names: string[]) => header.findIndex((h) => names.includes(h.toLowerCase()))
  const wkt = find(WKT_NAMES)
  const lat = find(LAT_NAMES)
  const lon = find(LON_NAMES)
  const noGeometry = wkt < 0 && (lat < 0 || lon < 0)
  if (noGeometry && !optionalGeometry) {
    throw new FormatError(
      `The ${what} needs a geometry: a WKT column (${WKT_NAMES.join(', ')}) or latitude and longitude columns (${LAT_NAMES.join('/')} and ${LON_NAMES.join('/')}).`,
    )
  }
  const geomCols = new Set(noGeometry ? [] : wkt >= 0 ? [wkt] : [lat, lon])
  const columns = header.filter((_, i) => !geomCols.has(i))
  const rows: SourceRow[] = records.slice(1).map((rec) => {
    const properties: Record<string, Scalar> = {}
    header.forEach((h, i) => {
      if (!geomCols.has(i)) properties[h] = rec[i] === undefined || rec[i] === '' ? null : rec[i]!
    })
    if (rec.length !== header.length) {
      return { properties, geometry: null, problem: `the row has ${rec.length} cells, the header ${header.length}` }
    }
    if (noGeometry) return { properties, geometry: null }
    try {
      if (wkt >= 0) {
        const w = rec[wkt]!.trim()
        if (!w) return { properties, geometry: null, problem: `the ${header[wkt]} cell is empty` }
        return { properties, geometry: plain2d(parseWkt(w)) }
      }
      if (rec[lat]!.trim() === '' || rec[lon]!.trim() === '')
        return { properties, geometry: null, problem: 'latitude or longitude is empty' }
      return {
        properties,
        geometry: {
          type: 'Point',
          coordinates: [coordinate(rec[lon]!, header[lon]!), coordinate(rec[lat]!, header[lat]!)],
        },
      }
    } catch (e) {
      return { properties, geometry: null, problem: (e as Error).message }
    }
  })
  const warnings =
    wkt >= 0 && lat >= 0 && lon >= 0
      ? [`geometry read from the ${header[wkt]} column; ${header[lat]} and ${header[lon]} are ordinary columns`]
      : []
  return { format: opts.format, ...(opts.layer ? { layer: opts.layer } : {}), columns, rows, srid: 4326, warnings }
}

const COUNTY_NAMES = new Map(COUNTY_TABLE.map((c) => [c.code, c.name]))
const REGION_NAMES = new Map<string, string>(REGIONS.map((r) => [r.code, r.name]))
/** Codes a reader cannot decode by eye get their name in the next column. */
const NAMED_CODES: Record<string, { column: string; names: ReadonlyMap<string, string> }> = {
  county_code: { column: 'county_name', names: COUNTY_NAMES },
  region_code: { column: 'region_name', names: REGION_NAMES },
}
/** Decimals kept in a CSV: metres for kilometre lengths; float noise (15 digits) helps no spreadsheet. */
const DECIMALS = 3

function csvValue(type: string, value: unknown): unknown {
  if (type !== 'number' || typeof value !== 'number' || Number.isInteger(value)) return value
  return Math.round(value * 10 ** DECIMALS) / 10 ** DECIMALS
}

/** Every column of the layer (numbers rounded, county and region names beside their codes), then the geometry as WKT
 * (CRS84). */
export function writeCsv(layer: ExportLayer): ExportFile {
  const cells = layer.columns.flatMap((c) => {
    const named = NAMED_CODES[c.name]
    const own = { name: c.name, value: (p: Record<string, unknown>) => csvValue(c.type, p[c.name]) }
    if (!named) return [own]
    return [
      own,
      { name: named.column, value: (p: Record<string, unknown>) => named.names.get(String(p[c.name])) ?? '' },
    ]
  })
  const rows = layer.features.map((f) => [
    ...cells.map((c) => c.value(f.properties)),
    f.geometry ? toWkt(f.geometry) : '',
  ])
  return {
    body: csvText([...cells.map((c) => c.name), 'wkt'], rows),
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
  }
}
