import * as D from '../../../contract/domains.ts'
import type { FeatureCollection } from '../api/client.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import type { Filters } from '../state/filters.ts'

interface Props {
  filters: Filters
  counties: FeatureCollection
  onChange(f: Filters): void
}

const STATUSES = [
  ...new Set([
    ...D.ROAD_STATUSES,
    ...D.AIRSTRIP_STATUSES,
    ...D.BORDER_POST_STATUSES,
    ...D.ADMIN_STATUSES,
    ...D.FACILITY_STATUSES,
    ...D.INCIDENT_STATUSES,
  ]),
]
const KINDS = [...new Set([...D.FACILITY_KINDS, ...D.AIRSTRIP_KINDS, ...D.BORDER_POST_KINDS])]

/** Filters applied on the server to every layer that has the field (tiles, lists, exports). */
export function FiltersPanel({ filters, counties, onChange }: Props) {
  const { t, v } = useI18n()
  const set = (key: keyof Filters, value: string) => {
    const next = { ...filters, [key]: value || undefined }
    if (key === 'region') delete next.county
    onChange(next)
  }
  const countyOptions = counties.features
    .filter((f) => !filters.region || f.properties.region_code === filters.region)
    .sort((a, b) => String(a.properties.name).localeCompare(String(b.properties.name)))
  const select = (
    key: keyof Filters,
    label: MessageKey,
    options: readonly string[],
    text: (o: string) => string = v,
  ) => (
    <label className="filter">
      <span>{t(label)}</span>
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
        {select(
          'region',
          'prop.region_code',
          D.REGIONS.map((r) => r.code),
        )}
        {select(
          'county',
          'prop.county_code',
          countyOptions.map((f) => String(f.properties.code)),
          (code) => String(counties.features.find((f) => f.properties.code === code)?.properties.name ?? code),
        )}
        {select('status', 'prop.status', STATUSES)}
        {select('condition', 'prop.condition', D.CONDITIONS)}
        {select('road_class', 'prop.road_class', D.ROAD_CLASSES)}
        {select('kind', 'prop.kind', KINDS)}
        {select('theme', 'prop.theme', D.INCIDENT_THEMES)}
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
          <input type="date" value={filters.to ?? ''} onChange={(e) => set('to', e.target.value)} data-filter="to" />
        </label>
      </div>
      {active > 0 && (
        <button type="button" className="link" onClick={() => onChange({})}>
          {t('filters.clear')}
        </button>
      )}
    </section>
  )
}
