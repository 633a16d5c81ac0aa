import { useI18n, type MessageKey } from '../i18n/index.tsx'
import { useView } from '../state/view.ts'
import { legendEntries, type LegendEntry } from './layers.ts'
import { SHAPES, svgPath, type Shape } from './symbols.ts'

export function Legend() {
  const { t, v } = useI18n()
  const layers = useView((s) => s.defs)
  const state = useView((s) => s.layers)
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
                <Swatch entry={e} />
                {e.value.startsWith('legend.') ? t(e.value as MessageKey) : v(e.value)}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  )
}

/** A legend swatch: the layer's SDF shape as SVG (same outline as the map's icon), or a line, dash or outline. */
export function Swatch({ entry }: { entry: LegendEntry }) {
  if ((SHAPES as string[]).includes(entry.shape))
    return (
      <svg
        className="swatch shape"
        width="16"
        height="16"
        viewBox="0 0 24 24"
        aria-hidden="true"
        data-shape={entry.shape}
      >
        <path d={svgPath(entry.shape as Shape)} fill={entry.color} stroke="#fff" strokeWidth="2" paintOrder="stroke" />
      </svg>
    )
  return (
    <span
      className={`swatch ${entry.shape}`}
      style={{ '--c': entry.color } as React.CSSProperties}
      aria-hidden="true"
    />
  )
}
