import { unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readCsv } from '../../server/formats/csv.ts'
import { epsgOfCrsName, readGeoJson } from '../../server/formats/geojson.ts'
import { fromWkb, parseWkt, toWkb, toWkt } from '../../server/formats/geometry.ts'
import { readGpkg, writeGpkg } from '../../server/formats/gpkg.ts'
import { readShapefileZip, writeShapefile } from '../../server/formats/shapefile.ts'
import type { ExportLayer } from '../../server/formats/types.ts'
import { autoMapping, coerce } from '../../server/imports/mapping.ts'
import { COLLECTIONS } from '../../server/assets/collections.ts'

// The format codecs on their own: the corners a file from the field or another GIS may have.

const bytes = (s: string) => new TextEncoder().encode(s)

describe('CSV', () => {
  it('reads RFC 4180 quoting, a byte-order mark, semicolons and decimal commas', () => {
    const f = readCsv(bytes('\uFEFFname;notes;lat;lon\r\n"Post ""A""";"line one\nline two";0,5;36,25\r\nB;;1;37\r\n'))
    expect(f.columns).toEqual(['name', 'notes'])
    expect(f.rows).toEqual([
      {
        properties: { name: 'Post "A"', notes: 'line one\nline two' },
        geometry: { type: 'Point', coordinates: [36.25, 0.5] },
      },
      { properties: { name: 'B', notes: null }, geometry: { type: 'Point', coordinates: [37, 1] } },
    ])
  })

  it('reports unreadable geometry per row and refuses a file without a geometry column', () => {
    const f = readCsv(bytes('name,wkt\nA,POINT (36 1)\nB,POINT (36)\nC,\nD,POINT (1 2),extra\n'))
    expect(f.rows.map((r) => r.problem ?? 'ok')).toEqual([
      'ok',
      expect.stringMatching(/^expected a number at character 10 of "POINT \(36\)"/),
      'the wkt cell is empty',
      'the row has 3 cells, the header 2',
    ])
    expect(() => readCsv(bytes('name,kind\nA,b\n'))).toThrow(/needs a geometry/)
    expect(() => readCsv(bytes('name,wkt\n"A,POINT (1 2)\n'))).toThrow(/inside a quoted field/)
  })
})

describe('WKT and WKB', () => {
  it('parses every geometry type, EWKT and Z/M coordinates', () => {
    expect(parseWkt('SRID=4326;POINT Z (36.1 -1.2 1650)')).toEqual({ type: 'Point', coordinates: [36.1, -1.2] })
    expect(parseWkt('MULTIPOINT (1 2, 3 4)')).toEqual(parseWkt('MULTIPOINT ((1 2), (3 4))'))
    expect(parseWkt('multilinestring ((1 2, 3 4), (5 6, 7 8))')).toEqual({
      type: 'MultiLineString',
      coordinates: [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ],
    })
    expect(parseWkt('POLYGON EMPTY')).toBeNull()
    expect(() => parseWkt('CIRCLE (1 2)')).toThrow(/unknown geometry type CIRCLE/)
    const mp = {
      type: 'MultiPolygon' as const,
      coordinates: [
        [
          [
            [0, 0],
            [4, 0],
            [4, 4],
            [0, 0],
          ],
          [
            [1, 1],
            [2, 1],
            [2, 2],
            [1, 1],
          ],
        ],
        [
          [
            [5, 5],
            [6, 5],
            [6, 6],
            [5, 5],
          ],
        ],
      ],
    }
    expect(parseWkt(toWkt(mp))).toEqual(mp)
    expect(fromWkb(toWkb(mp))).toEqual(mp)
  })

  it('reads big-endian and EWKB with an SRID', () => {
    // 0x00 (big-endian), type 0x20000001 (point with SRID), SRID 4326, x 36.5, y -1.25
    const b = new Uint8Array(25)
    const v = new DataView(b.buffer)
    v.setUint32(1, 0x20000001, false)
    v.setUint32(5, 4326, false)
    v.setFloat64(9, 36.5, false)
    v.setFloat64(17, -1.25, false)
    expect(fromWkb(b)).toEqual({ type: 'Point', coordinates: [36.5, -1.25] })
  })
})

describe('GeoJSON', () => {
  it('honours a legacy crs member and reads a bare geometry', () => {
    expect(epsgOfCrsName('urn:ogc:def:crs:EPSG::21037')).toBe(21037)
    expect(epsgOfCrsName('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe(4326)
    expect(epsgOfCrsName('EPSG:32737')).toBe(32737)
    const f = readGeoJson(
      bytes(
        '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:32737"}},"features":[{"type":"Feature","properties":{"a":{"b":1}},"geometry":{"type":"Point","coordinates":[500000,9900000,12]}}]}',
      ),
    )
    expect(f.srid).toBe(32737)
    expect(f.rows[0]).toEqual({
      properties: { a: '{"b":1}' },
      geometry: { type: 'Point', coordinates: [500000, 9900000] },
    })
    expect(readGeoJson(bytes('{"type":"LineString","coordinates":[[1,2],[3,4]]}')).rows).toHaveLength(1)
  })
})

const polygonLayer: ExportLayer = {
  name: 'zones',
  title: 'Zones',
  geometryType: 'MultiPolygon',
  columns: [
    { name: 'name', type: 'text' },
    { name: 'staff', type: 'integer' },
    { name: 'open', type: 'boolean' },
    { name: 'since', type: 'timestamp' },
  ],
  features: [
    // A polygon with a hole (RFC 7946 orientation) and a two-part multipolygon.
    {
      id: 1,
      properties: { name: 'Ngʼambo – Kilimani', staff: 12, open: true, since: '2025-01-02T03:04:05Z' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [36, -1],
            [37, -1],
            [37, 0],
            [36, 0],
            [36, -1],
          ],
          [
            [36.2, -0.8],
            [36.2, -0.2],
            [36.8, -0.2],
            [36.8, -0.8],
            [36.2, -0.8],
          ],
        ],
      },
    },
    {
      id: 2,
      properties: { name: null, staff: null, open: null, since: null },
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [38, 1],
              [39, 1],
              [39, 2],
              [38, 1],
            ],
          ],
          [
            [
              [40, 1],
              [41, 1],
              [41, 2],
              [40, 1],
            ],
          ],
        ],
      },
    },
  ],
}

describe('Shapefile', () => {
  it('writes clockwise outer rings and reads holes and parts back, with UTF-8 attributes and nulls', () => {
    const out = writeShapefile(polygonLayer)
    const back = readShapefileZip(out.body as Uint8Array)
    expect(back.columns).toEqual(['name', 'staff', 'open', 'since'])
    expect(back.rows[0]!.properties).toEqual({
      name: 'Ngʼambo – Kilimani',
      staff: 12,
      open: true,
      since: '2025-01-02T03:04:05Z',
    })
    expect(back.rows[1]!.properties).toEqual({ name: null, staff: null, open: null, since: null })
    expect(back.rows[0]!.geometry).toEqual(polygonLayer.features[0]!.geometry)
    expect(back.rows[1]!.geometry).toEqual(polygonLayer.features[1]!.geometry)
  })

  it('reads Latin-1 text when there is no .cpg, and names the layer to pick from a zip of several', () => {
    const files = unzipSync(writeShapefile({ ...polygonLayer, features: [] }).body as Uint8Array)
    const dbf = files['zones.dbf']!
    delete files['zones.cpg']
    const latin = {
      ...polygonLayer,
      features: [
        { ...polygonLayer.features[1]!, properties: { name: 'Murang\u00e1', staff: 1, open: false, since: null } },
      ],
    }
    const one = unzipSync(writeShapefile(latin).body as Uint8Array)
    const raw = one['zones.dbf']!
    // Re-encode the UTF-8 "á" (c3 a1) as Latin-1 (e1) with the field width kept.
    const at = raw.findIndex((b, i) => b === 0xc3 && raw[i + 1] === 0xa1)
    const latinDbf = new Uint8Array(raw)
    latinDbf.set([0xe1, 0x20], at)
    const f = readShapefileZip(zipSync({ 'a.shp': one['zones.shp']!, 'a.dbf': latinDbf, 'a.prj': one['zones.prj']! }))
    expect(f.rows[0]!.properties.name).toBe('Murangá')
    expect(dbf.length).toBeGreaterThan(32)
    const two = zipSync({ ...one, 'other.shp': one['zones.shp']!, 'other.dbf': one['zones.dbf']! })
    expect(() => readShapefileZip(two)).toThrow(/2 shapefiles \(.*\): name one with the "layer" field/)
    expect(readShapefileZip(two, 'other').layer).toBe('other')
  })
})

describe('GeoPackage', () => {
  it('round-trips types, nulls and polygons with holes', async () => {
    const out = await writeGpkg(polygonLayer)
    const back = await readGpkg(out.body as Uint8Array)
    expect(back).toMatchObject({ layer: 'zones', srid: 4326, columns: ['name', 'staff', 'open', 'since'] })
    expect(back.rows.map((r) => r.properties)).toEqual(polygonLayer.features.map((f) => f.properties))
    expect(back.rows.map((r) => r.geometry)).toEqual(polygonLayer.features.map((f) => f.geometry))
  })
})

describe('mapping', () => {
  it('matches columns by name, title, synonym and dBASE truncation', () => {
    expect(autoMapping(COLLECTIONS.roads, ['NAME', 'Road class', 'is_securit', 'Surface', 'remarks'])).toEqual({
      NAME: 'name',
      'Road class': 'road_class',
      is_securit: 'is_security_road',
      Surface: 'surface',
      remarks: null,
    })
    expect(autoMapping(COLLECTIONS.counties, ['COUNTY_NAM', 'COUNTY_COD'])).toEqual({
      COUNTY_NAM: 'name',
      COUNTY_COD: 'code',
    })
  })

  it('coerces text from files to typed values, or says why not', () => {
    const t = (type: any, domain?: string[]) => ({ name: 'x', title: 'X', type, required: false, domain })
    expect(coerce(t('boolean'), 'Yes')).toEqual({ value: true })
    expect(coerce(t('boolean'), '0')).toEqual({ value: false })
    expect(coerce(t('integer'), '12')).toEqual({ value: 12 })
    expect(coerce(t('integer'), '12.5').error).toBe('"12.5" is not a whole number')
    // No offset: East Africa Time, so 01:30 on 1 July is still July (and Q3) in Nairobi.
    expect(coerce(t('timestamp'), '2025-03-01')).toEqual({ value: '2025-02-28T21:00:00.000Z' })
    expect(coerce(t('timestamp'), '2025-07-01 01:30')).toEqual({ value: '2025-06-30T22:30:00.000Z' })
    expect(coerce(t('timestamp'), '01/07/2025 01:30')).toEqual({ value: '2025-06-30T22:30:00.000Z' })
    expect(coerce(t('timestamp'), '2025-07-01T01:30:00Z')).toEqual({ value: '2025-07-01T01:30:00.000Z' })
    expect(coerce(t('timestamp'), '31/02/2025').error).toMatch(/not a valid date/)
    expect(coerce(t('timestamp'), '2025-03-01 14:30+0300')).toEqual({ value: '2025-03-01T11:30:00.000Z' })
    expect(coerce(t('text', ['under_construction', 'planned']), 'Under construction')).toEqual({
      value: 'under_construction',
    })
    expect(coerce(t('text'), '   ')).toEqual({})
  })
})
