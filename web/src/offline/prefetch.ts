import type { Meta, User } from '../api/client.ts'
import { filterQuery } from '../state/filters.ts'
import type { CollectionId } from '../map/layers.ts'
import { DATA_CACHE, PACKAGE_KEY, TILE_CACHE } from './session.ts'

// The offline package of a field officer: everything the map needs to work in their counties without a connection,
// written into the caches the service worker answers from. The server already limits what a field officer reads to
// their counties, so the package is: the reference layers (county and region outlines, which are also the offline
// basemap, and places), /api/meta, every asset of their counties as OGC items, and the vector tiles that hold those
// assets at zooms 5–12, with the exact URLs the map asks for (same data version, no filters).

export const ASSET_LAYERS: CollectionId[] = ['roads', 'airstrips', 'border_posts', 'admin_units', 'facilities']
export const ZOOMS = { min: 5, max: 12 }
/** Margin around each feature, in pixels of a 512 px tile, so a point's circle at a tile edge is cached on both sides. */
const MARGIN_PX = 16
const CONCURRENCY = 4

export interface PackageState {
  username: string
  versions: Record<string, number>
  items: number
  tiles: number
  at: string
}

export interface Progress {
  done: number
  total: number
}

export const itemsUrl = (collection: string) => `/ogc/collections/${collection}/items?limit=10000`
/** The map's tile URL for a collection with no filters (as MapView's tileUrl builds it). */
export const tileUrl = (collection: CollectionId, meta: Meta, z: number, x: number, y: number) =>
  `${window.location.origin}/tiles/${collection}/${z}/${x}/${y}.mvt?${filterQuery(collection, {}, { v: String(meta.versions[collection] ?? 0) })}`

export function packageState(): PackageState | undefined {
  try {
    const raw = localStorage.getItem(PACKAGE_KEY)
    return raw ? (JSON.parse(raw) as PackageState) : undefined
  } catch {
    return undefined
  }
}

/** Whether the package matches this user and these data versions. */
export function packageCurrent(user: User, meta: Meta): boolean {
  const p = packageState()
  return Boolean(p && p.username === user.username && ASSET_LAYERS.every((c) => p.versions[c] === meta.versions[c]))
}

/** Web Mercator tile of a lon/lat at zoom z, as fractional tile coordinates. */
function tileXY(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const x = ((lon + 180) / 360) * n
  const r = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180
  const y = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n
  return [x, y]
}

/** Tiles (z/x/y) holding a geometry at zoom z, with a margin. */
export function coveringTiles(geometry: GeoJSON.Geometry, z: number, out = new Set<string>()): Set<string> {
  const margin = MARGIN_PX / 512
  const n = 2 ** z
  const add = (x: number, y: number) => {
    for (const tx of new Set([Math.floor(x - margin), Math.floor(x), Math.floor(x + margin)])) {
      for (const ty of new Set([Math.floor(y - margin), Math.floor(y), Math.floor(y + margin)])) {
        if (tx >= 0 && ty >= 0 && tx < n && ty < n) out.add(`${z}/${tx}/${ty}`)
      }
    }
  }
  const line = (coords: number[][]) => {
    for (let i = 0; i < coords.length; i++) {
      const [x1, y1] = tileXY(coords[i]![0]!, coords[i]![1]!, z)
      add(x1, y1)
      const next = coords[i + 1]
      if (!next) continue
      const [x2, y2] = tileXY(next[0]!, next[1]!, z)
      // Sample each segment at a quarter tile so no tile it crosses is missed.
      const steps = Math.ceil(Math.max(Math.abs(x2 - x1), Math.abs(y2 - y1)) * 4)
      for (let s = 1; s < steps; s++) add(x1 + ((x2 - x1) * s) / steps, y1 + ((y2 - y1) * s) / steps)
    }
  }
  switch (geometry.type) {
    case 'Point':
      add(...tileXY(geometry.coordinates[0]!, geometry.coordinates[1]!, z))
      break
    case 'MultiPoint':
      for (const c of geometry.coordinates) add(...tileXY(c[0]!, c[1]!, z))
      break
    case 'LineString':
      line(geometry.coordinates)
      break
    case 'MultiLineString':
      geometry.coordinates.forEach(line)
      break
    case 'Polygon':
      geometry.coordinates.forEach(line)
      break
    case 'MultiPolygon':
      geometry.coordinates.forEach((p) => p.forEach(line))
      break
    case 'GeometryCollection':
      geometry.geometries.forEach((g) => coveringTiles(g, z, out))
      break
  }
  return out
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!)
    }),
  )
}

/** The key under which the newest copy of a tile is also kept, for offline use after the data version moved on. */
export const latestKey = (url: string) => {
  const u = new URL(url)
  u.searchParams.delete('v')
  return u.toString()
}

async function fetchInto(cache: Cache, url: string, also?: string): Promise<Response> {
  const res = await fetch(url, { credentials: 'same-origin' })
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  await cache.put(url, res.clone())
  if (also) await cache.put(also, res.clone())
  return res
}

/** Most entries kept in the tile and read caches (oldest dropped first; the offline package's lists are kept). */
const MAX_TILES = 20_000
const MAX_READS = 3_000

/**
 * Keeps the caches bounded: tiles of older data versions go (the copy under the version-less key stays, for offline
 * use), then the oldest entries beyond the limits.
 */
export async function trimCaches(meta: Meta): Promise<void> {
  if (typeof caches === 'undefined') return
  const tiles = await caches.open(TILE_CACHE)
  let keys = await tiles.keys()
  for (const req of keys) {
    const u = new URL(req.url)
    const c = u.pathname.split('/')[2] ?? ''
    const v = u.searchParams.get('v')
    if (v !== null && c in meta.versions && Number(v) !== meta.versions[c]) await tiles.delete(req)
  }
  keys = await tiles.keys()
  for (const req of keys.slice(0, Math.max(0, keys.length - MAX_TILES))) await tiles.delete(req)
  const data = await caches.open(DATA_CACHE)
  const keep = new Set(
    ['/api/meta', '/api/places', itemsUrl('counties'), itemsUrl('regions'), ...ASSET_LAYERS.map(itemsUrl)].map((u) =>
      new URL(u, window.location.origin).toString(),
    ),
  )
  const reads = (await data.keys()).filter((r) => !keep.has(r.url))
  for (const req of reads.slice(0, Math.max(0, reads.length - MAX_READS))) await data.delete(req)
}

/**
 * Fills the caches for offline work in the user's area. Lists and reference layers are always refreshed; tiles
 * already cached under the current data version are skipped.
 */
export async function preparePackage(user: User, meta: Meta, onProgress: (p: Progress) => void): Promise<PackageState> {
  const data = await caches.open(DATA_CACHE)
  const tiles = await caches.open(TILE_CACHE)
  const lists = ['/api/meta', '/api/places', itemsUrl('counties'), itemsUrl('regions'), ...ASSET_LAYERS.map(itemsUrl)]
  let done = 0
  let total = lists.length
  onProgress({ done, total })
  const features: Record<string, GeoJSON.Feature[]> = {}
  let items = 0
  await pool(lists, CONCURRENCY, async (url) => {
    const res = await fetchInto(data, new URL(url, window.location.origin).toString())
    const c = ASSET_LAYERS.find((id) => url === itemsUrl(id))
    if (c) {
      features[c] = ((await res.json()) as GeoJSON.FeatureCollection).features
      items += features[c].length
    }
    onProgress({ done: ++done, total })
  })

  const urls: string[] = []
  for (const c of ASSET_LAYERS) {
    const keys = new Set<string>()
    for (let z = ZOOMS.min; z <= ZOOMS.max; z++)
      for (const f of features[c] ?? []) if (f.geometry) coveringTiles(f.geometry, z, keys)
    for (const k of keys) {
      const [z, x, y] = k.split('/').map(Number) as [number, number, number]
      urls.push(tileUrl(c, meta, z, x, y))
    }
  }
  total += urls.length
  let fetched = 0
  await pool(urls, CONCURRENCY, async (url) => {
    if (!(await tiles.match(url))) {
      await fetchInto(tiles, url, latestKey(url))
      fetched++
    }
    onProgress({ done: ++done, total })
  })
  await trimCaches(meta)
  const state: PackageState = {
    username: user.username,
    versions: Object.fromEntries(ASSET_LAYERS.map((c) => [c, meta.versions[c] ?? 0])),
    items,
    tiles: urls.length,
    at: new Date().toISOString(),
  }
  localStorage.setItem(PACKAGE_KEY, JSON.stringify(state))
  console.info(`[ramani] offline package: ${items} features, ${urls.length} tiles (${fetched} fetched)`)
  return state
}
