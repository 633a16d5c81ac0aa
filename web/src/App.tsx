import { useCallback, useEffect, useMemo, useState } from 'react'
import { ApiError, me, meta as loadMeta, signOut, type Meta, type User } from './api/client.ts'
import { useI18n } from './i18n/index.tsx'
import { MapView, type LayerState, type Selection } from './map/MapView.tsx'
import { LAYERS } from './map/layers.ts'
import { FeaturePanel } from './panels/FeaturePanel.tsx'
import { LanguageSwitch } from './panels/LanguageSwitch.tsx'
import { LayerList } from './panels/LayerList.tsx'
import { Legend } from './panels/Legend.tsx'
import { SignIn } from './panels/SignIn.tsx'
import { UserMenu } from './panels/UserMenu.tsx'

type Session = { status: 'checking' } | { status: 'signed-out' } | { status: 'signed-in'; user: User }

export function App() {
  const { t } = useI18n()
  const [session, setSession] = useState<Session>({ status: 'checking' })
  useEffect(() => {
    me().then(({ user }) => setSession({ status: 'signed-in', user }), () => setSession({ status: 'signed-out' }))
  }, [])

  if (session.status === 'checking') return <p className="splash">{t('app.loading')}</p>
  if (session.status === 'signed-out') return <SignIn onSignedIn={(user) => setSession({ status: 'signed-in', user })} />
  return <Workspace user={session.user} onSignedOut={() => setSession({ status: 'signed-out' })} />
}

function Workspace({ user, onSignedOut }: { user: User; onSignedOut(): void }) {
  const { t } = useI18n()
  const [meta, setMeta] = useState<Meta | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [selection, setSelection] = useState<Selection | null>(null)
  const [panelOpen, setPanelOpen] = useState(() => window.innerWidth > 720)
  // Layers the role may not read are not offered at all (viewers: no incidents).
  const layers = useMemo(() => LAYERS.filter((l) => !(l.sensitive && (user.role === 'viewer' || user.role === 'field_officer'))), [user.role])
  const [state, setState] = useState<Record<string, LayerState>>(() =>
    Object.fromEntries(LAYERS.map((l) => [l.id, { visible: l.visible, opacity: 1 }])),
  )

  useEffect(() => {
    loadMeta().then(setMeta, (e: ApiError) => (e.status === 401 ? onSignedOut() : setError(e.message)))
  }, [onSignedOut])
  const onSelect = useCallback((s: Selection | null) => setSelection(s), [])

  async function doSignOut() {
    await signOut().catch(() => undefined)
    onSignedOut()
  }

  return (
    <div className="app">
      <header className="topbar">
        <button type="button" className="icon panel-toggle" aria-expanded={panelOpen} aria-controls="side" aria-label={t('layers.toggle')} onClick={() => setPanelOpen(!panelOpen)}>☰</button>
        <div className="brand">
          <span className="logo" aria-hidden="true">◆</span>
          <span><strong>{t('app.title')}</strong> <span className="muted subtitle">{t('app.subtitle')}</span></span>
        </div>
        {meta?.sample.loaded && <span className="badge" title={t('app.sampleBadge.help')} data-testid="sample-badge">{t('app.sampleBadge')}</span>}
        <div className="spacer" />
        <LanguageSwitch />
        <UserMenu user={user} onSignOut={doSignOut} />
      </header>
      <div className="body">
        <aside id="side" className={`side ${panelOpen ? 'open' : ''}`}>
          <LayerList layers={layers} state={state} onChange={(id, s) => setState((prev) => ({ ...prev, [id]: s }))} />
          <Legend layers={layers} state={state} />
        </aside>
        <main className="stage">
          {error && <p className="error" role="alert">{t('error.generic')}: {error}</p>}
          {meta && <MapView meta={meta} layers={layers} state={state} onSelect={onSelect} />}
          {selection && <FeaturePanel selection={selection} onClose={() => setSelection(null)} />}
        </main>
      </div>
    </div>
  )
}
