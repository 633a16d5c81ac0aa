import { readCsv, writeCsv } from './csv.ts'
import { readGeoJson, writeGeoJson } from './geojson.ts'
import { readGpkg, writeGpkg } from './gpkg.ts'
import { readGpx } from './gpx.ts'
import { readKml, writeKml } from './kml.ts'
import { readShapefileZip, writeShapefile } from './shapefile.ts'
import { readXlsx } from './xlsx.ts'
import { zipEntries } from './zip.ts'
import {
  FormatError,
  type ExportFile,
  type ExportFormat,
  type ExportLayer,
  type ImportFormat,
  type ParsedFile,
} from './types.ts'

export * from './types.ts'

const startsWith = (b: Uint8Array, text: string) => new TextDecoder().decode(b.subarray(0, text.length)) === text

/** The format of an uploaded file, from its name and, failing that, its first bytes. */
export function detectFormat(filename: string, bytes: Uint8Array): ImportFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase()
  switch (ext) {
    case 'geojson':
    case 'json':
      return 'geojson'
    case 'csv':
    case 'txt':
    case 'tsv':
      return 'csv'
    case 'zip':
      return 'shapefile'
    case 'kml':
    case 'kmz':
      return 'kml'
    case 'gpx':
      return 'gpx'
    case 'gpkg':
      return 'gpkg'
    case 'xlsx':
      return 'xlsx'
    case 'xls':
      throw new FormatError('Save an Excel 97–2003 workbook (.xls) as .xlsx (Excel Workbook) or CSV, then upload it.')
    case 'shp':
    case 'dbf':
    case 'shx':
      throw new FormatError('Upload a shapefile as one .zip holding its .shp, .dbf, .shx and .prj files.')
  }
  if (startsWith(bytes, 'PK\u0003\u0004'))
    return zipEntries(bytes).some((e) => e.name === 'xl/workbook.xml') ? 'xlsx' : 'shapefile'
  if (startsWith(bytes, 'SQLite format 3')) return 'gpkg'
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 2000))
    .replace(/^\uFEFF/, '')
    .trimStart()
  if (head.startsWith('{')) return 'geojson'
  if (head.startsWith('<')) return /<gpx[\s>]/.test(head) ? 'gpx' : 'kml'
  return 'csv'
}

export interface ReadOptions {
  /** Layer to read from a GeoPackage or a zip of several shapefiles; the sheet of a workbook (default: the first). */
  layer?: string
  /** The geometry kind the target collection holds (GPX keeps waypoints or tracks accordingly). */
  geometry?: 'Point' | 'LineString' | 'MultiPolygon'
  /** Rows need no geometry (area statistics): a CSV without coordinates is read. */
  optionalGeometry?: boolean
}

export async function readFile(format: ImportFormat, bytes: Uint8Array, opts: ReadOptions = {}): Promise<ParsedFile> {
  switch (format) {
    case 'geojson':
      return readGeoJson(bytes)
    case 'csv':
      return readCsv(bytes, opts.optionalGeometry)
    case 'shapefile':
      return readShapefileZip(bytes, opts.layer)
    case 'kml':
      return readKml(bytes)
    case 'gpx':
      return readGpx(bytes, opts.geometry)
    case 'gpkg':
      return readGpkg(bytes, opts.layer)
    case 'xlsx':
      return readXlsx(bytes, opts.layer, Boolean(opts.optionalGeometry))
  }
}

export async function writeFile(format: ExportFormat, layer: ExportLayer): Promise<ExportFile> {
  switch (format) {
    case 'geojson':
      return writeGeoJson(layer)
    case 'csv':
      return writeCsv(layer)
    case 'shp':
      return writeShapefile(layer)
    case 'kml':
      return writeKml(layer)
    case 'gpkg':
      return writeGpkg(layer)
  }
}
