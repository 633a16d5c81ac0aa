import type { Geometry } from 'geojson'

// What every format reader returns and every writer takes. Readers know nothing about collections: they turn a file
// into rows of source columns plus a geometry; mapping and validation happen in server/imports.

export const IMPORT_FORMATS = ['geojson', 'csv', 'shapefile', 'kml', 'gpx', 'gpkg', 'xlsx'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

export const EXPORT_FORMATS = ['geojson', 'csv', 'shp', 'kml', 'gpkg'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export type Scalar = string | number | boolean | null

export interface SourceRow {
  /** Source column → value, as the file holds it (CSV and KML: text; shapefile, GeoPackage: typed). */
  properties: Record<string, Scalar>
  geometry: Geometry | null
  /** Why the geometry could not be read, when it could not. */
  problem?: string
}

export interface ParsedFile {
  format: ImportFormat
  /** The layer read, when the file can hold several (GeoPackage, zipped shapefiles, a workbook's sheets). */
  layer?: string
  /** Source columns in file order (geometry columns excluded). */
  columns: string[]
  rows: SourceRow[]
  /** EPSG code of the coordinates; anything but 4326 is reprojected by PostGIS on upload. */
  srid: number
  warnings: string[]
}

/** Thrown by readers for a file that cannot be read at all (the route turns it into a 400). */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid_file' | 'unsupported_crs' = 'invalid_file',
  ) {
    super(message)
  }
}

export type ColumnType = 'text' | 'integer' | 'number' | 'boolean' | 'timestamp'

export interface ExportColumn {
  name: string
  type: ColumnType
}

export interface ExportFeature {
  id: string | number
  properties: Record<string, unknown>
  geometry: Geometry | null
}

export interface ExportLayer {
  /** Layer / table / file name (the collection id). */
  name: string
  title: string
  geometryType: 'Point' | 'LineString' | 'MultiPolygon'
  columns: ExportColumn[]
  features: ExportFeature[]
}

export interface ExportFile {
  body: Uint8Array | string
  contentType: string
  extension: string
}
