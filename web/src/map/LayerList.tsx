import { useI18n, type MessageKey } from '../i18n/index.tsx'
import { setLayer, useView, useViewStore } from '../state/view.ts'
import { GROUPS } from './layers.ts'

export function LayerList() {
  const { t } = useI18n()
  const store = useViewStore()
  const layers = useView((s) => s.defs)
  const state = useView((s) => s.layers)
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
                      onChange={(e) => setLayer(store, l.id, { visible: e.target.checked })}
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
                    onChange={(e) => setLayer(store, l.id, { opacity: Number(e.target.value) })}
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
