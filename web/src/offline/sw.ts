// Ramani's service worker (built to /sw.js by web/build/service-worker.ts, which fills in the app shell's file list).
//   - the app shell (index.html, the hashed JS/CSS, the manifest and icons) is precached at install: the app opens
//     with no connection;
//   - navigation: network first, the cached index.html when offline;
//   - vector tiles: cache first for versioned URLs (?v=… changes with every edit, so a cached one is never stale);
//     offline, the newest copy of the same tile under any version;
//   - API and OGC reads: network first (answers cached as they pass), the cached answer when offline (or, for the
//     map's and inspector's reads, when the network takes over 6 s); a single feature falls back to its layer's list;
//   - writes are never touched: the page queues them (queue.ts) and replays them (sync.ts).
// Sign-in, accounts, tokens, the audit log, imports and exports are never cached. This file imports nothing: it is bundled on its own.

declare const __PRECACHE__: string[]
declare const __BUILD__: string

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void
}
interface FetchEvent extends ExtendableEvent {
  request: Request
  respondWith(r: Response | Promise<Response>): void
}
interface Scope {
  location: Location
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void
  skipWaiting(): Promise<void>
  clients: { claim(): Promise<void> }
}
const sw = self as unknown as Scope

// The same names as web/src/offline/session.ts.
const SHELL = `ramani-shell-${__BUILD__}`
const DATA = 'ramani-data-v1'
const TILES = 'ramani-tiles-v1'

// Citizen reports carry reporters' phone numbers and personal accounts: never kept on a device. The gazetteer places
// of the public form (/api/reports/places) are public reference data, kept for the form to work offline.
const NEVER_CACHED =
  /^\/api\/(auth|users|tokens|audit|openapi\.json|docs|exports|imports|analysis\/jobs|reports(?!\/places$)|community-structures)(\/|$)/
const API = /^\/(api|ogc)(\/|$)/
/** Reads of the map and the inspector: on a slow link a cached answer beats waiting (analyses and reports always wait). */
const MAP_READS = /^\/(ogc\/|api\/(meta|places|history|summary|assessments|search)(\/|$|\?))/
/** How long a map read waits for the network before a cached answer is used (slow rural links). */
const SLOW_MS = 6000

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(__PRECACHE__))
      .then(() => sw.skipWaiting()),
  )
})

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith('ramani-shell-') && name !== SHELL) await caches.delete(name)
      await sw.clients.claim()
    })(),
  )
})

const offline = (message: string, status = 503) =>
  new Response(JSON.stringify({ error: { code: 'offline', message } }), {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Ramani-Offline': 'miss' },
  })

function withoutVersion(url: URL): string {
  const u = new URL(url)
  u.searchParams.delete('v')
  return u.toString()
}

async function navigate(req: Request): Promise<Response> {
  try {
    return await fetch(req)
  } catch {
    const shell = await caches.open(SHELL)
    return (await shell.match('/index.html')) ?? (await shell.match('/')) ?? new Response('Offline', { status: 503 })
  }
}

async function tile(event: FetchEvent, url: URL): Promise<Response> {
  const cache = await caches.open(TILES)
  const versioned = url.searchParams.has('v')
  if (versioned) {
    const hit = await cache.match(event.request)
    if (hit) return hit
  }
  try {
    const res = await fetch(event.request)
    if (res.ok) {
      event.waitUntil(Promise.all([cache.put(event.request, res.clone()), cache.put(withoutVersion(url), res.clone())]))
    }
    return res
  } catch {
    return (
      (await cache.match(event.request)) ??
      (await cache.match(withoutVersion(url))) ??
      new Response(null, { status: 504, headers: { 'X-Ramani-Offline': 'miss' } })
    )
  }
}

/** A feature from its collection's cached list (the offline package stores lists, not single features). */
async function featureFromList(cache: Cache, url: URL): Promise<Response | undefined> {
  const m = /^\/ogc\/collections\/([a-z_]+)\/items\/([^/]+)$/.exec(url.pathname)
  if (!m) return undefined
  const list = await cache.match(`${url.origin}/ogc/collections/${m[1]}/items?limit=10000`)
  if (!list) return undefined
  const fc = (await list.json()) as { features: { id: unknown }[] }
  const f = fc.features.find((x) => String(x.id) === decodeURIComponent(m[2]!))
  return f
    ? new Response(JSON.stringify(f), {
        headers: { 'Content-Type': 'application/geo+json', 'X-Ramani-Offline': 'list' },
      })
    : undefined
}

async function read(event: FetchEvent, url: URL): Promise<Response> {
  const cache = await caches.open(DATA)
  const cached = cache.match(event.request)
  const network = fetch(event.request).then((res) => {
    if (res.ok) event.waitUntil(cache.put(event.request, res.clone()))
    return res
  })
  event.waitUntil(network.catch(() => undefined))
  const fallback = async () =>
    (await cached) ??
    (await featureFromList(cache, url)) ??
    offline('You are offline, and this was not saved for offline use.')
  // Network first; when it is slow and a cached answer exists, that answer now and the network's for next time.
  const slow = new Promise<'slow'>((resolve) => {
    if (MAP_READS.test(url.pathname)) setTimeout(() => resolve('slow'), SLOW_MS)
  })
  try {
    const first = await Promise.race([network, slow])
    if (first !== 'slow') return first
    const hit = await cached
    return hit ?? (await network)
  } catch {
    return fallback()
  }
}

async function shellFirst(req: Request): Promise<Response> {
  const hit = await caches.match(req)
  if (hit) return hit
  return fetch(req)
}

sw.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== sw.location.origin) return
  if (req.mode === 'navigate') return event.respondWith(navigate(req))
  if (url.pathname.startsWith('/tiles/')) return event.respondWith(tile(event, url))
  if (NEVER_CACHED.test(url.pathname)) return
  if (API.test(url.pathname)) return event.respondWith(read(event, url))
  event.respondWith(shellFirst(req))
})

sw.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') void sw.skipWaiting()
})
