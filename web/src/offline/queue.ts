// The offline queue: every assessment and every edit made without a connection, kept in IndexedDB so it survives
// closing the browser, sent in order by sync.ts. Each item's UUID is its Idempotency-Key, so a retry after a lost
// response never applies twice. Items are removed only when the user discards them or clears synced ones.

export type ItemState = 'queued' | 'syncing' | 'synced' | 'conflict' | 'rejected' | 'held'

/** A field whose value changed on the server too; `base` is what the user saw (null when unknown). */
export interface ConflictField {
  field: string
  base: unknown
  mine: unknown
  server: unknown
}

export interface QueuedPhoto {
  name: string
  type: string
  bytes: ArrayBuffer
  width: number
  height: number
  /** From the original photo's EXIF, read on the device before resizing. */
  takenAt?: string
  lon?: number
  lat?: number
}

export interface AssessmentBody {
  condition?: string
  status?: string
  notes?: string
  observed_at: string
  position?: { lon: number; lat: number }
  accuracy_m?: number
  base_version: number
}

interface Common {
  /** UUID: the queue key and the Idempotency-Key of every attempt. */
  id: string
  /** Order of creation (strictly increasing). */
  seq: number
  /** Whose item it is: only that user's session sends it. */
  username: string
  createdAt: string
  collection: string
  assetId: number
  assetName: string
  state: ItemState
  /** The server's message (rejected), or why the item waits. */
  message?: string
  attempts: number
  syncedAt?: string
  /** When the server answered 412 with changes to the same fields. */
  conflict?: { version: number; current: Record<string, unknown>; fields: ConflictField[] }
}

export interface AssessmentItem extends Common {
  kind: 'assessment'
  assessment: AssessmentBody
  photos: QueuedPhoto[]
  /** The server's id once recorded. */
  serverId?: number
}

export interface EditItem extends Common {
  kind: 'edit'
  /** The properties to set. */
  changes: Record<string, unknown>
  /** The version and the values of the changed fields the user saw. */
  baseVersion: number
  base: Record<string, unknown>
  /** The version the server reports after the edit. */
  serverVersion?: number
}

export type QueueItem = AssessmentItem | EditItem
export type NewItem =
  | Omit<AssessmentItem, 'seq' | 'state' | 'attempts' | 'createdAt'>
  | Omit<EditItem, 'seq' | 'state' | 'attempts' | 'createdAt'>

const DB_NAME = 'ramani-offline'
const STORE = 'queue'
let opening: Promise<IDBDatabase> | undefined

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1)
    req.onupgradeneeded = () => {
      const store = req.result.createObjectStore(STORE, { keyPath: 'id' })
      store.createIndex('seq', 'seq', { unique: true })
    }
    req.onsuccess = () => {
      req.result.onversionchange = () => req.result.close()
      resolve(req.result)
    }
    req.onerror = () => {
      opening = undefined
      reject(req.error)
    }
  })
  return opening
}

const done = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
const finished = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'))
  })

// Other tabs of the app learn of changes through a channel; this tab through its listeners.
const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('ramani-queue')
const listeners = new Set<() => void>()
channel?.addEventListener('message', () => listeners.forEach((l) => l()))
function changed() {
  listeners.forEach((l) => l())
  channel?.postMessage('changed')
}
export function onQueueChange(fn: () => void): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

/** Every item, oldest first. */
export async function listItems(): Promise<QueueItem[]> {
  const db = await openDb()
  const tx = db.transaction(STORE, 'readonly')
  return done(tx.objectStore(STORE).index('seq').getAll() as IDBRequest<QueueItem[]>)
}

/** Adds an item at the end of the queue. */
export async function enqueue(item: NewItem): Promise<QueueItem> {
  const db = await openDb()
  const tx = db.transaction(STORE, 'readwrite')
  const store = tx.objectStore(STORE)
  const last = await done(store.index('seq').openCursor(null, 'prev'))
  const full = {
    ...item,
    seq: ((last?.value as QueueItem | undefined)?.seq ?? 0) + 1,
    state: 'queued',
    attempts: 0,
    createdAt: new Date().toISOString(),
  } as QueueItem
  store.add(full)
  await finished(tx)
  changed()
  return full
}

/** Changes an item in place (read-modify-write in one transaction); returns it, or undefined when it is gone. */
export async function updateItem(id: string, change: (item: QueueItem) => QueueItem): Promise<QueueItem | undefined> {
  const db = await openDb()
  const tx = db.transaction(STORE, 'readwrite')
  const store = tx.objectStore(STORE)
  const cur = (await done(store.get(id))) as QueueItem | undefined
  let next: QueueItem | undefined
  if (cur) {
    next = change(cur)
    store.put(next)
  }
  await finished(tx)
  if (next) changed()
  return next
}

export async function removeItems(ids: string[]): Promise<void> {
  if (ids.length === 0) return
  const db = await openDb()
  const tx = db.transaction(STORE, 'readwrite')
  for (const id of ids) tx.objectStore(STORE).delete(id)
  await finished(tx)
  changed()
}

/** Items still to be sent or decided on (everything but synced). */
export const pending = (items: QueueItem[]) => items.filter((i) => i.state !== 'synced')
