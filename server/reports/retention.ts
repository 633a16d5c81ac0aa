import { writeAudit } from '../audit/log.ts'
import type { Db, Queryable } from '../db/index.ts'

// Phone numbers are kept for the period an admin sets, then erased (the encrypted number and its hash); the report
// itself stays. Run on every change of the period and hourly by the server.

export async function getRetention(q: Queryable): Promise<number> {
  const r = await q.query<{ retention_days: number }>('SELECT retention_days FROM report_settings WHERE id = 1')
  return r.rows[0]!.retention_days
}

export async function setRetention(db: Db, days: number, actor: string, requestId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getRetention(tx)
    await tx.query('UPDATE report_settings SET retention_days = $1, updated_at = now(), updated_by = $2 WHERE id = 1', [
      days,
      actor,
    ])
    await writeAudit(tx, {
      actor,
      action: 'admin',
      collection: 'report_settings',
      itemId: 1,
      before: { retention_days: before },
      after: { retention_days: days },
      requestId,
    })
  })
}

/** Erases the numbers of reports received longer ago than the retention period; returns how many. */
export async function erasePhones(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>(
    `WITH erased AS (
       UPDATE citizen_reports SET phone_enc = NULL, phone_hash = NULL, contact_consent = false
       WHERE (phone_enc IS NOT NULL OR phone_hash IS NOT NULL)
         AND received_at <= now() - make_interval(days => (SELECT retention_days FROM report_settings WHERE id = 1))
       RETURNING 1)
     SELECT count(*)::int AS n FROM erased`,
  )
  return r.rows[0]!.n
}
