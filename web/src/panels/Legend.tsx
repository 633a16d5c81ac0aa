import { useI18n, type MessageKey } from '../i18n/index.tsx'
import type { LayerState } from '../map/MapView.tsx'
import { legendEntries, type LayerDef } from '../map/layers.ts'

export function Legend({ layers, state }: { layers: LayerDef[]; state: Record<string, LayerState> }) {
  const { t, v } = useI18n()
  const visible = layers.filter((l) => state[l.id]?.visible)
  return (
    <section className="panel-section legend" aria-labelledby="legend-title" data-testid="legend">
      <h2 id="legend-title">{t('legend.title')}</h2>
      {visible.length === 0 && <p className="muted">{t('legend.empty')}</p>}
      {visible.map((l) => (
        <div key={l.id} className="legend-layer" data-legend={l.id}>
          <h3>{t(l.title)}</h3>
          <ul>
            {legendEntries(l).map((e) => (
              <li key={e.value}>
                <span
                  className={`swatch ${e.shape}`}
                  style={{ '--c': e.color } as React.CSSProperties}
                  aria-hidden="true"
                />
                {e.value.startsWith('legend.') ? t(e.value as MessageKey) : v(e.value)}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  )
}
