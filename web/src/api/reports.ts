import type { CountyPlaces, ReportDetail, ReportQueue, ReportStatus } from '../../../contract/reports.ts'
import { api } from './client.ts'
import { invalidate, useResource } from './resource.ts'

// The citizen reports' resources read by GET, and the moderators' actions on them. The report itself is sent through
// the outbox (web/src/reports/outbox.ts), which keeps it across a lost connection.

const REPORTS = '/api/reports'

/** A county's gazetteer places for the report form (none while no county is chosen). */
export const useCountyPlaces = (county: string | null | undefined) =>
  useResource<CountyPlaces>(county ? `${REPORTS}/places?county=${encodeURIComponent(county)}` : null)

/** The moderation queue of the caller's area, of one status or all. */
export const useReportQueue = (status: ReportStatus | '') =>
  useResource<ReportQueue>(`${REPORTS}${status ? `?status=${status}` : ''}`)

/** One report with its neighbours, the reporter's earlier reports and the stations it may be escalated to. */
export const useReport = (id: number) => useResource<ReportDetail>(`${REPORTS}/${id}`)

/** A moderator's action on a report; the queue and the report are read again. */
export async function reportAction(
  id: number,
  action: 'verify' | 'reject' | 'merge' | 'escalate',
  body: unknown,
): Promise<void> {
  await api(`${REPORTS}/${id}/${action}`, { method: 'POST', json: body })
  invalidate(REPORTS)
}
