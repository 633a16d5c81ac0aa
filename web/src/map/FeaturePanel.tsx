import { useCallback, useEffect, useRef, useState } from 'react'
import * as D from '../../../contract/domains.ts'
import { ApiError, newKey, type Feature, type User } from '../api/client.ts'
import { patchFeature, reloadFeature, useFeature, useHistory } from '../api/features.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import type { Selection } from '../state/url.ts'
import { STATUS_DOMAIN, editableFields } from '../state/rights.ts'
import { enqueue } from '../offline/queue.ts'
import { sync } from '../offline/sync.ts'
import { AssessmentForm, canAssess } from '../field/AssessmentForm.tsx'
import { ConflictView, type Choice } from '../field/ConflictView.tsx'
import { useSyncState } from '../field/SyncStatus.tsx'

const HIDDEN = new Set(['id', 'import_batch_id', 'name'])

interface Props {
  user: User
  selection: Selection
  countyName(code: string): string
  onClose(): void
  onSaved(): void
}

export function FeaturePanel({ user, selection, countyName, onClose, onSaved }: Props) {
  const { t, v, num, date } = useI18n()
  const featureAnswer = useFeature(selection.collection, selection.id)
  const historyAnswer = useHistory(selection.collection, selection.id)
  const feature = featureAnswer.data ?? null
  const history = historyAnswer.data?.entries ?? []
  const error = featureAnswer.error?.message ?? null
  const [tab, setTab] = useState<'props' | 'history' | 'edit' | 'assess'>('props')
  const closeRef = useRef<HTMLButtonElement>(null)
  const fields = editableFields(user, selection.collection)
  const assessable = canAssess(user, selection.collection)
  // Queued (not yet synced) assessments and edits of this feature, shown at the top of its history.
  const queue = useSyncState().items
  const waiting = queue.filter(
    (i) => i.collection === selection.collection && String(i.assetId) === String(selection.id) && i.state !== 'synced',
  )

  // The feature and its history as the server has them now (after a save, or when a queued change has gone in).
  const load = useCallback(
    () => reloadFeature(selection.collection, selection.id),
    [selection.collection, selection.id],
  )
  useEffect(() => setTab('props'), [selection.collection, selection.id])
  useEffect(() => closeRef.current?.focus(), [selection.collection, selection.id])
  // When a queued item of this feature has gone in, show the server's record (and let the map pick up the change).
  const waitingCount = waiting.length
  const wasWaiting = useRef({ key: '', count: 0 })
  useEffect(() => {
    const key = `${selection.collection}/${selection.id}`
    if (wasWaiting.current.key === key && waitingCount < wasWaiting.current.count) {
      load()
      onSaved()
    }
    wasWaiting.current = { key, count: waitingCount }
  }, [waitingCount, selection.collection, selection.id, load, onSaved])

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
    <aside
      className="feature-panel"
      aria-labelledby="feature-title"
      role="dialog"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <header>
        <div>
          <p className="muted kicker">{t(`layer.${selection.collection}` as MessageKey)}</p>
          <h2 id="feature-title">{feature ? String(feature.properties.name) : t('feature.loading')}</h2>
        </div>
        <button ref={closeRef} type="button" className="icon" onClick={onClose} aria-label={t('feature.close')}>
          ×
        </button>
      </header>
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'props'} onClick={() => setTab('props')}>
          {t('feature.properties')}
        </button>
        <button
          role="tab"
          aria-selected={tab === 'history'}
          onClick={() => setTab('history')}
          data-testid="history-tab"
        >
          {t('feature.history')} ({history.length})
        </button>
        {fields.length > 0 && (
          <button role="tab" aria-selected={tab === 'edit'} onClick={() => setTab('edit')} data-testid="edit-tab">
            {t('feature.edit')}
          </button>
        )}
        {assessable && (
          <button role="tab" aria-selected={tab === 'assess'} onClick={() => setTab('assess')} data-testid="assess-tab">
            {t('feature.assess')}
          </button>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {t('error.generic')}: {error}
        </p>
      )}
      {feature && tab === 'props' && (
        <dl className="props" data-testid="properties">
          {Object.entries(feature.properties)
            .filter(([k]) => !HIDDEN.has(k))
            .map(([k, value]) => (
              <div key={k}>
                <dt>{label(k)}</dt>
                <dd>{format(k, value)}</dd>
              </div>
            ))}
        </dl>
      )}
      {tab === 'history' && (
        <ol className="timeline" data-testid="history">
          {waiting.map((i) => (
            <li key={i.id} className="pending" data-testid="pending-entry">
              <p className="when">
                {date(i.createdAt)} · <strong>{t('feature.pending')}</strong>
              </p>
              <p>
                {t(`sync.kind.${i.kind}` as MessageKey)}:{' '}
                {i.kind === 'assessment'
                  ? [
                      i.assessment.condition && v(i.assessment.condition),
                      i.assessment.status && v(i.assessment.status),
                      i.assessment.notes,
                    ]
                      .filter(Boolean)
                      .join(' · ')
                  : Object.entries(i.changes)
                      .map(([k, val]) => `${label(k)} ${format(k, val)}`)
                      .join('; ')}
              </p>
            </li>
          ))}
          {history.length === 0 && waiting.length === 0 && <li className="muted">{t('feature.noHistory')}</li>}
          {history.map((h, i) => (
            <li key={i}>
              <p className="when">
                {date(h.at)} · <strong>{h.actor}</strong>
              </p>
              {h.type === 'assessment' ? (
                <>
                  <p>
                    {t('feature.assessed')}:{' '}
                    {[h.condition && v(h.condition), h.status && v(h.status), h.notes].filter(Boolean).join(' · ')}
                  </p>
                  {h.id !== undefined && (h.photos ?? 0) > 0 && (
                    <p className="history-photos">
                      {Array.from({ length: h.photos! }, (_, n) => (
                        <a key={n} href={`/api/assessments/${h.id}/photos/${n + 1}`} target="_blank" rel="noreferrer">
                          <img
                            src={`/api/assessments/${h.id}/photos/${n + 1}`}
                            alt={`${t('feature.photo')} ${n + 1}`}
                            loading="lazy"
                          />
                        </a>
                      ))}
                    </p>
                  )}
                </>
              ) : (
                <p>
                  {t(`action.${h.action}` as MessageKey)}
                  {h.changes.length > 0 && ': '}
                  {h.changes
                    .map(
                      (c) =>
                        `${label(c.field)} ${c.from === null ? '' : `${format(c.field, c.from)} → `}${format(c.field, c.to)}`,
                    )
                    .join('; ')}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {feature && tab === 'edit' && (
        <EditForm
          user={user}
          feature={feature}
          collection={selection.collection}
          fields={fields}
          onSaved={() => {
            load()
            setTab('history')
            onSaved()
          }}
        />
      )}
      {feature && tab === 'assess' && (
        <AssessmentForm user={user} feature={feature} collection={selection.collection} />
      )}
    </aside>
  )
}

function EditForm({
  user,
  feature,
  collection,
  fields,
  onSaved,
}: {
  user: User
  feature: Feature
  collection: Selection['collection']
  fields: ('name' | 'status' | 'condition')[]
  onSaved(): void
}) {
  const { t, v } = useI18n()
  const valuesOf = (f: Feature) => Object.fromEntries(fields.map((k) => [k, (f.properties[k] as string | null) ?? '']))
  // The values the edit is based on: the feature as opened, or the server's current one after a conflict.
  const [base, setBase] = useState<Record<string, string>>(() => valuesOf(feature))
  const [values, setValues] = useState<Record<string, string>>(() => valuesOf(feature))
  const [version, setVersion] = useState(Number(feature.properties.version))
  const [conflict, setConflict] = useState<{ server: Record<string, string>; mine: Record<string, string> } | null>(
    null,
  )
  const [choices, setChoices] = useState<Record<string, Choice>>({})
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const changed = Object.fromEntries(
    Object.entries(values)
      .filter(([k, val]) => val !== base[k])
      .map(([k, val]) => [k, val === '' ? null : val]),
  )

  /** Without a connection the change joins the offline queue, guarded by the version it was made on. */
  async function queue() {
    await enqueue({
      kind: 'edit',
      id: newKey(),
      username: user.username,
      collection,
      assetId: Number(feature.id),
      assetName: String(feature.properties.name ?? feature.id),
      changes: changed,
      baseVersion: version,
      base: Object.fromEntries(Object.keys(changed).map((k) => [k, base[k] === '' ? null : base[k]])),
    })
    setMessage(t('edit.savedOffline'))
    void sync.run()
  }

  async function save() {
    setBusy(true)
    setMessage(null)
    try {
      if (!navigator.onLine) return await queue()
      await patchFeature(collection, feature.id, changed, version)
      setConflict(null)
      onSaved()
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        const current = (e.body as { current: Feature }).current
        const server = valuesOf(current)
        setConflict({ server, mine: values })
        setChoices(Object.fromEntries(fields.map((f) => [f, 'mine' as const])))
        setBase(server)
        setVersion(Number(current.properties.version))
      } else if (e instanceof TypeError)
        await queue() // the connection dropped on the way
      else setMessage(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  function choose(f: string, c: Choice) {
    if (!conflict) return
    setChoices({ ...choices, [f]: c })
    setValues({ ...values, [f]: c === 'server' ? (conflict.server[f] ?? '') : (conflict.mine[f] ?? '') })
  }

  const domain = (f: string) => (f === 'status' ? (STATUS_DOMAIN[collection] ?? []) : D.CONDITIONS)
  return (
    <form
      className="edit"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
      data-testid="edit-form"
    >
      {fields.map((f) => (
        <label key={f} className="filter">
          <span>{t(`prop.${f}` as MessageKey)}</span>
          {f === 'name' ? (
            <input value={values[f]} onChange={(e) => setValues({ ...values, [f]: e.target.value })} required />
          ) : (
            <select value={values[f]} onChange={(e) => setValues({ ...values, [f]: e.target.value })} data-field={f}>
              {f === 'condition' && <option value="">—</option>}
              {domain(f).map((o) => (
                <option key={o} value={o}>
                  {v(o)}
                </option>
              ))}
            </select>
          )}
        </label>
      ))}
      {conflict && (
        <ConflictView
          title={t('edit.conflict')}
          help={t('edit.conflictHelp')}
          choices={choices}
          onChoose={choose}
          rows={fields.map((f) => ({ field: f, server: conflict.server[f], mine: conflict.mine[f] }))}
        />
      )}
      {message && (
        <p className={message === t('edit.savedOffline') ? 'ok' : 'error'} role="alert" data-testid="edit-message">
          {message}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || Object.keys(changed).length === 0}>
        {conflict ? t('edit.reapply') : t('edit.save')}
      </button>
    </form>
  )
}
