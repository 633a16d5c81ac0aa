import { useEffect, useMemo, useState } from 'react'
import { allItems, type Feature } from '../api/client.ts'
import { useHotspots } from '../api/analysis.ts'
import { filterQuery } from '../state/filters.ts'
import { canTrend, useView } from '../state/view.ts'

/** What the histogram and the density layers read of an incident; the rest of its properties is not sent. */
const POINT_PROPERTIES = 'occurred_at,weight,severity,fatalities'

/**
 * The incidents behind the time slider and density views (the current filters, all months; `monthIncidents` those
 * of the slider's month) and the Gi* hot spots of the same filters and month, fetched only while that view is on.
 * The points are fetched only while something shows them (the analysis tab's histogram, the hexagons): the map's
 * incident symbols and heatmap come from tiles, and parsing every incident on each filter change held up the map's redraw.
 * `version` is the incidents' data version: a new one fetches again.
 */
export function useIncidentData(version: number | undefined) {
  const readable = useView((s) => s.defs.some((l) => l.id === 'incidents'))
  const filters = useView((s) => s.filters)
  const month = useView((s) => s.month)
  const mode = useView((s) => s.incidentMode)
  const trend = useView((s) => s.trend && canTrend(s))
  const shown = useView((s) => s.tab === 'analysis' || s.incidentMode === 'hexagons')
  const [incidents, setIncidents] = useState<Feature[]>([])

  useEffect(() => {
    if (!readable || !shown) return
    let stale = false
    allItems('incidents', filterQuery('incidents', filters, { properties: POINT_PROPERTIES })).then(
      (fc) => !stale && setIncidents(fc.features),
      () => !stale && setIncidents([]),
    )
    return () => {
      stale = true
    }
  }, [filters, readable, shown, version])

  const hotspotQuery = useMemo(() => {
    if (mode !== 'hotspots' || !readable) return null
    const q = new URLSearchParams({ cell_km: '10' })
    if (filters.theme) q.set('theme', filters.theme)
    if (filters.region) q.set('region', filters.region)
    const from = month ? `${month}-01` : filters.from
    const to = month
      ? new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10)
      : filters.to
    if (from) q.set('from', from)
    if (to) q.set('to', to)
    if (trend) q.set('trend', 'true')
    return q
  }, [mode, readable, filters, month, trend])
  const hotspotAnswer = useHotspots(hotspotQuery)
  const hotspots = hotspotQuery && !hotspotAnswer.error ? (hotspotAnswer.data ?? null) : null

  const monthIncidents = useMemo(
    () => (month ? incidents.filter((f) => String(f.properties.occurred_at).startsWith(month)) : incidents),
    [incidents, month],
  )
  return { incidents, monthIncidents, hotspots }
}
