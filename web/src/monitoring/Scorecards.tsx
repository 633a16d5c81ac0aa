import { useEffect, useState } from 'react'
import type { ApiError, User } from '../api/client.ts'
import { saveScorecardTarget, useCountyScorecard, useScorecardTargets, useScorecards } from '../api/monitoring.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import { LAYERS } from '../map/layers.ts'
import { HBars, LightChip, ProgressBar, Sparkline } from './DashboardCharts.tsx'
import { QuarterSelect, useQuarter } from './Quarter.tsx'
import {
  DEFINITIONS,
  type ScorecardIndicator as ScorecardId,
  type ScorecardResult,
  type ScorecardTarget,
} from '../../../contract/scorecards.ts'
import { canEditPlanning } from '../state/rights.ts'
import { rolePublicOnly } from '../../../contract/rights.ts'

// County scorecards: the ranking of the 47 counties for a quarter, one county's card with trends, downloads (CSV,
// one county's PDF, all counties' PDF) and the targets table (editable by admins and planners).

type Result = ScorecardResult
type Target = ScorecardTarget

const lowerBetter = (id: ScorecardId) => DEFINITIONS[id].direction === 'lower'
/** The unit targets are set in (the score's): % of the road network for roads, % change for incidents. */
const SCORE_UNIT: Record<ScorecardId, string> = {
  units_operational: '%',
  security_roads_rehabilitated: '%',
  border_posts_operational: '%',
  registration_digitised: '%',
  live_capture_units: '/centre',
  prison_occupancy: '%',
  incidents: '% Δ',
}

export function useFormat() {
  const { t, num } = useI18n()
  const value = (id: ScorecardId, v: number | null) => {
    if (v === null) return '–'
    switch (DEFINITIONS[id].unit) {
      case 'percent':
        return `${num(v, 1)} %`
      case 'km':
        return `${num(v, 1)} km`
      case 'per_centre':
        return `${num(v, 2)} ${t('score.perCentre')}`
      case 'count':
        return num(v)
    }
  }
  const change = (id: ScorecardId, c: number | null) => {
    if (c === null) return '–'
    const sign = c > 0 ? '+' : c < 0 ? '−' : '±'
    const a = Math.abs(c)
    switch (DEFINITIONS[id].unit) {
      case 'percent':
        return `${sign}${num(a, 1)} ${t('score.pts')}`
      case 'km':
        return `${sign}${num(a, 1)} km`
      case 'per_centre':
        return `${sign}${num(a, 2)}`
      case 'count':
        return `${sign}${num(a)}`
    }
  }
  const target = (r: Result) => {
    const bound = lowerBetter(r.id) ? '≤' : '≥'
    if (r.id === 'security_roads_rehabilitated')
      return r.targetValue === null
        ? `${bound} ${num(r.target, 1)} % ${t('score.ofNetwork')}`
        : `${bound} ${num(r.targetValue, 1)} km (${num(r.target, 1)} % ${t('score.ofNetwork')})`
    if (r.id === 'incidents')
      return r.targetValue === null
        ? `${bound} ${num(r.target, 1)} %`
        : `${bound} ${num(r.targetValue)} (${r.target > 0 ? '+' : ''}${num(r.target, 1)} %)`
    return `${bound} ${value(r.id, r.target)}`
  }
  const detail = (r: Result) => {
    const d = r.detail
    const of = t('score.of')
    switch (r.id) {
      case 'units_operational':
        return `${num(d.active ?? 0)} ${of} ${num(d.gazetted ?? 0)}`
      case 'security_roads_rehabilitated':
        return `${num(d.rehabilitatedKm ?? 0, 1)} ${of} ${num(d.networkKm ?? 0, 1)} km`
      case 'border_posts_operational':
        return `${num(d.operational ?? 0)} ${of} ${num(d.posts ?? 0)}`
      case 'registration_digitised':
        return `${num(d.digitised ?? 0)} ${of} ${num(d.centres ?? 0)}`
      case 'live_capture_units':
        return `${num(d.liveCaptureUnits ?? 0)} / ${num(d.centres ?? 0)}`
      case 'prison_occupancy':
        return `${num(d.inmates ?? 0)} / ${num(d.capacity ?? 0)}`
      case 'incidents':
        return `${num(d.previousQuarter ?? 0)} ${t('score.before')}`
    }
  }
  return { value, change, target, detail }
}

const query = (quarter: string | undefined, pub: boolean, extra: Record<string, string> = {}) => {
  const q = new URLSearchParams(extra)
  if (quarter) q.set('quarter', quarter)
  if (pub) q.set('public', 'true')
  const s = q.toString()
  return s ? `?${s}` : ''
}

interface Props {
  user: User
  county?: string
  onCounty(county: string | undefined): void
}

export function Scorecards({ user, county, onCounty }: Props) {
  const { t, v, num, lang } = useI18n()
  const fmt = useFormat()
  const [quarter, setQuarter] = useQuarter()
  const forcedPublic = rolePublicOnly(user.role)
  const [pub, setPub] = useState(forcedPublic)
  const all = useScorecards(quarter, pub)
  const oneAnswer = useCountyScorecard(county, quarter, pub)
  const cards = all.data
  const one = oneAnswer.data
  const error = (all.error ?? oneAnswer.error)?.message

  // A county opened from the ranking comes into view.
  useEffect(() => {
    if (one?.counties[0]) document.querySelector('[data-testid="county-card"]')?.scrollIntoView({ block: 'start' })
  }, [one])

  if (error)
    return (
      <p className="error" role="alert">
        {t('error.generic')}: {error}
      </p>
    )
  if (!cards) return <p className="mon-loading">{t('app.loading')}</p>
  const ids = cards.indicators
  const sorted = [...cards.counties].sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code))
  const selected = one?.counties[0]

  return (
    <section
      className={all.stale ? 'mon-section stale' : 'mon-section'}
      aria-labelledby="score-title"
      aria-busy={all.stale}
      data-testid="scorecards"
    >
      <header className="mon-head">
        <div>
          <p className="kicker">{t('score.kicker')}</p>
          <h1 id="score-title">{t('score.title')}</h1>
          <p className="muted">
            {t('mon.quarter')} {cards.quarter.replace('Q', ' Q')} · {t('score.comparedWith')}{' '}
            {cards.previousQuarter.replace('Q', ' Q')}
            {cards.complete ? '' : ` · ${t('mon.inProgress')}`}
          </p>
        </div>
        <div className="mon-controls">
          <QuarterSelect quarter={quarter} current={cards.quarter} onChange={setQuarter} />
          <label className="check mon-check">
            <input
              type="checkbox"
              checked={pub || forcedPublic}
              disabled={forcedPublic}
              onChange={(e) => setPub(e.target.checked)}
              data-testid="public-toggle"
            />
            {t('score.public')}
          </label>
          <a
            className="button"
            href={`/api/scorecards${query(cards.quarter, pub, { format: 'csv', lang })}`}
            download
            data-testid="csv"
          >
            {t('score.csv')}
          </a>
          <a
            className="button"
            href={`/api/scorecards.pdf${query(cards.quarter, pub, { lang })}`}
            download
            data-testid="pdf-all"
          >
            {t('score.pdfAll')}
          </a>
        </div>
      </header>
      {cards.sample.sampleRecords > 0 && (
        <p className="sample-note" role="note">
          {t('score.sampleNote')} ({num(cards.sample.sampleRecords)} / {num(cards.sample.records)} {t('score.records')})
        </p>
      )}
      {cards.public && (
        <p className="public-note" role="note">
          {t('score.publicNote')}
        </p>
      )}

      {county && (
        <article className="card county-card" data-testid="county-card" aria-labelledby="county-title">
          {!selected ? (
            <p className="mon-loading">{t('app.loading')}</p>
          ) : (
            <>
              <header className="county-head">
                <div>
                  <h2 id="county-title">
                    {selected.name}{' '}
                    <span className="muted">
                      · {t('score.county')} {selected.code} · {v(selected.region_code)}
                    </span>
                  </h2>
                  <p className="rank-line">
                    <strong>
                      {t('score.rank')} {selected.rank}
                    </strong>{' '}
                    {t('score.of')} {one!.rankOf} · {t('score.score')} {num(selected.score, 1)} / 100
                  </p>
                </div>
                <div className="mon-controls">
                  <a
                    className="button primary-link"
                    href={`/api/scorecards/${selected.code}.pdf${query(cards.quarter, pub, { lang })}`}
                    download
                    data-testid="pdf-county"
                  >
                    {t('score.pdfCounty')}
                  </a>
                  <button type="button" className="button" onClick={() => onCounty(undefined)}>
                    {t('score.back')}
                  </button>
                </div>
              </header>
              <table className="mon-table indicator-table">
                <thead>
                  <tr>
                    <th scope="col">{t('score.indicator')}</th>
                    <th scope="col">{t('score.target')}</th>
                    <th scope="col">{t('score.value')}</th>
                    <th scope="col">{t('score.change')}</th>
                    <th scope="col">{t('score.status')}</th>
                    <th scope="col">{t('score.trend')}</th>
                  </tr>
                </thead>
                <tbody>
                  {selected.indicators.map((r) => (
                    <tr key={r.id} data-indicator={r.id}>
                      <th scope="row">
                        {t(`score.ind.${r.id}` as MessageKey)}
                        {r.sampleRecords > 0 && (
                          <span className="sample-mark" title={t('score.sampleMark')}>
                            *
                          </span>
                        )}
                        <span className="muted small block">{t(`score.note.${r.id}` as MessageKey)}</span>
                      </th>
                      <td>{fmt.target(r)}</td>
                      <td>
                        <strong>{fmt.value(r.id, r.value)}</strong>
                        <span className="muted small block">{r.value === null ? '' : fmt.detail(r)}</span>
                      </td>
                      <td className="num">
                        {fmt.change(r.id, r.change)}
                        {r.id === 'incidents' && r.score !== null && r.change !== null && (
                          <span className="muted small block">
                            {r.score > 0 ? '+' : ''}
                            {num(r.score, 1)} %
                          </span>
                        )}
                      </td>
                      <td>
                        <LightChip status={r.status} />
                      </td>
                      <td>
                        {one!.trend && (
                          <Sparkline
                            label={t(`score.ind.${r.id}` as MessageKey)}
                            values={one!.trend.values[r.id] ?? []}
                            labels={one!.trend.quarters}
                          />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {selected.indicators.find((r) => r.id === 'incidents')?.byTheme && (
                <div className="county-themes">
                  <h3>{t('dash.byTheme')}</h3>
                  <HBars
                    label={t('dash.byTheme')}
                    rows={[...selected.indicators.find((r) => r.id === 'incidents')!.byTheme!]
                      .sort((a, b) => b.n - a.n || b.previous - a.previous)
                      .map((b) => ({
                        key: b.theme,
                        label: v(b.theme),
                        value: b.n,
                        previous: b.previous,
                        color: LAYERS.find((l) => l.id === 'incidents')?.colorBy.colors[b.theme],
                      }))}
                  />
                  <p className="muted small">{t('dash.byThemeHelp')}</p>
                </div>
              )}
            </>
          )}
        </article>
      )}

      <article className="card">
        <h2>
          {t('score.ranking')}{' '}
          <span className="muted">
            · {num(cards.counties.length)} / {num(cards.rankOf)}
          </span>
        </h2>
        <div className="table-scroll">
          <table className="mon-table ranking" data-testid="ranking">
            <thead>
              <tr>
                <th scope="col">{t('score.rank')}</th>
                <th scope="col">{t('score.county')}</th>
                <th scope="col">{t('score.score')}</th>
                {ids.map((id) => (
                  <th key={id} scope="col" className="ind-col">
                    {t(`score.short.${id}` as MessageKey)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((c) => (
                <tr key={c.code} className={c.code === county ? 'selected' : ''} data-county={c.code}>
                  <td className="num rank">{c.rank}</td>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => onCounty(c.code)}>
                      {c.name}
                    </button>
                    <span className="muted small block">{v(c.region_code)}</span>
                  </th>
                  <td className="score-cell">
                    <ProgressBar value={c.score / 100} label={`${c.name} ${t('score.score')}`} />
                    <span>{num(c.score, 1)}</span>
                  </td>
                  {ids.map((id) => {
                    const r = c.indicators.find((x) => x.id === id)!
                    return (
                      <td key={id} className="ind-cell">
                        <LightChip status={r.status} compact />
                        <span className="ind-value">{fmt.value(id, r.value)}</span>
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">{t('score.rankHelp')}</p>
      </article>

      <Targets user={user} />
    </section>
  )
}

/** The targets table with the traffic-light rules; admins and planners edit the defaults. */
function Targets({ user }: { user: User }) {
  const { t, num } = useI18n()
  const answer = useScorecardTargets()
  const targets = answer.data?.targets ?? (answer.error ? [] : null)
  const [editing, setEditing] = useState<Target | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const canEdit = canEditPlanning(user)

  async function save(e: React.FormEvent) {
    e.preventDefault()
    if (!editing) return
    try {
      await saveScorecardTarget(editing.indicator, {
        county: editing.county_code,
        target: Number(editing.target),
        amber: Number(editing.amber),
        note: editing.note,
      })
      setEditing(null)
      setMessage(t('score.targetSaved'))
    } catch (err) {
      setMessage((err as ApiError).message)
    }
  }

  return (
    <details className="card targets" data-testid="targets">
      <summary>
        <h2>{t('score.targets')}</h2>
      </summary>
      <p>{t('score.rules')}</p>
      {message && (
        <p className="muted" role="status">
          {message}
        </p>
      )}
      <table className="mon-table">
        <thead>
          <tr>
            <th scope="col">{t('score.indicator')}</th>
            <th scope="col">{t('score.county')}</th>
            <th scope="col">{t('score.target')}</th>
            <th scope="col">{t('score.amber')}</th>
            <th scope="col">{t('score.basis')}</th>
            {canEdit && <th />}
          </tr>
        </thead>
        <tbody>
          {(targets ?? []).map((x) => {
            const id = `${x.indicator}/${x.county_code ?? ''}`
            const bound = lowerBetter(x.indicator) ? '≤' : '≥'
            if (editing && `${editing.indicator}/${editing.county_code ?? ''}` === id) {
              return (
                <tr key={id}>
                  <th scope="row">{t(`score.ind.${x.indicator}` as MessageKey)}</th>
                  <td>{x.county_code ?? t('score.allCounties')}</td>
                  <td colSpan={canEdit ? 4 : 3}>
                    <form className="target-form" onSubmit={save}>
                      <label>
                        {t('score.target')} ({SCORE_UNIT[x.indicator]})
                        <input
                          type="number"
                          step="any"
                          required
                          value={editing.target}
                          onChange={(e) => setEditing({ ...editing, target: e.target.value as never })}
                        />
                      </label>
                      <label>
                        {t('score.amber')} ({SCORE_UNIT[x.indicator]})
                        <input
                          type="number"
                          step="any"
                          required
                          value={editing.amber}
                          onChange={(e) => setEditing({ ...editing, amber: e.target.value as never })}
                        />
                      </label>
                      <label className="wide">
                        {t('score.basis')}
                        <textarea
                          required
                          maxLength={2000}
                          value={editing.note}
                          onChange={(e) => setEditing({ ...editing, note: e.target.value })}
                        />
                      </label>
                      <div className="row">
                        <button type="submit" className="primary">
                          {t('edit.save')}
                        </button>
                        <button type="button" className="button" onClick={() => setEditing(null)}>
                          {t('score.cancel')}
                        </button>
                      </div>
                    </form>
                  </td>
                </tr>
              )
            }
            return (
              <tr key={id}>
                <th scope="row">{t(`score.ind.${x.indicator}` as MessageKey)}</th>
                <td>{x.county_code ?? t('score.allCounties')}</td>
                <td className="num">
                  {bound} {num(x.target, 2)} {SCORE_UNIT[x.indicator]}
                </td>
                <td className="num">
                  {bound} {num(x.amber, 2)} {SCORE_UNIT[x.indicator]}
                </td>
                <td className="small">
                  {x.note}
                  <span className="muted block">
                    {x.updated_by} · {new Date(x.updated_at).toISOString().slice(0, 10)}
                  </span>
                </td>
                {canEdit && (
                  <td>
                    <button type="button" className="button" onClick={() => setEditing(x)}>
                      {t('feature.edit')}
                    </button>
                  </td>
                )}
              </tr>
            )
          })}
        </tbody>
      </table>
    </details>
  )
}
