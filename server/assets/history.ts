import type { Queryable } from '../db/index.ts'
import type { Collection } from './collections.ts'

// A feature's history for the inspector: every audited change (who, when, which fields from → to) and every
// condition assessment, newest first.

export interface Change {
  field: string
  from: unknown
  to: unknown
}

export type HistoryEntry =
  | { type: 'change'; at: string; actor: string; action: string; changes: Change[] }
  | {
      type: 'assessment'
      at: string
      actor: string
      condition: string | null
      status: string | null
      notes: string | null
      id: number
      photos: number
    }

type Props = { properties?: Record<string, unknown>; geometry?: unknown } | null

const BOOKKEEPING = new Set(['version', 'updated_at', 'updated_by'])

export function diff(before: Props, after: Props): Change[] {
  const a = before?.properties ?? {}
  const b = after?.properties ?? {}
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !BOOKKEEPING.has(k))
  const changes = keys
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => ({ field: k, from: a[k] ?? null, to: b[k] ?? null }))
  if (before && after && JSON.stringify(before.geometry) !== JSON.stringify(after.geometry))
    changes.push({ field: 'geometry', from: null, to: null })
  return changes
}

export async function featureHistory(q: Queryable, c: Collection, id: string, limit = 200): Promise<HistoryEntry[]> {
  const audit = await q.query<{ at: string; actor: string; action: string; before: Props; after: Props }>(
    `SELECT at, actor, action, before, after FROM audit_log WHERE collection = $1 AND item_id = $2 ORDER BY id DESC LIMIT $3`,
    [c.id, id, limit],
  )
  const entries: HistoryEntry[] = audit.rows.map((r) => ({
    type: 'change',
    at: r.at,
    actor: r.actor,
    action: r.action,
    changes: diff(r.before, r.after),
  }))
  if (c.idType === 'integer') {
    const assessed = await q.query<{
      at: string
      actor: string
      condition: string | null
      status: string | null
      notes: string | null
      id: number
      photos: number
    }>(
      `SELECT observed_at AS at, observer AS actor, condition, status, notes, id,
         (SELECT count(*) FROM assessment_photos p WHERE p.assessment_id = a.id)::int AS photos
       FROM assessments a WHERE collection = $1 AND asset_id = $2 ORDER BY observed_at DESC LIMIT $3`,
      [c.id, Number(id), limit],
    )
    entries.push(...assessed.rows.map((r) => ({ type: 'assessment' as const, ...r })))
  }
  return entries.sort((x, y) => y.at.localeCompare(x.at)).slice(0, limit)
}
