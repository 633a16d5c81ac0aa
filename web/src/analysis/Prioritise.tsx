import { useEffect, useMemo, useRef, useState } from 'react'
import {
  rankingCsv,
  rankingGeoJson,
  runAnalysis,
  type CoverageResult,
  type GapCauses as GapCausesT,
  type GeoJsonCollection,
  type PriorityPick,
  type PriorityResult,
} from './client.ts'
import { useI18n } from '../i18n/index.tsx'
import { CorridorsSection, type CorridorResult } from './Corridors.tsx'
import { SpeedTable } from './SpeedTable.tsx'
import { download } from '../map/export.ts'
import {
  BAND_COLORS,
  GAP_COLORS,
  HIGHLIGHT_COLOR,
  PICK_COLOR,
  clearAnalysis,
  drawAnalysis,
} from '../map/analysis-layers.ts'
import { useView } from '../state/view.ts'

// The planner's question: which roads to fund first. Parameters, a run, the ranking linked to the map, a budget
// slider that re-ranks (the server keeps the network and the base coverage, so a new budget costs only the greedy
// pass), before/after coverage and the curve of coverage against budget, and exports.

interface Props {
  countyName(code: string): string
  /** Planners and admins may edit the speed table. */
  canEditSpeeds: boolean
  onClose(): void
}

type Unit = 'km' | 'kes'
const pct = (x: number) => `${(x * 100).toFixed(1)} %`

export function PrioritisePanel({ countyName, canEditSpeeds, onClose }: Props) {
  const { t, v, num } = useI18n()
  const map = useView((s) => s.map)
  const filters = useView((s) => s.filters)
  const [threshold, setThreshold] = useState(60)
  const [season, setSeason] = useState<'dry' | 'wet'>('dry')
  const [unit, setUnit] = useState<Unit>('km')
  const [maxBudget, setMaxBudget] = useState(500)
  const [minPerCounty, setMinPerCounty] = useState(0)
  const [budget, setBudget] = useState(500)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [full, setFull] = useState<PriorityResult | null>(null)
  const [result, setResult] = useState<PriorityResult | null>(null)
  const [coverage, setCoverage] = useState<CoverageResult | null>(null)
  const [areas, setAreas] = useState<GeoJsonCollection | null>(null)
  const [show, setShow] = useState({ areas: true, gaps: true, picks: true, defects: false })
  const [hover, setHover] = useState<PriorityPick | null>(null)
  const [selected, setSelected] = useState<PriorityPick | null>(null)
  const [reranking, setReranking] = useState(false)
  const [tab, setTab] = useState<'roads' | 'corridors' | 'speeds'>('roads')
  const [corridors, setCorridors] = useState<CorridorResult | null>(null)
  const [corridorHighlight, setCorridorHighlight] = useState<number | null>(null)

  const scope = useMemo(
    () => ({
      ...(filters.region ? { region: filters.region } : {}),
      ...(filters.county ? { county: filters.county } : {}),
    }),
    [filters.region, filters.county],
  )
  const base = useMemo(() => ({ threshold_min: threshold, season, ...scope }), [threshold, season, scope])
  const params = (amount: number) => ({ ...base, budget: { unit, amount }, min_per_county: minPerCounty })

  async function run() {
    setBusy(t('prio.running'))
    setError(null)
    setSelected(null)
    try {
      const [p, c, a] = await Promise.all([
        runAnalysis<PriorityResult>('road-priorities', params(maxBudget), (phase) =>
          setBusy(`${t('prio.running')} (${phase})`),
        ),
        runAnalysis<CoverageResult>('coverage', base),
        runAnalysis<GeoJsonCollection>('service-areas', { season, ...scope, bands_min: BAND_COLORS.map(([b]) => b) }),
      ])
      setFull(p)
      setResult(p)
      setBudget(maxBudget)
      setCoverage(c)
      setAreas(a)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
    }
  }

  // The slider re-ranks for its budget: debounced, and the newest answer wins.
  const latest = useRef(0)
  function onBudget(next: number) {
    setBudget(next)
    if (!full) return
    const ticket = ++latest.current
    setReranking(true)
    window.setTimeout(() => {
      if (ticket !== latest.current) return
      runAnalysis<PriorityResult>('road-priorities', params(next)).then(
        (r) => ticket === latest.current && (setResult(r), setReranking(false)),
        (e: Error) => ticket === latest.current && (setError(e.message), setReranking(false)),
      )
    }, 120)
  }

  useEffect(() => {
    if (!map) return
    const roads = tab === 'roads'
    drawAnalysis(map, {
      areas: roads ? areas : null,
      gaps: roads ? (coverage?.gaps ?? null) : null,
      picks: roads ? (result?.picks ?? []) : [],
      highlight: roads ? (hover ?? selected) : null,
      show,
      defects: roads
        ? [
            ...(coverage?.network.defects.unjoined_crossings ?? []).map((d) => ({ ...d, kind: 'crossing' as const })),
            ...(coverage?.network.defects.dead_ends_near ?? []).map((d) => ({ ...d, kind: 'dead_end' as const })),
          ]
        : [],
      corridors: roads ? null : corridors,
      clusters: roads ? [] : (corridors?.clusters ?? []),
      corridorHighlight,
    })
  }, [map, areas, coverage, result, hover, selected, show, tab, corridors, corridorHighlight])
  useEffect(
    () => () => {
      if (map) clearAnalysis(map)
    },
    [map],
  )

  function focus(p: PriorityPick) {
    setSelected(p)
    const line = p.geometry.type === 'LineString' ? p.geometry.coordinates : p.geometry.coordinates.flat()
    fit([...line, ...p.why.map((w) => [w.lon, w.lat])])
  }
  function fit(xs: number[][]) {
    if (xs.length === 0) return
    const lons = xs.map((c) => c[0]!),
      lats = xs.map((c) => c[1]!)
    map?.fitBounds(
      [
        [Math.min(...lons), Math.min(...lats)],
        [Math.max(...lons), Math.max(...lats)],
      ],
      { padding: { top: 60, bottom: 60, right: 60, left: 480 }, maxZoom: 11, duration: 600 },
    )
  }

  const money = (x: number) => (unit === 'kes' ? `KES ${num(Math.round(x / 1e6))} M` : `${num(x, 1)} km`)
  const step = Math.max(maxBudget / 100, unit === 'kes' ? 1e6 : 1)

  return (
    <section className="analysis-panel" aria-labelledby="prio-title" data-testid="prioritise-panel">
      <header className="analysis-head">
        <h2 id="prio-title">{t(tab === 'roads' ? 'prio.title' : 'prio.open')}</h2>
        <button type="button" className="icon" aria-label={t('prio.close')} onClick={onClose}>
          ×
        </button>
      </header>
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'roads'}
          className={tab === 'roads' ? 'on' : ''}
          onClick={() => setTab('roads')}
        >
          {t('prio.tab.roads')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'corridors'}
          className={tab === 'corridors' ? 'on' : ''}
          data-testid="corridors-tab"
          onClick={() => setTab('corridors')}
        >
          {t('prio.tab.corridors')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'speeds'}
          className={tab === 'speeds' ? 'on' : ''}
          data-testid="speeds-tab"
          onClick={() => setTab('speeds')}
        >
          {t('prio.tab.speeds')}
        </button>
      </div>
      {tab === 'speeds' && (
        <SpeedTable
          editable={canEditSpeeds}
          onSaved={() => {
            setFull(null)
            setResult(null)
            setCorridors(null)
          }}
        />
      )}
      {tab === 'corridors' && (
        <CorridorsSection
          scope={scope}
          season={season}
          result={corridors}
          highlight={corridorHighlight}
          onResult={setCorridors}
          onHighlight={setCorridorHighlight}
          onFocus={fit}
        />
      )}
      {tab === 'roads' && (
        <>
          <p className="muted small">
            {t('prio.lead')}{' '}
            {scope.county ? countyName(scope.county) : scope.region ? v(scope.region) : t('region.national')}.
          </p>
          <form
            className="analysis-form"
            onSubmit={(e) => {
              e.preventDefault()
              void run()
            }}
          >
            <label>
              {t('prio.threshold')}
              <input
                type="number"
                min={5}
                max={720}
                step={5}
                value={threshold}
                onChange={(e) => setThreshold(Number(e.target.value))}
              />
            </label>
            <label>
              {t('prio.season')}
              <select value={season} onChange={(e) => setSeason(e.target.value as 'dry' | 'wet')}>
                <option value="dry">{t('prio.dry')}</option>
                <option value="wet">{t('prio.wet')}</option>
              </select>
            </label>
            <label>
              {t('prio.budget')}
              <span className="inline">
                <input
                  type="number"
                  min={0}
                  step={unit === 'kes' ? 1e8 : 10}
                  value={maxBudget}
                  onChange={(e) => setMaxBudget(Number(e.target.value))}
                />
                <select
                  aria-label={t('prio.unit')}
                  value={unit}
                  onChange={(e) => {
                    const u = e.target.value as Unit
                    setUnit(u)
                    setMaxBudget(u === 'kes' ? 5e9 : 500)
                  }}
                >
                  <option value="km">km</option>
                  <option value="kes">KES</option>
                </select>
              </span>
            </label>
            <label>
              {t('prio.minPerCounty')}
              <input
                type="number"
                min={0}
                max={5}
                value={minPerCounty}
                onChange={(e) => setMinPerCounty(Number(e.target.value))}
              />
            </label>
            <button type="submit" className="primary" disabled={busy !== null} data-testid="prioritise-run">
              {busy ?? t('prio.run')}
            </button>
          </form>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {result && full && (
            <>
              <div className="figures" aria-live="polite">
                <div>
                  <span className="muted">{t('prio.before')}</span>
                  <strong>{pct(result.before.share)}</strong>
                </div>
                <div>
                  <span className="muted">{t('prio.after')}</span>
                  <strong data-testid="coverage-after">{pct(result.after.share)}</strong>
                </div>
                <div>
                  <span className="muted">{t('prio.spent')}</span>
                  <strong>{money(result.budget.spent)}</strong>
                </div>
                <div>
                  <span className="muted">{t('prio.picks')}</span>
                  <strong data-testid="pick-count">{result.picks.length}</strong>
                </div>
              </div>
              {coverage && coverage.gap_causes.national.uncovered_weight > 0 && (
                <GapCauses causes={coverage.gap_causes.national} />
              )}
              <label className="slider">
                <span>
                  {t('prio.slider')}: <strong>{money(budget)}</strong>
                  {reranking && <span className="muted"> · {t('prio.reranking')}</span>}
                </span>
                <input
                  type="range"
                  min={0}
                  max={maxBudget}
                  step={step}
                  value={budget}
                  data-testid="budget-slider"
                  onChange={(e) => onBudget(Number(e.target.value))}
                />
              </label>
              <Curve full={full} budget={budget} label={t('prio.curve')} money={money} />
              <fieldset className="analysis-layers">
                <legend>{t('prio.layers')}</legend>
                <label>
                  <input
                    type="checkbox"
                    checked={show.picks}
                    onChange={(e) => setShow({ ...show, picks: e.target.checked })}
                  />
                  <span className="swatch line" style={{ ['--c' as string]: PICK_COLOR }} />
                  {t('prio.layer.picks')}
                </label>
                <label>
                  <input
                    type="checkbox"
                    checked={show.areas}
                    onChange={(e) => setShow({ ...show, areas: e.target.checked })}
                  />
                  {t('prio.layer.areas')}
                </label>
                <ul className="legend-inline">
                  {BAND_COLORS.map(([b, c]) => (
                    <li key={b}>
                      <span className="swatch line" style={{ ['--c' as string]: c }} />≤ {b} min
                    </li>
                  ))}
                </ul>
                <label>
                  <input
                    type="checkbox"
                    checked={show.gaps}
                    onChange={(e) => setShow({ ...show, gaps: e.target.checked })}
                  />
                  {t('prio.layer.gaps')}
                </label>
                <label>
                  <input
                    type="checkbox"
                    checked={show.defects}
                    onChange={(e) => setShow({ ...show, defects: e.target.checked })}
                  />
                  {t('prio.layer.defects')
                    .replace('{crossings}', String(coverage?.network.defects.crossings ?? 0))
                    .replace('{deadEnds}', String(coverage?.network.defects.dead_ends ?? 0))}
                </label>
                <ul className="legend-inline">
                  {GAP_COLORS.map(([s, c]) => (
                    <li key={s}>
                      <span className="swatch outline" style={{ ['--c' as string]: c, background: c }} />≥ {s}
                    </li>
                  ))}
                </ul>
                <p className="muted small">
                  <span className="swatch circle" style={{ ['--c' as string]: HIGHLIGHT_COLOR }} />{' '}
                  {t('prio.layer.targets')}
                </p>
              </fieldset>
              <div className="exports">
                <button type="button" onClick={() => download('road-priorities.csv', 'text/csv', rankingCsv(result))}>
                  {t('prio.csv')}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    download('road-priorities.geojson', 'application/geo+json', JSON.stringify(rankingGeoJson(result)))
                  }
                >
                  {t('prio.geojson')}
                </button>
              </div>
              <table className="ranking" data-testid="ranking">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>{t('prio.road')}</th>
                    <th>{t('prio.county')}</th>
                    <th>{unit === 'kes' ? 'KES M' : 'km'}</th>
                    <th>{t('prio.gain')}</th>
                    <th>{t('prio.cumulative')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.picks.map((p) => (
                    <tr
                      key={p.road_id}
                      data-testid="ranking-row"
                      className={selected?.road_id === p.road_id ? 'on' : ''}
                      tabIndex={0}
                      onMouseEnter={() => setHover(p)}
                      onMouseLeave={() => setHover(null)}
                      onFocus={() => setHover(p)}
                      onBlur={() => setHover(null)}
                      onClick={() => focus(p)}
                      onKeyDown={(e) => e.key === 'Enter' && focus(p)}
                    >
                      <td>
                        {p.rank}
                        {p.guaranteed && <span title={t('prio.guaranteed')}> *</span>}
                      </td>
                      <td>
                        <span className="road-name">{p.name}</span>
                        <span className="muted small">
                          {' '}
                          {v(p.road_class)} · {v(p.surface)} · {v(p.condition)}
                        </span>
                      </td>
                      <td>{p.county_code ? countyName(p.county_code) : ''}</td>
                      <td>{unit === 'kes' ? num(Math.round(p.cost / 1e6)) : num(p.km, 1)}</td>
                      <td>{num(p.gain, 1)}</td>
                      <td>{pct(p.cumulative_share)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {result.picks.length === 0 && <p className="muted">{t('prio.none')}</p>}
              {selected && (
                <div className="why" data-testid="why">
                  <h3>
                    {t('prio.why')} {selected.name}
                  </h3>
                  <ul>
                    {selected.why.slice(0, 12).map((w) => (
                      <li key={`${w.kind}-${w.id}`}>
                        <strong>{w.name}</strong> <span className="muted">({t(`prio.kind.${w.kind}` as never)})</span>:{' '}
                        {w.minutes_before === null ? t('prio.unreachable') : `${Math.round(w.minutes_before)} min`} →{' '}
                        {Math.round(w.minutes_after ?? 0)} min
                        {w.effect === 'faster' && <span className="muted"> ({t('prio.effect.faster')})</span>}
                        {w.source_name && (
                          <>
                            {' '}
                            {t('prio.from')} {w.source_name}
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                  {selected.why.length > 12 && <p className="muted small">+{selected.why.length - 12}</p>}
                </div>
              )}
              <p className="muted small">{t('prio.method')}</p>
            </>
          )}
        </>
      )}
    </section>
  )
}

/** What roads cannot fix: the uncovered weight's share by cause (the coverage answer's national figures). */
function GapCauses({ causes }: { causes: GapCausesT }) {
  const { t } = useI18n()
  const share = (w: number) => pct(w / causes.uncovered_weight)
  return (
    <div className="gap-causes" data-testid="gap-causes">
      <h3>{t('prio.gap.title')}</h3>
      <p>
        <strong>{t('prio.gap.offroad').replace('{pct}', share(causes.offroad_weight))}</strong>
      </p>
      <p>{t('prio.gap.noSource').replace('{pct}', share(causes.no_source_weight))}</p>
      <p>{t('prio.gap.tooFar').replace('{pct}', share(causes.too_far_weight))}</p>
    </div>
  )
}

/** Coverage against budget: the greedy sequence's cumulative cost and share, with the slider's budget marked. */
function Curve({
  full,
  budget,
  label,
  money,
}: {
  full: PriorityResult
  budget: number
  label: string
  money(x: number): string
}) {
  const W = 360,
    H = 120,
    P = 28
  const maxX = Math.max(full.budget.amount, 1)
  const ys = full.curve.map((c) => c.share)
  const minY = Math.min(...ys),
    maxY = Math.max(...ys, minY + 0.001)
  const x = (c: number) => P + ((W - 2 * P) * c) / maxX
  const y = (s: number) => H - P + 8 - ((H - 2 * P) * (s - minY)) / (maxY - minY)
  const d = full.curve.map((c, i) => `${i === 0 ? 'M' : 'L'}${x(c.cost).toFixed(1)},${y(c.share).toFixed(1)}`).join(' ')
  return (
    <figure className="curve">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        <line x1={P} y1={H - P + 8} x2={W - P} y2={H - P + 8} stroke="#9aa5ab" />
        <line x1={P} y1={8} x2={P} y2={H - P + 8} stroke="#9aa5ab" />
        <path d={d} fill="none" stroke={PICK_COLOR} strokeWidth={2} />
        <line
          x1={x(Math.min(budget, maxX))}
          y1={8}
          x2={x(Math.min(budget, maxX))}
          y2={H - P + 8}
          stroke={HIGHLIGHT_COLOR}
          strokeDasharray="4 3"
        />
        <text x={P} y={H - 4} fontSize="10" fill="#5f6b73">
          0
        </text>
        <text x={W - P} y={H - 4} fontSize="10" fill="#5f6b73" textAnchor="end">
          {money(maxX)}
        </text>
        <text x={P - 4} y={y(minY)} fontSize="10" fill="#5f6b73" textAnchor="end">
          {(minY * 100).toFixed(0)}%
        </text>
        <text x={P - 4} y={y(maxY) + 8} fontSize="10" fill="#5f6b73" textAnchor="end">
          {(maxY * 100).toFixed(0)}%
        </text>
      </svg>
      <figcaption className="muted small">{label}</figcaption>
    </figure>
  )
}
