import * as D from '../../../contract/domains.ts'
import { countyInArea, userArea } from '../../../contract/rights.ts'
import type { FeatureCollection, User } from '../api/client.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import { FILTERED_LAYERS, LAYER_VALUES, type FilterKey, type Filters, type LayerKey } from '../state/filters.ts'
import { useView, useViewStore } from '../state/view.ts'

interface Props {
  counties: FeatureCollection
  /** The user's area: options outside it are not offered (the server would return nothing for them). */
  user: Pick<User, 'role' | 'regions' | 'counties'>
}

/**
 * Filters applied on the server to every layer that has the field (tiles, lists, exports). The layers this user has
 * each get their own status (and kind) filter; incident filters only with incidents.
 */
export function FiltersPanel({ counties, user }: Props) {
  const { t, v } = useI18n()
  const store = useViewStore()
  const filters = useView((s) => s.filters)
  const layers = useView((s) => s.defs)
  const onChange = (f: Filters) => store.set({ filters: f })
  const set = (key: FilterKey, value: string) => {
    const next = { ...filters, [key]: value || undefined }
    if (key === 'region') delete next.county
    onChange(next)
  }
  const area = userArea(user)
  const inArea = (f: FeatureCollection['features'][number]) =>
    countyInArea(area, { code: String(f.properties.code), region_code: String(f.properties.region_code) })
  const areaCounties = counties.features.filter(inArea)
  const regionOptions = D.REGIONS.map((r) => r.code).filter((code) =>
    areaCounties.some((f) => f.properties.region_code === code),
  )
  const countyOptions = areaCounties
    .filter((f) => !filters.region || f.properties.region_code === filters.region)
    .sort((a, b) => String(a.properties.name).localeCompare(String(b.properties.name)))
  const has = new Set<string>(layers.map((l) => l.id))
  const filtered = FILTERED_LAYERS.filter((id) => has.has(id))
  const select = (key: FilterKey, label: string, options: readonly string[], text: (o: string) => string = v) => (
    <label className="filter" key={key}>
      <span>{label}</span>
      <select value={filters[key] ?? ''} onChange={(e) => set(key, e.target.value)} data-filter={key}>
        <option value="">{t('filters.any')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {text(o)}
          </option>
        ))}
      </select>
    </label>
  )
  const active = Object.values(filters).filter(Boolean).length
  return (
    <section className="panel-section" aria-labelledby="filters-title">
      <h2 id="filters-title">
        {t('filters.title')}
        {active > 0 && <span className="count"> · {active}</span>}
      </h2>
      <div className="filters">
        {regionOptions.length > 1 && select('region', t('prop.region_code'), regionOptions)}
        {countyOptions.length > 1 &&
          select(
            'county',
            t('prop.county_code'),
            countyOptions.map((f) => String(f.properties.code)),
            (code) => String(counties.features.find((f) => f.properties.code === code)?.properties.name ?? code),
          )}
        {select('condition', t('prop.condition'), D.CONDITIONS)}
        {has.has('roads') && select('road_class', t('prop.road_class'), D.ROAD_CLASSES)}
        {has.has('incidents') && select('theme', t('prop.theme'), D.INCIDENT_THEMES)}
        {has.has('incidents') && (
          <>
            <label className="filter">
              <span>{t('filters.from')}</span>
              <input
                type="date"
                value={filters.from ?? ''}
                onChange={(e) => set('from', e.target.value)}
                data-filter="from"
              />
            </label>
            <label className="filter">
              <span>{t('filters.to')}</span>
              <input
                type="date"
                value={filters.to ?? ''}
                onChange={(e) => set('to', e.target.value)}
                data-filter="to"
              />
            </label>
          </>
        )}
      </div>
      <h3 className="filters-sub">{t('filters.byLayer')}</h3>
      <div className="filters">
        {filtered.flatMap((id) => {
          const title = t(`layer.${id}` as MessageKey)
          const values: { status: readonly string[]; kind?: readonly string[] } = LAYER_VALUES[id]
          return [
            select(`${id}.status` as LayerKey, `${title} · ${t('prop.status')}`, values.status),
            ...(values.kind ? [select(`${id}.kind` as LayerKey, `${title} · ${t('prop.kind')}`, values.kind)] : []),
          ]
        })}
      </div>
      {active > 0 && (
        <button type="button" className="link" onClick={() => onChange({})}>
          {t('filters.clear')}
        </button>
      )}
    </section>
  )
}
