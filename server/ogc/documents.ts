import type { Collection } from '../assets/collections.ts'
import type { Extent } from '../assets/query.ts'
import { CRS84, SUPPORTED_CRS } from './crs.ts'

// The JSON documents of OGC API – Features (landing page, conformance, collection descriptions).

export const GEOJSON = 'application/geo+json'

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  // Part 2: crs, bbox-crs and Content-Crs.
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  // Part 3: queryables and CQL2 filters (text and JSON) on items, tiles and exports.
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/property-property',
  // Part 4 (draft): writes with optimistic locking (ETag / If-Match).
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags',
]

export interface Link {
  href: string
  rel: string
  type?: string
  title?: string
}

export function landingPage(base: string) {
  return {
    title: 'Ramani – security and operations assets',
    description:
      'OGC API – Features for roads, airstrips, border posts, administrative units, facilities, incidents, regions and counties of Kenya.',
    links: [
      { href: `${base}/ogc`, rel: 'self', type: 'application/json', title: 'This document' },
      {
        href: `${base}/ogc/api`,
        rel: 'service-desc',
        type: 'application/vnd.oai.openapi+json;version=3.0',
        title: 'The API definition',
      },
      { href: `${base}/api/docs`, rel: 'service-doc', type: 'text/html', title: 'The API documentation' },
      { href: `${base}/ogc/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
      { href: `${base}/ogc/collections`, rel: 'data', type: 'application/json', title: 'Collections' },
    ] satisfies Link[],
  }
}

export function collectionDocument(base: string, c: Collection, extent: Extent) {
  const href = `${base}/ogc/collections/${c.id}`
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    crs: SUPPORTED_CRS,
    storageCrs: CRS84,
    extent: {
      spatial: { bbox: extent.bbox ? [extent.bbox] : [], crs: CRS84 },
      ...(extent.interval
        ? { temporal: { interval: [extent.interval], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } }
        : {}),
    },
    links: [
      { href, rel: 'self', type: 'application/json', title: c.title },
      { href: `${href}/items`, rel: 'items', type: GEOJSON, title: `${c.title} as GeoJSON` },
      {
        href: `${href}/queryables`,
        rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables',
        type: 'application/schema+json',
        title: 'Properties a filter may use',
      },
    ] satisfies Link[],
  }
}

/** Self/next/prev links of an items page, keeping every other query parameter. */
export function pageLinks(url: URL, offset: number, limit: number, returned: number, matched: number): Link[] {
  const at = (o: number) => {
    const u = new URL(url)
    u.searchParams.set('offset', String(o))
    u.searchParams.set('limit', String(limit))
    return u.toString()
  }
  const links: Link[] = [{ href: url.toString(), rel: 'self', type: GEOJSON, title: 'This page' }]
  if (offset + returned < matched)
    links.push({ href: at(offset + limit), rel: 'next', type: GEOJSON, title: 'Next page' })
  if (offset > 0)
    links.push({ href: at(Math.max(0, offset - limit)), rel: 'prev', type: GEOJSON, title: 'Previous page' })
  return links
}

const JSON_TYPE = {
  text: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  timestamp: 'string',
} as const
const GEOMETRY_SCHEMA = {
  Point: 'https://geojson.org/schema/Point.json',
  LineString: 'https://geojson.org/schema/LineString.json',
  MultiPolygon: 'https://geojson.org/schema/MultiPolygon.json',
} as const

/** The queryables (Part 3): a JSON Schema of the properties a filter, sortby or properties= may name. */
export function queryablesDocument(base: string, c: Collection) {
  const properties: Record<string, unknown> = {
    geometry: { title: 'Geometry', format: `geometry-${c.geometry.toLowerCase()}`, $ref: GEOMETRY_SCHEMA[c.geometry] },
  }
  for (const f of c.fields)
    properties[f.name] = {
      title: f.title,
      ...(f.description ? { description: f.description } : {}),
      type: f.nullable ? [JSON_TYPE[f.type], 'null'] : JSON_TYPE[f.type],
      ...(f.type === 'timestamp' ? { format: 'date-time' } : {}),
      ...(f.domain ? { enum: f.domain } : {}),
      ...(f.min !== undefined ? { minimum: f.min } : {}),
      ...(f.max !== undefined ? { maximum: f.max } : {}),
    }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${base}/ogc/collections/${c.id}/queryables`,
    type: 'object',
    title: c.title,
    properties,
    additionalProperties: false,
  }
}
