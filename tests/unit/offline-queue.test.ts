import 'fake-indexeddb/auto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  enqueue,
  listItems,
  onQueueChange,
  pending,
  removeItems,
  updateItem,
  type AssessmentItem,
  type EditItem,
  type NewItem,
  type QueuedPhoto,
  type QueueItem,
} from '../../web/src/offline/queue.ts'
import { sync } from '../../web/src/offline/sync.ts'

// The field officer's offline queue (web/src/offline/queue.ts, in IndexedDB: fake-indexeddb here) and its sync
// (web/src/offline/sync.ts) against a stand-in server that keeps versions as the real one does: If-Match must name the
// current version (412 with the current record otherwise), and every answer is recorded with its Idempotency-Key.

const USER = 'field.turkana'
const g = globalThis as Record<string, unknown>

interface Sent {
  method: string
  url: string
  key: string | null
  ifMatch: string | null
  csrf: string | null
  body: unknown
}

/** Assets on the stand-in server: `roads/1` → version and properties. */
let assets: Map<string, { version: number; props: Record<string, unknown> }>
let sent: Sent[]
/** The next answers to give instead of the server's own (a status, or 'network' for a lost connection). */
let scripted: (number | 'network' | { status: number; body: unknown })[]
let signInAsked = 0

function asset(key: string) {
  return assets.get(key) ?? { version: 1, props: {} }
}

async function server(url: string, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers)
  const form = init.body instanceof FormData ? init.body : null
  sent.push({
    method: init.method ?? 'GET',
    url,
    key: headers.get('Idempotency-Key'),
    ifMatch: headers.get('If-Match'),
    csrf: headers.get('X-CSRF-Token'),
    body: form ?? JSON.parse(String(init.body)),
  })
  const next = scripted.shift()
  if (next === 'network') throw new TypeError('Failed to fetch')
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status })
  if (typeof next === 'number') return json(next, { error: { code: 'scripted', message: `scripted ${next}` } })
  if (next) return json(next.status, next.body)
  if (form) {
    const a = JSON.parse(String(form.get('assessment')))
    const key = `${a.collection}/${a.asset_id}`
    const cur = asset(key)
    const changed = (['condition', 'status'] as const).filter((f) => a[f] !== undefined)
    if (a.base_version !== cur.version && changed.some((f) => cur.props[f] !== a[f]))
      return json(412, {
        error: { code: 'conflict', message: 'changed meanwhile' },
        conflicts: changed.map((f) => ({ field: f, base: null, yours: a[f], current: cur.props[f] })),
        current: { properties: { ...cur.props, version: cur.version } },
      })
    const props = { ...cur.props, ...Object.fromEntries(changed.map((f) => [f, a[f]])) }
    assets.set(key, { version: cur.version + 1, props })
    return json(201, {
      assessment: { id: 700 + sent.length },
      asset: { properties: { ...props, version: cur.version + 1 } },
    })
  }
  const key = url.replace('/ogc/collections/', '').replace('/items/', '/')
  const cur = asset(key)
  if (headers.get('If-Match') !== `"${cur.version}"`)
    return json(412, {
      error: { code: 'precondition_failed', message: 'version mismatch' },
      current: { properties: { ...cur.props, version: cur.version } },
    })
  const props = { ...cur.props, ...(JSON.parse(String(init.body)) as { properties: object }).properties }
  assets.set(key, { version: cur.version + 1, props })
  return json(200, { properties: { ...props, version: cur.version + 1 } })
}

const edit = (assetId: number, changes: Record<string, unknown>, base: Record<string, unknown>, baseVersion: number) =>
  ({
    kind: 'edit',
    id: crypto.randomUUID(),
    username: USER,
    collection: 'roads',
    assetId,
    assetName: `Road ${assetId}`,
    changes,
    base,
    baseVersion,
  }) satisfies NewItem

const assessment = (assetId: number, base_version: number, photos: QueuedPhoto[] = []) =>
  ({
    kind: 'assessment',
    id: crypto.randomUUID(),
    username: USER,
    collection: 'facilities',
    assetId,
    assetName: `Station ${assetId}`,
    assessment: { condition: 'poor', notes: 'roof leaking', observed_at: '2026-03-14T06:26:53Z', base_version },
    photos,
  }) satisfies NewItem

const byId = async (id: string) => (await listItems()).find((i) => i.id === id)!

/** Waits (without a clock) until the queue satisfies `check`: for sends started by the engine itself. */
async function until(check: (items: QueueItem[]) => boolean) {
  for (let i = 0; i < 2000; i++) {
    if (!sync.snapshot.running && check(await listItems())) return
    await new Promise((r) => setImmediate(r))
  }
  throw new Error(`the queue never settled: ${JSON.stringify(await listItems())}`)
}

beforeAll(async () => {
  Object.defineProperty(globalThis, 'navigator', { value: { onLine: true }, configurable: true, writable: true })
  g.window = { addEventListener() {}, removeEventListener() {} }
  g.document = { cookie: 'ramani_csrf=csrf-token-1' }
  g.fetch = server
  // Started with an empty queue; the tests then run passes themselves (sync.run resolves when its pass is done).
  const firstPass = new Promise<void>((resolve) => {
    let seen = false
    const off = sync.subscribe((s) => {
      if (s.running) seen = true
      else if (seen) {
        off()
        resolve()
      }
    })
  })
  sync.start(USER, () => signInAsked++)
  await firstPass
})
afterAll(() => sync.stop())
beforeEach(async () => {
  await removeItems((await listItems()).map((i) => i.id))
  assets = new Map()
  sent = []
  scripted = []
  signInAsked = 0
})

describe('the offline queue (web/src/offline/queue.ts)', () => {
  it('keeps items in the order they were made, through updates, and tells listeners of every change', async () => {
    let changes = 0
    const off = onQueueChange(() => changes++)
    const a = await enqueue(edit(1, { condition: 'poor' }, { condition: 'fair' }, 3))
    const b = await enqueue(assessment(2, 1))
    const c = await enqueue(edit(3, { status: 'closed' }, { status: 'open' }, 1))
    expect([a.seq < b.seq, b.seq < c.seq]).toEqual([true, true])
    expect([a.state, a.attempts]).toEqual(['queued', 0])
    await updateItem(a.id, (i) => ({ ...i, state: 'synced' }))
    expect((await listItems()).map((i) => i.id)).toEqual([a.id, b.id, c.id])
    expect(pending(await listItems()).map((i) => i.id)).toEqual([b.id, c.id])
    expect(await updateItem('gone', (i) => i)).toBeUndefined()
    await removeItems([b.id])
    expect((await listItems()).map((i) => i.id)).toEqual([a.id, c.id])
    // A new item still goes after every earlier one, even after removals.
    const d = await enqueue(edit(4, { condition: 'good' }, { condition: 'poor' }, 2))
    expect(d.seq).toBeGreaterThan(c.seq)
    expect(changes).toBe(6)
    off()
  })

  it('stores photos with their bytes and EXIF details', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 1, 2, 3]).buffer
    const item = await enqueue(
      assessment(2, 1, [
        { name: 'a.jpg', type: 'image/jpeg', bytes, width: 1600, height: 1200, takenAt: '2026-03-14T03:26:53Z' },
      ]),
    )
    const stored = (await byId(item.id)) as AssessmentItem
    expect(new Uint8Array(stored.photos[0]!.bytes)).toEqual(new Uint8Array([0xff, 0xd8, 1, 2, 3]))
    expect(stored.photos[0]).toMatchObject({ name: 'a.jpg', width: 1600, takenAt: '2026-03-14T03:26:53Z' })
  })
})

describe('sync (web/src/offline/sync.ts)', () => {
  it('sends the queue in order, each item under its own Idempotency-Key, and records the answers', async () => {
    assets.set('roads/1', { version: 3, props: { condition: 'fair' } })
    assets.set('facilities/2', { version: 1, props: { condition: 'good' } })
    const e1 = await enqueue(edit(1, { condition: 'poor' }, { condition: 'fair' }, 3))
    const a2 = await enqueue(assessment(2, 1))
    const other = await enqueue({ ...edit(9, { condition: 'good' }, {}, 1), username: 'someone.else' })
    await sync.run()
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'PATCH /ogc/collections/roads/items/1',
      'POST /api/assessments',
    ])
    expect(sent.map((s) => s.key)).toEqual([e1.id, a2.id])
    expect(sent[0]).toMatchObject({ ifMatch: '"3"', csrf: 'csrf-token-1', body: { properties: { condition: 'poor' } } })
    expect(await byId(e1.id)).toMatchObject({ state: 'synced', serverVersion: 4, attempts: 1 })
    expect(await byId(a2.id)).toMatchObject({ state: 'synced', serverId: 702 })
    // Another user's item waits for that user's session.
    expect(await byId(other.id)).toMatchObject({ state: 'queued', attempts: 0 })
  })

  it('sends an assessment as multipart: the assessment, the photos and their EXIF time and place', async () => {
    const photo = (name: string, b: number[], exif: Partial<QueuedPhoto>): QueuedPhoto => ({
      name,
      type: 'image/jpeg',
      bytes: new Uint8Array(b).buffer,
      width: 1600,
      height: 1200,
      ...exif,
    })
    const item = await enqueue(
      assessment(2, 1, [
        photo('one.jpg', [1, 2, 3], { takenAt: '2026-03-14T03:26:53Z', lon: 35.5973, lat: 3.1191 }),
        photo('two.jpg', [4, 5], {}),
      ]),
    )
    await sync.run()
    const form = sent[0]!.body as FormData
    expect(JSON.parse(String(form.get('assessment')))).toEqual({
      collection: 'facilities',
      asset_id: 2,
      condition: 'poor',
      notes: 'roof leaking',
      observed_at: '2026-03-14T06:26:53Z',
      base_version: 1,
    })
    expect(JSON.parse(String(form.get('photo_meta')))).toEqual([
      { taken_at: '2026-03-14T03:26:53Z', lon: 35.5973, lat: 3.1191 },
      { taken_at: null, lon: null, lat: null },
    ])
    const files = form.getAll('photo') as File[]
    expect(files.map((f) => [f.name, f.type])).toEqual([
      ['one.jpg', 'image/jpeg'],
      ['two.jpg', 'image/jpeg'],
    ])
    expect([...new Uint8Array(await files[1]!.arrayBuffer())]).toEqual([4, 5])
    expect(await byId(item.id)).toMatchObject({ state: 'synced' })
  })

  it('stops at a server error or a lost connection, and later resends with the same Idempotency-Key', async () => {
    assets.set('roads/1', { version: 3, props: { condition: 'fair' } })
    const first = await enqueue(edit(1, { condition: 'poor' }, { condition: 'fair' }, 3))
    const second = await enqueue(edit(2, { condition: 'good' }, {}, 1))
    scripted = [503]
    await sync.run()
    expect(sent).toHaveLength(1) // the rest waits: order matters
    expect(await byId(first.id)).toMatchObject({ state: 'queued', attempts: 1, message: 'scripted 503' })
    scripted = ['network']
    await sync.run()
    expect(sync.snapshot.online).toBe(false)
    expect(await byId(first.id)).toMatchObject({ state: 'queued', attempts: 2, message: 'offline' })
    for (const status of [429, 408]) {
      scripted = [status]
      await sync.run()
      expect(await byId(first.id)).toMatchObject({ state: 'queued', message: `scripted ${status}` })
    }
    await sync.run()
    expect(await byId(first.id)).toMatchObject({ state: 'synced', attempts: 5 })
    expect(await byId(second.id)).toMatchObject({ state: 'synced', attempts: 1 })
    expect(sent.filter((s) => s.url.endsWith('/roads/items/1')).map((s) => s.key)).toEqual(Array(5).fill(first.id))
    expect(sync.snapshot.online).toBe(true)
  })

  it('waits for sign-in when the session is refused, dropping nothing', async () => {
    const item = await enqueue(edit(1, { condition: 'poor' }, {}, 1))
    const later = await enqueue(edit(2, { condition: 'poor' }, {}, 1))
    scripted = [401]
    await sync.run()
    expect(signInAsked).toBe(1)
    expect(sync.snapshot.needsSignIn).toBe(true)
    expect(await byId(item.id)).toMatchObject({ state: 'queued', message: 'signin' })
    expect(await byId(later.id)).toMatchObject({ state: 'queued', attempts: 0 })
    // A refused CSRF token is the same: the session must be renewed.
    scripted = [{ status: 403, body: { error: { code: 'csrf', message: 'bad token' } } }]
    await sync.run()
    expect(signInAsked).toBe(2)
    await sync.run()
    expect(sync.snapshot.needsSignIn).toBe(false)
    expect((await listItems()).map((i) => i.state)).toEqual(['synced', 'synced'])
  })

  it('keeps a rejected item with the server message, and holds back later items of that asset only', async () => {
    const bad = await enqueue(edit(1, { condition: 'poor' }, {}, 1))
    const sameAsset = await enqueue(edit(1, { status: 'closed' }, {}, 1))
    const elsewhere = await enqueue(edit(2, { condition: 'poor' }, {}, 1))
    scripted = [{ status: 422, body: { error: { code: 'invalid_value', message: 'condition: not allowed' } } }]
    await sync.run()
    expect(await byId(bad.id)).toMatchObject({ state: 'rejected', message: 'condition: not allowed' })
    expect(await byId(sameAsset.id)).toMatchObject({ state: 'held', attempts: 0 })
    expect(await byId(elsewhere.id)).toMatchObject({ state: 'synced' })
    // Discarding the rejected item lets the held one go.
    await sync.discard(bad.id)
    await until((items) => items.find((i) => i.id === sameAsset.id)?.state === 'synced')
  })

  it('shows an edit conflict side by side, re-sends a later edit of other fields on the new version, and sends the choice', async () => {
    // Someone else set roads/1 to good (version 5) after the officer saw it fair at version 3.
    assets.set('roads/1', { version: 5, props: { condition: 'good', status: 'open', surface: 'gravel' } })
    assets.set('roads/2', { version: 1, props: { condition: 'fair' } })
    const mine = await enqueue(edit(1, { condition: 'poor' }, { condition: 'fair' }, 3))
    const status = await enqueue(edit(1, { status: 'closed' }, { status: 'open' }, 3))
    const other = await enqueue(edit(2, { condition: 'poor' }, { condition: 'fair' }, 1))
    await sync.run()
    const conflict = (await byId(mine.id)) as EditItem
    expect(conflict.state).toBe('conflict')
    expect(conflict.conflict).toMatchObject({
      version: 5,
      fields: [{ field: 'condition', base: 'fair', mine: 'poor', server: 'good' }],
    })
    expect(await byId(status.id)).toMatchObject({ state: 'held' })
    expect(await byId(other.id)).toMatchObject({ state: 'synced' })

    // The officer keeps their value: sent against version 5 under the same key; the held status edit follows.
    await sync.resolve(mine.id, { condition: 'mine' })
    await until((items) => items.every((i) => i.state === 'synced'))
    const resent = sent.filter((s) => s.key === mine.id)
    expect(resent.map((s) => s.ifMatch)).toEqual(['"3"', '"5"'])
    expect(await byId(mine.id)).toMatchObject({ state: 'synced', message: 'resolved', serverVersion: 6 })
    // The status edit was made on version 3 but touches nothing anyone else changed: rebased on the server's answer and
    // sent again at once (same key), not shown as a conflict.
    expect(sent.filter((s) => s.key === status.id).map((s) => s.ifMatch)).toEqual(['"3"', '"6"'])
    expect(await byId(status.id)).toMatchObject({ state: 'synced', message: 'merged' })
    expect(assets.get('roads/1')!.props).toEqual({ condition: 'poor', status: 'closed', surface: 'gravel' })
  })

  it('settles an edit the server already has, and one whose every field the user gave to the server', async () => {
    assets.set('roads/1', { version: 4, props: { condition: 'poor' } })
    assets.set('roads/2', { version: 2, props: { condition: 'good' } })
    const already = await enqueue(edit(1, { condition: 'poor' }, { condition: 'fair' }, 3))
    const given = await enqueue(edit(2, { condition: 'poor' }, { condition: 'fair' }, 1))
    await sync.run()
    expect(await byId(already.id)).toMatchObject({ state: 'synced', message: 'already', serverVersion: 4 })
    expect(await byId(given.id)).toMatchObject({ state: 'conflict' })
    await sync.resolve(given.id, { condition: 'server' })
    await until((items) => items.every((i) => i.state === 'synced'))
    expect(await byId(given.id)).toMatchObject({ state: 'synced', message: 'server-kept', changes: {} })
    expect(sent.filter((s) => s.key === given.id)).toHaveLength(1)
  })

  it('resolves an assessment conflict by taking the server value where chosen, on its version', async () => {
    assets.set('facilities/2', { version: 7, props: { condition: 'good' } })
    const item = await enqueue(assessment(2, 6))
    await sync.run()
    expect(await byId(item.id)).toMatchObject({
      state: 'conflict',
      conflict: { version: 7, fields: [{ field: 'condition', mine: 'poor', server: 'good' }] },
    })
    await sync.resolve(item.id, { condition: 'server' })
    await until((items) => items[0]?.state === 'synced')
    const last = JSON.parse(String((sent.at(-1)!.body as FormData).get('assessment')))
    expect(last).toMatchObject({ condition: 'good', base_version: 7, notes: 'roof leaking' })
    expect(sent.map((s) => s.key)).toEqual([item.id, item.id])
  })

  it('at start, puts an item caught mid-send back in the queue and drops synced items older than a week', async () => {
    const caught = await enqueue(edit(1, { condition: 'poor' }, {}, 1))
    await updateItem(caught.id, (i) => ({ ...i, state: 'syncing', attempts: 1 }))
    const old = await enqueue(edit(2, { condition: 'poor' }, {}, 1))
    await updateItem(old.id, (i) => ({
      ...i,
      state: 'synced',
      syncedAt: new Date(Date.now() - 8 * 86_400_000).toISOString(),
    }))
    const recent = await enqueue(edit(3, { condition: 'poor' }, {}, 1))
    await updateItem(recent.id, (i) => ({ ...i, state: 'synced', syncedAt: new Date().toISOString() }))
    sync.start(USER, () => signInAsked++)
    await until((items) => items.length === 2 && items.every((i) => i.state === 'synced'))
    expect((await listItems()).map((i) => i.id)).toEqual([caught.id, recent.id])
    expect(sent.map((s) => s.key)).toEqual([caught.id])
    expect(await byId(caught.id)).toMatchObject({ attempts: 2 })
  })
})
