import type { Feature, Geometry } from 'geojson'
import { plain2d } from './geometry.ts'
import {
  FormatError,
  type ExportFile,
  type ExportLayer,
  type ParsedFile,
  type Scalar,
  type SourceRow,
} from './types.ts'

// GeoJSON (RFC 7946): a FeatureCollection, a single Feature or a bare geometry. A legacy `crs` member naming another
// EPSG code is honoured (reprojected on upload); RFC 7946 files are CRS84.

/** EPSG code of an OGC CRS name ("EPSG:32737", "urn:ogc:def:crs:EPSG::32737", CRS84), or undefined. */
export function epsgOfCrsName(name: string): number | undefined {
  if (/CRS84$/i.test(name)) return 4326
  const m = /EPSG:{1,2}(?:[\d.]*:)?(\d{4,6})$/i.exec(name) ?? /epsg\/0\/(\d{4,6})$/i.exec(name)
  return m ? Number(m[1]) : undefined
}

/** A property value as a scalar: nested objects and arrays become their JSON text. */
export function scalar(v: unknown): Scalar {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  return JSON.stringify(v)
}

export function readGeoJson(bytes: Uint8Array): ParsedFile {
  let doc: any
  try {
    doc = JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''))
  } catch (e) {
    throw new FormatError(`The file is not valid JSON: ${(e as Error).message}`)
  }
  if (!doc || typeof doc !== 'object') throw new FormatError('The file is JSON but not GeoJSON (no "type").')
  let srid = 4326
  const crsName = doc.crs?.properties?.name
  if (typeof crsName === 'string') {
    const code = epsgOfCrsName(crsName)
    if (code === undefined)
      throw new FormatError(`The GeoJSON "crs" names ${crsName}, which is not an EPSG code.`, 'unsupported_crs')
    srid = code
  }
  let features: unknown[]
  if (doc.type === 'FeatureCollection' && Array.isArray(doc.features)) features = doc.features
  else if (doc.type === 'Feature') features = [doc]
  else if (typeof doc.type === 'string' && ('coordinates' in doc || 'geometries' in doc))
    features = [{ type: 'Feature', properties: {}, geometry: doc }]
  else throw new FormatError('The file is JSON but not GeoJSON: expected a FeatureCollection, a Feature or a geometry.')

  const columns = new Map<string, true>()
  const rows: SourceRow[] = features.map((raw, i) => {
    const f = raw as Partial<Feature>
    if (!f || typeof f !== 'object' || f.type !== 'Feature') {
      return { properties: {}, geometry: null, problem: `feature ${i + 1} is not a GeoJSON Feature` }
    }
    const properties: Record<string, Scalar> = {}
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      columns.set(k, true)
      properties[k] = scalar(v)
    }
    const g = f.geometry as Geometry | null | undefined
    if (!g) return { properties, geometry: null, problem: 'the feature has no geometry' }
    if (typeof g !== 'object' || typeof g.type !== 'string')
      return { properties, geometry: null, problem: 'the geometry is not a GeoJSON geometry' }
    try {
      return { properties, geometry: plain2d(g) }
    } catch {
      return { properties, geometry: null, problem: `the ${g.type} has malformed coordinates` }
    }
  })
  return { format: 'geojson', columns: [...columns.keys()], rows, srid, warnings: [] }
}

export function writeGeoJson(layer: ExportLayer): ExportFile {
  const parts = layer.features.map((f) =>
    JSON.stringify({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties }),
  )
  return {
    body: `{"type":"FeatureCollection","name":${JSON.stringify(layer.name)},"features":[\n${parts.join(',\n')}\n]}\n`,
    contentType: 'application/geo+json',
    extension: 'geojson',
  }
}
