import { Suspense, lazy, useCallback, useEffect, useState } from 'react'
import { ApiError, allItems, meta as loadMeta, signOut, type Meta, type User } from '../api/client.ts'
import { useIncidentData } from '../analysis/incident-data.ts'
import { useI18n } from '../i18n/index.tsx'
import { FeaturePanel } from '../map/FeaturePanel.tsx'
import { homeBounds } from '../map/home.ts'
import type { CollectionId } from '../map/layers.ts'
import { MapView, type Reference } from '../map/MapView.tsx'
import { MonitoringNav, MonitoringPage, usePage } from '../monitoring/DashboardNav.tsx'
import { SyncStatus } from '../field/SyncStatus.tsx'
import { FlightsApp } from '../flights/FlightsApp.tsx'
import { forgetUser, rememberUser, restoreSession } from '../offline/session.ts'
import { ModerationQueue } from '../reports/ModerationQueue.tsx'
import { ReportForm } from '../reports/ReportForm.tsx'
import { canAnalyse, canEditPlanning } from '../state/rights.ts'
import { ViewStoreProvider, fitTo, select, setLayer, useView, useViewStore } from '../state/view.ts'
import { RIGHTS, roleCan } from '../../../contract/rights.ts'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { Search, type Hit } from './Search.tsx'
import { SidePanel } from './SidePanel.tsx'
import { SignIn } from './SignIn.tsx'
import { UserMenu } from './UserMenu.tsx'

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

function Workspace(props: { user: User; onSignedOut(): void; onFlights?(): void }) {
  return (
    <ViewStoreProvider user={props.user}>
      <WorkspaceBody {...props} />
    </ViewStoreProvider>
  )
}

function WorkspaceBody({ user, onSignedOut, onFlights }: { user: User; onSignedOut(): void; onFlights?(): void }) {
  const { t } = useI18n()
  const store = useViewStore()
  const [meta, setMeta] = useState<Meta | null>(null)
  const [reference, setReference] = useState<Reference | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [panelOpen, setPanelOpen] = useState(() => window.innerWidth > 720)
  const [page, setPage] = usePage(user)
  const selection = useView((s) => s.selection)
  const prioritising = useView((s) => s.prioritising)

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

  const { incidents, monthIncidents, hotspots } = useIncidentData(meta?.versions.incidents)
  const countyName = useCallback(
    (code: string) =>
      String(reference?.counties.features.find((f) => f.properties.code === code)?.properties.name ?? code),
    [reference],
  )

  function onPick(hit: Hit) {
    fitTo(store, hit.bbox, { padding: 80, maxZoom: 12, duration: 800 })
    if (store.get().defs.some((l) => l.id === hit.collection && l.source === 'tiles')) {
      select(store, { collection: hit.collection as CollectionId, id: hit.id })
      setLayer(store, hit.collection, { visible: true })
    }
  }

  async function doSignOut() {
    await signOut().catch(() => undefined)
    await forgetUser()
    onSignedOut()
  }

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
            onClick={() => store.set({ prioritising: !prioritising })}
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
          <SidePanel
            user={user}
            meta={meta}
            reference={reference}
            incidents={incidents}
            countyName={countyName}
            onImported={refreshMeta}
          />
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
              incidentPoints={monthIncidents}
              hotspots={hotspots}
              home={homeBounds(user, reference)}
            />
          )}
          {prioritising && (
            <Suspense fallback={null}>
              <PrioritisePanel
                countyName={countyName}
                canEditSpeeds={canEditPlanning(user)}
                onClose={() => store.set({ prioritising: false })}
              />
            </Suspense>
          )}
          {selection && (
            <FeaturePanel
              user={user}
              selection={selection}
              countyName={countyName}
              onClose={() => select(store, null)}
              onSaved={refreshMeta}
            />
          )}
        </main>
        <MonitoringPage page={page} user={user} reference={reference} onPage={setPage} />
      </div>
    </div>
  )
}
