import type { Principal } from '../access/permissions.ts'
import { writeRights } from '../access/permissions.ts'
import type { Queryable } from '../db/index.ts'
import { fail } from '../errors.ts'
import type { ImportFormat } from '../formats/types.ts'
import {
  IMPORTABLE,
  collectionOf,
  importTargets,
  type Derive,
  type Fixed,
  type ImportableId,
  type Mapping,
  type Plan,
  type Recode,
  type Target,
} from './mapping.ts'
import { progressOf, type Progress } from './progress.ts'
import { codepoints } from './synonyms.ts'
import { withLookups } from './crosswalk.ts'
import type { ValueRow } from './values.ts'
import {
  emptyValidation,
  mergeUnmapped,
  validateRows,
  type RowError,
  type StagedRow,
  type Validation,
} from './validation.ts'

// Import batches as stored (import_batches, import_rows) and as the API shows them.

export type BatchStatus = 'staging' | 'staged' | 'committed' | 'rolled_back' | 'discarded' | 'failed'

export interface Report {
  valid: number
  invalid: number
  /** The first errors, in row order (all of them unless `truncated`). */
  errors: RowError[]
  error_count: number
  truncated: boolean
  /** Coded values no target was found for, per value with the rows holding it: each blocks the commit. */
  unmapped: UnmappedValue[]
}

export interface UnmappedValue {
  field: string
  source: string
  rows: number
}

export interface BatchRecord {
  id: number
  collection: ImportableId
  filename: string
  format: ImportFormat
  layer: string | null
  status: BatchStatus
  total: number
  columns: string[]
  mapping: Mapping
  fixed: Fixed
  recode: Recode
  derive: Derive
  report: Report | Record<string, never>
  warnings: string[]
  result: Record<string, unknown> | null
  created_by: string
  created_at: string
  committed_by: string | null
  committed_at: string | null
  rolled_back_by: string | null
  rolled_back_at: string | null
}

export interface RowReport {
  row: number
  status: 'ok' | 'error'
  properties: StagedRow['properties']
  geometry_type: string | null
  errors: { field: string; message: string }[]
}

export interface BatchDto extends Omit<BatchRecord, 'report'> {
  report: Report | null
  processed: number
  progress: Progress | null
  targets: Target[]
  sample?: RowReport[]
  /** Per coded field fed by a column: its distinct values, what each becomes (staged batches). */
  values?: Record<string, ValueRow[]>
}

export const MAX_REPORTED_ERRORS = 1000
/** Rows read back per statement when a batch is validated or committed. */
export const READ_CHUNK = 5000

export function reportOf(v: Validation, total: number): Report {
  return {
    valid: total - v.invalidRows,
    invalid: v.invalidRows,
    errors: v.errors.slice(0, MAX_REPORTED_ERRORS),
    error_count: v.errors.length,
    truncated: v.errors.length > MAX_REPORTED_ERRORS,
    unmapped: Object.entries(v.unmapped)
      .flatMap(([field, values]) => Object.entries(values).map(([source, rows]) => ({ field, source, rows })))
      .sort((a, b) => codepoints(a.field, b.field) || b.rows - a.rows || codepoints(a.source, b.source)),
  }
}

export async function loadBatch(q: Queryable, id: number, lock = false): Promise<BatchRecord> {
  const r = await q.query<BatchRecord>(`SELECT * FROM import_batches WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
  const b = r.rows[0]
  if (!b) throw fail('not_found', `No import ${id}.`)
  return { ...b, id: Number(b.id) }
}

/** Import rights on a batch's collection: create (new rows) for assets, replace for county boundaries. */
export function canImport(p: Principal, id: ImportableId): boolean {
  const rights = writeRights(p, collectionOf(id))
  return id === 'counties'
    ? rights.actions.includes('replace') && !rights.conditionOnly
    : rights.actions.includes('create')
}

export function assertCanImport(p: Principal, id: ImportableId) {
  if (!canImport(p, id))
    throw fail(
      'forbidden',
      p.readOnly ? 'This API token is read-only.' : `The ${p.role} role cannot import into ${id}.`,
    )
}

export async function stagedRows(q: Queryable, id: number, afterRow = 0, limit = READ_CHUNK): Promise<StagedRow[]> {
  const r = await q.query<StagedRow>(
    'SELECT row_no, properties, geometry, problem FROM import_rows WHERE batch_id = $1 AND row_no > $2 ORDER BY row_no LIMIT $3',
    [id, afterRow, limit],
  )
  return r.rows
}

/** Every staged row of a batch validated under a mapping, chunk by chunk. */
export async function validateBatch(
  q: Queryable,
  b: BatchRecord,
  plan: Plan,
  onChunk?: (done: number) => void,
): Promise<Validation> {
  const c = collectionOf(b.collection)
  const all: Validation = emptyValidation()
  const seen = new Map<string, number>()
  plan = await withLookups(q, c, plan)
  for (let after = 0; ;) {
    const rows = await stagedRows(q, b.id, after)
    if (rows.length === 0) break
    const v = await validateRows(q, c, plan, rows, seen)
    all.ok.push(...v.ok)
    all.errors.push(...v.errors)
    all.invalidRows += v.invalidRows
    mergeUnmapped(all.unmapped, v.unmapped)
    after = rows.at(-1)!.row_no
    onChunk?.(after)
  }
  return all
}

/** Rows of a batch with their report under its current mapping (re-checked now, so it follows a changed mapping). */
export async function rowReports(
  q: Queryable,
  b: BatchRecord,
  offset: number,
  limit: number,
  onlyErrors: boolean,
): Promise<RowReport[]> {
  const c = collectionOf(b.collection)
  let rows: StagedRow[]
  if (onlyErrors) {
    const wanted = [...new Set(((b.report as Report).errors ?? []).map((e) => e.row))].slice(offset, offset + limit)
    const r = await q.query<StagedRow>(
      'SELECT row_no, properties, geometry, problem FROM import_rows WHERE batch_id = $1 AND row_no = ANY($2::int[]) ORDER BY row_no',
      [b.id, wanted],
    )
    rows = r.rows
  } else {
    const r = await q.query<StagedRow>(
      'SELECT row_no, properties, geometry, problem FROM import_rows WHERE batch_id = $1 ORDER BY row_no LIMIT $2 OFFSET $3',
      [b.id, limit, offset],
    )
    rows = r.rows
  }
  // Duplicate counties need the rows before; the stored report has them, so its errors are merged in.
  const v = await validateRows(q, c, planOf(b), rows)
  const stored = new Map<number, RowError[]>()
  for (const e of (b.report as Report).errors ?? []) stored.set(e.row, [...(stored.get(e.row) ?? []), e])
  return rows.map((r) => {
    const live = v.errors.filter((e) => e.row === r.row_no)
    const errs = live.length ? live : (stored.get(r.row_no) ?? [])
    return {
      row: r.row_no,
      status: errs.length ? 'error' : 'ok',
      properties: r.properties,
      geometry_type: r.geometry?.type ?? null,
      errors: errs.map(({ field, message }) => ({ field, message })),
    }
  })
}

export const planOf = (b: BatchRecord): Plan => ({
  mapping: b.mapping,
  fixed: b.fixed ?? {},
  recode: b.recode ?? {},
  derive: b.derive ?? {},
})

export function batchDto(b: BatchRecord, sample?: RowReport[]): BatchDto {
  const progress = progressOf(b.id)
  const report = 'valid' in b.report ? (b.report as Report) : null
  return {
    ...b,
    report,
    processed: progress?.processed ?? (b.status === 'staging' ? 0 : b.total),
    progress,
    targets: importTargets(collectionOf(b.collection)),
    ...(sample ? { sample } : {}),
  }
}

/** The batches a caller may act on (those of collections they may import into), newest first. */
export async function listBatches(
  q: Queryable,
  p: Principal,
  limit: number,
  offset: number,
): Promise<{ total: number; batches: BatchDto[]; collections: ImportableId[] }> {
  const collections = IMPORTABLE.filter((id) => canImport(p, id))
  const total = await q.query<{ n: number }>(
    'SELECT count(*) AS n FROM import_batches WHERE collection = ANY($1::text[])',
    [collections],
  )
  const r = await q.query<BatchRecord>(
    `SELECT id, collection, filename, format, layer, status, total, columns, mapping, fixed, recode, derive, '{}'::jsonb AS report, warnings, result,
            created_by, created_at, committed_by, committed_at, rolled_back_by, rolled_back_at,
            report - 'errors' AS summary
     FROM import_batches WHERE collection = ANY($1::text[]) ORDER BY id DESC LIMIT $2 OFFSET $3`,
    [collections, limit, offset],
  )
  const batches = r.rows.map((row) => {
    const { summary, ...b } = row as BatchRecord & { summary: Partial<Report> }
    const dto = batchDto({ ...b, id: Number(b.id) })
    // Lists carry the counts, not the errors (GET /api/imports/{id} has them).
    return { ...dto, report: 'valid' in summary ? ({ errors: [], ...summary } as Report) : null }
  })
  return { total: total.rows[0]!.n, batches, collections: [...collections] }
}
