import type { Map as MapLibre } from 'maplibre-gl'
import { createContext, createElement, useContext, useEffect, useState, type ReactNode } from 'react'
import { roleCan } from '../../../contract/rights.ts'
import type { User } from '../api/client.ts'
import type { IncidentMode } from '../map/incidents.ts'
import { LAYERS, defaultVisible, type LayerDef } from '../map/layers.ts'
import type { Filters } from './filters.ts'
import { createStore, useStore, type Store } from './store.ts'
import {
  TABS,
  readUrl,
  writeUrl,
  type Choropleth,
  type LayerState,
  type Selection,
  type Tab,
  type UrlState,
  type View,
} from './url.ts'

// The map workspace's view state in one store: what is shown (layers, filters, incident view, month), what is picked
// (selection), where (camera) and how the panel is laid out (tab). The URL hash is its codec (state/url.ts): the store
// starts from the link and writes every change back, so a copied link restores the view.

export interface ViewState {
  /** The layers this user's role may read, fixed for the session (contract/rights.ts decides). */
  defs: readonly LayerDef[]
  layers: Record<string, LayerState>
  filters: Filters
  selection: Selection | null
  /** The camera, as last reported by the map. */
  view?: View
  /** The camera the link opened with: the map starts there instead of on the user's area. */
  initialView?: View
  incidentMode: IncidentMode
  month?: string
  /** Hot spots compared with the previous period (needs a month or a from–to range). */
  trend: boolean
  tab: Tab
  /** The area statistics choropleth: null when it is off. */
  choropleth: Choropleth | null
  prioritising: boolean
  /** The map itself, once created: panels that draw on it or move it read it from here. */
  map: MapLibre | null
}

export type ViewStore = Store<ViewState>

/** The layers a role may read: a layer with `readBy` needs that capability. */
export function layersFor(role: User['role']): LayerDef[] {
  return LAYERS.filter((l) => !l.readBy || roleCan(role, l.readBy))
}

/** The side panel's tabs a role can use: Analysis needs incidents to look at or the analysis capability. */
export function tabsFor(role: User['role']): Tab[] {
  const analysis = layersFor(role).some((l) => l.id === 'incidents') || roleCan(role, 'analysis')
  return TABS.filter((t) => t !== 'analysis' || analysis)
}

export function createViewStore(user: Pick<User, 'role'>, hash = window.location.hash): ViewStore {
  const url = readUrl(hash)
  const defs = layersFor(user.role)
  return createStore<ViewState>({
    defs,
    layers: {
      ...Object.fromEntries(LAYERS.map((l) => [l.id, { visible: defaultVisible(l, user.role), opacity: 1 }])),
      ...url.layers,
    },
    filters: url.filters,
    selection: url.selection ?? null,
    view: url.view,
    initialView: url.view,
    incidentMode: (url.incidentMode as IncidentMode | undefined) ?? 'points',
    month: url.month,
    trend: false,
    // A link naming a tab this role does not have opens on the first one.
    tab: url.tab && tabsFor(user.role).includes(url.tab) ? url.tab : TABS[0],
    choropleth: url.choropleth ?? null,
    prioritising: false,
    map: null,
  })
}

/** What of the view state goes into the link. */
export function urlState(s: ViewState): UrlState {
  return {
    view: s.view,
    layers: s.layers,
    filters: s.filters,
    selection: s.selection ?? undefined,
    incidentMode: s.incidentMode,
    month: s.month,
    tab: s.tab,
    choropleth: s.choropleth ?? undefined,
  }
}

const Context = createContext<ViewStore | null>(null)

/** Makes a view store for the signed-in user and keeps the URL hash in step with it. */
export function ViewStoreProvider({ user, children }: { user: Pick<User, 'role'>; children: ReactNode }) {
  const [store] = useState(() => createViewStore(user))
  useEffect(() => {
    writeUrl(urlState(store.get()))
    return store.subscribe(() => writeUrl(urlState(store.get())))
  }, [store])
  return createElement(Context.Provider, { value: store }, children)
}

export function useViewStore(): ViewStore {
  const store = useContext(Context)
  if (!store) throw new Error('useViewStore outside ViewStoreProvider')
  return store
}

/** A slice of the view state; the component renders again when that slice changes. */
export function useView<T>(selector: (s: ViewState) => T): T {
  return useStore(useViewStore(), selector)
}

// Changes that touch one part of a nested value.

export function setLayer(store: ViewStore, id: string, patch: Partial<LayerState>) {
  store.set((s) => ({ layers: { ...s.layers, [id]: { ...s.layers[id]!, ...patch } } }))
}

export const select = (store: ViewStore, selection: Selection | null) => store.set({ selection })

/** Hot spot trends compare a period with the one before: a month, or a from–to range, must be set. */
export const canTrend = (s: ViewState) => Boolean(s.month || (s.filters.from && s.filters.to))

/** Fits the map to a [west, south, east, north] box. */
export function fitTo(
  store: ViewStore,
  b: readonly number[],
  options: { padding: number; maxZoom?: number; duration?: number },
) {
  store.get().map?.fitBounds(
    [
      [b[0]!, b[1]!],
      [b[2]!, b[3]!],
    ],
    { duration: 700, ...options },
  )
}
