import { useEffect, useMemo, useState } from 'react'
import * as D from '../../../contract/domains.ts'
import type { User } from '../api/client.ts'
import { useHotspots } from '../api/analysis.ts'
import { useRegionDashboard } from '../api/monitoring.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import type { Reference } from '../map/MapView.tsx'
import type { Selection } from '../state/url.ts'
import { LAYERS, type CollectionId } from '../map/layers.ts'
import { HBars, LightChip, MonthBars, ProgressBar, type Light } from './DashboardCharts.tsx'
import { DashboardMap } from './DashboardMap.tsx'
import { QuarterSelect, useQuarter } from './Quarter.tsx'
import { canAnalyse } from '../state/rights.ts'
import { userArea } from '../../../contract/rights.ts'

/** The calendar day in East Africa Time (UTC+3 all year) of an instant: quarters begin at midnight EAT. */
const eatDay = (iso: string) => new Date(Date.parse(iso) + 3 * 3600 * 1000).toISOString().slice(0, 10)

// The regional dashboard a commissioner lands on: hot spot map, incidents by theme and month, assets by status, the
// counties' scorecards and the top items needing action. Figures come from GET /api/regions/{code}/summary, the hot
// spots from GET /api/analysis/hotspots for the same region and quarter.

const REGION_CODES = D.REGIONS.map((r) => r.code)

type Counts = Record<string, number>
const colours = (id: CollectionId) => LAYERS.find((l) => l.id === id)?.colorBy.colors ?? {}
/** Counts in the order of their domain (good → impassable, operational → closed), not alphabetically. */
const ordered = (counts: Counts, domain: readonly string[]) =>
  Object.entries(counts).sort(([a], [b]) => (domain.indexOf(a) + 1 || 99) - (domain.indexOf(b) + 1 || 99))

interface Props {
  user: User
  region?: string
  reference: Reference | null
  onRegion(region: string): void
  onOpen(s: Selection): void
  onScorecard(county: string): void
}

/** The regions the user may open: those of their area (contract/rights.ts userArea), all for national roles. */
function regionsFor(user: User, reference: Reference | null): string[] {
  const area = userArea(user)
  if (area.kind === 'national') return [...REGION_CODES]
  if (area.kind === 'regions') return area.regions
  const own = new Set(
    reference?.counties.features
      .filter((f) => area.counties.includes(String(f.properties.code)))
      .map((f) => String(f.properties.region_code)),
  )
  return REGION_CODES.filter((r) => own.has(r))
}

/** Items per kind when the user asks for all (the API's ceiling). */
const ACTIONS_ALL = 2000
/** Off-track indicators listed before "show all". */
const RED_SHOWN = 8

export function Dashboard({ user, region, reference, onRegion, onOpen, onScorecard }: Props) {
  const { t, v, num, lang } = useI18n()
  const [quarter, setQuarter] = useQuarter()
  // The action list shows the top few of each kind until the user asks for all of them.
  const [showAll, setShowAll] = useState(false)
  const allowed = regionsFor(user, reference)
  const code = region && allowed.includes(region) ? region : allowed.length === 1 ? allowed[0] : undefined
  const analyst = canAnalyse(user)

  useEffect(() => setShowAll(false), [code, quarter])

  const top = useRegionDashboard(code, quarter)
  const full = useRegionDashboard(showAll ? code : undefined, quarter, ACTIONS_ALL)
  // The top few stay on screen while the full list loads.
  const data = (showAll ? full.data : undefined) ?? top.data
  const error = (top.error ?? full.error)?.message

  // Hot spots of the same region and quarter (roles that may run analyses); none when they fail.
  const hotspotQuery =
    data && analyst
      ? new URLSearchParams({
          region: data.region.code,
          from: eatDay(data.period.start),
          to: eatDay(data.period.end),
          cell_km: '10',
        })
      : null
  const hotspotAnswer = useHotspots(hotspotQuery)
  const hotspots = hotspotAnswer.error ? null : (hotspotAnswer.data ?? null)

  const regionName = (r: { name: string; name_sw: string }) => (lang === 'sw' ? r.name_sw : r.name)
  const dateFmt = useMemo(
    () =>
      new Intl.DateTimeFormat(lang === 'sw' ? 'sw-KE' : 'en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'Africa/Nairobi',
      }),
    [lang],
  )

  if (!code) {
    return (
      <section className="mon-section" aria-labelledby="dash-pick">
        <header className="mon-head">
          <div>
            <p className="kicker">{t('dash.kicker')}</p>
            <h1 id="dash-pick">{t('dash.pickRegion')}</h1>
          </div>
        </header>
        <div className="region-picker">
          {allowed.map((r) => (
            <button key={r} type="button" className="card region-card" onClick={() => onRegion(r)}>
              {v(r)}
            </button>
          ))}
        </div>
      </section>
    )
  }
  if (error)
    return (
      <p className="error" role="alert">
        {t('error.generic')}: {error}
      </p>
    )
  if (!data) return <p className="mon-loading">{t('app.loading')}</p>

  const s = data.summary
  const assets = s.assets
  const units = assets.admin_units?.byStatus ?? {}
  const unitsTotal = (units.active ?? 0) + (units.inactive ?? 0)
  const posts = assets.border_posts?.byStatus ?? {}
  const postsTotal = Object.entries(posts)
    .filter(([k]) => k !== 'planned')
    .reduce((a, [, n]) => a + n, 0)
  const inQuarter = (m: string) =>
    m >= eatDay(data.period.start).slice(0, 7) && m <= eatDay(data.period.end).slice(0, 7)
  const iq = data.incidentsQuarter
  const change = iq && iq.previous > 0 ? (100 * (iq.total - iq.previous)) / iq.previous : null
  const themeColours = colours('incidents')

  return (
    <section
      className="mon-section"
      aria-labelledby="dash-title"
      data-testid="dashboard"
      data-region={data.region.code}
    >
      <header className="mon-head">
        <div>
          <p className="kicker">{t('dash.kicker')}</p>
          <h1 id="dash-title">{regionName(data.region)}</h1>
          <p className="muted">
            {t('mon.quarter')} {data.quarter.replace('Q', ' Q')} ({dateFmt.format(new Date(data.period.start))} –{' '}
            {dateFmt.format(new Date(data.period.end))}) · {num(data.region.counties.length)} {t('dash.counties')}
          </p>
        </div>
        <div className="mon-controls">
          {allowed.length > 1 && (
            <label className="mon-field">
              <span>{t('dash.region')}</span>
              <select value={data.region.code} onChange={(e) => onRegion(e.target.value)} data-testid="region-select">
                {allowed.map((r) => (
                  <option key={r} value={r}>
                    {v(r)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <QuarterSelect quarter={quarter} current={data.quarter} onChange={setQuarter} />
        </div>
      </header>

      <div className="kpis">
        {iq && (
          <div className="kpi" data-testid="kpi-incidents">
            <span className="kpi-label">{t('dash.kpi.incidents')}</span>
            <strong className="kpi-value">{num(iq.total)}</strong>
            <span className="kpi-note">
              {change === null ? '' : `${change > 0 ? '+' : ''}${num(change, 1)} % ${t('dash.vsPrevious')}`}
            </span>
          </div>
        )}
        <div className="kpi">
          <span className="kpi-label">{t('dash.kpi.units')}</span>
          <strong className="kpi-value">
            {unitsTotal ? `${num((100 * (units.active ?? 0)) / unitsTotal, 1)} %` : '–'}
          </strong>
          <span className="kpi-note">
            {num(units.active ?? 0)} / {num(unitsTotal)} {t('dash.active')}
          </span>
          <ProgressBar value={unitsTotal ? (units.active ?? 0) / unitsTotal : null} label={t('dash.kpi.units')} />
        </div>
        <div className="kpi">
          <span className="kpi-label">{t('dash.kpi.posts')}</span>
          <strong className="kpi-value">
            {num(posts.operational ?? 0)} / {num(postsTotal)}
          </strong>
          <span className="kpi-note">{t('dash.operational')}</span>
          <ProgressBar value={postsTotal ? (posts.operational ?? 0) / postsTotal : null} label={t('dash.kpi.posts')} />
        </div>
        <div className="kpi">
          <span className="kpi-label">{t('dash.kpi.roads')}</span>
          <strong className="kpi-value">
            {num(
              Object.values(assets.roads?.kmByCondition ?? {}).reduce((a, b) => a + b, 0),
              0,
            )}{' '}
            km
          </strong>
          <span className="kpi-note">
            {num((assets.roads?.kmByCondition?.poor ?? 0) + (assets.roads?.kmByCondition?.impassable ?? 0), 0)} km{' '}
            {t('dash.poorOrWorse')}
          </span>
        </div>
        {data.coverage && (
          <div className="kpi" data-testid="kpi-coverage">
            <span className="kpi-label">
              {t('dash.kpi.coverage').replace('{min}', String(data.coverage.threshold_min))}
            </span>
            <strong className="kpi-value">{num(100 * data.coverage.share, 1)} %</strong>
            <span className="kpi-note">
              {num(data.coverage.covered)} / {num(data.coverage.targets)} {t('dash.coverageTargets')}
            </span>
            <ProgressBar
              value={data.coverage.share}
              label={t('dash.kpi.coverage').replace('{min}', String(data.coverage.threshold_min))}
            />
          </div>
        )}
        <div className="kpi">
          <span className="kpi-label">{t('dash.kpi.facilities')}</span>
          <strong className="kpi-value">{num(assets.facilities?.total ?? 0)}</strong>
          <span className="kpi-note">
            {num(assets.facilities?.byStatus.operational ?? 0)} {t('dash.operational').toLowerCase()}
          </span>
        </div>
      </div>

      <div className="mon-grid">
        <article className="card">
          <h2>{t('dash.hotspots')}</h2>
          {analyst && reference ? (
            <>
              <DashboardMap
                key={data.region.code}
                reference={reference}
                region={data.region.code}
                bbox={s.bbox}
                hotspots={hotspots}
              />
              <p className="muted small">{t('dash.hotspotsHelp')}</p>
            </>
          ) : (
            <p className="muted">{t('dash.noHotspots')}</p>
          )}
        </article>
        <article className="card">
          <h2>{t('dash.byTheme')}</h2>
          {iq ? (
            <>
              <p className="muted small">{t('dash.byThemeHelp')}</p>
              <HBars
                label={t('dash.byTheme')}
                rows={iq.byTheme.map((r) => ({
                  key: r.theme,
                  label: v(r.theme),
                  value: r.n,
                  previous: r.previous,
                  color: themeColours[r.theme],
                }))}
              />
              <h3>{t('dash.byMonth')}</h3>
              <MonthBars
                label={t('dash.byMonth')}
                unit={t('dash.axisIncidents')}
                data={s.incidents?.byMonth ?? []}
                highlight={inQuarter}
              />
              <p className="muted small">{t('dash.byMonthHelp')}</p>
            </>
          ) : (
            <p className="muted">{t('dash.noIncidents')}</p>
          )}
        </article>
      </div>

      <div className="mon-grid">
        <article className="card">
          <h2>{t('dash.assets')}</h2>
          <div className="asset-grid">
            <div>
              <h3>{t('dash.roadsKm')}</h3>
              <HBars
                label={t('dash.roadsKm')}
                unit=" km"
                rows={ordered(assets.roads?.kmByCondition ?? {}, D.CONDITIONS).map(([k, n]) => ({
                  key: k,
                  label: v(k),
                  value: n,
                  color: colours('roads')[k],
                }))}
              />
            </div>
            <div>
              <h3>{t('layer.border_posts')}</h3>
              <HBars
                label={t('layer.border_posts')}
                rows={ordered(posts, D.BORDER_POST_STATUSES).map(([k, n]) => ({
                  key: k,
                  label: v(k),
                  value: n,
                  color: colours('border_posts')[k],
                }))}
              />
            </div>
            <div>
              <h3>{t('layer.admin_units')}</h3>
              <HBars
                label={t('layer.admin_units')}
                rows={ordered(units, D.ADMIN_STATUSES).map(([k, n]) => ({
                  key: k,
                  label: v(k),
                  value: n,
                  color: colours('admin_units')[k],
                }))}
              />
            </div>
            <div>
              <h3>{t('layer.facilities')}</h3>
              <HBars
                label={t('layer.facilities')}
                rows={ordered(assets.facilities?.byStatus ?? {}, D.FACILITY_STATUSES).map(([k, n]) => ({
                  key: k,
                  label: v(k),
                  value: n,
                }))}
              />
            </div>
          </div>
          <p className="muted small">{t('dash.assetsHelp')}</p>
        </article>
        <article className="card">
          <h2>
            {t('dash.scorecards')} <span className="muted">· {data.quarter.replace('Q', ' Q')}</span>
          </h2>
          <table className="mon-table compact" data-testid="dash-scorecards">
            <thead>
              <tr>
                <th scope="col">{t('score.rank')}</th>
                <th scope="col">{t('score.county')}</th>
                <th scope="col">{t('score.score')}</th>
                <th scope="col">{t('dash.lights')}</th>
              </tr>
            </thead>
            <tbody>
              {[...data.scorecards]
                .sort((a, b) => a.rank - b.rank)
                .map((c) => {
                  const lights = Object.values(c.lights) as Light[]
                  const count = (l: Light) => lights.filter((x) => x === l).length
                  return (
                    <tr key={c.code}>
                      <td className="num">{c.rank}</td>
                      <td>
                        <button type="button" className="link" onClick={() => onScorecard(c.code)}>
                          {c.name}
                        </button>
                      </td>
                      <td className="score-cell">
                        <ProgressBar value={c.score / 100} label={`${c.name} ${t('score.score')}`} />
                        <span>{num(c.score, 1)}</span>
                      </td>
                      <td className="light-counts">
                        {(['green', 'amber', 'red'] as const).map(
                          (l) =>
                            count(l) > 0 && (
                              <span key={l} className={`chip chip-${l} compact`}>
                                {count(l)} {t(`mon.light.${l}.short` as MessageKey)}
                              </span>
                            ),
                        )}
                      </td>
                    </tr>
                  )
                })}
            </tbody>
          </table>
          <p className="muted small">{t('dash.rankHelp')}</p>
        </article>
      </div>

      <article className="card" data-testid="actions">
        <h2>{t('dash.actions')}</h2>
        {data.redIndicators.length > 0 && (
          <div className="action-group">
            <h3>
              {t('dash.red')} <span className="muted">· {num(data.redIndicators.length)}</span>
            </h3>
            <ul className="action-list">
              {(showAll ? data.redIndicators : data.redIndicators.slice(0, RED_SHOWN)).map((r) => (
                <li key={`${r.county_code}-${r.indicator}`}>
                  <LightChip status="red" compact />
                  <button type="button" className="link" onClick={() => onScorecard(r.county_code)}>
                    {r.county}
                  </button>
                  <span>{t(`score.ind.${r.indicator}` as MessageKey)}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="action-groups">
          {data.actions
            .filter((g) => g.total > 0)
            .map((g) => (
              <div key={g.kind} className="action-group" data-kind={g.kind}>
                <h3>
                  {t(`dash.action.${g.kind}` as MessageKey)}{' '}
                  <span className="muted">
                    · {num(g.total)}
                    {g.sum !== null ? ` · ${num(g.sum, 1)} km` : ''}
                  </span>
                </h3>
                <ul className="action-list">
                  {g.items.map((i) => (
                    <li key={i.id}>
                      <button
                        type="button"
                        className="link"
                        onClick={() => onOpen({ collection: g.collection, id: i.id })}
                      >
                        {i.name}
                      </button>
                      <span className="muted">
                        {data.region.counties.find((c) => c.code === i.county_code)?.name ?? i.county_code} ·{' '}
                        {v(i.reason)}
                        {i.metric !== null
                          ? ` · ${num(i.metric, 1)}${g.collection === 'roads' ? ' km' : g.kind === 'prisons_overcrowded' ? ' %' : g.kind === 'registration_manual' ? ` ${t('dash.lcu')}` : ''}`
                          : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
        </div>
        {(showAll || data.redIndicators.length > RED_SHOWN || data.actions.some((g) => g.total > g.items.length)) && (
          <button
            type="button"
            className="link"
            aria-expanded={showAll}
            data-testid="actions-all"
            onClick={() => setShowAll(!showAll)}
          >
            {showAll
              ? t('dash.showFewer')
              : `${t('dash.showAll')} (${num(data.redIndicators.length + data.actions.reduce((n, g) => n + g.total, 0))})`}
          </button>
        )}
      </article>
    </section>
  )
}
