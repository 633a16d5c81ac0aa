import type { Feature, Meta, User } from '../api/client.ts'
import { AreaStatsControls } from '../analysis/AreaStatsControls.tsx'
import { IncidentControls } from '../analysis/IncidentControls.tsx'
import { useI18n } from '../i18n/index.tsx'
import { ImportPanel } from '../imports/ImportPanel.tsx'
import { ExportMenu } from '../map/ExportMenu.tsx'
import { FiltersPanel } from '../map/Filters.tsx'
import { LayerList } from '../map/LayerList.tsx'
import { Legend } from '../map/Legend.tsx'
import type { Reference } from '../map/MapView.tsx'
import { Tools } from '../map/Tools.tsx'
import { RegionPanel } from '../monitoring/RegionPanel.tsx'
import { canAnalyse } from '../state/rights.ts'
import type { Tab } from '../state/url.ts'
import { setLayer, tabsFor, useView, useViewStore } from '../state/view.ts'
import { SideTabs, type TabDef } from './SideTabs.tsx'

interface Props {
  user: User
  meta: Meta | null
  reference: Reference | null
  /** The incidents of the current filters (all months), for the time slider's histogram. */
  incidents: Feature[]
  countyName(code: string): string
  onImported(): void
}

/** The map's side panel: Layers, Filters (with the area's summary), Analysis, Legend and Tools, as the role has them. */
export function SidePanel({ user, meta, reference, incidents, countyName, onImported }: Props) {
  const { t, v } = useI18n()
  const store = useViewStore()
  const tab = useView((s) => s.tab)
  const prioritising = useView((s) => s.prioritising)
  const incidentsReadable = useView((s) => s.defs.some((l) => l.id === 'incidents'))
  const incidentsOn = useView((s) => Boolean(s.layers.incidents?.visible))
  const filters = useView((s) => s.filters)

  const content: Record<Tab, React.ReactNode> = {
    layers: <LayerList />,
    filters: reference && (
      <>
        <FiltersPanel counties={reference.counties} user={user} />
        <RegionPanel
          areaName={
            filters.county ? countyName(filters.county) : filters.region ? v(filters.region) : t('region.national')
          }
        />
      </>
    ),
    analysis: (
      <>
        {canAnalyse(user) && (
          <section className="panel-section">
            <p className="muted small">{t('tabs.prioritiseHelp')}</p>
            <button
              type="button"
              aria-pressed={prioritising}
              onClick={() => store.set({ prioritising: !prioritising })}
            >
              {t('prio.open')}
            </button>
          </section>
        )}
        {incidentsReadable &&
          (incidentsOn ? (
            <IncidentControls incidents={incidents} />
          ) : (
            <section className="panel-section">
              <p className="muted small">{t('tabs.incidentsOff')}</p>
              <button type="button" onClick={() => setLayer(store, 'incidents', { visible: true })}>
                {t('tabs.showIncidents')}
              </button>
            </section>
          ))}
        {incidentsReadable && <AreaStatsControls trends={canAnalyse(user)} />}
      </>
    ),
    legend: <Legend />,
    tools: (
      <>
        {meta && <Tools meta={meta} />}
        <ExportMenu />
        <ImportPanel onImported={onImported} />
      </>
    ),
  }
  const tabs: TabDef<Tab>[] = tabsFor(user.role).map((id) => ({ id, label: t(`tabs.${id}`), content: content[id] }))
  return <SideTabs<Tab> label={t('tabs.label')} tabs={tabs} active={tab} onSelect={(id) => store.set({ tab: id })} />
}
