import { useCallback, useEffect, useRef, useState } from 'react'
import * as D from '../../../server/contract/domains.ts'
import { ApiError, api, item, type Feature, type User } from '../api/client.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import type { Selection } from '../map/MapView.tsx'
import { STATUS_DOMAIN, editableFields } from '../state/rights.ts'

const HIDDEN = new Set(['id', 'import_batch_id', 'name'])

type HistoryEntry =
  | { type: 'change'; at: string; actor: string; action: string; changes: { field: string; from: unknown; to: unknown }[] }
  | { type: 'assessment'; at: string; actor: string; condition: string | null; status: string | null; notes: string | null }

interface Props {
  user: User
  selection: Selection
  countyName(code: string): string
  onClose(): void
  onSaved(): void
}

export function FeaturePanel({ user, selection, countyName, onClose, onSaved }: Props) {
  const { t, v, num, date } = useI18n()
  const [feature, setFeature] = useState<Feature | null>(null)
  const [history, setHistory] = useState<HistoryEntry[]>([])
  const [error, setError] = useState<string | null>(null)
  const [tab, setTab] = useState<'props' | 'history' | 'edit'>('props')
  const closeRef = useRef<HTMLButtonElement>(null)
  const fields = editableFields(user, selection.collection)

  const load = useCallback(() => {
    setError(null)
    item(selection.collection, selection.id).then(setFeature, (e: Error) => setError(e.message))
    api<{ entries: HistoryEntry[] }>(`/api/history/${selection.collection}/${selection.id}`).then((r) => setHistory(r.entries), () => setHistory([]))
  }, [selection.collection, selection.id])
  useEffect(() => {
    setFeature(null)
    setTab('props')
    load()
  }, [load])
  useEffect(() => closeRef.current?.focus(), [selection.collection, selection.id])

  const format = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—'
    if (key === 'county_code') return countyName(String(value))
    if (typeof value === 'boolean') return v(value)
    if (typeof value === 'number') return num(value, key === 'length_km' ? 1 : 0)
    if (key.endsWith('_at')) return date(String(value))
    return v(value)
  }
  const label = (k: string) => t(`prop.${k}` as MessageKey) ?? k

  return (
    <aside className="feature-panel" aria-labelledby="feature-title" role="dialog" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header>
        <div>
          <p className="muted kicker">{t(`layer.${selection.collection}` as MessageKey)}</p>
          <h2 id="feature-title">{feature ? String(feature.properties.name) : t('feature.loading')}</h2>
        </div>
        <button ref={closeRef} type="button" className="icon" onClick={onClose} aria-label={t('feature.close')}>×</button>
      </header>
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'props'} onClick={() => setTab('props')}>{t('feature.properties')}</button>
        <button role="tab" aria-selected={tab === 'history'} onClick={() => setTab('history')} data-testid="history-tab">{t('feature.history')} ({history.length})</button>
        {fields.length > 0 && <button role="tab" aria-selected={tab === 'edit'} onClick={() => setTab('edit')} data-testid="edit-tab">{t('feature.edit')}</button>}
      </div>
      {error && <p className="error" role="alert">{t('error.generic')}: {error}</p>}
      {feature && tab === 'props' && (
        <dl className="props" data-testid="properties">
          {Object.entries(feature.properties).filter(([k]) => !HIDDEN.has(k)).map(([k, value]) => (
            <div key={k}><dt>{label(k)}</dt><dd>{format(k, value)}</dd></div>
          ))}
        </dl>
      )}
      {tab === 'history' && (
        <ol className="timeline" data-testid="history">
          {history.length === 0 && <li className="muted">{t('feature.noHistory')}</li>}
          {history.map((h, i) => (
            <li key={i}>
              <p className="when">{date(h.at)} · <strong>{h.actor}</strong></p>
              {h.type === 'assessment' ? (
                <p>{t('feature.assessed')}: {[h.condition && v(h.condition), h.status && v(h.status), h.notes].filter(Boolean).join(' · ')}</p>
              ) : (
                <p>{t(`action.${h.action}` as MessageKey)}{h.changes.length > 0 && ': '}
                  {h.changes.map((c) => `${label(c.field)} ${c.from === null ? '' : `${format(c.field, c.from)} → `}${format(c.field, c.to)}`).join('; ')}</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {feature && tab === 'edit' && (
        <EditForm feature={feature} collection={selection.collection} fields={fields} onSaved={() => { load(); setTab('history'); onSaved() }} />
      )}
    </aside>
  )
}

function EditForm({ feature, collection, fields, onSaved }: { feature: Feature; collection: Selection['collection']; fields: ('name' | 'status' | 'condition')[]; onSaved(): void }) {
  const { t, v } = useI18n()
  const initial = Object.fromEntries(fields.map((f) => [f, (feature.properties[f] as string | null) ?? '']))
  const [values, setValues] = useState<Record<string, string>>(initial)
  const [version, setVersion] = useState(Number(feature.properties.version))
  const [conflict, setConflict] = useState<Feature | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const changed = Object.fromEntries(Object.entries(values).filter(([k, val]) => val !== initial[k]).map(([k, val]) => [k, val === '' ? null : val]))

  async function save() {
    setBusy(true)
    setMessage(null)
    try {
      await api(`/ogc/collections/${collection}/items/${feature.id}`, {
        method: 'PATCH', json: { properties: changed }, headers: { 'If-Match': `"${version}"`, 'Idempotency-Key': crypto.randomUUID() },
      })
      setConflict(null)
      onSaved()
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        const current = (e.body as { current: Feature }).current
        setConflict(current)
        setVersion(Number(current.properties.version))
      } else setMessage(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  const domain = (f: string) => (f === 'status' ? STATUS_DOMAIN[collection] ?? [] : D.CONDITIONS)
  return (
    <form className="edit" onSubmit={(e) => { e.preventDefault(); void save() }} data-testid="edit-form">
      {fields.map((f) => (
        <label key={f} className="filter">
          <span>{t(`prop.${f}` as MessageKey)}</span>
          {f === 'name'
            ? <input value={values[f]} onChange={(e) => setValues({ ...values, [f]: e.target.value })} required />
            : <select value={values[f]} onChange={(e) => setValues({ ...values, [f]: e.target.value })} data-field={f}>
                {f === 'condition' && <option value="">—</option>}
                {domain(f).map((o) => <option key={o} value={o}>{v(o)}</option>)}
              </select>}
        </label>
      ))}
      {conflict && (
        <div className="conflict" role="alert" data-testid="conflict">
          <p><strong>{t('edit.conflict')}</strong> {t('edit.conflictHelp')}</p>
          <table><thead><tr><th /><th>{t('edit.theirs')}</th><th>{t('edit.mine')}</th></tr></thead>
            <tbody>{fields.map((f) => <tr key={f}><th scope="row">{t(`prop.${f}` as MessageKey)}</th><td>{v(conflict.properties[f] ?? '—')}</td><td>{v(values[f] || '—')}</td></tr>)}</tbody>
          </table>
        </div>
      )}
      {message && <p className="error" role="alert">{message}</p>}
      <button type="submit" className="primary" disabled={busy || Object.keys(changed).length === 0}>{conflict ? t('edit.reapply') : t('edit.save')}</button>
    </form>
  )
}
