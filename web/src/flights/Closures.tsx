import { useState } from 'react'
import { ApiError } from '../api/client.ts'
import { useI18n } from '../i18n/index.tsx'
import { addClosure, removeClosure, useClosures, type StripOption } from './api.ts'
import { StripPicker } from './StripInput.tsx'
import { fill, known } from './words.ts'

// Airstrip closures and restrictions for flight clearance officers: record one (airstrip, window in EAT, kind,
// reason) and remove one. The server assesses open requests at the strip again and flags valid clearances it touches.

/** datetime-local value, read as East Africa Time, → an instant with its offset. */
export const eatInstant = (local: string) => `${local}:00+03:00`

export function Closures() {
  const i18n = useI18n()
  const { t } = i18n
  const listed = useClosures(undefined)
  const rows = listed.data?.closures ?? []
  const [strip, setStrip] = useState<StripOption | null>(null)
  const [form, setForm] = useState({ kind: 'closure' as 'closure' | 'restriction', from: '', to: '', reason: '' })
  const [actionError, setError] = useState<string | null>(null)
  const error = actionError ?? listed.error?.message ?? null
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (!strip) return
    setError(null)
    try {
      await addClosure({
        airstrip_id: strip.id,
        kind: form.kind,
        starts_at: eatInstant(form.from),
        ends_at: eatInstant(form.to),
        reason: form.reason,
      })
      setForm({ ...form, reason: '' })
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }
  const remove = async (id: number) => {
    setError(null)
    try {
      await removeClosure(id)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }
  return (
    <section data-testid="closures">
      <h1>{t('fl.cl.title')}</h1>
      <form className="closure-form" onSubmit={submit} data-testid="closure-form">
        <StripPicker
          label={t('fl.cl.airstrip')}
          placeholder={t('fl.cal.search')}
          choose={t('fl.cal.choose')}
          value={strip}
          onChange={setStrip}
        />
        <label>
          {t('fl.cl.kind')}{' '}
          <select
            name="kind"
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value as 'closure' | 'restriction' })}
          >
            <option value="closure">{t('fl.cl.closure')}</option>
            <option value="restriction">{t('fl.cl.restriction')}</option>
          </select>
        </label>
        <label>
          {t('fl.cl.from')}{' '}
          <input
            type="datetime-local"
            name="from"
            required
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
        </label>
        <label>
          {t('fl.cl.to')}{' '}
          <input
            type="datetime-local"
            name="to"
            required
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
          />
        </label>
        <label>
          {t('fl.cl.reason')}{' '}
          <input
            name="reason"
            required
            maxLength={300}
            value={form.reason}
            onChange={(e) => setForm({ ...form, reason: e.target.value })}
          />
        </label>
        <button type="submit" disabled={!strip} data-testid="closure-add">
          {t('fl.cl.add')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table className="flight-table" data-testid="closure-list">
        <thead>
          <tr>
            <th>{t('fl.cl.airstrip')}</th>
            <th>{t('fl.cl.kind')}</th>
            <th>{t('fl.cl.from')}</th>
            <th>{t('fl.cl.to')}</th>
            <th>{t('fl.cl.reason')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} data-closure={c.id}>
              <td>{c.airstrip_name}</td>
              <td>{known(i18n, `fl.cl.${c.kind}`, c.kind)}</td>
              <td>{i18n.date(c.starts_at)}</td>
              <td>{i18n.date(c.ends_at)}</td>
              <td>
                {c.reason} <small>({fill(t('fl.cl.by'), { who: c.created_by })})</small>
              </td>
              <td>
                <button type="button" onClick={() => void remove(c.id)} data-testid={`closure-remove-${c.id}`}>
                  {t('fl.cl.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!rows.length && <p>{t('fl.cl.none')}</p>}
    </section>
  )
}
