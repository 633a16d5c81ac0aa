import type { ReportCounts } from '../../contract/reports.ts'
import { TRIAGE_HOURS, URGENT_THEMES, URGENT_TRIAGE_HOURS } from '../../contract/reports.ts'
import type { AreaScope } from '../access/scope.ts'
import type { Queryable } from '../db/index.ts'

// Citizen reports on the regional dashboard: those received in the period by their status now, how many wait for
// triage and how many of those are past their SLA (URGENT_TRIAGE_HOURS / TRIAGE_HOURS), and the median time to triage.

export async function reportCounts(
  q: Queryable,
  area: AreaScope,
  region: string,
  period: { start: string; end: string },
): Promise<ReportCounts> {
  const counties = area.kind === 'counties' ? area.counties : null
  const r = await q.query<{ status: string; n: number; overdue: number; median_h: number | null }>(
    `SELECT status, count(*)::int AS n,
       count(*) FILTER (WHERE status = 'received' AND now() > received_at + make_interval(hours =>
         CASE WHEN theme = ANY($4::text[]) THEN ${URGENT_TRIAGE_HOURS} ELSE ${TRIAGE_HOURS} END))::int AS overdue,
       (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM triaged_at - received_at)) / 3600)::float8 AS median_h
     FROM citizen_reports
     WHERE region_code = $1 AND received_at >= $2::timestamptz AND received_at < $3::timestamptz
       AND ($5::text[] IS NULL OR county_code = ANY($5::text[]))
     GROUP BY ROLLUP (status)`,
    [region, period.start, period.end, URGENT_THEMES, counties],
  )
  const byStatus: Record<string, number> = {}
  let total = { n: 0, overdue: 0, median_h: null as number | null }
  for (const row of r.rows) {
    if (row.status === null) total = { n: row.n, overdue: row.overdue, median_h: row.median_h }
    else byStatus[row.status] = row.n
  }
  return {
    received: total.n,
    byStatus,
    verified: byStatus.verified ?? 0,
    rejected: byStatus.rejected ?? 0,
    awaiting: byStatus.received ?? 0,
    overdue: total.overdue,
    median_triage_hours: total.median_h === null ? null : Math.round(Number(total.median_h) * 10) / 10,
  }
}
