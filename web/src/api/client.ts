import type { RegionCode, Role } from '../../../contract/domains.ts'
import type { MapMeta } from '../../../contract/map.ts'
// The one HTTP client of the web app: JSON in and out, the CSRF header on writes, errors as ApiError.

export interface User {
  username: string
  display_name: string
  role: Role
  regions: RegionCode[]
  counties: string[]
  /** An operator's organisation. */
  organisation?: string | null
  /** The agency the account concurs for on flight clearances. */
  agency?: string | null
}

/** GET /api/meta, as the server's schema says (contract/map.ts). */
export type Meta = MapMeta

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body?: unknown,
  ) {
    super(message)
  }
}

/**
 * A fresh random key (UUID v4) for an Idempotency-Key or a queued item. crypto.randomUUID exists only in secure
 * contexts, and the app may be served over plain HTTP on a LAN; getRandomValues works everywhere.
 */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** The double-submit CSRF token every cookie-authenticated write sends as X-CSRF-Token. */
export const csrfToken = () =>
  decodeURIComponent(
    document.cookie
      .split('; ')
      .find((c) => c.startsWith('ramani_csrf='))
      ?.slice('ramani_csrf='.length) ?? '',
  )

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers)
  const method = (init.method ?? 'GET').toUpperCase()
  if (init.json !== undefined) headers.set('Content-Type', 'application/json')
  if (method !== 'GET' && method !== 'HEAD') headers.set('X-CSRF-Token', csrfToken())
  const res = await fetch(path, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    credentials: 'same-origin',
  })
  const text = await res.text()
  const body = text
    ? (() => {
        try {
          return JSON.parse(text)
        } catch {
          return text
        }
      })()
    : null
  if (!res.ok) {
    const err = (body as { error?: { code: string; message: string } } | null)?.error
    throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? res.statusText, body)
  }
  return body as T
}

export const signIn = (username: string, password: string) =>
  api<{ user: User }>('/api/auth/login', { method: 'POST', json: { username, password } })
export const signOut = () => api<null>('/api/auth/logout', { method: 'POST' })
export const me = () => api<{ user: User }>('/api/auth/me')
export const meta = () => api<Meta>('/api/meta')

export interface Feature {
  type: 'Feature'
  id: string | number
  geometry: GeoJSON.Geometry
  properties: Record<string, unknown>
}
export interface FeatureCollection {
  type: 'FeatureCollection'
  features: Feature[]
  numberMatched: number
  links: { rel: string; href: string }[]
}

/** Every feature of a collection, following `next` links. */
export async function allItems(collection: string, query = ''): Promise<FeatureCollection> {
  let url: string | null = `/ogc/collections/${collection}/items?limit=10000${query ? `&${query}` : ''}`
  const out: FeatureCollection = { type: 'FeatureCollection', features: [], numberMatched: 0, links: [] }
  while (url) {
    const page: FeatureCollection = await api<FeatureCollection>(url)
    out.features.push(...page.features)
    out.numberMatched = page.numberMatched
    const next = page.links.find((l) => l.rel === 'next')
    url = next ? new URL(next.href).pathname + new URL(next.href).search : null
  }
  return out
}

export const item = (collection: string, id: string | number) =>
  api<Feature>(`/ogc/collections/${collection}/items/${id}`)
