import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearResources, fetchResource, invalidate, keepPrevious, prime } from '../../web/src/api/resource.ts'

// The web app's cache of server answers (web/src/api/resource.ts): one request per resource however many ask, answers
// kept until a write invalidates them by key prefix.

describe('the resource cache (web/src/api/resource.ts)', () => {
  const g = globalThis as unknown as { fetch: typeof fetch }
  const realFetch = g.fetch
  let requests: string[] = []
  let release: (() => void)[] = []
  let held = false
  beforeEach(() => {
    requests = []
    release = []
    held = false
    clearResources()
    g.fetch = (async (url: string) => {
      requests.push(url)
      if (held) await new Promise<void>((r) => release.push(r))
      return new Response(JSON.stringify({ url, n: requests.length }), { status: 200 })
    }) as typeof fetch
  })
  afterEach(() => {
    g.fetch = realFetch
  })

  it('sends one request for callers asking at the same time, and answers later callers from the cache', async () => {
    held = true
    const a = fetchResource<{ n: number }>('/api/summary?county=023')
    const b = fetchResource<{ n: number }>('/api/summary?county=023')
    await new Promise((r) => setTimeout(r, 0))
    release.forEach((r) => r())
    expect(await a).toEqual(await b)
    held = false
    expect((await fetchResource<{ n: number }>('/api/summary?county=023')).n).toBe(1)
    expect(requests).toEqual(['/api/summary?county=023'])
  })

  it('fetches again only what an invalidated prefix covers', async () => {
    await fetchResource('/api/summary?county=023')
    await fetchResource('/api/summary?region=coast')
    await fetchResource('/api/imports?limit=8')
    invalidate('/api/summary')
    await fetchResource('/api/summary?county=023')
    await fetchResource('/api/summary?region=coast')
    await fetchResource('/api/imports?limit=8')
    expect(requests).toEqual([
      '/api/summary?county=023',
      '/api/summary?region=coast',
      '/api/imports?limit=8',
      '/api/summary?county=023',
      '/api/summary?region=coast',
    ])
  })

  it('keys answers made of several requests by name, with their own loader', async () => {
    let loads = 0
    const load = async () => ({ loads: ++loads })
    expect(await fetchResource('reference:counties+regions', load)).toEqual({ loads: 1 })
    expect(await fetchResource('reference:counties+regions', load)).toEqual({ loads: 1 })
    expect(requests).toEqual([])
  })

  it('reports a failed request, and asks again next time rather than caching the failure', async () => {
    g.fetch = (async (url: string) => {
      requests.push(url)
      return requests.length === 1
        ? new Response(JSON.stringify({ error: { code: 'unavailable', message: 'try later' } }), { status: 503 })
        : new Response('{"ok":true}', { status: 200 })
    }) as typeof fetch
    await expect(fetchResource('/api/meta')).rejects.toThrow('try later')
    expect(await fetchResource('/api/meta')).toEqual({ ok: true })
    expect(requests).toHaveLength(2)
  })

  it('forgets everything on sign-out', async () => {
    await fetchResource('/api/meta')
    clearResources()
    await fetchResource('/api/meta')
    expect(requests).toEqual(['/api/meta', '/api/meta'])
  })

  it("shows the previous key's answer, marked stale, while a new key's first answer loads; never past an error or a null key", () => {
    const loading = { data: undefined, error: undefined, loading: true }
    expect(keepPrevious(loading, '/api/search?q=lod', { hits: ['Lodwar'] })).toEqual({
      ...loading,
      data: { hits: ['Lodwar'] },
      stale: true,
    })
    const fresh = { data: { hits: ['Lokichoggio'] }, error: undefined, loading: false }
    expect(keepPrevious(fresh, '/api/search?q=lok', { hits: ['Lodwar'] })).toEqual({ ...fresh, stale: false })
    const failed = { data: undefined, error: new Error('503'), loading: false }
    expect(keepPrevious(failed, '/api/search?q=lok', { hits: ['Lodwar'] }).data).toBeUndefined()
    expect(keepPrevious(loading, null, { hits: ['Lodwar'] })).toEqual({ ...loading, stale: false })
    expect(keepPrevious(loading, '/api/search?q=lod', undefined)).toEqual({ ...loading, stale: false })
  })

  it("takes a write's answer as the resource's new state without asking the server again", async () => {
    prime('/api/flights/7', { id: 7, status: 'approved' })
    expect(await fetchResource('/api/flights/7')).toEqual({ id: 7, status: 'approved' })
    expect(requests).toEqual([])
  })
})
