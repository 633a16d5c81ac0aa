import { useEffect, useRef, useState } from 'react'
import type { ApiError } from '../api/client.ts'
import {
  commitImport,
  discardImport,
  importProgress,
  previewImport,
  saveImportProfile,
  uploadImport,
  useImportProfiles,
  type Batch,
  type Target,
  type ValueRow,
} from '../api/imports.ts'
import type { Recode } from '../../../contract/imports.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import './Import.css'

// The import dialog: choose a layer and a file → preview (column → field mapping, per-row report, first rows) →
// import all rows or none, with progress. Talks to /api/imports; the server decides everything (rights, validation).

const ACCEPT = '.geojson,.json,.csv,.txt,.xlsx,.zip,.kml,.kmz,.gpx,.gpkg'

/** A field's name in the current language (the registry's title when there is no translation). */
export function useFieldLabel() {
  const { t, lang } = useI18n()
  return (target: Target) => {
    const key = `prop.${target.name}` as MessageKey
    const translated = t(key)
    return translated && translated !== key ? translated : lang === 'en' ? target.title : target.name
  }
}

export function ImportDialog({
  collections,
  onClose,
  onImported,
}: {
  collections: string[]
  onClose(): void
  onImported(): void
}) {
  const { t, v, num } = useI18n()
  const fieldLabel = useFieldLabel()
  const [collection, setCollection] = useState(collections[0] ?? '')
  const [file, setFile] = useState<File | null>(null)
  const [layer, setLayer] = useState('')
  const [batch, setBatch] = useState<Batch | null>(null)
  const [mapping, setMapping] = useState<Record<string, string | null>>({})
  const [fixed, setFixed] = useState<Record<string, string>>({})
  const [recode, setRecode] = useState<Recode>({})
  const [profile, setProfile] = useState('')
  const [profileName, setProfileName] = useState('')
  const [savedProfile, setSavedProfile] = useState<string | null>(null)
  const [busy, setBusy] = useState<null | 'upload' | 'check' | 'commit'>(null)
  const [progress, setProgress] = useState<{ processed: number; total: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<Batch | null>(null)
  const dialog = useRef<HTMLDivElement>(null)

  useEffect(() => {
    dialog.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !busy) onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [busy, onClose])

  const profiles = useImportProfiles(collection).data?.profiles ?? []
  // A profile belongs to its collection: choosing another collection starts without one.
  useEffect(() => setProfile(''), [collection])

  const show = (b: Batch) => {
    setBatch(b)
    setMapping(b.mapping)
    setRecode(b.recode ?? {})
    setFixed(Object.fromEntries(Object.entries(b.fixed ?? {}).map(([k, x]) => [k, String(x)])))
  }
  // Values are sent as typed in: the server checks and converts them like a column's values.
  const fixedToSend = () =>
    Object.fromEntries(Object.entries(fixed).filter(([k, x]) => x.trim() !== '' && !used.has(k)))

  async function upload() {
    if (!file || !collection) return
    setBusy('upload')
    setError(null)
    const form = new FormData()
    form.set('collection', collection)
    if (layer.trim()) form.set('layer', layer.trim())
    form.set('file', file)
    try {
      show(await uploadImport(form, profile))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
    }
  }

  async function check() {
    if (!batch) return
    setBusy('check')
    setError(null)
    try {
      show(await previewImport(batch.id, { mapping, fixed: fixedToSend(), recode }))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
    }
  }

  async function commit() {
    if (!batch) return
    setBusy('commit')
    setError(null)
    setProgress({ processed: 0, total: batch.total })
    // Progress comes from GET /api/imports/{id} while the commit runs.
    const timer = setInterval(() => {
      importProgress(batch.id).then(
        (b) => b.progress && setProgress({ processed: b.progress.processed, total: b.progress.total }),
        () => undefined,
      )
    }, 1000)
    try {
      const b = await commitImport(batch.id, { mapping, fixed: fixedToSend(), recode })
      setDone(b)
      onImported()
    } catch (e) {
      const err = e as ApiError
      const details = (err.body as { error?: { details?: Batch['report'] } } | undefined)?.error?.details
      if (err.code === 'invalid_rows' && details) setBatch({ ...batch, report: details })
      setError(err.message)
    } finally {
      clearInterval(timer)
      setBusy(null)
      setProgress(null)
    }
  }

  async function saveProfile() {
    if (!batch || !profileName.trim()) return
    setError(null)
    try {
      const p = await saveImportProfile(profileName.trim(), batch.id)
      setSavedProfile(p.name)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  async function cancel() {
    if (batch && batch.status === 'staged' && !done) await discardImport(batch.id).catch(() => undefined)
    onClose()
  }

  const used = new Set(Object.values(mapping).filter(Boolean))
  const sentFixed = JSON.stringify(
    Object.fromEntries(Object.entries(batch?.fixed ?? {}).map(([k, x]) => [k, String(x)])),
  )
  const changed = batch
    ? JSON.stringify(mapping) !== JSON.stringify(batch.mapping) ||
      JSON.stringify(fixedToSend()) !== sentFixed ||
      JSON.stringify(recode) !== JSON.stringify(batch.recode ?? {})
    : false
  const valueFields = batch?.values
    ? batch.targets.filter((f) => f.domain && batch.values![f.name]?.length && used.has(f.name))
    : []
  const chosen = (field: string, row: ValueRow) => recode[field]?.[row.source] ?? row.target ?? ''
  const unmapped = batch
    ? batch.targets.filter((f) => !used.has(f.name)).sort((a, b) => Number(b.required) - Number(a.required))
    : []
  const missing = unmapped.filter((f) => f.required && !(fixed[f.name] ?? '').trim())
  const report = batch?.report
  const canCommit = batch?.status === 'staged' && report && report.invalid === 0 && !changed && !busy

  return (
    <div
      className="import-backdrop"
      role="presentation"
      onClick={(e) => {
        if (e.target === e.currentTarget && !busy) void cancel()
      }}
    >
      <div
        className="import-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="import-title"
        tabIndex={-1}
        ref={dialog}
        data-testid="import-dialog"
      >
        <header>
          <h2 id="import-title">{t('import.dialog')}</h2>
          <button
            type="button"
            className="icon"
            aria-label={t('import.close')}
            onClick={() => void cancel()}
            disabled={busy !== null}
          >
            ×
          </button>
        </header>

        {!batch && (
          <form
            className="import-pick"
            onSubmit={(e) => {
              e.preventDefault()
              void upload()
            }}
          >
            <label className="filter">
              <span>{t('import.collection')}</span>
              <select value={collection} onChange={(e) => setCollection(e.target.value)}>
                {collections.map((c) => (
                  <option key={c} value={c}>
                    {t(`layer.${c}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
            <label className="filter">
              <span>{t('import.file')}</span>
              <input
                type="file"
                accept={ACCEPT}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                data-testid="import-file"
              />
            </label>
            <p className="muted small">{t('import.formats')}</p>
            {profiles.length > 0 && (
              <label className="filter">
                <span>{t('import.profile')}</span>
                <select value={profile} onChange={(e) => setProfile(e.target.value)} data-testid="import-profile">
                  <option value="">{t('import.noProfile')}</option>
                  {profiles.map((p) => (
                    <option key={p.id} value={String(p.id)}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="filter">
              <span>{t('import.layer')}</span>
              <input value={layer} onChange={(e) => setLayer(e.target.value)} maxLength={200} />
            </label>
            <div className="row">
              <button type="submit" className="primary" disabled={!file || busy !== null}>
                {busy === 'upload' ? t('import.reading') : t('import.upload')}
              </button>
            </div>
          </form>
        )}

        {batch && report && (
          <div className="import-preview">
            <p className="import-summary" data-testid="import-summary">
              <strong>{batch.filename}</strong> → {t(`layer.${batch.collection}` as MessageKey)}: {num(batch.total)}{' '}
              {t('import.rows')},{' '}
              <span className="ok">
                {num(report.valid)} {t('import.valid')}
              </span>
              ,{' '}
              <span className={report.invalid ? 'bad' : ''}>
                {num(report.invalid)} {t('import.invalid')}
              </span>
            </p>
            {batch.warnings.length > 0 && (
              <ul className="import-warnings small">
                {batch.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}

            <h3>{t('import.mapping')}</h3>
            <table className="import-mapping">
              <thead>
                <tr>
                  <th scope="col">{t('import.column')}</th>
                  <th scope="col">{t('import.field')}</th>
                </tr>
              </thead>
              <tbody>
                {batch.columns.map((col) => (
                  <tr key={col}>
                    <th scope="row">{col}</th>
                    <td>
                      <select
                        aria-label={col}
                        value={mapping[col] ?? ''}
                        disabled={batch.status !== 'staged' || busy !== null}
                        onChange={(e) => setMapping({ ...mapping, [col]: e.target.value || null })}
                      >
                        <option value="">{t('import.ignore')}</option>
                        {batch.targets.map((f) => (
                          <option key={f.name} value={f.name} disabled={used.has(f.name) && mapping[col] !== f.name}>
                            {fieldLabel(f)}
                            {f.required ? ' *' : ''}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {batch.collection !== 'counties' && unmapped.length > 0 && (
              <details className="import-fixed" open={missing.length > 0 || Object.keys(batch.fixed ?? {}).length > 0}>
                <summary>{t('import.fixed')}</summary>
                <p className="muted small">{t('import.fixedHelp')}</p>
                <table className="import-mapping" data-testid="import-fixed">
                  <tbody>
                    {unmapped.map((f) => (
                      <tr key={f.name}>
                        <th scope="row">
                          {fieldLabel(f)}
                          {f.required ? ' *' : ''}
                        </th>
                        <td>
                          {f.domain || f.type === 'boolean' ? (
                            <select
                              aria-label={fieldLabel(f)}
                              value={fixed[f.name] ?? ''}
                              disabled={batch.status !== 'staged' || busy !== null}
                              onChange={(e) => setFixed({ ...fixed, [f.name]: e.target.value })}
                            >
                              <option value="">{t('import.noValue')}</option>
                              {(f.domain ?? ['true', 'false']).map((d) => (
                                <option key={d} value={d}>
                                  {f.type === 'boolean' ? t(d === 'true' ? 'yes' : 'no') : v(d)}
                                </option>
                              ))}
                            </select>
                          ) : (
                            <input
                              aria-label={fieldLabel(f)}
                              value={fixed[f.name] ?? ''}
                              disabled={batch.status !== 'staged' || busy !== null}
                              maxLength={1000}
                              inputMode={f.type === 'integer' || f.type === 'number' ? 'decimal' : undefined}
                              placeholder={f.type === 'timestamp' ? t('import.timestampFormat') : undefined}
                              onChange={(e) => setFixed({ ...fixed, [f.name]: e.target.value })}
                            />
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            )}
            {valueFields.length > 0 && (
              <div className="import-values" data-testid="import-values">
                <h3>{t('import.values')}</h3>
                <p className="muted small">{t('import.valuesHelp')}</p>
                {valueFields.map((f) => (
                  <table className="import-mapping" key={f.name} data-field={f.name}>
                    <caption>{fieldLabel(f)}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('import.source')}</th>
                        <th scope="col">{t('import.count')}</th>
                        <th scope="col">{t('import.target')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {batch.values![f.name]!.map((row) => (
                        <tr key={row.source} className={chosen(f.name, row) ? '' : 'bad'}>
                          <th scope="row">{row.source}</th>
                          <td>{num(row.rows)}</td>
                          <td>
                            <select
                              aria-label={`${fieldLabel(f)}: ${row.source}`}
                              value={chosen(f.name, row)}
                              disabled={batch.status !== 'staged' || busy !== null}
                              onChange={(e) => {
                                const next = { ...(recode[f.name] ?? {}) }
                                if (e.target.value) next[row.source] = e.target.value
                                else delete next[row.source]
                                setRecode({ ...recode, [f.name]: next })
                              }}
                            >
                              <option value="">{t('import.noTarget')}</option>
                              {f.domain!.map((d) => (
                                <option key={d} value={d}>
                                  {v(d)}
                                </option>
                              ))}
                            </select>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ))}
              </div>
            )}
            {report.unmapped && report.unmapped.length > 0 && (
              <p className="bad small" data-testid="import-unmapped">
                {t('import.unmapped')}:{' '}
                {report.unmapped.map((u) => `${u.field} "${u.source}" (${num(u.rows)})`).join(', ')}
              </p>
            )}
            {missing.length > 0 && (
              <p className="bad small">
                {t('import.missing')}: {missing.map(fieldLabel).join(', ')}
              </p>
            )}
            {changed && (
              <button type="button" onClick={() => void check()} disabled={busy !== null}>
                {busy === 'check' ? t('import.checking') : t('import.apply')}
              </button>
            )}

            {batch.status === 'staged' && batch.collection !== 'counties' && (
              <form
                className="import-save-profile row"
                onSubmit={(e) => {
                  e.preventDefault()
                  void saveProfile()
                }}
              >
                <label className="filter">
                  <span>{t('import.profileName')}</span>
                  <input
                    value={profileName}
                    maxLength={120}
                    onChange={(e) => setProfileName(e.target.value)}
                    data-testid="import-profile-name"
                  />
                </label>
                <button type="submit" disabled={!profileName.trim() || changed || busy !== null}>
                  {t('import.saveProfile')}
                </button>
                {savedProfile && (
                  <span className="ok small" role="status" data-testid="import-profile-saved">
                    {t('import.profileSaved')}: {savedProfile}
                  </span>
                )}
              </form>
            )}

            {report.errors.length > 0 && (
              <>
                <h3>
                  {t('import.errors')} ({num(report.error_count)})
                </h3>
                <ul className="import-errors" data-testid="import-errors">
                  {report.errors.slice(0, 100).map((e, i) => (
                    <li key={i}>
                      {t('import.row')} {num(e.row)} · <code>{e.field}</code>: {e.message}
                    </li>
                  ))}
                </ul>
              </>
            )}

            {batch.sample && batch.sample.length > 0 && (
              <>
                <h3>{t('import.firstRows')}</h3>
                <div className="import-table-wrap">
                  <table className="import-rows">
                    <thead>
                      <tr>
                        <th scope="col">{t('import.row')}</th>
                        <th scope="col">{t('import.check')}</th>
                        {batch.columns.map((c) => (
                          <th scope="col" key={c}>
                            {c}
                          </th>
                        ))}
                        <th scope="col">{t('import.geometry')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {batch.sample.map((r) => (
                        <tr key={r.row} className={r.status}>
                          <td>{num(r.row)}</td>
                          <td title={r.errors.map((e) => `${e.field}: ${e.message}`).join('\n')}>
                            {r.status === 'ok' ? t('import.ok') : r.errors.map((e) => e.field).join(', ')}
                          </td>
                          {batch.columns.map((c) => (
                            <td key={c}>
                              {r.properties[c] === null || r.properties[c] === undefined ? '' : v(r.properties[c])}
                            </td>
                          ))}
                          <td>{r.geometry_type ?? '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}

            {progress && (
              <div className="import-progress" role="status">
                <progress max={progress.total || 1} value={progress.processed} />
                <span>
                  {t('import.committing')} {num(progress.processed)} / {num(progress.total)}
                </span>
              </div>
            )}
            {done ? (
              <p className="import-done" role="status" data-testid="import-done">
                {t('import.done')}: {num(Number(done.result?.inserted ?? done.result?.replaced ?? 0))}{' '}
                {t('import.rows')}
              </p>
            ) : report.invalid > 0 ? (
              <p className="muted small">{t('import.fixFirst')}</p>
            ) : null}
          </div>
        )}

        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <footer>
          {done ? (
            <button type="button" className="primary" onClick={onClose}>
              {t('import.close')}
            </button>
          ) : (
            <>
              <button type="button" onClick={() => void cancel()} disabled={busy !== null}>
                {t('import.cancel')}
              </button>
              {batch && (
                <button
                  type="button"
                  className="primary"
                  onClick={() => void commit()}
                  disabled={!canCommit}
                  data-testid="import-commit"
                >
                  {busy === 'commit' ? t('import.committing') : t('import.commit')}
                </button>
              )}
            </>
          )}
        </footer>
      </div>
    </div>
  )
}
