import { useEffect, useRef, useState } from 'react'
import type { AreaSummary } from '../../../contract/map.ts'
import type { Feature, FeatureCollection } from '../api/client.ts'
import { useResource } from '../api/resource.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import type { CollectionId } from '../map/layers.ts'
import { fitTo, select, useView, useViewStore } from '../state/view.ts'

interface ListQuery {
  collection: CollectionId
  param: string
  value: string
  title: string
}

/** The region or county picked in the filters: its assets by status, incidents by theme and month, each number a link to its items. */
export function RegionPanel({ areaName }: { areaName: string }) {
  const { t, v, num } = useI18n()
  const store = useViewStore()
  const filters = useView((s) => s.filters)
  // The map is fitted to the area when the panel first shows it, unless a link already carries a view.
  const fitOnLoad = useView((s) => !s.initialView)
  const [listQuery, setListQuery] = useState<ListQuery | null>(null)
  const area = filters.county ? `county=${filters.county}` : filters.region ? `region=${filters.region}` : ''
  // The items behind a number, read again like any list of items when the data moves.
  const listed = useResource<FeatureCollection>(
    listQuery &&
      `/ogc/collections/${listQuery.collection}/items?limit=200&${area}${area ? '&' : ''}${listQuery.param}=${encodeURIComponent(listQuery.value)}`,
  ).data
  const list: { q: ListQuery; items: Feature[]; total: number } | null =
    listQuery && listed ? { q: listQuery, items: listed.features, total: listed.numberMatched } : null
  const summary = useResource<AreaSummary>(`/api/summary${area ? `?${area}` : ''}`).data
  const first = useRef(true)
  const fitted = useRef<string | null>(null)

  useEffect(() => setListQuery(null), [area])
  // The map moves once per area, when its summary first arrives; a summary fetched again after an edit leaves it be.
  useEffect(() => {
    if (!summary || fitted.current === area) return
    if (area && summary.bbox && (fitOnLoad || !first.current)) fitTo(store, summary.bbox, { padding: 40 })
    first.current = false
    fitted.current = area
  }, [summary, area, fitOnLoad, store])

  const open = (q: ListQuery) => setListQuery(q)

  if (!summary) return null
  const bars = (counts: Record<string, number>, collection: CollectionId, param: string, unit = '') => {
    const max = Math.max(1, ...Object.values(counts))
    return (
      <ul className="bars">
        {Object.entries(counts)
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => (
            <li key={k}>
              <button
                type="button"
                className="bar-link"
                onClick={() =>
                  open({
                    collection,
                    param,
                    value: k,
                    title: `${t(`layer.${collection}` as MessageKey)}: ${v(k)}`,
                  })
                }
              >
                <span className="bar-label">{v(k)}</span>
                <span className="bar-track">
                  <span className="bar-fill" style={{ width: `${(n / max) * 100}%` }} />
                </span>
                <span className="bar-value">
                  {num(n, unit ? 1 : 0)}
                  {unit}
                </span>
              </button>
            </li>
          ))}
      </ul>
    )
  }
  const months = summary.incidents?.byMonth ?? []
  const maxMonth = Math.max(1, ...months.map((m) => m.n))

  return (
    <section className="panel-section region" aria-labelledby="region-title" data-testid="region-panel">
      <h2 id="region-title">
        {t('region.title')}: {areaName}
      </h2>
      {(['roads', 'border_posts', 'airstrips', 'admin_units', 'facilities'] as const).map(
        (id) =>
          summary.assets[id] && (
            <div key={id} className="region-block">
              <h3>
                {t(`layer.${id}` as MessageKey)} <span className="muted">· {num(summary.assets[id]!.total)}</span>
              </h3>
              {bars(summary.assets[id]!.byStatus, id, 'status')}
              {id === 'roads' && summary.assets.roads!.kmByCondition && (
                <>
                  <p className="muted small">{t('region.kmByCondition')}</p>
                  {bars(summary.assets.roads!.kmByCondition, 'roads', 'condition', ' km')}
                </>
              )}
            </div>
          ),
      )}
      {summary.incidents && (
        <div className="region-block">
          <h3>
            {t('layer.incidents')} <span className="muted">· {num(summary.incidents.total)}</span>
          </h3>
          {bars(summary.incidents.byTheme, 'incidents', 'theme')}
          <div className="sparkline" role="img" aria-label={t('incidents.histogram')}>
            {months.map((m) => (
              <span key={m.month} title={`${m.month}: ${m.n}`} style={{ height: `${(m.n / maxMonth) * 100}%` }} />
            ))}
          </div>
        </div>
      )}
      {list && (
        <div className="item-list" data-testid="item-list">
          <h3>
            {list.q.title} <span className="muted">· {num(list.total)}</span>
          </h3>
          <ul>
            {list.items.map((f) => (
              <li key={f.id}>
                <button
                  type="button"
                  className="link"
                  onClick={() => select(store, { collection: list.q.collection, id: f.id })}
                >
                  {String(f.properties.name)}
                </button>
              </li>
            ))}
          </ul>
          {list.total > list.items.length && <p className="muted small">{t('region.more')}</p>}
        </div>
      )}
    </section>
  )
}
