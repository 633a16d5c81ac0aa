import { useEffect, useState } from 'react'
import type { Indicator, IndicatorValue } from '../../../contract/indicators.ts'
import type { ApiError, User } from '../api/client.ts'
import { putIndicatorValue, updateIndicator, useIndicator, useIndicators } from '../api/monitoring.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import { ProgressBar, Sparkline, type Light } from './DashboardCharts.tsx'
import { canEditPlanning } from '../state/rights.ts'

// The M&E dashboard: the indicator records of the Jukwaa la Usalama report (Annex III) and others, each with its
// target, latest value, progress bar, trend and source; admins and planners edit them (every edit audited).

type Value = IndicatorValue

/** Green when the target is met, amber from 75 % of the way, red below (the same rule for every indicator). */
const lightOf = (progress: number | null): Light =>
  progress === null ? 'na' : progress >= 1 ? 'green' : progress >= 0.75 ? 'amber' : 'red'

export function Indicators({ user }: { user: User }) {
  const { t, num, lang } = useI18n()
  const answer = useIndicators()
  const list = answer.data?.indicators
  const error = answer.error?.message
  const [editing, setEditing] = useState<string | null>(null)
  const canEdit = canEditPlanning(user)

  const name = (i: Indicator) => (lang === 'sw' ? i.name_sw : i.name)
  const fmt = (i: Indicator, v: number) =>
    i.unit === 'percent' ? `${num(v, 1)} %` : i.unit === 'ratio' ? `1:${num(v)}` : num(v)
  const shown = (i: Indicator, v: Value) =>
    v.value_text ?? `${v.qualifier === 'at_least' ? '≥ ' : v.qualifier === 'below' ? '< ' : ''}${fmt(i, v.value)}`

  if (error)
    return (
      <p className="error" role="alert">
        {t('error.generic')}: {error}
      </p>
    )
  if (!list) return <p className="mon-loading">{t('app.loading')}</p>
  const met = list.filter((i) => (i.progress ?? 0) >= 1).length

  return (
    <section className="mon-section" aria-labelledby="ind-title" data-testid="indicators">
      <header className="mon-head">
        <div>
          <p className="kicker">{t('ind.kicker')}</p>
          <h1 id="ind-title">{t('ind.title')}</h1>
          <p className="muted">{t('ind.lead')}</p>
        </div>
        <div className="kpi small-kpi">
          <span className="kpi-label">{t('ind.met')}</span>
          <strong className="kpi-value">
            {num(met)} / {num(list.length)}
          </strong>
        </div>
      </header>
      <p className="real-note" role="note">
        {t('ind.realNote')}
      </p>
      <article className="card">
        <table className="mon-table indicators-table">
          <thead>
            <tr>
              <th scope="col">{t('ind.indicator')}</th>
              <th scope="col">{t('score.target')}</th>
              <th scope="col">{t('ind.latest')}</th>
              <th scope="col" className="progress-col">
                {t('ind.progress')}
              </th>
              <th scope="col">{t('score.trend')}</th>
              <th scope="col">{t('ind.remarks')}</th>
              {canEdit && <th />}
            </tr>
          </thead>
          <tbody>
            {list.map((i) => {
              const light = lightOf(i.progress)
              return (
                <tr key={i.id} data-indicator={i.id}>
                  <th scope="row">
                    {name(i)}
                    <span className="muted small block">
                      {i.direction === 'lower' ? t('ind.lowerBetter') : t('ind.higherBetter')}
                    </span>
                  </th>
                  <td className="num">{i.target_text ?? fmt(i, i.target)}</td>
                  <td className="num">
                    <strong>{i.latest ? shown(i, i.latest) : '–'}</strong>
                    {i.latest && <span className="muted small block">{i.latest.period}</span>}
                  </td>
                  <td className="progress-col">
                    <ProgressBar value={i.progress} status={light} label={`${name(i)}: ${t('ind.progress')}`} />
                    <span className="small">
                      {i.progress === null ? t('ind.noValue') : `${num(i.progress * 100, 0)} % ${t('ind.ofTarget')}`}
                    </span>
                  </td>
                  <td>
                    {i.values.length > 1 ? (
                      <Sparkline
                        label={name(i)}
                        values={i.values.map((v) => v.value)}
                        labels={i.values.map((v) => v.period)}
                      />
                    ) : (
                      <span className="muted small">{t('ind.oneValue')}</span>
                    )}
                  </td>
                  <td className="small">
                    {i.remarks}
                    <span className="muted block source" title={i.source}>
                      {t('ind.source')}: {i.source}
                    </span>
                  </td>
                  {canEdit && (
                    <td>
                      <button
                        type="button"
                        className="button"
                        onClick={() => setEditing(editing === i.id ? null : i.id)}
                        aria-expanded={editing === i.id}
                      >
                        {t('feature.edit')}
                      </button>
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
        <p className="muted small">{t('ind.rule')}</p>
      </article>
      {editing && <IndicatorEditor key={editing} id={editing} onClose={() => setEditing(null)} />}
    </section>
  )
}

/** Edit one indicator's target and notes, record a period's value, and see its audited history. */
function IndicatorEditor({ id, onClose }: { id: string; onClose(): void }) {
  const { t, lang, date } = useI18n()
  const ind = useIndicator(id).data
  const [form, setForm] = useState({ target: '', target_text: '', remarks: '', source: '' })
  const [value, setValue] = useState({ period: '', value: '', qualifier: 'exact', value_text: '', source_note: '' })
  const [message, setMessage] = useState<string | null>(null)
  // The form shows the record as last read: again after each save (the cache reads it again after a write).
  useEffect(() => {
    if (ind)
      setForm({
        target: String(ind.target),
        target_text: ind.target_text ?? '',
        remarks: ind.remarks ?? '',
        source: ind.source,
      })
  }, [ind])
  if (!ind) return null

  async function saveRecord(e: React.FormEvent) {
    e.preventDefault()
    try {
      await updateIndicator(id, {
        target: Number(form.target),
        target_text: form.target_text || null,
        remarks: form.remarks || null,
        source: form.source,
        version: ind!.version,
      })
      setMessage(t('ind.saved'))
    } catch (err) {
      setMessage((err as ApiError).status === 412 ? t('ind.conflict') : (err as ApiError).message)
    }
  }
  async function saveValue(e: React.FormEvent) {
    e.preventDefault()
    try {
      await putIndicatorValue(id, value.period, {
        value: Number(value.value),
        qualifier: value.qualifier,
        value_text: value.value_text || null,
        source_note: value.source_note,
      })
      setValue({ period: '', value: '', qualifier: 'exact', value_text: '', source_note: '' })
      setMessage(t('ind.valueSaved'))
    } catch (err) {
      setMessage((err as ApiError).message)
    }
  }

  return (
    <article className="card indicator-editor" data-testid="indicator-editor" aria-labelledby="ind-edit-title">
      <header className="county-head">
        <h2 id="ind-edit-title">{lang === 'sw' ? ind.name_sw : ind.name}</h2>
        <button type="button" className="button" onClick={onClose}>
          {t('feature.close')}
        </button>
      </header>
      {message && (
        <p className="muted" role="status">
          {message}
        </p>
      )}
      <div className="editor-grid">
        <form onSubmit={saveRecord} className="editor-form">
          <h3>{t('ind.record')}</h3>
          <label>
            {t('score.target')}
            <input
              type="number"
              step="any"
              min={0}
              required
              value={form.target}
              onChange={(e) => setForm({ ...form, target: e.target.value })}
            />
          </label>
          <label>
            {t('ind.targetText')}
            <input
              maxLength={60}
              value={form.target_text}
              onChange={(e) => setForm({ ...form, target_text: e.target.value })}
            />
          </label>
          <label>
            {t('ind.remarks')}
            <input
              maxLength={500}
              value={form.remarks}
              onChange={(e) => setForm({ ...form, remarks: e.target.value })}
            />
          </label>
          <label>
            {t('ind.source')}
            <textarea
              required
              maxLength={2000}
              value={form.source}
              onChange={(e) => setForm({ ...form, source: e.target.value })}
            />
          </label>
          <button type="submit" className="primary">
            {t('edit.save')}
          </button>
        </form>
        <form onSubmit={saveValue} className="editor-form" data-testid="value-form">
          <h3>{t('ind.addValue')}</h3>
          <label>
            {t('ind.period')}
            <input
              required
              pattern="\d{4}(Q[1-4]|-(0[1-9]|1[0-2]))?"
              placeholder="2026Q3"
              value={value.period}
              onChange={(e) => setValue({ ...value, period: e.target.value })}
            />
          </label>
          <label>
            {t('ind.value')}
            <input
              type="number"
              step="any"
              required
              value={value.value}
              onChange={(e) => setValue({ ...value, value: e.target.value })}
            />
          </label>
          <label>
            {t('ind.qualifier')}
            <select value={value.qualifier} onChange={(e) => setValue({ ...value, qualifier: e.target.value })}>
              {(['exact', 'at_least', 'below'] as const).map((q) => (
                <option key={q} value={q}>
                  {t(`ind.q.${q}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('ind.valueText')}
            <input
              maxLength={60}
              value={value.value_text}
              onChange={(e) => setValue({ ...value, value_text: e.target.value })}
            />
          </label>
          <label>
            {t('ind.sourceNote')}
            <textarea
              required
              maxLength={2000}
              value={value.source_note}
              onChange={(e) => setValue({ ...value, source_note: e.target.value })}
            />
          </label>
          <button type="submit" className="primary">
            {t('ind.record.value')}
          </button>
        </form>
      </div>
      <h3>{t('ind.values')}</h3>
      <table className="mon-table compact">
        <thead>
          <tr>
            <th scope="col">{t('ind.period')}</th>
            <th scope="col">{t('ind.value')}</th>
            <th scope="col">{t('ind.sourceNote')}</th>
            <th scope="col">{t('ind.recorded')}</th>
          </tr>
        </thead>
        <tbody>
          {[...ind.values].reverse().map((v) => (
            <tr key={v.period}>
              <td>{v.period}</td>
              <td className="num">{v.value_text ?? v.value}</td>
              <td className="small">{v.source_note}</td>
              <td className="small">
                {v.recorded_by} · {date(v.recorded_at)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('feature.history')}</h3>
      {ind.history.length === 0 ? (
        <p className="muted">{t('feature.noHistory')}</p>
      ) : (
        <ul className="timeline" data-testid="indicator-history">
          {ind.history.map((h, k) => (
            <li key={k}>
              <p>
                <strong>{t(`action.${h.action}` as MessageKey)}</strong> ·{' '}
                {h.item_id.includes('/') ? `${t('ind.value')} ${h.item_id.split('/')[1]}` : t('ind.record')}
              </p>
              <p className="when">
                {h.actor} · {date(h.at)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </article>
  )
}
