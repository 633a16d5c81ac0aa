import type { HistoryEntry } from '../../../contract/history.ts'
import { api, newKey, type Feature } from './client.ts'
import { invalidate, useResource } from './resource.ts'

// One feature of a collection and its history: hooks on the shared cache, and the edit that invalidates both.

const itemKey = (collection: string, id: string | number) => `/ogc/collections/${collection}/items/${id}`
const historyKey = (collection: string, id: string | number) => `/api/history/${collection}/${id}`

export const useFeature = (collection: string, id: string | number) => useResource<Feature>(itemKey(collection, id))

export const useHistory = (collection: string, id: string | number) =>
  useResource<{ entries: HistoryEntry[] }>(historyKey(collection, id))

/** Reads the feature and its history again (after a save, or a queued change of it gone in). */
export function reloadFeature(collection: string, id: string | number) {
  invalidate(itemKey(collection, id))
  invalidate(historyKey(collection, id))
}

/** Saves changed properties over the version that was read (412 with the current feature when someone saved since). */
export async function patchFeature(
  collection: string,
  id: string | number,
  properties: Record<string, unknown>,
  version: number,
) {
  await api(itemKey(collection, id), {
    method: 'PATCH',
    json: { properties },
    headers: { 'If-Match': `"${version}"`, 'Idempotency-Key': newKey() },
  })
  reloadFeature(collection, id)
}
