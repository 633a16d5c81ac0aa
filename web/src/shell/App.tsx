import type { Map as MapLibre } from 'maplibre-gl'
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import {
  ApiError,
  allItems,
  api,
  meta as loadMeta,
  signOut,
  type Feature,
  type FeatureCollection,
  type Meta,
  type User,
} from '../api/client.ts'
import { useI18n } from '../i18n/index.tsx'
import { MapView, type LayerState, type Reference, type Selection } from '../map/MapView.tsx'
import type { IncidentMode } from '../map/incidents.ts'
import { LAYERS, defaultVisible, type CollectionId } from '../map/layers.ts'
import { homeBounds } from '../map/home.ts'
import { FeaturePanel } from '../map/FeaturePanel.tsx'
import { FiltersPanel } from '../map/Filters.tsx'
import { IncidentControls } from '../analysis/IncidentControls.tsx'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { LayerList } from '../map/LayerList.tsx'
import { MonitoringNav, MonitoringPage, usePage } from '../monitoring/DashboardNav.tsx'
import { RegionPanel } from '../monitoring/RegionPanel.tsx'
import { Legend } from '../map/Legend.tsx'
import { Search, type Hit } from './Search.tsx'
import { SignIn } from './SignIn.tsx'
import { Tools } from '../map/Tools.tsx'
import { ExportMenu } from '../map/ExportMenu.tsx'
import { ImportPanel } from '../imports/ImportPanel.tsx'
import { UserMenu } from './UserMenu.tsx'
import { SyncStatus } from '../field/SyncStatus.tsx'
import { forgetUser, rememberUser, restoreSession } from '../offline/session.ts'
import { filterQuery, type Filters } from '../state/filters.ts'
import { canAnalyse, canEditPlanning } from '../state/rights.ts'
import { RIGHTS } from '../../../contract/rights.ts'
import { FlightsApp } from '../flights/FlightsApp.tsx'
import { readUrl, writeUrl, type Tab, type View } from '../state/url.ts'
import { SideTabs, type TabDef } from './SideTabs.tsx'
import { ReportForm } from '../reports/ReportForm.tsx'
import { ModerationQueue } from '../reports/ModerationQueue.tsx'
import { roleCan } from '../../../contract/rights.ts'

// The analysis panel (and its PDF and CSV code) is a lazy chunk: most sessions never open it.
const PrioritisePanel = lazy(() => import('../analysis/Prioritise.tsx').then((m) => ({ default: m.PrioritisePanel })))

type Session = { status: 'checking' } | { status: 'signed-out' } | { status: 'signed-in'; user: User }

/** The public report form (#/report) and the moderation queue (#/moderation) are pages of their own. */
function useHashPage(): string {
  const [hash, setHash] = useState(() => window.location.hash)
  useEffect(() => {
    const on = () => setHash(window.location.hash)
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return hash.startsWith('#/report') ? 'report' : hash.startsWith('#/moderation') ? 'moderation' : ''
}

export function App() {
  const page = useHashPage()
  return page === 'report' ? <ReportForm /> : <SignedInApp moderation={page === 'moderation'} />
}

function SignedInApp({ moderation }: { moderation: boolean }) {
  const { t } = useI18n()
  const [session, setSession] = useState<Session>({ status: 'checking' })
  useEffect(() => {
    // Offline, the last signed-in user's session is restored from this device (web/src/offline/session.ts).
    restoreSession().then(
      (user) => setSession(user ? { status: 'signed-in', user } : { status: 'signed-out' }),
      () => setSession({ status: 'signed-out' }),
    )
  }, [])
  if (session.status === 'checking') return <p className="splash">{t('app.loading')}</p>
  if (session.status === 'signed-out')
    return (
      <SignIn onSignedIn={(user) => void rememberUser(user).then(() => setSession({ status: 'signed-in', user }))} />
    )
  if (moderation && roleCan(session.user.role, 'moderation'))
    return <ModerationQueue onClose={() => (window.location.hash = '')} />
  return <SignedIn user={session.user} onSignedOut={() => setSession({ status: 'signed-out' })} />
}

/**
 * An operator reads no map layer: it gets only the flight clearance screens. Others reach them at /flights when their
 * role or agency takes part in clearances.
 */
function SignedIn({ user, onSignedOut }: { user: User; onSignedOut(): void }) {
  const [flights, setFlights] = useState(() => window.location.pathname.startsWith('/flights'))
  useEffect(() => {
    const onPop = () => setFlights(window.location.pathname.startsWith('/flights'))
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])
  if (!RIGHTS[user.role].layers)
    return (
      <FlightsApp user={user} onSignOut={() => void signOut().finally(() => void forgetUser().then(onSignedOut))} />
    )
  if (flights)
    return (
      <FlightsApp
        user={user}
        onExit={() => {
          history.pushState(null, '', '/')
          setFlights(false)
        }}
      />
    )
  return (
    <Workspace
      user={user}
      onSignedOut={onSignedOut}
      onFlights={
        RIGHTS[user.role].flights || user.agency
          ? () => {
              history.pushState(null, '', '/flights')
              setFlights(true)
            }
          : undefined
      }
    />
  )
}

/** The month's interval, for the server's `datetime` parameter. */
function monthInterval(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const end = new Date(Date.UTC(y, m, 0, 23, 59, 59))
  return `${month}-01T00:00:00Z/${end.toISOString().replace('.000Z', 'Z')}`
}

function Workspace({ user, onSignedOut, onFlights }: { user: User; onSignedOut(): void; onFlights?(): void }) {
  const { t, v } = useI18n()
  const initial = useRef(readUrl()).current
  const [meta, setMeta] = useState<Meta | null>(null)
  const [reference, setReference] = useState<Reference | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [selection, setSelection] = useState<Selection | null>(initial.selection ?? null)
  const [filters, setFilters] = useState<Filters>(initial.filters)
  const [view, setView] = useState<View | undefined>(initial.view)
  const [incidentMode, setIncidentMode] = useState<IncidentMode>((initial.incidentMode as IncidentMode) ?? 'points')
  const [month, setMonth] = useState<string | undefined>(initial.month)
  const [incidents, setIncidents] = useState<Feature[]>([])
  const [map, setMap] = useState<MapLibre | null>(null)
  const [panelOpen, setPanelOpen] = useState(() => window.innerWidth > 720)
  const [page, setPage] = usePage(user)
  const [prioritising, setPrioritising] = useState(false)
  const [tab, setTab] = useState<Tab>(initial.tab ?? 'layers')
  // Layers the role may not read are not offered at all (viewers and field officers: no incidents).
  const canSeeIncidents = user.role !== 'viewer' && user.role !== 'field_officer'
  const layers = useMemo(
    () => LAYERS.filter((l) => (!l.sensitive || canSeeIncidents) && (!l.readBy || roleCan(user.role, l.readBy))),
    [canSeeIncidents, user.role],
  )
  const [state, setState] = useState<Record<string, LayerState>>(() => ({
    ...Object.fromEntries(LAYERS.map((l) => [l.id, { visible: defaultVisible(l, user.role), opacity: 1 }])),
    ...initial.layers,
  }))

  const refreshMeta = useCallback(() => {
    loadMeta().then(setMeta, (e: ApiError) => (e.status === 401 ? onSignedOut() : setError(e.message)))
  }, [onSignedOut])
  // Data versions are polled, so an edit made by someone else reaches this map's tiles within a minute.
  useEffect(() => {
    const timer = setInterval(refreshMeta, 60_000)
    return () => clearInterval(timer)
  }, [refreshMeta])
  useEffect(() => {
    refreshMeta()
    Promise.all([allItems('counties'), allItems('regions')]).then(
      ([counties, regions]) => setReference({ counties, regions }),
      (e: Error) => setError(e.message),
    )
  }, [refreshMeta])

  // Incidents for the time slider and density views: the current filters, all months.
  useEffect(() => {
    if (!canSeeIncidents) return
    allItems('incidents', filterQuery('incidents', filters)).then(
      (fc) => setIncidents(fc.features),
      () => setIncidents([]),
    )
  }, [filters, canSeeIncidents, meta?.versions.incidents])
  // Gi* hot spots for the same filters and month, fetched only while that view is on.
  const [hotspots, setHotspots] = useState<FeatureCollection | null>(null)
  const [trend, setTrend] = useState(false)
  const canTrend = Boolean(month || (filters.from && filters.to))
  useEffect(() => {
    if (incidentMode !== 'hotspots' || !canSeeIncidents) return setHotspots(null)
    const q = new URLSearchParams({ cell_km: '10' })
    if (filters.theme) q.set('theme', filters.theme)
    if (filters.region) q.set('region', filters.region)
    const from = month ? `${month}-01` : filters.from
    const to = month
      ? new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10)
      : filters.to
    if (from) q.set('from', from)
    if (to) q.set('to', to)
    if (trend && canTrend) q.set('trend', 'true')
    api<FeatureCollection>(`/api/analysis/hotspots?${q}`).then(setHotspots, () => setHotspots(null))
  }, [incidentMode, canSeeIncidents, filters, month, trend, canTrend])
  const monthIncidents = useMemo(
    () => (month ? incidents.filter((f) => String(f.properties.occurred_at).startsWith(month)) : incidents),
    [incidents, month],
  )
  const incidentQuery = useMemo(
    (): Record<string, string> => (month ? { datetime: monthInterval(month) } : {}),
    [month],
  )

  const onSelect = useCallback((s: Selection | null) => setSelection(s), [])
  const onView = useCallback((next: View) => setView(next), [])
  const onFit = useCallback(
    (b: [number, number, number, number]) =>
      map?.fitBounds(
        [
          [b[0], b[1]],
          [b[2], b[3]],
        ],
        { padding: 40, duration: 700 },
      ),
    [map],
  )
  const countyName = useCallback(
    (code: string) =>
      String(reference?.counties.features.find((f) => f.properties.code === code)?.properties.name ?? code),
    [reference],
  )

  function onPick(hit: Hit) {
    const [w, s, e, n] = hit.bbox
    map?.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: 80, maxZoom: 12, duration: 800 },
    )
    if (layers.some((l) => l.id === hit.collection && l.source === 'tiles')) {
      setSelection({ collection: hit.collection as CollectionId, id: hit.id })
      setState((prev) => ({ ...prev, [hit.collection]: { ...prev[hit.collection]!, visible: true } }))
    }
  }

  async function doSignOut() {
    await signOut().catch(() => undefined)
    await forgetUser()
    onSignedOut()
  }

  const analysisTab = canSeeIncidents || canAnalyse(user)
  const tabs: TabDef<Tab>[] = [
    {
      id: 'layers',
      label: t('tabs.layers'),
      content: (
        <LayerList layers={layers} state={state} onChange={(id, s) => setState((prev) => ({ ...prev, [id]: s }))} />
      ),
    },
    {
      id: 'filters',
      label: t('tabs.filters'),
      content: reference && (
        <>
          <FiltersPanel
            filters={filters}
            counties={reference.counties}
            user={user}
            layers={layers}
            onChange={setFilters}
          />
          <RegionPanel
            fitOnLoad={!initial.view}
            filters={filters}
            onFit={onFit}
            onSelect={onSelect}
            areaName={
              filters.county ? countyName(filters.county) : filters.region ? v(filters.region) : t('region.national')
            }
          />
        </>
      ),
    },
    ...(analysisTab
      ? [
          {
            id: 'analysis' as const,
            label: t('tabs.analysis'),
            content: (
              <>
                {canAnalyse(user) && (
                  <section className="panel-section">
                    <p className="muted small">{t('tabs.prioritiseHelp')}</p>
                    <button type="button" aria-pressed={prioritising} onClick={() => setPrioritising(!prioritising)}>
                      {t('prio.open')}
                    </button>
                  </section>
                )}
                {canSeeIncidents &&
                  (state.incidents?.visible ? (
                    <IncidentControls
                      incidents={incidents}
                      trend={trend}
                      canTrend={canTrend}
                      onTrend={setTrend}
                      mode={incidentMode}
                      month={month}
                      onMode={setIncidentMode}
                      onMonth={setMonth}
                    />
                  ) : (
                    <section className="panel-section">
                      <p className="muted small">{t('tabs.incidentsOff')}</p>
                      <button
                        type="button"
                        onClick={() =>
                          setState((prev) => ({ ...prev, incidents: { ...prev.incidents!, visible: true } }))
                        }
                      >
                        {t('tabs.showIncidents')}
                      </button>
                    </section>
                  ))}
              </>
            ),
          },
        ]
      : []),
    { id: 'legend', label: t('tabs.legend'), content: <Legend layers={layers} state={state} /> },
    {
      id: 'tools',
      label: t('tabs.tools'),
      content: (
        <>
          {meta && <Tools map={map} meta={meta} layers={layers} state={state} filters={filters} />}
          <ExportMenu layers={layers} filters={filters} />
          <ImportPanel onImported={refreshMeta} />
        </>
      ),
    },
  ]
  // A link naming a tab this role does not have opens on the first one.
  const shownTab = tabs.some((x) => x.id === tab) ? tab : tabs[0]!.id
  useEffect(() => {
    writeUrl({ view, layers: state, filters, selection: selection ?? undefined, incidentMode, month, tab: shownTab })
  }, [view, state, filters, selection, incidentMode, month, shownTab])

  return (
    <div className="app">
      <header className="topbar">
        <button
          type="button"
          className="icon panel-toggle"
          aria-expanded={panelOpen}
          aria-controls="side"
          aria-label={t('layers.toggle')}
          onClick={() => setPanelOpen(!panelOpen)}
        >
          ☰
        </button>
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◆
          </span>
          <span>
            <strong>{t('app.title')}</strong> <span className="muted subtitle">{t('app.subtitle')}</span>
          </span>
        </div>
        {meta?.sample.loaded && (
          <span className="badge" title={t('app.sampleBadge.help')} data-testid="sample-badge">
            {t('app.sampleBadge')}
          </span>
        )}
        <Search onPick={onPick} />
        <MonitoringNav page={page} onPage={setPage} />
        {onFlights && (
          <button type="button" className="topbar-button" data-testid="flights-open" onClick={onFlights}>
            {t('flights.nav')}
          </button>
        )}
        <div className="spacer" />
        {canAnalyse(user) && (
          <button
            type="button"
            className={`topbar-button ${prioritising ? 'on' : ''}`}
            aria-pressed={prioritising}
            data-testid="prioritise-toggle"
            onClick={() => setPrioritising(!prioritising)}
          >
            {t('prio.open')}
          </button>
        )}
        <SyncStatus user={user} meta={meta} onSignInNeeded={onSignedOut} />
        <LanguageSwitch />
        <UserMenu user={user} onSignOut={doSignOut} />
      </header>
      <div className="body">
        <aside id="side" className={`side ${panelOpen ? 'open' : ''}`}>
          <SideTabs<Tab> label={t('tabs.label')} tabs={tabs} active={shownTab} onSelect={setTab} />
        </aside>
        <main className="stage">
          {error && (
            <p className="error" role="alert">
              {t('error.generic')}: {error}
            </p>
          )}
          {meta && reference && (
            <MapView
              meta={meta}
              reference={reference}
              layers={layers}
              state={state}
              filters={filters}
              incidentQuery={incidentQuery}
              incidentMode={incidentMode}
              incidentPoints={monthIncidents}
              hotspots={hotspots}
              initialView={initial.view}
              home={homeBounds(user, reference)}
              selection={selection}
              onView={onView}
              onSelect={onSelect}
              onMap={setMap}
            />
          )}
          {prioritising && (
            <Suspense fallback={null}>
              <PrioritisePanel
                map={map}
                filters={filters}
                countyName={countyName}
                canEditSpeeds={canEditPlanning(user)}
                onClose={() => setPrioritising(false)}
              />
            </Suspense>
          )}
          {selection && (
            <FeaturePanel
              user={user}
              selection={selection}
              countyName={countyName}
              onClose={() => setSelection(null)}
              onSaved={refreshMeta}
            />
          )}
        </main>
        <MonitoringPage page={page} user={user} reference={reference} map={map} onPage={setPage} onSelect={onSelect} />
      </div>
    </div>
  )
}
