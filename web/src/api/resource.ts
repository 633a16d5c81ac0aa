import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react'
import { api } from './client.ts'

// One cache of the server's answers, keyed by URL (or by a name for an answer made of several requests): components
// asking for the same resource share one request and one answer, and a write invalidates what it changed by key prefix
// (`invalidate('/api/imports')`), so every component showing it fetches it again. An invalidated answer stays on
// screen until the new one arrives.

export interface Resource<T> {
  data: T | undefined
  error: Error | undefined
  loading: boolean
}

interface Entry {
  snapshot: Resource<unknown>
  load: () => Promise<unknown>
  inFlight?: Promise<void>
  /** Invalidated while a request was in flight: its answer may predate the write, so fetch once more. */
  again: boolean
  listeners: Set<() => void>
}

const cache = new Map<string, Entry>()
const EMPTY: Resource<never> = { data: undefined, error: undefined, loading: false }

function entry(key: string, load: () => Promise<unknown>): Entry {
  let e = cache.get(key)
  if (!e) {
    e = { snapshot: { data: undefined, error: undefined, loading: false }, load, again: false, listeners: new Set() }
    cache.set(key, e)
  }
  return e
}

function update(e: Entry, next: Partial<Resource<unknown>>) {
  e.snapshot = { ...e.snapshot, ...next }
  for (const l of [...e.listeners]) l()
}

function fetchEntry(key: string, e: Entry): Promise<void> {
  if (e.inFlight) return e.inFlight
  update(e, { loading: true })
  e.again = false
  const p = e.load().then(
    (data) => update(e, { data, error: undefined, loading: false }),
    (error: Error) => update(e, { error, loading: false }),
  )
  e.inFlight = p.finally(() => {
    e.inFlight = undefined
    if (e.again && cache.get(key) === e) void fetchEntry(key, e)
  })
  return e.inFlight
}

/**
 * The answer for `key` (null: nothing yet, e.g. a selection not made), fetched on first use. `load` defaults to a GET
 * of the key; give one when the key names something else (it is read when a request starts, not on every render).
 */
export function useResource<T>(key: string | null, load?: () => Promise<T>): Resource<T> {
  const loader = useRef(load)
  loader.current = load
  // Keyed by `key` only: useSyncExternalStore subscribes (and so fetches) again when the key changes.
  const subscribe = useCallback(
    (listener: () => void) => {
      if (key === null) return () => undefined
      const e = entry(key, () => (loader.current ?? (() => api<T>(key)))())
      e.listeners.add(listener)
      // Not fetched yet, or failed last time: a component showing it now asks again.
      if (e.snapshot.data === undefined && !e.inFlight) void fetchEntry(key, e)
      return () => e.listeners.delete(listener)
    },
    [key],
  )
  const snapshot = () => (key === null ? EMPTY : (cache.get(key)?.snapshot ?? EMPTY))
  return useSyncExternalStore(subscribe, snapshot, snapshot) as Resource<T>
}

/** A resource as a panel shows it while its key changes: `stale` when the answer is the previous key's. */
export type KeptResource<T> = Resource<T> & { stale: boolean }

/**
 * While a new key's first answer is on its way (a new quarter, search term or period kind), the previous key's answer
 * stays on screen, marked stale, instead of the panel or layer going blank. Nothing is kept across "nothing asked"
 * (a null key) or past an error.
 */
export function keepPrevious<T>(r: Resource<T>, key: string | null, previous: T | undefined): KeptResource<T> {
  if (key === null || r.data !== undefined || r.error) return { ...r, stale: false }
  return { ...r, data: previous, stale: previous !== undefined }
}

/** useResource, keeping the previous key's answer on screen while the new one loads (see keepPrevious). */
export function useKeptResource<T>(key: string | null, load?: () => Promise<T>): KeptResource<T> {
  const r = useResource<T>(key, load)
  const last = useRef<T | undefined>(undefined)
  const shown = keepPrevious(r, key, last.current)
  last.current = key === null ? undefined : shown.data
  return shown
}

/** The answer for `key` from the cache, or fetched (one request shared with any component asking at the same time). */
export async function fetchResource<T>(key: string, load: () => Promise<T> = () => api<T>(key)): Promise<T> {
  const e = entry(key, load)
  if (e.snapshot.data === undefined || e.inFlight) await fetchEntry(key, e)
  if (e.snapshot.error) throw e.snapshot.error
  return e.snapshot.data as T
}

/** A write answered with the resource's new state (an updated record): cached and shown at once, no request. */
export function prime<T>(key: string, data: T) {
  update(
    entry(key, () => api<T>(key)),
    { data, error: undefined },
  )
}

/**
 * After a write: every cached answer whose key starts with `prefix` is out of date. Those on screen are fetched again;
 * the others are dropped, to be fetched when next shown.
 */
export function invalidate(prefix: string) {
  for (const [key, e] of cache) {
    if (!key.startsWith(prefix)) continue
    if (e.listeners.size === 0 && !e.inFlight) cache.delete(key)
    else if (e.inFlight) e.again = true
    else void fetchEntry(key, e)
  }
}

/** Re-reads a resource on a timer while a component shows it (polled data such as the data versions). */
export function usePolling(prefix: string, everyMs: number) {
  useEffect(() => {
    const timer = setInterval(() => invalidate(prefix), everyMs)
    return () => clearInterval(timer)
  }, [prefix, everyMs])
}

/** Forgets every answer: after signing out, nothing of the last user's data may be shown to the next. */
export function clearResources() {
  cache.clear()
}
