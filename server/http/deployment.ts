import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

// How the server is reached, from configuration rather than from the socket: behind a TLS-terminating proxy Node
// sees plain HTTP from the proxy's address, so both the client's address and whether the page is https must come from
// the proxy's headers, and only from a proxy the operator listed.

export interface Deployment {
  /** RAMANI_PUBLIC_URL: the address users type; https there means Secure cookies and HSTS. */
  publicUrl?: string
  /** RAMANI_TRUSTED_PROXIES: addresses whose X-Forwarded-For and X-Forwarded-Proto are believed. */
  trustedProxies: string[]
}

const socketAddress = (c: Context): string => {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown' // app.request() without a socket
  }
}
const norm = (a: string) => a.trim().replace(/^::ffff:/, '')

const fromTrustedProxy = (c: Context, d: Deployment) => d.trustedProxies.includes(norm(socketAddress(c)))

/** The client's address: the socket's, or, from a trusted proxy, the nearest X-Forwarded-For hop not itself trusted. */
export function clientAddress(c: Context, d: Deployment): string {
  const peer = norm(socketAddress(c))
  if (!d.trustedProxies.includes(peer)) return peer
  const hops = (c.req.header('X-Forwarded-For') ?? '').split(',').map(norm).filter(Boolean)
  for (let i = hops.length - 1; i >= 0; i--) if (!d.trustedProxies.includes(hops[i]!)) return hops[i]!
  return peer
}

/** Whether the user's browser reached us over https: the public URL says so, or a trusted proxy does. */
export function servedOverHttps(c: Context, d: Deployment): boolean {
  if (d.publicUrl) return new URL(d.publicUrl).protocol === 'https:'
  if (fromTrustedProxy(c, d)) return (c.req.header('X-Forwarded-Proto') ?? '').split(',')[0]!.trim() === 'https'
  return new URL(c.req.url).protocol === 'https:'
}
