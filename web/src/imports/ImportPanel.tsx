import { Suspense, lazy, useState } from 'react'
import type { ApiError } from '../api/client.ts'
import { discardImport, useRecentImports, type Batch } from '../api/imports.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import './Import.css'

const ImportDialog = lazy(() => import('./ImportDialog.tsx').then((m) => ({ default: m.ImportDialog })))

// The side panel's import section, for users who may import into at least one layer: opens the import dialog and
// lists recent imports with rollback (a refused rollback names the rows changed since, and offers to force it).

interface Changed {
  id: string | number
  name: string
  version: number
  updated_by: string
}

export function ImportPanel({ onImported }: { onImported(): void }) {
  const { t, num, date } = useI18n()
  const answer = useRecentImports().data
  const collections = answer?.collections ?? []
  const batches = answer?.batches ?? []
  const [open, setOpen] = useState(false)
  const [conflict, setConflict] = useState<{ id: number; message: string; changed: Changed[] } | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function rollback(b: Batch, force = false) {
    if (!force && b.status === 'committed' && !window.confirm(t('import.rollbackConfirm'))) return
    setError(null)
    try {
      await discardImport(b.id, force)
      setConflict(null)
      onImported()
    } catch (e) {
      const err = e as ApiError
      const details = (err.body as { error?: { details?: { changed?: Changed[] } } } | undefined)?.error?.details
      if (err.code === 'changed_since_import' && details?.changed)
        setConflict({ id: b.id, message: err.message, changed: details.changed })
      else setError(err.message)
    }
  }

  if (collections.length === 0) return null
  return (
    <section className="panel-section import-panel" aria-labelledby="import-panel-title">
      <h2 id="import-panel-title">{t('import.title')}</h2>
      <button type="button" className="primary" onClick={() => setOpen(true)} data-testid="import-open">
        {t('import.open')}
      </button>
      <h3 className="small muted">{t('import.recent')}</h3>
      {batches.length === 0 ? (
        <p className="muted small">{t('import.none')}</p>
      ) : (
        <ul className="import-batches" data-testid="import-batches">
          {batches.map((b) => (
            <li key={b.id}>
              <div>
                <strong>{b.filename}</strong> → {t(`layer.${b.collection}` as MessageKey)}
                <div className="muted small">
                  {t(`import.state.${b.status}` as MessageKey)} · {num(b.total)} {t('import.rows')} · {b.created_by} ·{' '}
                  {date(b.created_at)}
                </div>
              </div>
              {(b.status === 'committed' || b.status === 'staged') && (
                <button type="button" onClick={() => void rollback(b)}>
                  {b.status === 'committed' ? t('import.rollback') : t('import.discard')}
                </button>
              )}
              {conflict?.id === b.id && (
                <div className="import-conflict" role="alert">
                  <p className="small">{t('import.changed')}</p>
                  <ul className="small">
                    {conflict.changed.slice(0, 10).map((c) => (
                      <li key={String(c.id)}>
                        {c.name} ({c.updated_by}, v{c.version})
                      </li>
                    ))}
                  </ul>
                  <button type="button" onClick={() => void rollback(b, true)}>
                    {t('import.force')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {open && (
        <Suspense fallback={null}>
          <ImportDialog
            collections={collections}
            // The dialog's writes (web/src/api/imports.ts) read the recent imports again themselves.
            onClose={() => setOpen(false)}
            onImported={onImported}
          />
        </Suspense>
      )}
    </section>
  )
}
