import { csrfToken } from '../api/client.ts'
import {
  listItems,
  onQueueChange,
  removeItems,
  updateItem,
  type AssessmentItem,
  type ConflictField,
  type EditItem,
  type QueueItem,
} from './queue.ts'

// Sends the offline queue, strictly in order, when there is a connection: at start, when the browser comes online,
// after each new item, every 30 s while items wait, and on "Sync now". Per item the server's answer decides:
//   2xx → synced · 412 → conflict, shown side by side (an edit whose changed fields nobody else touched is re-sent on
//   the new version instead) · 401 / CSRF → wait for sign-in, nothing dropped · network error, 408, 429, 5xx → stop
//   and retry later · any other 4xx → rejected with the server's message, kept until the user discards it.
// An item in conflict or rejected holds back later items on the same asset (their order matters), not the others.

export interface SyncState {
  online: boolean
  running: boolean
  /** The server refused the session: the queue waits for sign-in. */
  needsSignIn: boolean
  items: QueueItem[]
}

/** After an item: go on, stop the pass (retry later), wait for sign-in, or go on but hold back its asset's later items. */
type Outcome = 'next' | 'stop' | 'signin' | 'blocked'

interface Answer {
  status: number
  body: any
}

async function send(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Answer> {
  const res = await fetch(path, {
    ...init,
    headers: { ...init.headers, 'X-CSRF-Token': csrfToken() },
    credentials: 'same-origin',
  })
  const text = await res.text()
  let body: any
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = text
  }
  return { status: res.status, body }
}

const messageOf = (a: Answer) => (a.body && typeof a.body === 'object' && a.body.error?.message) || `HTTP ${a.status}`
const assetKey = (i: QueueItem) => `${i.collection}/${i.assetId}`
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

function postAssessment(item: AssessmentItem): Promise<Answer> {
  const form = new FormData()
  form.append('assessment', JSON.stringify({ collection: item.collection, asset_id: item.assetId, ...item.assessment }))
  if (item.photos.length) {
    form.append(
      'photo_meta',
      JSON.stringify(item.photos.map((p) => ({ taken_at: p.takenAt ?? null, lon: p.lon ?? null, lat: p.lat ?? null }))),
    )
    for (const p of item.photos) form.append('photo', new Blob([p.bytes], { type: p.type }), p.name)
  }
  return send('/api/assessments', { method: 'POST', body: form, headers: { 'Idempotency-Key': item.id } })
}

function patchAsset(item: EditItem): Promise<Answer> {
  return send(`/ogc/collections/${item.collection}/items/${item.assetId}`, {
    method: 'PATCH',
    body: JSON.stringify({ properties: item.changes }),
    headers: { 'Content-Type': 'application/json', 'If-Match': `"${item.baseVersion}"`, 'Idempotency-Key': item.id },
  })
}

class SyncEngine {
  private state: SyncState = {
    online: typeof navigator === 'undefined' ? true : navigator.onLine,
    running: false,
    needsSignIn: false,
    items: [],
  }
  private subscribers = new Set<(s: SyncState) => void>()
  private username: string | undefined
  private again = false
  private timer: ReturnType<typeof setInterval> | undefined
  private onSignIn: (() => void) | undefined
  private unlisten: (() => void) | undefined

  get snapshot() {
    return this.state
  }

  subscribe(fn: (s: SyncState) => void): () => void {
    this.subscribers.add(fn)
    fn(this.state)
    return () => this.subscribers.delete(fn)
  }

  private set(patch: Partial<SyncState>) {
    this.state = { ...this.state, ...patch }
    this.subscribers.forEach((fn) => fn(this.state))
  }

  private async reload() {
    this.set({ items: await listItems() })
  }

  private readonly goOnline = () => {
    this.set({ online: true })
    void this.run()
  }
  private readonly goOffline = () => this.set({ online: false })

  /** Starts syncing `username`'s items; `onSignInNeeded` is called when the server refuses the session. */
  start(username: string, onSignInNeeded: () => void) {
    this.stop()
    this.username = username
    this.onSignIn = onSignInNeeded
    this.set({ needsSignIn: false, online: navigator.onLine })
    window.addEventListener('online', this.goOnline)
    window.addEventListener('offline', this.goOffline)
    this.unlisten = onQueueChange(() => void this.reload())
    this.timer = setInterval(() => {
      if (this.state.items.some((i) => i.state === 'queued' || i.state === 'held')) void this.run()
    }, 30_000)
    void this.pruneSynced().then(() => this.run())
  }

  stop() {
    window.removeEventListener('online', this.goOnline)
    window.removeEventListener('offline', this.goOffline)
    this.unlisten?.()
    if (this.timer) clearInterval(this.timer)
    this.username = undefined
  }

  /** Sends what can be sent now. Safe to call any time: one run at a time, and one tab at a time. */
  async run(): Promise<void> {
    if (!this.username) return
    if (this.state.running) {
      this.again = true
      return
    }
    this.set({ running: true })
    try {
      const locks = (
        navigator as Navigator & {
          locks?: {
            request(name: string, opts: { ifAvailable: boolean }, cb: (lock: unknown) => Promise<void>): Promise<void>
          }
        }
      ).locks
      if (locks)
        await locks.request('ramani-sync', { ifAvailable: true }, async (lock) => (lock ? this.pass() : undefined))
      else await this.pass()
    } finally {
      this.set({ running: false })
      await this.reload()
      if (this.again) {
        this.again = false
        void this.run()
      }
    }
  }

  private async pass() {
    const blocked = new Set<string>()
    for (const item of await listItems()) {
      if (item.username !== this.username || item.state === 'synced') continue
      if (item.state === 'conflict' || item.state === 'rejected') {
        blocked.add(assetKey(item))
        continue
      }
      if (blocked.has(assetKey(item))) {
        if (item.state !== 'held') await updateItem(item.id, (i) => ({ ...i, state: 'held' }))
        continue
      }
      const outcome = await this.sendItem(item)
      // Rejected or in conflict just now: later items of the asset wait in this pass too, not only in the next.
      if (outcome === 'blocked') blocked.add(assetKey(item))
      if (outcome === 'signin') {
        this.set({ needsSignIn: true })
        this.onSignIn?.()
        return
      }
      if (outcome === 'stop') return
    }
    this.set({ needsSignIn: false, online: navigator.onLine })
  }

  private async sendItem(stale: QueueItem): Promise<Outcome> {
    // The stored item, not the pass's copy: an earlier item may have just moved its base on (carryOwnChanges).
    const item = await updateItem(stale.id, (i) => ({ ...i, state: 'syncing', attempts: i.attempts + 1 }))
    if (!item) return 'next' // discarded meanwhile
    const back = (message: string) => updateItem(item.id, (i) => ({ ...i, state: 'queued', message }))
    let answer: Answer
    try {
      answer = item.kind === 'assessment' ? await postAssessment(item) : await patchAsset(item)
    } catch {
      this.set({ online: false })
      await back('offline')
      return 'stop'
    }
    const { status } = answer
    if (status >= 200 && status < 300) {
      const after = (item.kind === 'assessment' ? answer.body?.asset : answer.body) as
        { properties?: Record<string, unknown> } | undefined
      if (after?.properties) await this.carryOwnChanges(item, after.properties)
      // What the user may want to know about how it went in: merged with others' changes, or sent with their choices.
      const note =
        item.kind === 'assessment' && answer.body?.merged
          ? 'merged'
          : item.message === 'merged' || item.message === 'resolved'
            ? item.message
            : undefined
      await updateItem(
        item.id,
        (i) =>
          ({
            ...i,
            state: 'synced',
            syncedAt: new Date().toISOString(),
            message: note,
            conflict: undefined,
            ...(i.kind === 'assessment'
              ? { serverId: answer.body?.assessment?.id }
              : { serverVersion: answer.body?.properties?.version }),
          }) as QueueItem,
      )
      return 'next'
    }
    if (status === 401 || (status === 403 && answer.body?.error?.code === 'csrf')) {
      await back('signin')
      return 'signin'
    }
    if (status === 412) return this.onConflict(item, answer)
    if (status === 408 || status === 429 || status >= 500) {
      await back(messageOf(answer))
      return 'stop'
    }
    await updateItem(item.id, (i) => ({ ...i, state: 'rejected', message: messageOf(answer) }))
    return 'blocked'
  }

  /**
   * Later items of the same user on the same asset were made on the values this item just replaced: their view of
   * the fields it set moves on to the values it left, so the user's own change is never taken for someone else's.
   * (The server does the same for assessments: an observer's own changes since base_version are not conflicts.)
   */
  private async carryOwnChanges(item: QueueItem, after: Record<string, unknown>) {
    const set =
      item.kind === 'assessment'
        ? (['condition', 'status'] as const).filter((f) => item.assessment[f] !== undefined)
        : Object.keys(item.changes)
    for (const f of await listItems()) {
      if (f.kind !== 'edit' || f.seq <= item.seq || f.username !== item.username || assetKey(f) !== assetKey(item))
        continue
      if (f.state !== 'queued' && f.state !== 'held') continue
      const moved = set.filter((k) => k in f.changes)
      if (moved.length)
        await updateItem(f.id, (x) =>
          x.kind === 'edit'
            ? { ...x, base: { ...x.base, ...Object.fromEntries(moved.map((k) => [k, after[k] ?? null])) } }
            : x,
        )
    }
  }

  private async onConflict(item: QueueItem, answer: Answer): Promise<Outcome> {
    const current = (answer.body?.current ?? {}) as { properties?: Record<string, unknown> }
    const props = current.properties ?? {}
    const version = Number(props.version)
    let fields: ConflictField[]
    if (item.kind === 'assessment') {
      fields = (
        (answer.body?.conflicts ?? []) as { field: string; base: unknown; yours: unknown; current: unknown }[]
      ).map((c) => ({ field: c.field, base: c.base, mine: c.yours, server: c.current }))
    } else {
      // Part 4 answers 412 on any change; only fields that changed to something else on both sides conflict.
      fields = Object.entries(item.changes)
        .filter(([f, mine]) => !same(props[f], item.base[f]) && !same(props[f], mine))
        .map(([f, mine]) => ({ field: f, base: item.base[f], mine, server: props[f] }))
      if (fields.length === 0 && Number.isFinite(version) && item.attempts < 5) {
        const still = Object.fromEntries(Object.entries(item.changes).filter(([f, v]) => !same(props[f], v)))
        if (Object.keys(still).length === 0) {
          await updateItem(
            item.id,
            (i) =>
              ({
                ...i,
                state: 'synced',
                syncedAt: new Date().toISOString(),
                message: 'already',
                serverVersion: version,
              }) as QueueItem,
          )
          return 'next'
        }
        const rebased = (await updateItem(
          item.id,
          (i) =>
            ({
              ...i,
              changes: still,
              baseVersion: version,
              base: Object.fromEntries(Object.keys(still).map((f) => [f, props[f]])),
              message: 'merged',
            }) as QueueItem,
        ))!
        return this.sendItem(rebased)
      }
    }
    await updateItem(item.id, (i) => ({
      ...i,
      state: 'conflict',
      conflict: { version, current: props, fields },
      message: undefined,
    }))
    return 'blocked'
  }

  /**
   * The user's decision on a conflict, field by field: 'mine' keeps their value, 'server' takes the current one.
   * The item goes back into the queue against the server's current version (or, an edit left with nothing to
   * change, counts as settled).
   */
  async resolve(id: string, choices: Record<string, 'mine' | 'server'>): Promise<void> {
    await updateItem(id, (i) => {
      if (!i.conflict) return i
      const { version, current } = i.conflict
      const server = new Set(i.conflict.fields.filter((f) => choices[f.field] === 'server').map((f) => f.field))
      if (i.kind === 'assessment') {
        const assessment = { ...i.assessment, base_version: version }
        for (const f of server) (assessment as Record<string, unknown>)[f] = current[f] ?? undefined
        return { ...i, assessment, state: 'queued', conflict: undefined, message: 'resolved' }
      }
      const changes = Object.fromEntries(Object.entries(i.changes).filter(([f]) => !server.has(f)))
      if (Object.keys(changes).length === 0) {
        return {
          ...i,
          changes,
          state: 'synced',
          syncedAt: new Date().toISOString(),
          conflict: undefined,
          message: 'server-kept',
        }
      }
      return {
        ...i,
        changes,
        baseVersion: version,
        base: Object.fromEntries(Object.keys(changes).map((f) => [f, current[f]])),
        state: 'queued',
        conflict: undefined,
        message: 'resolved',
      }
    })
    void this.run()
  }

  async discard(id: string): Promise<void> {
    await removeItems([id])
    void this.run()
  }

  async clearSynced(): Promise<void> {
    await removeItems((await listItems()).filter((i) => i.state === 'synced').map((i) => i.id))
  }

  /** Synced items are kept a week for the record, then dropped. */
  private async pruneSynced() {
    const cutoff = Date.now() - 7 * 86_400_000
    await removeItems(
      (await listItems())
        .filter((i) => i.state === 'synced' && Date.parse(i.syncedAt ?? i.createdAt) < cutoff)
        .map((i) => i.id),
    )
    // An item caught mid-send when the page closed goes back into the queue (its key makes resending safe).
    for (const i of await listItems())
      if (i.state === 'syncing') await updateItem(i.id, (x) => ({ ...x, state: 'queued' }))
    await this.reload()
  }
}

export const sync = new SyncEngine()
