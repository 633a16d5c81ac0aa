import { useEffect, useMemo, useState } from 'react'
import {
  AREA_STAT_MEASURES,
  AREA_STAT_NO_DATA,
  classColors,
  classOf,
  type AreaStatMeasure,
  type Granularity,
} from '../../../contract/area-stats.ts'
import { PERIOD_KINDS, type AreaLevel } from '../../../contract/domains.ts'
import { useAreaStats, useAreaTrends } from '../api/analysis.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import {
  TREND_COLORS,
  areaStatsPopup,
  showAreaStats,
  type AreaStatFeature,
  type AreaStatProps,
} from '../map/area-stats-layer.ts'
import { DEFAULT_CHOROPLETH, type Choropleth } from '../state/url.ts'
import { useView, useViewStore } from '../state/view.ts'

// The "Incident statistics (per area)" layer: the counts of incident_stats per county for one period at a chosen
// granularity, a slider through the periods that have figures, and a legend drawn from the server's class breaks (the
// same breaks the fill is classed by). The breaks span every period, so a county changes colour when its figure does.
// The areas are the counties, or the sub-counties or wards where their boundaries are loaded (the levels the server
// says it has). Whether it is shown, and its granularity, measure, level and period, live in the view store and so in
// the link. For the roles that run analyses, the areas' trends across the periods (Mann-Kendall, GET
// /api/analysis/area-trends on the same level, theme and area) can outline the areas that rise or fall.

const rank = (k: Granularity) => PERIOD_KINDS.indexOf(k)

export function AreaStatsControls({ trends: mayTrend = false }: { trends?: boolean }) {
  const { t, v, num, lang } = useI18n()
  const map = useView((s) => s.map)
  const filters = useView((s) => s.filters)
  const store = useViewStore()
  const shown = useView((s) => s.choropleth)
  const on = shown !== null
  const { granularity, measure, level } = shown ?? DEFAULT_CHOROPLETH
  const wanted = shown?.period
  const change = (patch: Partial<Choropleth> | null) =>
    store.set((s) => ({ choropleth: patch === null ? null : { ...(s.choropleth ?? DEFAULT_CHOROPLETH), ...patch } }))
  const [kind, setKind] = useState<Granularity | ''>('')
  const [index, setIndex] = useState(-1)
  const [levels, setLevels] = useState<AreaLevel[]>(['county'])
  const [showTrend, setShowTrend] = useState(false)

  const { theme, region, county } = filters
  const query = useMemo(() => {
    if (!on) return null
    const q = new URLSearchParams({ granularity, level })
    if (kind && rank(kind) <= rank(granularity)) q.set('period_kind', kind)
    for (const [key, value] of Object.entries({ theme, region, county })) if (value) q.set(key, value)
    return q
  }, [on, granularity, level, kind, theme, region, county])
  const stats = useAreaStats(query)
  const answer = query ? (stats.data ?? null) : null
  const failed = !!query && !!stats.error
  // A new answer opens on the link's period if it has figures, else on the latest: the one a user usually asks about.
  useEffect(() => {
    if (!answer) return
    setLevels(answer.levels)
    const linked = answer.periods.findIndex((p) => p.start === store.get().choropleth?.period)
    setIndex(linked >= 0 ? linked : answer.periods.length - 1)
  }, [answer, store])

  // Trends of the statistics summed on the map (their own period kind), for the same level, theme and area.
  const trendKind = answer?.period_kind
  const trendQuery = useMemo(() => {
    if (!on || !showTrend || !trendKind) return null
    const q = new URLSearchParams({ level, period_kind: trendKind })
    for (const [key, value] of Object.entries({ theme, region })) if (value) q.set(key, value)
    if (county) q.set('counties', county)
    return q
  }, [on, showTrend, trendKind, level, theme, region, county])
  const trendAnswer = useAreaTrends(trendQuery)
  const trends = trendQuery ? (trendAnswer.data ?? null) : null
  const trendError = trendQuery && trendAnswer.error ? trendAnswer.error.message : null

  // The period shown goes into the link (and a link's period is kept once the answer has it).
  const start = answer?.periods[index]?.start
  useEffect(() => {
    if (on && start && start !== wanted) change({ period: start })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [on, start])

  const period = answer?.periods[index]
  const breaks = useMemo(() => answer?.breaks[measure] ?? [], [answer, measure])
  const colors = classColors(breaks.length)
  const label = useMemo(() => periodLabel(granularity, lang, t), [granularity, lang, t])

  const features = useMemo((): AreaStatFeature[] | null => {
    if (!answer || !period) return null
    const values = new Map(period.values.map((x) => [x.code, x]))
    const trendOf = new Map(trends?.areas.map((a) => [a.code, a.trend]))
    return answer.features.map((f) => {
      const x = values.get(f.id)
      const value = x ? x[measure] : null
      return {
        type: 'Feature',
        id: f.id,
        geometry: f.geometry,
        properties: {
          code: f.id,
          name: f.properties.name,
          period: label(period.start, period.end),
          events: x?.events ?? null,
          fatalities: x?.fatalities ?? null,
          events_per_100k: x?.events_per_100k ?? null,
          value,
          cls: classOf(value, breaks),
          sources: x?.sources.join('; ') ?? '',
          ...(trendOf.has(f.id) ? { trend: trendOf.get(f.id) } : {}),
        },
      }
    })
  }, [answer, period, measure, breaks, label, trends])

  useEffect(() => {
    if (map) showAreaStats(map, on ? features : null, breaks.length)
  }, [map, on, features, breaks.length])

  useEffect(() => {
    if (!map) return
    return areaStatsPopup(map, (p: AreaStatProps) => {
      const figure = (n: number | null | undefined, digits = 0) =>
        n === null || n === undefined ? '—' : num(n, digits)
      return [
        String(p.name),
        String(p.period),
        `${t('areaStats.events')}: ${figure(p.events)}`,
        `${t('areaStats.fatalities')}: ${figure(p.fatalities)}`,
        `${t('areaStats.rate')}: ${figure(p.events_per_100k, 2)}`,
        `${t('areaStats.source')}: ${p.sources || t('areaStats.noFigure')}`,
        ...(p.trend ? [`${t('areaStats.trend')}: ${t(`areaStats.trend.${p.trend}` as MessageKey)}`] : []),
      ]
    })
  }, [map, t, num])

  const digits = measure === 'events_per_100k' ? 2 : 0
  const range = (i: number) => {
    const hi = breaks[i]!
    if (i === 0) return `≤ ${num(hi, digits)}`
    const lo = breaks[i - 1]!
    // Counts are whole: the class above a break of 3 starts at 4. Rates run on from the break (exclusive).
    if (digits === 0) return hi - lo === 1 ? num(hi) : `${num(lo + 1)} – ${num(hi)}`
    return `> ${num(lo, digits)} – ${num(hi, digits)}`
  }
  const usableKinds = (answer?.period_kinds ?? []).filter((k) => rank(k) <= rank(granularity))

  return (
    <section className="panel-section area-stats" aria-labelledby="area-stats-title">
      <h2 id="area-stats-title">{t('areaStats.title')}</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={on}
          onChange={(e) => change(e.target.checked ? {} : null)}
          data-testid="area-stats-toggle"
        />
        {t('areaStats.layer')}
      </label>
      {on && (
        <>
          <div className="segmented" role="radiogroup" aria-label={t('areaStats.granularity')}>
            {PERIOD_KINDS.map((k) => (
              <button
                key={k}
                type="button"
                role="radio"
                aria-checked={granularity === k}
                className={granularity === k ? 'on' : ''}
                data-granularity={k}
                // A period of another length starts elsewhere: the latest one is shown.
                onClick={() => change({ granularity: k, period: undefined })}
              >
                {t(`areaStats.per.${k}` as MessageKey)}
              </button>
            ))}
          </div>
          {levels.length > 1 && (
            <label>
              {t('areaStats.level')}{' '}
              <select
                value={level}
                onChange={(e) => change({ level: e.target.value as AreaLevel, period: undefined })}
                data-testid="area-stats-level"
              >
                {levels.map((l) => (
                  <option key={l} value={l}>
                    {t(`areaStats.level.${l}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t('areaStats.measure')}{' '}
            <select
              value={measure}
              onChange={(e) => change({ measure: e.target.value as AreaStatMeasure })}
              data-testid="area-stats-measure"
            >
              {AREA_STAT_MEASURES.map((m) => (
                <option key={m} value={m}>
                  {t(`areaStats.measure.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          {usableKinds.length > 1 && (
            <label>
              {t('areaStats.kind')}{' '}
              <select value={answer?.period_kind ?? ''} onChange={(e) => setKind(e.target.value as Granularity)}>
                {usableKinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`areaStats.kind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {mayTrend && (
            <label className="check">
              <input
                type="checkbox"
                checked={showTrend}
                onChange={(e) => setShowTrend(e.target.checked)}
                data-testid="area-stats-trend"
              />
              {t('areaStats.showTrend')}
            </label>
          )}
          {showTrend && trendError && <p className="muted small">{trendError}</p>}
          {showTrend && trends && (
            <ul className="hotspot-legend" data-testid="area-stats-trend-legend">
              {(['increasing', 'decreasing'] as const).map((k) => (
                <li key={k} data-trend={k}>
                  <span className="swatch square" style={{ '--c': TREND_COLORS[k] } as React.CSSProperties} />
                  {t(`areaStats.trend.${k}` as MessageKey)} ({num(trends.areas.filter((a) => a.trend === k).length)})
                </li>
              ))}
              <li className="muted small">
                {t('areaStats.trendNote')
                  .replace('{n}', num(trends.periods.length))
                  .replace('{alpha}', num(trends.alpha, 2))}
              </li>
            </ul>
          )}
          {failed && <p className="error">{t('areaStats.failed')}</p>}
          {answer && answer.periods.length === 0 && <p className="muted">{t('areaStats.none')}</p>}
          {answer && period && (
            <>
              <div className="slider-row">
                <input
                  type="range"
                  min={0}
                  max={answer.periods.length - 1}
                  step={1}
                  value={index}
                  aria-label={t('areaStats.period')}
                  aria-valuetext={label(period.start, period.end)}
                  onChange={(e) => setIndex(Number(e.target.value))}
                  data-testid="area-stats-slider"
                />
              </div>
              <p className="count-line" data-testid="area-stats-period" data-start={period.start}>
                <strong>{label(period.start, period.end)}</strong>
                {answer.period_kind && answer.period_kind !== granularity && (
                  <span className="muted small">
                    {' '}
                    · {t('areaStats.summed').replace('{kind}', t(`areaStats.kind.${answer.period_kind}` as MessageKey))}
                  </span>
                )}
              </p>
              <div className="legend-layer" data-legend="area_stats" data-testid="area-stats-legend">
                <h3>
                  {t(`areaStats.measure.${measure}` as MessageKey)}
                  {filters.theme ? ` · ${v(filters.theme)}` : ''}
                </h3>
                <ul className="hotspot-legend">
                  {breaks.map((_, i) => (
                    <li key={i} data-class={i}>
                      <span className="swatch square" style={{ '--c': colors[i] } as React.CSSProperties} />
                      {range(i)}
                    </li>
                  ))}
                  <li data-class="none">
                    <span className="swatch square" style={{ '--c': AREA_STAT_NO_DATA } as React.CSSProperties} />
                    {t('areaStats.noFigure')}
                  </li>
                </ul>
                <p className="muted small">
                  {t('areaStats.classes')}
                  {measure === 'events_per_100k' && answer.population_unknown.length > 0 && (
                    <> {t('areaStats.noPopulation').replace('{n}', num(answer.population_unknown.length))}</>
                  )}
                </p>
              </div>
            </>
          )}
        </>
      )}
    </section>
  )
}

/** A period's name in the current language: a week by its days, a month by name, a quarter as Q3 2024, a year. */
function periodLabel(granularity: Granularity, lang: string, t: (k: MessageKey) => string) {
  const locale = lang === 'sw' ? 'sw-KE' : 'en-KE'
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' })
  const at = (d: string) => new Date(`${d}T00:00:00Z`)
  return (start: string, end: string): string => {
    switch (granularity) {
      case 'week':
        return `${day.format(at(start))} – ${day.format(at(end))}`
      case 'month':
        return month.format(at(start))
      case 'quarter':
        return t('areaStats.quarter')
          .replace('{q}', String(Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1))
          .replace('{year}', start.slice(0, 4))
      case 'year':
        return start.slice(0, 4)
    }
  }
}
