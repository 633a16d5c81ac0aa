import { bbox as turfBbox } from '@turf/turf'
import { Suspense, lazy, useCallback, useEffect, useState } from 'react'
import { item, type User } from '../api/client.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import type { Reference } from '../map/MapView.tsx'
import type { Selection } from '../state/url.ts'
import { fitTo, select, useViewStore } from '../state/view.ts'
import { RIGHTS } from '../../../contract/rights.ts'
import './Dashboard.css'

// The monitoring pages are separate chunks: the map opens without their code.
const Dashboard = lazy(() => import('./Dashboard.tsx').then((m) => ({ default: m.Dashboard })))
const Indicators = lazy(() => import('./Indicators.tsx').then((m) => ({ default: m.Indicators })))
const Scorecards = lazy(() => import('./Scorecards.tsx').then((m) => ({ default: m.Scorecards })))

// The monitoring screens beside the map: the regional dashboard, the county scorecards and the M&E indicators. Each
// has its own address (/dashboard/rift_valley, /scorecards/023?quarter=2026Q3, /indicators), so a link opens it; the
// map keeps its own state in the hash and stays mounted underneath.

export type Page =
  | { name: 'map' }
  | { name: 'dashboard'; region?: string }
  | { name: 'scorecards'; county?: string }
  | { name: 'indicators' }

const PAGES = ['map', 'dashboard', 'scorecards', 'indicators'] as const

export function parsePage(path: string): Page {
  const [, first, second] = path.split('/')
  if (first === 'dashboard')
    return { name: 'dashboard', region: second && /^[a-z_]+$/.test(second) ? second : undefined }
  if (first === 'scorecards')
    return { name: 'scorecards', county: second && /^0[0-4]\d$/.test(second) ? second : undefined }
  if (first === 'indicators') return { name: 'indicators' }
  return { name: 'map' }
}

export function pagePath(p: Page): string {
  if (p.name === 'dashboard') return `/dashboard${p.region ? `/${p.region}` : ''}`
  if (p.name === 'scorecards') return `/scorecards${p.county ? `/${p.county}` : ''}`
  if (p.name === 'indicators') return '/indicators'
  return '/'
}

/** The page shown; a regional commissioner lands on their region's dashboard (a link to a map view keeps the map). */
export function usePage(user: User): [Page, (p: Page) => void] {
  const [page, setPage] = useState<Page>(() => {
    const p = parsePage(window.location.pathname)
    if (p.name === 'map' && RIGHTS[user.role].start === 'dashboard' && !window.location.hash) {
      const landing: Page = { name: 'dashboard', region: user.regions[0] }
      history.replaceState(null, '', pagePath(landing))
      return landing
    }
    return p
  })
  useEffect(() => {
    const onPop = () => setPage(parsePage(window.location.pathname))
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])
  const go = useCallback((p: Page) => {
    const path = pagePath(p)
    // The quarter (?quarter=) travels between monitoring pages; the map keeps its hash.
    const search = p.name === 'map' ? '' : window.location.search
    if (path !== window.location.pathname) history.pushState(null, '', `${path}${search}${window.location.hash}`)
    setPage(p)
  }, [])
  return [page, go]
}

export function MonitoringNav({ page, onPage }: { page: Page; onPage(p: Page): void }) {
  const { t } = useI18n()
  return (
    <nav className="mon-nav" aria-label={t('mon.nav')}>
      {PAGES.map((name) => (
        <a
          key={name}
          href={pagePath({ name } as Page)}
          aria-current={page.name === name ? 'page' : undefined}
          data-page={name}
          onClick={(e) => {
            e.preventDefault()
            onPage({ name } as Page)
          }}
        >
          {t(`mon.page.${name}` as MessageKey)}
        </a>
      ))}
      {/* On a phone the same choice as a list, so the top bar keeps its language switch and account menu. */}
      <select
        className="mon-nav-select"
        aria-label={t('mon.nav')}
        value={page.name}
        onChange={(e) => onPage({ name: e.target.value } as Page)}
      >
        {PAGES.map((name) => (
          <option key={name} value={name}>
            {t(`mon.page.${name}` as MessageKey)}
          </option>
        ))}
      </select>
    </nav>
  )
}

interface PageProps {
  page: Page
  user: User
  reference: Reference | null
  onPage(p: Page): void
}

/** The monitoring page over the map (nothing for the map page itself). */
export function MonitoringPage({ page, user, reference, onPage }: PageProps) {
  const store = useViewStore()
  // Opening an item from a list: back to the map, select it and fly there.
  const open = useCallback(
    async (s: Selection) => {
      onPage({ name: 'map' })
      select(store, s)
      try {
        fitTo(store, turfBbox((await item(s.collection, s.id)) as never), { padding: 80, maxZoom: 12 })
      } catch {
        /* the inspector shows the error */
      }
    },
    [store, onPage],
  )
  if (page.name === 'map') return null
  return (
    <div className="mon-page" data-testid={`page-${page.name}`}>
      <Suspense fallback={<p className="muted">…</p>}>
        {page.name === 'dashboard' && (
          <Dashboard
            user={user}
            region={page.region}
            reference={reference}
            onRegion={(region) => onPage({ name: 'dashboard', region })}
            onOpen={open}
            onScorecard={(county) => onPage({ name: 'scorecards', county })}
          />
        )}
        {page.name === 'scorecards' && (
          <Scorecards user={user} county={page.county} onCounty={(county) => onPage({ name: 'scorecards', county })} />
        )}
        {page.name === 'indicators' && <Indicators user={user} />}
      </Suspense>
    </div>
  )
}
