import type { Derive, Fixed, ImportProfile, Mapping, Recode } from '../../../contract/imports.ts'
import { api, newKey } from './client.ts'
import { invalidate, useResource } from './resource.ts'

// Imports (upload → preview → commit all-or-nothing → roll back) and the saved profiles they can start from. Every
// write invalidates the lists it changes, so the side panel's recent imports and the dialog's profiles follow.

const IMPORTS = '/api/imports'
const PROFILES = '/api/import-profiles'

export interface Target {
  name: string
  title: string
  type: string
  required: boolean
  domain?: string[]
}
export interface RowError {
  row: number
  field: string
  message: string
}
export interface RowReport {
  row: number
  status: 'ok' | 'error'
  properties: Record<string, unknown>
  geometry_type: string | null
  errors: { field: string; message: string }[]
}
export interface Batch {
  id: number
  collection: string
  filename: string
  format: string
  layer: string | null
  status: 'staging' | 'staged' | 'committed' | 'rolled_back' | 'discarded' | 'failed'
  total: number
  processed: number
  progress: { phase: string; processed: number; total: number } | null
  columns: string[]
  mapping: Mapping
  fixed: Fixed
  recode: Recode
  derive: Derive
  /** Per coded field fed by a column: its distinct values and what each becomes. */
  values?: Record<string, ValueRow[]>
  targets: Target[]
  report: {
    valid: number
    invalid: number
    errors: RowError[]
    error_count: number
    truncated: boolean
    unmapped?: { field: string; source: string; rows: number }[]
  } | null
  warnings: string[]
  result: Record<string, unknown> | null
  created_by: string
  created_at: string
  sample?: RowReport[]
}

export interface ValueRow {
  source: string
  rows: number
  suggested: string | null
  target: string | null
}

/** What the dialog sends back of a preview: the mapping, fixed values and recodes as the user left them. */
export interface PlanChoice {
  mapping: Mapping
  fixed: Fixed
  recode: Recode
}

/** The recent imports and the collections the caller may import into. */
export const useRecentImports = () => useResource<{ collections: string[]; batches: Batch[] }>(`${IMPORTS}?limit=8`)

/** The saved profiles of one collection (none while no collection is chosen). */
export const useImportProfiles = (collection: string) =>
  useResource<{ profiles: ImportProfile[] }>(
    collection ? `${PROFILES}?collection=${encodeURIComponent(collection)}` : null,
  )

/** Stages a file (optionally with a saved profile's plan) and answers its preview. */
export async function uploadImport(form: FormData, profile: string): Promise<Batch> {
  const query = profile ? `?profile=${encodeURIComponent(profile)}` : ''
  const b = await api<Batch>(`${IMPORTS}${query}`, { method: 'POST', body: form })
  invalidate(IMPORTS)
  return b
}

/** The preview again, for a changed mapping, fixed values or recodes. */
export const previewImport = (id: number, plan: PlanChoice) =>
  api<Batch>(`${IMPORTS}/${id}/mapping`, { method: 'PUT', json: plan })

/** A running commit's progress (GET of the import). */
export const importProgress = (id: number) => api<Batch>(`${IMPORTS}/${id}`)

/** Commits every row or none; one Idempotency-Key for the request, so a retry cannot import twice. */
export async function commitImport(id: number, plan: PlanChoice): Promise<Batch> {
  try {
    return await api<Batch>(`${IMPORTS}/${id}/commit`, {
      method: 'POST',
      json: plan,
      headers: { 'Idempotency-Key': newKey() },
    })
  } finally {
    invalidate(IMPORTS)
  }
}

/** Discards a staged import or rolls back a committed one (`force`: over rows changed since). */
export async function discardImport(id: number, force = false): Promise<void> {
  await api(`${IMPORTS}/${id}${force ? '?force=true' : ''}`, { method: 'DELETE' })
  invalidate(IMPORTS)
}

/** Saves the plan of an import as a named profile. */
export async function saveImportProfile(name: string, fromImport: number): Promise<ImportProfile> {
  const p = await api<ImportProfile>(PROFILES, { method: 'POST', json: { name, from_import: fromImport } })
  invalidate(PROFILES)
  return p
}
