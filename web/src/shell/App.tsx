import { Suspense, lazy, useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, allItems, signOut, type Meta, type User } from '../api/client.ts'
import { clearResources, invalidate, usePolling, useResource } from '../api/resource.ts'
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
  // Nothing fetched for one user may be shown to the next.
  const signedOut = () => {
    clearResources()
    setSession({ status: 'signed-out' })
  }
  return <SignedIn user={session.user} onSignedOut={signedOut} />
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

/** Counties and regions, read once per session (the map's outlines, labels, home area and county names). */
const REFERENCE = 'reference:counties+regions'
const loadReference = (): Promise<Reference> =>
  Promise.all([allItems('counties'), allItems('regions')]).then(([counties, regions]) => ({ counties, regions }))

/** Answers read from the layers' data (items, histories, figures): out of date when any data version moves. */
const DERIVED = [
  '/ogc/collections',
  '/api/history',
  '/api/summary',
  '/api/analysis/hotspots',
  '/api/analysis/area-trends',
  '/api/incident-stats/',
  '/api/regions/',
  '/api/scorecards',
  '/api/search',
]

/** After an edit or import: new data versions (tile URLs), and the lists, items, histories and summaries it touched. */
function afterWrite() {
  for (const prefix of ['/api/meta', ...DERIVED]) invalidate(prefix)
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
  const metaAnswer = useResource<Meta>('/api/meta')
  const referenceAnswer = useResource<Reference>(REFERENCE, loadReference)
  const meta = metaAnswer.data ?? null
  const reference = referenceAnswer.data ?? null
  const error = (metaAnswer.error ?? referenceAnswer.error)?.message
  const [panelOpen, setPanelOpen] = useState(() => window.innerWidth > 720)
  const [page, setPage] = usePage(user)
  const selection = useView((s) => s.selection)
  const prioritising = useView((s) => s.prioritising)

  // Data versions are polled, so an edit made by someone else reaches this map's tiles within a minute; and read
  // afresh whenever the map comes back (from the moderation queue, say), since writes made there change them.
  usePolling('/api/meta', 60_000)
  useEffect(() => invalidate('/api/meta'), [])
  // Someone else's edit moves a data version: what is computed from the data is read again (not on every poll).
  const versions = meta ? JSON.stringify(meta.versions) : null
  const seenVersions = useRef(versions)
  useEffect(() => {
    if (versions !== null && seenVersions.current !== null && versions !== seenVersions.current)
      for (const prefix of DERIVED) invalidate(prefix)
    if (versions !== null) seenVersions.current = versions
  }, [versions])
  const expired = (metaAnswer.error as ApiError | undefined)?.status === 401
  useEffect(() => {
    if (expired) onSignedOut()
  }, [expired, onSignedOut])

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
            onImported={afterWrite}
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
              onSaved={afterWrite}
            />
          )}
        </main>
        <MonitoringPage page={page} user={user} reference={reference} onPage={setPage} />
      </div>
    </div>
  )
}
