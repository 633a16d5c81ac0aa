import type { Collection } from '../assets/collections.ts'
import type { Extent } from '../assets/query.ts'

// The JSON documents of OGC API – Features (landing page, conformance, collection descriptions).

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
export const GEOJSON = 'application/geo+json'

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
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
        href: `${base}/api/openapi.json`,
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
    crs: [CRS84],
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
