import type { ReportStatusReply } from '../../../contract/reports.ts'

// The reporter's own reports on this device: queued while offline (IndexedDB, so photos survive closing the browser),
// sent when the browser is online, then kept with their reference code to look up the status. Each item's id is its
// client_id, so a retry after a lost answer stores one report.

export interface OutboxPhoto {
  name: string
  type: string
  bytes: ArrayBuffer
}

export interface OutboxItem {
  id: string
  created: string
  report: Record<string, unknown>
  photos: OutboxPhoto[]
  state: 'queued' | 'sent' | 'rejected'
  reference?: string
  status?: ReportStatusReply['status']
  error?: string
}

const DB = 'ramani-reports'
const STORE = 'outbox'
let opening: Promise<IDBDatabase> | undefined

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' })
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => {
      opening = undefined
      reject(req.error)
    }
  })
  return opening
}

async function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open()
  return new Promise<T>((resolve, reject) => {
    const req = fn(db.transaction(STORE, mode).objectStore(STORE))
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

export const listOutbox = async () =>
  (await run<OutboxItem[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>)).sort((a, b) =>
    b.created.localeCompare(a.created),
  )
export const putOutbox = (item: OutboxItem) => run('readwrite', (s) => s.put(item))

/** A random id the app keeps on the device: rate limits and spam checks count by it, never by a person. */
export function deviceId(): string {
  let id = localStorage.getItem('ramani.device')
  if (!id) {
    id = crypto.randomUUID()
    localStorage.setItem('ramani.device', id)
  }
  return id
}

/** Sends one queued report; a network failure leaves it queued, a refusal marks it rejected with the reason. */
async function send(item: OutboxItem): Promise<OutboxItem> {
  const form = new FormData()
  form.append('report', JSON.stringify({ ...item.report, client_id: item.id }))
  for (const p of item.photos) form.append('photo', new Blob([p.bytes], { type: p.type }), p.name)
  let res: Response
  try {
    res = await fetch('/api/reports', { method: 'POST', body: form, headers: { 'X-Device-Id': deviceId() } })
  } catch {
    return item
  }
  const body = (await res.json().catch(() => null)) as { reference?: string; error?: { message: string } } | null
  if (res.status === 201 && body?.reference)
    return { ...item, state: 'sent', reference: body.reference, status: 'received', photos: [] }
  if (res.status >= 500 || res.status === 429) return item
  return { ...item, state: 'rejected', error: body?.error?.message ?? `HTTP ${res.status}` }
}

let flushing: Promise<void> | undefined
/** Sends every queued report, in order. */
export function flushOutbox(): Promise<void> {
  flushing ??= (async () => {
    try {
      for (const item of (await listOutbox()).reverse()) {
        if (item.state !== 'queued' || !navigator.onLine) continue
        const next = await send(item)
        if (next !== item) await putOutbox(next)
      }
    } finally {
      flushing = undefined
    }
  })()
  return flushing
}

export async function refreshStatus(item: OutboxItem): Promise<OutboxItem> {
  if (!item.reference) return item
  try {
    const res = await fetch(`/api/reports/status/${encodeURIComponent(item.reference)}`)
    if (!res.ok) return item
    const s = (await res.json()) as ReportStatusReply
    const next = { ...item, status: s.status }
    await putOutbox(next)
    return next
  } catch {
    return item
  }
}
