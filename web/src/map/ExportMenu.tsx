import { useState } from 'react'
import { useI18n } from '../i18n/index.tsx'
import { isCollectionLayer } from './layers.ts'
import { filterQuery } from '../state/filters.ts'
import { useView } from '../state/view.ts'
import '../imports/Import.css'

// Download a layer, with the current filters (applied on the server, within the user's area), in a GIS format.

const FORMATS = [
  ['geojson', 'GeoJSON'],
  ['csv', 'CSV'],
  ['shp', 'Shapefile (zip)'],
  ['kml', 'KML'],
  ['gpkg', 'GeoPackage'],
] as const

export function ExportMenu() {
  const { t } = useI18n()
  const layers = useView((s) => s.defs)
  const filters = useView((s) => s.filters)
  const choices = layers.filter(isCollectionLayer)
  const [layer, setLayer] = useState(choices.find((l) => l.id === 'roads')?.id ?? choices[0]?.id ?? 'roads')
  const [format, setFormat] = useState<(typeof FORMATS)[number][0]>('geojson')
  const def = choices.find((l) => l.id === layer) ?? choices[0]
  if (!def) return null
  const query = filterQuery(def.id, filters, { format })
  return (
    <section className="panel-section export-menu" aria-labelledby="export-title">
      <h2 id="export-title">{t('export.title')}</h2>
      <div className="filters">
        <label className="filter">
          <span>{t('export.layer')}</span>
          <select value={def.id} onChange={(e) => setLayer(e.target.value as typeof layer)}>
            {choices.map((l) => (
              <option key={l.id} value={l.id}>
                {t(l.title)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('export.format')}</span>
          <select
            value={format}
            onChange={(e) => setFormat(e.target.value as typeof format)}
            data-testid="export-format"
          >
            {FORMATS.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">{t('export.filtered')}</p>
      <a className="button" href={`/api/exports/${def.id}?${query}`} download data-testid="export-download">
        {t('export.download')}
      </a>
    </section>
  )
}
