import { useCallback, useState } from 'react'
import { useI18n } from '../i18n/index.tsx'

// The quarter a monitoring page shows, kept in the URL, and the control that picks it.

/** The quarter chosen on a monitoring page (?quarter=2026Q3), undefined = the server's default (last complete quarter). */
export function useQuarter(): [string | undefined, (q: string | undefined) => void] {
  const read = () => new URLSearchParams(window.location.search).get('quarter') ?? undefined
  const [quarter, setQuarter] = useState<string | undefined>(read)
  const set = useCallback((q: string | undefined) => {
    const params = new URLSearchParams(window.location.search)
    if (q) params.set('quarter', q)
    else params.delete('quarter')
    const search = params.toString()
    history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`)
    setQuarter(q)
  }, [])
  return [quarter, set]
}

/** The last n calendar quarters up to the current one, newest first (the current one may be in progress). */
export function recentQuarters(n = 8, now = new Date()): string[] {
  // Quarters are East Africa Time calendar quarters (UTC+3, no daylight saving), as on the server and in the PDFs.
  const eat = new Date(now.getTime() + 3 * 3600_000)
  let y = eat.getUTCFullYear()
  let q = Math.floor(eat.getUTCMonth() / 3) + 1
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    out.push(`${y}Q${q}`)
    q -= 1
    if (q === 0) {
      q = 4
      y -= 1
    }
  }
  return out
}

export function QuarterSelect({
  quarter,
  current,
  onChange,
}: {
  quarter: string | undefined
  current: string | undefined
  onChange(q: string): void
}) {
  const { t } = useI18n()
  const options = recentQuarters(9)
  const inProgress = options[0]
  return (
    <label className="mon-field">
      <span>{t('mon.quarter')}</span>
      <select value={quarter ?? current ?? ''} onChange={(e) => onChange(e.target.value)} data-testid="quarter">
        {options.map((q) => (
          <option key={q} value={q}>
            {q.replace('Q', ' Q')}
            {q === inProgress ? ` (${t('mon.inProgress')})` : ''}
          </option>
        ))}
      </select>
    </label>
  )
}
