import { createRequire } from 'node:module'
import type { Geometry } from 'geojson'
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js'
import { bboxOf, fromWkb, plain2d, positions, toWkb } from './geometry.ts'
import {
  FormatError,
  type ColumnType,
  type ExportFile,
  type ExportLayer,
  type ParsedFile,
  type Scalar,
  type SourceRow,
} from './types.ts'

// OGC GeoPackage 1.2 (12-128r15), read and written with SQLite compiled to WebAssembly (sql.js): the required
// gpkg_spatial_ref_sys, gpkg_contents and gpkg_geometry_columns tables, application_id "GPKG" and user_version 10200,
// geometries as GeoPackage binary (header "GP", SRS id, envelope) followed by ISO WKB.

const require = createRequire(import.meta.url)
let engine: Promise<SqlJsStatic> | undefined
const sqlite = () => (engine ??= initSqlJs({ locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`) }))

const GPKG_APPLICATION_ID = 0x47504b47
const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`

// ---------------------------------------------------------------- geometry blobs

/** GeoPackage binary geometry: "GP", version 0, flags (little-endian, xy envelope), SRS id, envelope, WKB. */
export function gpkgGeometry(g: Geometry, srsId = 4326): Uint8Array {
  const wkb = toWkb(g)
  const out = new Uint8Array(8 + 32 + wkb.length)
  const v = new DataView(out.buffer)
  out[0] = 0x47
  out[1] = 0x50
  out[2] = 0
  out[3] = 0b0000_0011 // envelope [minx, maxx, miny, maxy], little-endian
  v.setInt32(4, srsId, true)
  const [x0, y0, x1, y1] = bboxOf(positions(g))
  ;[x0, x1, y0, y1].forEach((x, i) => v.setFloat64(8 + 8 * i, x, true))
  out.set(wkb, 40)
  return out
}

export function readGpkgGeometry(blob: Uint8Array): Geometry | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50)
    throw new FormatError('a geometry is not GeoPackage binary (no "GP" header)')
  const flags = blob[3]!
  if (flags & 0b0001_0000) return null // empty geometry
  const envelope = (flags >> 1) & 0b111
  const envelopeBytes = [0, 32, 48, 48, 64][envelope]
  if (envelopeBytes === undefined) throw new FormatError(`a geometry has an invalid envelope code ${envelope}`)
  return fromWkb(blob, 8 + envelopeBytes)
}

// ---------------------------------------------------------------- reading

function all(db: Database, sql: string, params: SqlValue[] = []): Record<string, SqlValue>[] {
  const st = db.prepare(sql)
  try {
    st.bind(params)
    const rows: Record<string, SqlValue>[] = []
    while (st.step()) rows.push(st.getAsObject())
    return rows
  } finally {
    st.free()
  }
}

export async function readGpkg(bytes: Uint8Array, layer?: string): Promise<ParsedFile> {
  if (bytes.length < 100 || new TextDecoder().decode(bytes.subarray(0, 15)) !== 'SQLite format 3') {
    throw new FormatError('The file is not a GeoPackage (not an SQLite database).')
  }
  const SQL = await sqlite()
  const db = new SQL.Database(bytes)
  try {
    // Nothing a file holds may write: views and triggers run with the file's own SQL. (sql.js has no progress
    // handler to stop a runaway query; the parse worker's wall clock does.)
    db.exec('PRAGMA query_only = ON; PRAGMA trusted_schema = OFF')
    let layers: Record<string, SqlValue>[]
    try {
      layers = all(
        db,
        `SELECT c.table_name AS t, g.column_name AS g, g.srs_id AS srs, s.organization AS org, s.organization_coordsys_id AS code
        FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
        LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
        WHERE c.data_type = 'features' ORDER BY c.table_name`,
      )
    } catch {
      throw new FormatError('The SQLite file is not a GeoPackage (no gpkg_contents / gpkg_geometry_columns tables).')
    }
    if (layers.length === 0) throw new FormatError('The GeoPackage holds no feature table.')
    let chosen = layers[0]!
    if (layers.length > 1) {
      const wanted = layer ? layers.find((l) => String(l.t).toLowerCase() === layer.toLowerCase()) : undefined
      if (!wanted)
        throw new FormatError(
          `The GeoPackage holds ${layers.length} feature tables (${layers.map((l) => l.t).join(', ')}): name one with the "layer" field.`,
        )
      chosen = wanted
    }
    const table = String(chosen.t)
    const geomCol = String(chosen.g)
    const srsId = Number(chosen.srs)
    let srid: number
    if (srsId === 4326 || (String(chosen.org).toUpperCase() === 'EPSG' && Number(chosen.code) === 4326)) srid = 4326
    else if (String(chosen.org).toUpperCase() === 'EPSG') srid = Number(chosen.code)
    else if (srsId === 0 || srsId === -1) srid = 4326
    else
      throw new FormatError(
        `The layer ${table} uses SRS ${srsId} (${String(chosen.org)}), which is not an EPSG coordinate system.`,
        'unsupported_crs',
      )

    const info = all(db, `PRAGMA table_info(${ident(table)})`)
    const pk = info
      .filter((c) => Number(c.pk) === 1 && String(c.type).toUpperCase() === 'INTEGER')
      .map((c) => String(c.name))
    const fields = info.filter((c) => c.name !== geomCol && !pk.includes(String(c.name)))
    const boolean = new Set(fields.filter((c) => String(c.type).toUpperCase() === 'BOOLEAN').map((c) => String(c.name)))
    const columns = fields.map((c) => String(c.name))
    const rows: SourceRow[] = []
    const st = db.prepare(
      `SELECT ${[ident(geomCol), ...columns.map(ident)].join(', ')} FROM ${ident(table)}${pk.length ? ` ORDER BY ${ident(pk[0]!)}` : ''}`,
    )
    try {
      while (st.step()) {
        const values = st.get()
        const properties: Record<string, Scalar> = {}
        columns.forEach((c, i) => {
          const v = values[i + 1]
          properties[c] = v instanceof Uint8Array ? null : boolean.has(c) && v !== null ? v === 1 : (v ?? null)
        })
        const blob = values[0]
        if (!(blob instanceof Uint8Array)) {
          rows.push({ properties, geometry: null, problem: 'the feature has no geometry' })
          continue
        }
        try {
          const geometry = plain2d(readGpkgGeometry(blob))
          rows.push(
            geometry ? { properties, geometry } : { properties, geometry: null, problem: 'the geometry is empty' },
          )
        } catch (e) {
          rows.push({ properties, geometry: null, problem: (e as Error).message })
        }
      }
    } finally {
      st.free()
    }
    const others = layers.length > 1 ? [`read the table ${table} of ${layers.length}`] : []
    return { format: 'gpkg', layer: table, columns, rows, srid, warnings: others }
  } finally {
    db.close()
  }
}

// ---------------------------------------------------------------- writing

const SQL_TYPES: Record<ColumnType, string> = {
  text: 'TEXT',
  integer: 'INTEGER',
  number: 'REAL',
  boolean: 'BOOLEAN',
  timestamp: 'DATETIME',
}
const GEOMETRY_NAMES = { Point: 'POINT', LineString: 'LINESTRING', MultiPolygon: 'MULTIPOLYGON' } as const

function sqlValue(type: ColumnType, v: unknown): SqlValue {
  if (v === null || v === undefined) return null
  if (type === 'boolean') return v ? 1 : 0
  if (type === 'integer' || type === 'number') return Number(v)
  return String(v)
}

export async function writeGpkg(layer: ExportLayer): Promise<ExportFile> {
  const SQL = await sqlite()
  const db = new SQL.Database()
  try {
    const table = layer.name
    const all = layer.features.flatMap((f) => (f.geometry ? positions(f.geometry) : []))
    const [x0, y0, x1, y1] = all.length ? bboxOf(all) : [null, null, null, null]
    db.exec(`PRAGMA application_id = ${GPKG_APPLICATION_ID}; PRAGMA user_version = 10200;
      CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
        description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));`)
    const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)')
    for (const row of [
      ['Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'],
      ['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'],
      [
        'WGS 84 geodetic',
        4326,
        'EPSG',
        4326,
        WGS84_WKT,
        'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid',
      ],
    ] as SqlValue[][])
      srs.run(row)
    srs.free()
    db.run(
      'INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 4326)',
      [table, 'features', table, layer.title, x0, y0, x1, y1],
    )
    db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)', [
      table,
      'geom',
      GEOMETRY_NAMES[layer.geometryType],
    ])
    const cols = layer.columns.map((c) => `${ident(c.name)} ${SQL_TYPES[c.type]}`)
    db.run(
      `CREATE TABLE ${ident(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ${GEOMETRY_NAMES[layer.geometryType]}${cols.map((c) => `, ${c}`).join('')})`,
    )
    const insert = db.prepare(
      `INSERT INTO ${ident(table)} (geom${layer.columns.map((c) => `, ${ident(c.name)}`).join('')}) VALUES (?${', ?'.repeat(layer.columns.length)})`,
    )
    db.run('BEGIN')
    for (const f of layer.features) {
      insert.run([
        f.geometry ? gpkgGeometry(f.geometry) : null,
        ...layer.columns.map((c) => sqlValue(c.type, f.properties[c.name])),
      ])
    }
    db.run('COMMIT')
    insert.free()
    return { body: db.export(), contentType: 'application/geopackage+sqlite3', extension: 'gpkg' }
  } finally {
    db.close()
  }
}
