import { useI18n, type MessageKey } from '../i18n/index.tsx'
import type { LayerState } from './MapView.tsx'
import { GROUPS, type LayerDef } from './layers.ts'

interface Props {
  layers: LayerDef[]
  state: Record<string, LayerState>
  onChange(id: string, s: LayerState): void
}

export function LayerList({ layers, state, onChange }: Props) {
  const { t } = useI18n()
  return (
    <section className="panel-section" aria-labelledby="layers-title">
      <h2 id="layers-title">{t('layers.title')}</h2>
      {GROUPS.map((g) => {
        const members = layers.filter((l) => l.group === g)
        if (members.length === 0) return null
        return (
          <fieldset key={g} className="layer-group">
            <legend>{t(`group.${g}` as MessageKey)}</legend>
            {members.map((l) => {
              const s = state[l.id]!
              return (
                <div key={l.id} className="layer-row">
                  <label>
                    <input
                      type="checkbox"
                      checked={s.visible}
                      data-layer={l.id}
                      onChange={(e) => onChange(l.id, { ...s, visible: e.target.checked })}
                    />
                    {t(l.title)}
                  </label>
                  <input
                    type="range"
                    min={0.1}
                    max={1}
                    step={0.05}
                    value={s.opacity}
                    aria-label={`${t('layers.opacity')}: ${t(l.title)}`}
                    onChange={(e) => onChange(l.id, { ...s, opacity: Number(e.target.value) })}
                    disabled={!s.visible}
                  />
                </div>
              )
            })}
          </fieldset>
        )
      })}
    </section>
  )
}
