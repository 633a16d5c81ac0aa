import { kml } from '@tmcw/togeojson'
import type { Feature, Geometry, Position } from 'geojson'
import { featureRows, parseXml, xmlText } from './xml.ts'
import { safeUnzip, zipEntries } from './zip.ts'
import { FormatError, type ExportFile, type ExportLayer, type ParsedFile } from './types.ts'

// KML 2.2 (OGC 07-147r2): read with @tmcw/togeojson (Placemarks, MultiGeometry, ExtendedData Data and SimpleData),
// written by hand with a Schema of string fields (what both GDAL and toGeoJSON read back without loss).

// KMZ (what Google Earth and many phone apps save) is a zip whose main document is the first .kml at its root,
// conventionally doc.kml (KML 2.2 §C); images and other files beside it are ignored.
const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04

function kmzDocument(bytes: Uint8Array): Uint8Array {
  // Only the main document is expanded, chosen from the directory listing: the other .kml files may be bombs too.
  const names = zipEntries(bytes)
    .map((e) => e.name)
    .filter((n) => /\.kml$/i.test(n) && !n.startsWith('__MACOSX/'))
    .sort(
      (a, b) =>
        a.split('/').length - b.split('/').length || Number(!/^doc\.kml$/i.test(a)) - Number(!/^doc\.kml$/i.test(b)),
    )
  if (!names.length) throw new FormatError('This KMZ holds no .kml document.')
  const doc = safeUnzip(bytes, (n) => n === names[0])[names[0]!]
  if (!doc) throw new FormatError('This KMZ is not a readable zip file.')
  return doc
}

export function readKml(bytes: Uint8Array): ParsedFile {
  const doc = parseXml(isZip(bytes) ? kmzDocument(bytes) : bytes, 'KML', 'kml')
  const fc = kml(doc as never)
  const { rows, columns } = featureRows(fc.features as Feature[])
  return { format: 'kml', columns, rows, srid: 4326, warnings: [] }
}

const coords = (ps: Position[]) => `<coordinates>${ps.map((p) => `${p[0]},${p[1]}`).join(' ')}</coordinates>`
const ring = (r: Position[]) => `<LinearRing>${coords(r)}</LinearRing>`
const polygon = (p: Position[][]) =>
  `<Polygon><outerBoundaryIs>${ring(p[0]!)}</outerBoundaryIs>${p
    .slice(1)
    .map((h) => `<innerBoundaryIs>${ring(h)}</innerBoundaryIs>`)
    .join('')}</Polygon>`

function geometryKml(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `<Point>${coords([g.coordinates])}</Point>`
    case 'LineString':
      return `<LineString>${coords(g.coordinates)}</LineString>`
    case 'Polygon':
      return polygon(g.coordinates)
    case 'MultiPoint':
      return `<MultiGeometry>${g.coordinates.map((p) => `<Point>${coords([p])}</Point>`).join('')}</MultiGeometry>`
    case 'MultiLineString':
      return `<MultiGeometry>${g.coordinates.map((l) => `<LineString>${coords(l)}</LineString>`).join('')}</MultiGeometry>`
    case 'MultiPolygon':
      return `<MultiGeometry>${g.coordinates.map(polygon).join('')}</MultiGeometry>`
    case 'GeometryCollection':
      return `<MultiGeometry>${g.geometries.map(geometryKml).join('')}</MultiGeometry>`
  }
}

export function writeKml(layer: ExportLayer): ExportFile {
  const schema = layer.name
  const data = layer.columns.filter((c) => c.name !== 'name')
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    `<Document id="${xmlText(schema)}"><name>${xmlText(layer.title)}</name>`,
    `<Schema name="${xmlText(schema)}" id="${xmlText(schema)}">${data.map((c) => `<SimpleField name="${xmlText(c.name)}" type="string"/>`).join('')}</Schema>`,
    `<Folder><name>${xmlText(schema)}</name>`,
  ]
  for (const f of layer.features) {
    const name = f.properties.name
    const values = data
      .filter((c) => f.properties[c.name] !== null && f.properties[c.name] !== undefined)
      .map((c) => `<SimpleData name="${xmlText(c.name)}">${xmlText(String(f.properties[c.name]))}</SimpleData>`)
      .join('')
    out.push(
      `<Placemark id="${xmlText(`${schema}.${f.id}`)}">${name === null || name === undefined ? '' : `<name>${xmlText(String(name))}</name>`}` +
        `<ExtendedData><SchemaData schemaUrl="#${xmlText(schema)}">${values}</SchemaData></ExtendedData>${f.geometry ? geometryKml(f.geometry) : ''}</Placemark>`,
    )
  }
  out.push('</Folder></Document></kml>', '')
  return { body: out.join('\n'), contentType: 'application/vnd.google-earth.kml+xml', extension: 'kml' }
}
