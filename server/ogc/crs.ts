// Coordinate reference systems of OGC API – Features Part 2: data are stored in WGS 84 and PostGIS transforms on
// the way out (crs) and in (bbox-crs, filter-crs). Kenyan users work in Arc 1960 / UTM 36S and 37S and WGS 84 UTM.

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const EPSG = 'http://www.opengis.net/def/crs/EPSG/0/'

/** SRIDs offered besides CRS84, with what they are. */
export const EPSG_CODES: Record<number, string> = {
  4326: 'WGS 84 (latitude, longitude)',
  3857: 'WGS 84 / Pseudo-Mercator',
  21036: 'Arc 1960 / UTM zone 36S',
  21037: 'Arc 1960 / UTM zone 37S',
  32636: 'WGS 84 / UTM zone 36N',
  32637: 'WGS 84 / UTM zone 37N',
  32736: 'WGS 84 / UTM zone 36S',
  32737: 'WGS 84 / UTM zone 37S',
}

export interface Crs {
  uri: string
  srid: number
  /** EPSG:4326 orders its axes latitude first; CRS84 and the projected systems x (east) first. */
  latFirst: boolean
}

export const CRS84_CRS: Crs = { uri: CRS84, srid: 4326, latFirst: false }

/** Every CRS a collection can be served in, as URIs (CRS84 first, the storage CRS). */
export const SUPPORTED_CRS: string[] = [CRS84, ...Object.keys(EPSG_CODES).map((code) => `${EPSG}${code}`)]

/** The CRS named by a URI, a safe CURIE ([EPSG:21037]) or EPSG:21037; undefined when not offered. */
export function parseCrs(value: string): Crs | undefined {
  const v = value.trim()
  if (v === CRS84 || /^\[?OGC:CRS84\]?$/i.test(v)) return CRS84_CRS
  const m =
    v.startsWith(EPSG) && /^\d+$/.test(v.slice(EPSG.length)) ? v.slice(EPSG.length) : /^\[?EPSG:(\d+)\]?$/i.exec(v)?.[1]
  const srid = m ? Number(m) : NaN
  if (!EPSG_CODES[srid]) return undefined
  return { uri: `${EPSG}${srid}`, srid, latFirst: srid === 4326 }
}
