import { Fragment, useState } from 'react'
import type { QueuedReport, ReportStatus } from '../../../contract/reports.ts'
import { REPORT_STATUSES } from '../../../contract/reports.ts'
import { reportAction, useReportQueue } from '../api/reports.ts'
import { useI18n } from '../i18n/index.tsx'
import { ReportDetail } from './ReportDetail.tsx'
import './reports.css'

// The moderation queue of the moderator's area: waiting and urgent reports first; verify (the report becomes an
// incident on the map) or reject with a reason, or open a report to see it on a map with its neighbours and the
// reporter's earlier reports, and merge or escalate it. Citizens' text is rendered as text.

export function ModerationQueue({ onClose }: { onClose(): void }) {
  const { t, v } = useI18n()
  const [status, setStatus] = useState<ReportStatus | ''>('received')
  const queue = useReportQueue(status)
  const reports: QueuedReport[] = queue.data?.reports ?? []
  const [actionError, setError] = useState<string | null>(null)
  const error = actionError ?? queue.error?.message ?? null
  const [opened, setOpened] = useState<number | null>(null)

  const act = async (r: QueuedReport, action: 'verify' | 'reject') => {
    setError(null)
    const body = action === 'verify' ? {} : { reason: window.prompt(t('moderation.reason')) ?? '' }
    try {
      await reportAction(r.id, action, body)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <main className="moderation">
      <header className="report-head">
        <h1>{t('moderation.title')}</h1>
        <button type="button" onClick={onClose}>
          {t('moderation.map')}
        </button>
      </header>
      <label>
        {t('moderation.status')}{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value as ReportStatus | '')}>
          <option value="">—</option>
          {REPORT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`report.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {error && <p role="alert">{error}</p>}
      <table>
        <thead>
          <tr>
            <th>{t('moderation.reference')}</th>
            <th>{t('report.what')}</th>
            <th>{t('report.description')}</th>
            <th>{t('report.where')}</th>
            <th>{t('moderation.spam')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => (
            <Fragment key={r.id}>
              <tr data-testid="queued-report">
                <td>
                  {r.reference}
                  <br />
                  <span className="muted">{r.channel}</span>
                </td>
                <td className={r.urgent ? 'urgent' : ''}>{v(r.theme)}</td>
                <td className="desc">{r.description}</td>
                <td>
                  {r.place_name ?? ''} ({r.county_code}, {r.precision})
                  {r.phone && (
                    <>
                      <br />
                      {r.phone}
                    </>
                  )}
                </td>
                <td>
                  {r.spam_score.toFixed(2)} {r.spam_reasons.join(', ')}
                  {r.group_size > 1 && ` · ${t('moderation.group')} ${r.group_size}`}
                  {r.earlier_reports > 0 && ` · ${t('moderation.earlierCount')} ${r.earlier_reports}`}
                </td>
                <td>
                  {(r.status === 'received' || r.status === 'escalated') && (
                    <>
                      <button type="button" onClick={() => void act(r, 'verify')}>
                        {t('moderation.verify')}
                      </button>{' '}
                      <button type="button" onClick={() => void act(r, 'reject')}>
                        {t('moderation.reject')}
                      </button>
                    </>
                  )}
                  {r.status !== 'received' && <span>{t(`report.status.${r.status}`)}</span>}{' '}
                  <button
                    type="button"
                    aria-expanded={opened === r.id}
                    onClick={() => setOpened(opened === r.id ? null : r.id)}
                  >
                    {t(opened === r.id ? 'moderation.close' : 'moderation.details')}
                  </button>
                </td>
              </tr>
              {opened === r.id && (
                <tr>
                  <td colSpan={6}>
                    <ReportDetail
                      id={r.id}
                      // The action read the queue again (reportAction invalidates it).
                      onDone={() => setOpened(null)}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </main>
  )
}
