import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Feature } from '../api/client.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import { HOTSPOT_BINS, INCIDENT_MODES, TREND_COLORS, rampCss } from '../map/incidents.ts'
import { canTrend as trendPossible, useView, useViewStore } from '../state/view.ts'

export const monthOf = (iso: string) => iso.slice(0, 7)

/** Every month from the first to the last, so empty months still show as gaps in the histogram. */
function monthRange(first: string, last: string): string[] {
  const out: string[] = []
  let [y, m] = first.split('-').map(Number) as [number, number]
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`
    out.push(key)
    if (key >= last || out.length > 600) return out
    m++
    if (m > 12) {
      m = 1
      y++
    }
  }
}

/** Density mode, a month histogram and a time slider that plays month by month. */
export function IncidentControls({ incidents }: { incidents: Feature[] }) {
  const { t, num, lang } = useI18n()
  const store = useViewStore()
  const mode = useView((s) => s.incidentMode)
  const month = useView((s) => s.month)
  const trend = useView((s) => s.trend)
  const canTrend = useView(trendPossible)
  const onMonth = useCallback((m: string | undefined) => store.set({ month: m }), [store])
  const [playing, setPlaying] = useState(false)
  const counts = useMemo(() => {
    const c = new Map<string, number>()
    for (const f of incidents)
      c.set(monthOf(String(f.properties.occurred_at)), (c.get(monthOf(String(f.properties.occurred_at))) ?? 0) + 1)
    return c
  }, [incidents])
  const months = useMemo(() => {
    const keys = [...counts.keys()].sort()
    return keys.length ? monthRange(keys[0]!, keys[keys.length - 1]!) : []
  }, [counts])
  const max = Math.max(1, ...counts.values())
  const index = month ? months.indexOf(month) : -1

  useEffect(() => {
    if (!playing || months.length === 0) return
    const timer = setInterval(() => {
      const next = index + 1 >= months.length ? 0 : index + 1
      onMonth(months[next])
    }, 900)
    return () => clearInterval(timer)
  }, [playing, index, months, onMonth])

  const label = (m: string) =>
    new Intl.DateTimeFormat(lang === 'sw' ? 'sw-KE' : 'en-KE', {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${m}-01T00:00:00Z`))
  const shown = month ? (counts.get(month) ?? 0) : incidents.length

  return (
    <section className="panel-section incidents" aria-labelledby="incidents-title">
      <h2 id="incidents-title">{t('incidents.title')}</h2>
      <div className="segmented" role="radiogroup" aria-label={t('incidents.mode')}>
        {INCIDENT_MODES.map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={mode === m}
            className={mode === m ? 'on' : ''}
            onClick={() => store.set({ incidentMode: m })}
          >
            {t(`incidents.mode.${m}` as MessageKey)}
          </button>
        ))}
      </div>
      {mode === 'hotspots' && (
        <label className="check">
          <input
            type="checkbox"
            checked={trend && canTrend}
            disabled={!canTrend}
            onChange={(e) => store.set({ trend: e.target.checked })}
            data-testid="trend"
          />
          {t('hotspots.trend')}
          {!canTrend && <span className="muted small"> ({t('hotspots.trendNeeds')})</span>}
        </label>
      )}
      {mode === 'hotspots' && (
        <ul className="hotspot-legend" data-testid="hotspot-legend">
          {trend && canTrend
            ? TREND_COLORS.map(([k, color]) => (
                <li key={k}>
                  <span className="swatch square" style={{ '--c': color } as React.CSSProperties} aria-hidden="true" />
                  {t(`hotspots.trend.${k}` as MessageKey)}
                </li>
              ))
            : HOTSPOT_BINS.map(([bin, color]) => (
                <li key={bin}>
                  <span className="swatch square" style={{ '--c': color } as React.CSSProperties} aria-hidden="true" />
                  {t(`hotspots.bin.${bin}` as MessageKey)}
                </li>
              ))}
        </ul>
      )}
      {(mode === 'heatmap' || mode === 'hexagons') && (
        <div className="ramp" aria-hidden="true" style={{ background: rampCss(mode) }} />
      )}
      {mode !== 'points' && (
        <p className="muted small">
          {t(
            mode === 'heatmap' ? 'incidents.heatLegend' : mode === 'hexagons' ? 'incidents.hexLegend' : 'hotspots.help',
          )}
        </p>
      )}
      <div className="histogram" role="img" aria-label={t('incidents.histogram')}>
        {months.map((m) => (
          <button
            key={m}
            type="button"
            className={`bar ${m === month ? 'on' : ''}`}
            title={`${label(m)}: ${num(counts.get(m) ?? 0)}`}
            style={{ height: `${Math.max(2, ((counts.get(m) ?? 0) / max) * 100)}%` }}
            onClick={() => onMonth(m === month ? undefined : m)}
            aria-label={`${label(m)}: ${num(counts.get(m) ?? 0)}`}
          />
        ))}
      </div>
      <div className="slider-row">
        <button
          type="button"
          className="play"
          onClick={() => {
            if (!month && months[0]) onMonth(months[0])
            setPlaying(!playing)
          }}
          aria-pressed={playing}
          data-testid="play"
        >
          {playing ? `❚❚ ${t('incidents.pause')}` : `▶ ${t('incidents.play')}`}
        </button>
        <input
          type="range"
          min={-1}
          max={months.length - 1}
          step={1}
          value={index}
          aria-label={t('incidents.month')}
          aria-valuetext={month ? label(month) : t('incidents.allMonths')}
          onChange={(e) => onMonth(Number(e.target.value) < 0 ? undefined : months[Number(e.target.value)])}
          data-testid="month-slider"
        />
      </div>
      <p className="count-line" data-testid="incident-count" data-count={shown} data-month={month ?? ''}>
        <strong>{num(shown)}</strong> {t('incidents.count')} · {month ? label(month) : t('incidents.allMonths')}
      </p>
    </section>
  )
}
