import { useEffect, useRef, useState } from 'react'
import { item, type Feature } from '../api/client.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import type { Selection } from '../map/MapView.tsx'

const HIDDEN = new Set(['id', 'import_batch_id'])

export function FeaturePanel({ selection, onClose }: { selection: Selection; onClose(): void }) {
  const { t, v, num, date } = useI18n()
  const [feature, setFeature] = useState<Feature | null>(null)
  const [error, setError] = useState<string | null>(null)
  const closeRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    setFeature(null)
    setError(null)
    item(selection.collection, selection.id).then(setFeature, (e: Error) => setError(e.message))
  }, [selection.collection, selection.id])
  useEffect(() => closeRef.current?.focus(), [feature])

  const format = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—'
    if (typeof value === 'boolean') return v(value)
    if (typeof value === 'number') return num(value, key === 'length_km' ? 1 : 0)
    if (key.endsWith('_at')) return date(String(value))
    return v(value)
  }

  return (
    <aside className="feature-panel" aria-labelledby="feature-title" role="dialog" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header>
        <div>
          <p className="muted kicker">{t(`layer.${selection.collection}` as MessageKey)}</p>
          <h2 id="feature-title">{feature ? String(feature.properties.name) : t('feature.loading')}</h2>
        </div>
        <button ref={closeRef} type="button" className="icon" onClick={onClose} aria-label={t('feature.close')}>×</button>
      </header>
      {error && <p className="error" role="alert">{t('error.generic')}: {error}</p>}
      {feature && (
        <dl className="props" data-testid="properties">
          {Object.entries(feature.properties).filter(([k]) => !HIDDEN.has(k) && k !== 'name').map(([k, value]) => (
            <div key={k}>
              <dt>{t(`prop.${k}` as MessageKey) ?? k}</dt>
              <dd>{format(k, value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </aside>
  )
}
