import { z } from 'zod'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'

// The audit log: written in the same transaction as the change it records; never updated (a trigger refuses it).

export type AuditAction = 'create' | 'replace' | 'update' | 'delete' | 'import' | 'rollback' | 'assess' | 'admin'

export interface AuditEntry {
  actor: string
  action: AuditAction
  collection: string
  itemId: string | number | null
  before: unknown
  after: unknown
  requestId: string
}

export async function writeAudit(tx: Queryable, e: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor, action, collection, item_id, before, after, request_id)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
    [
      e.actor,
      e.action,
      e.collection,
      e.itemId === null ? null : String(e.itemId),
      e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
      e.requestId,
    ],
  )
}

export const AuditQuery = z.strictObject({
  user: z.string().max(63).optional(),
  collection: z.string().max(40).optional(),
  id: z.string().max(40).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
})
export type AuditQuery = z.infer<typeof AuditQuery>

export interface AuditRow {
  id: number
  at: string
  actor: string
  action: AuditAction
  collection: string
  item_id: string | null
  before: unknown
  after: unknown
  request_id: string | null
}

export async function listAudit(q: Queryable, f: AuditQuery): Promise<{ total: number; entries: AuditRow[] }> {
  const p = paramList()
  const where = ['TRUE']
  if (f.user) where.push(`actor = ${p.add(f.user)}`)
  if (f.collection) where.push(`collection = ${p.add(f.collection)}`)
  if (f.id) where.push(`item_id = ${p.add(f.id)}`)
  if (f.from) where.push(`at >= ${p.add(f.from)}::timestamptz`)
  if (f.to) where.push(`at <= ${p.add(f.to)}::timestamptz`)
  const w = where.join(' AND ')
  const total = await q.query<{ n: number }>(`SELECT count(*) AS n FROM audit_log WHERE ${w}`, p.values)
  const rows = await q.query<AuditRow>(
    `SELECT * FROM audit_log WHERE ${w} ORDER BY id DESC LIMIT ${p.add(f.limit)} OFFSET ${p.add(f.offset)}`,
    p.values,
  )
  return { total: total.rows[0]!.n, entries: rows.rows }
}
