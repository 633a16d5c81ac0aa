import { afterEach, describe, expect, it } from 'vitest'
import * as D from '../../contract/domains.ts'
import { niceLength } from '../../web/src/map/export.ts'
import { KENYA, homeBounds } from '../../web/src/map/home.ts'
import {
  CONDITION_COLORS,
  LAYERS,
  defaultVisible,
  iconName,
  legendEntries,
  styleLayers,
  type LayerDef,
} from '../../web/src/map/layers.ts'
import { pendingFilter, pendingLayer } from '../../web/src/map/pending.ts'
import { ICON_SIZE, SHAPES, sdfImage } from '../../web/src/map/symbols.ts'
import { filterQuery } from '../../web/src/state/filters.ts'
import { readChoropleth, readUrl, writeUrl, type UrlState } from '../../web/src/state/url.ts'
import { createViewStore, layersFor, setLayer, tabsFor, urlState } from '../../web/src/state/view.ts'

// The web map's pure parts: the URL codec, the layer definitions (style, legend, defaults) and the symbols.

describe('the URL codec (web/src/state/url.ts)', () => {
  const g = globalThis as unknown as { window?: unknown; history?: unknown }
  afterEach(() => {
    delete g.window
    delete g.history
  })
  /** writeUrl in a stand-in window: returns the hash it wrote. */
  function written(s: UrlState): string {
    let hash = ''
    g.window = { location: { hash: '' } }
    g.history = { replaceState: (_: unknown, __: string, h: string) => (hash = h) }
    writeUrl(s)
    return hash
  }

  it('round-trips view, layers, filters, selection, incident mode, month and side panel tab', () => {
    const state: UrlState = {
      view: { zoom: 7.25, lat: 3.1234, lon: 35.6 },
      layers: { roads: { visible: true, opacity: 1 }, incidents: { visible: false, opacity: 0.6 } },
      filters: { region: 'rift_valley', county: '023', condition: 'poor', from: '2025-01-01', to: '2025-03-31' },
      selection: { collection: 'roads', id: '12' },
      incidentMode: 'heatmap',
      month: '2025-03',
      tab: 'analysis',
    }
    const hash = written(state)
    expect(hash).toBe(
      '#map=7.25/3.1234/35.6000&layers=roads:1:1,incidents:0:0.6&f.region=rift_valley&f.county=023&f.condition=poor&f.from=2025-01-01&f.to=2025-03-31&sel=roads/12&inc=heatmap&month=2025-03&tab=analysis',
    )
    expect(readUrl(hash)).toEqual(state)
  })

  it('keeps status and kind per layer in the link', () => {
    const state: UrlState = { filters: { 'airstrips.status': 'closed', 'facilities.kind': 'police_post' } }
    const hash = written(state)
    expect(hash).toBe('#f.airstrips.status=closed&f.facilities.kind=police_post')
    expect(readUrl(hash)).toEqual(state)
  })

  it('keeps the area statistics choropleth in the link: granularity, measure, level and period, absent when off', () => {
    const state: UrlState = {
      filters: { theme: 'cattle_rustling_banditry' },
      choropleth: { granularity: 'quarter', measure: 'events_per_100k', level: 'sub_county', period: '2024-07-01' },
    }
    const hash = written(state)
    expect(hash).toBe('#f.theme=cattle_rustling_banditry&stats=quarter,events_per_100k,sub_county,2024-07-01')
    expect(readUrl(hash)).toEqual(state)
    // Shown on its latest period: no period in the link.
    const latest: UrlState = { filters: {}, choropleth: { granularity: 'month', measure: 'events', level: 'county' } }
    expect(written(latest)).toBe('#stats=month,events,county')
    expect(readUrl('#stats=month,events,county')).toEqual(latest)
    // Off: nothing in the link, and nothing read.
    expect(written({ filters: {} })).toBe('#')
    expect(readUrl('#').choropleth).toBeUndefined()
  })

  it('reads a choropleth entry it cannot fully read with defaults for the bad parts', () => {
    expect(readChoropleth('fortnight,deaths,village,2024-13')).toEqual({
      granularity: 'month',
      measure: 'events',
      level: 'county',
    })
    expect(readChoropleth('')).toEqual({ granularity: 'month', measure: 'events', level: 'county' })
    expect(readChoropleth('week,fatalities,ward,2024-02-10')).toEqual({
      granularity: 'week',
      measure: 'fatalities',
      level: 'ward',
      period: '2024-02-10',
    })
  })

  it('leaves out the defaults and ignores what it cannot read', () => {
    expect(written({ filters: {}, incidentMode: 'points', tab: 'layers' })).toBe('#')
    const read = readUrl('#map=abc/1/2&layers=roads:1:7,facilities:0:0&sel=roads&f.colour=red&tab=settings')
    expect(read.tab).toBeUndefined()
    expect(read.view).toBeUndefined()
    expect(read.selection).toBeUndefined()
    expect(read.filters).toEqual({})
    // Opacity is kept within 0.1–1.
    expect(read.layers).toEqual({ roads: { visible: true, opacity: 1 }, facilities: { visible: false, opacity: 1 } })
  })
})

describe('the view store (web/src/state/view.ts)', () => {
  it("starts from the link, over the role's default layers", () => {
    const store = createViewStore(
      { role: 'planner' },
      '#map=7/1/36&layers=roads:0:0.5&f.county=023&sel=roads/12&inc=hotspots&month=2025-03&tab=analysis',
    )
    const s = store.get()
    expect(s.layers.roads).toEqual({ visible: false, opacity: 0.5 })
    expect(s.layers.incidents).toEqual({ visible: true, opacity: 1 })
    expect(s.filters).toEqual({ county: '023' })
    expect(s.selection).toEqual({ collection: 'roads', id: '12' })
    expect(s.initialView).toEqual({ zoom: 7, lat: 1, lon: 36 })
    expect([s.incidentMode, s.month, s.tab]).toEqual(['hotspots', '2025-03', 'analysis'])
    expect(s.map).toBeNull()
  })

  it('gives each role the layers and tabs the contract allows, and opens a tab the role lacks on the first', () => {
    expect(layersFor('viewer').map((l) => l.id)).not.toContain('incidents')
    expect(layersFor('field_officer').map((l) => l.id)).not.toContain('incidents')
    expect(layersFor('commissioner').map((l) => l.id)).toContain('incidents')
    expect(layersFor('planner').map((l) => l.id)).not.toContain('community_structures')
    expect(layersFor('moderator').map((l) => l.id)).toContain('community_structures')
    expect(tabsFor('viewer')).toEqual(['layers', 'filters', 'legend', 'tools'])
    expect(tabsFor('planner')).toEqual(['layers', 'filters', 'analysis', 'legend', 'tools'])
    expect(tabsFor('flight_officer')).toContain('analysis')
    expect(createViewStore({ role: 'viewer' }, '#tab=analysis').get().tab).toBe('layers')
    expect(createViewStore({ role: 'viewer' }, '#tab=legend').get().tab).toBe('legend')
  })

  it('tells subscribers of a change once, and not of a change to the same values', () => {
    const store = createViewStore({ role: 'planner' }, '')
    let calls = 0
    const off = store.subscribe(() => calls++)
    const before = store.get()
    store.set({ tab: 'layers', selection: null })
    expect(calls).toBe(0)
    expect(store.get()).toBe(before)
    setLayer(store, 'roads', { opacity: 0.4 })
    expect(calls).toBe(1)
    expect(store.get().layers.roads).toEqual({ visible: true, opacity: 0.4 })
    // Other layers keep their identity, so a component that selects one renders only when it changes.
    expect(store.get().layers.facilities).toBe(before.layers.facilities)
    off()
    store.set({ tab: 'tools' })
    expect(calls).toBe(1)
  })

  it('writes a link that starts the same view again', () => {
    const g = globalThis as unknown as { window?: unknown; history?: unknown }
    let hash = ''
    g.window = { location: { hash: '' } }
    g.history = { replaceState: (_: unknown, __: string, h: string) => (hash = h) }
    try {
      const store = createViewStore({ role: 'commissioner' }, '')
      expect(store.get().choropleth).toBeNull()
      store.set({ filters: { region: 'rift_valley' }, incidentMode: 'heatmap', month: '2025-06', tab: 'filters' })
      store.set({ choropleth: { granularity: 'year', measure: 'fatalities', level: 'ward', period: '2024-01-01' } })
      store.set({ view: { zoom: 8, lat: 0.5, lon: 35.3 }, selection: { collection: 'airstrips', id: 4 } })
      setLayer(store, 'incidents', { visible: false })
      writeUrl(urlState(store.get()))
      const again = createViewStore({ role: 'commissioner' }, hash).get()
      const s = store.get()
      expect(again.layers).toEqual(s.layers)
      expect(again.filters).toEqual(s.filters)
      expect(again.initialView).toEqual(s.view)
      expect(again.selection).toEqual({ collection: 'airstrips', id: '4' })
      expect([again.incidentMode, again.month, again.tab]).toEqual(['heatmap', '2025-06', 'filters'])
      expect(again.choropleth).toEqual(s.choropleth)
    } finally {
      delete g.window
      delete g.history
    }
  })
})

describe('the layer definitions (web/src/map/layers.ts)', () => {
  const points = LAYERS.filter((l) => l.kind === 'symbol')
  const shapeOf = (l: LayerDef) => (typeof l.shape === 'string' ? [l.shape] : Object.values(l.shape!.shapes))

  it('gives each point layer its own shapes, all of them drawable', () => {
    const seen = new Map<string, string>()
    for (const l of points) {
      for (const s of new Set(shapeOf(l))) {
        expect(SHAPES).toContain(s)
        expect(seen.get(s), `${s} is used by ${seen.get(s)} and ${l.id}`).toBeUndefined()
        seen.set(s, l.id)
      }
    }
  })

  it('never gives one colour two meanings: condition, status and theme palettes are disjoint', () => {
    const meaning = new Map<string, string>()
    for (const l of LAYERS) {
      for (const [value, color] of Object.entries(l.colorBy.colors)) {
        const m = `${l.colorBy.field === 'status' ? 'status' : l.id}:${l.colorBy.field === 'status' ? statusClass(value) : value}`
        const before = meaning.get(color.toLowerCase())
        if (before) expect(before, `${color} means ${before} and ${m}`).toBe(m)
        meaning.set(color.toLowerCase(), m)
      }
    }
    expect(Object.keys(CONDITION_COLORS)).toEqual([...D.CONDITIONS])
  })

  it('builds a legend with exactly the colours its style uses', () => {
    for (const l of LAYERS) {
      const json = JSON.stringify(styleLayers(l, 1))
      for (const e of legendEntries(l)) if (e.color !== '#444444') expect(json).toContain(e.color)
      if (l.kind === 'symbol') for (const s of shapeOf(l)) expect(json).toContain(iconName(s))
    }
  })

  it('covers every value of the field it colours by', () => {
    const domains: Partial<Record<string, readonly string[]>> = {
      airstrips: D.AIRSTRIP_STATUSES,
      border_posts: D.BORDER_POST_STATUSES,
      admin_units: D.ADMIN_STATUSES,
      facilities: D.FACILITY_STATUSES,
      roads: D.CONDITIONS,
      incidents: D.INCIDENT_THEMES,
    }
    for (const [id, values] of Object.entries(domains)) {
      const l = LAYERS.find((x) => x.id === id)!
      expect(Object.keys(l.colorBy.colors).sort(), id).toEqual([...values!].sort())
    }
  })

  it('scales opacity without rebuilding the layer ids', () => {
    for (const l of LAYERS) expect(styleLayers(l, 0.5).map((x) => x.id)).toEqual(styleLayers(l, 1).map((x) => x.id))
  })

  it('draws pending badges only for the queued assets, and nothing while none is queued', () => {
    for (const l of LAYERS.filter((x) => x.source === 'tiles')) {
      const layer = pendingLayer(l) as { filter: unknown; layout: { visibility: string } }
      // Hidden and matching no feature: a badge layer drawn for every feature at opacity 0 still costs each frame.
      expect(layer.layout.visibility).toBe('none')
      expect(layer.filter).toEqual(['in', ['id'], ['literal', []]])
    }
    expect(pendingFilter([7, 12])).toEqual({ filter: ['in', ['id'], ['literal', [7, 12]]], visibility: 'visible' })
  })

  it('turns on incidents only for the roles that analyse them', () => {
    const incidents = LAYERS.find((l) => l.id === 'incidents')!
    expect(D.ROLES.filter((r) => defaultVisible(incidents, r))).toEqual(['admin', 'planner', 'commissioner'])
    const admin = LAYERS.find((l) => l.id === 'admin_units')!
    expect(D.ROLES.filter((r) => defaultVisible(admin, r))).toEqual(['field_officer'])
  })
})

describe('symbols, map furniture and the home view', () => {
  it('encodes shapes as signed distance fields (191 on the outline, 255 deep inside, 0 far outside)', () => {
    for (const s of SHAPES) {
      const img = sdfImage(s)
      expect(img.data.length).toBe(ICON_SIZE * ICON_SIZE * 4)
      const alpha = (x: number, y: number) => img.data[(y * ICON_SIZE + x) * 4 + 3]!
      expect(alpha(ICON_SIZE / 2, ICON_SIZE / 2), s).toBeGreaterThan(191)
      expect(alpha(0, 0), s).toBe(0)
    }
  })

  it('picks round scale-bar lengths', () => {
    expect(niceLength(180_000)).toBe(100_000)
    expect(niceLength(260_000)).toBe(200_000)
    expect(niceLength(7_300)).toBe(5_000)
    expect(niceLength(40)).toBe(20)
  })

  it('opens a user on their counties or region, and everyone else on Kenya', () => {
    const square = (code: string, w: number, s: number) => ({
      type: 'Feature' as const,
      properties: { code },
      geometry: {
        type: 'Polygon' as const,
        coordinates: [
          [
            [w, s],
            [w + 1, s],
            [w + 1, s + 1],
            [w, s + 1],
            [w, s],
          ],
        ],
      },
    })
    const reference = {
      counties: { type: 'FeatureCollection', features: [square('023', 35, 3), square('047', 36.7, -1.4)] },
      regions: { type: 'FeatureCollection', features: [square('rift_valley', 34, -1)] },
    } as never
    expect(homeBounds({ role: 'field_officer', counties: ['023'], regions: [] }, reference)).toEqual([
      [35, 3],
      [36, 4],
    ])
    expect(homeBounds({ role: 'commissioner', counties: [], regions: ['rift_valley'] }, reference)).toEqual([
      [34, -1],
      [35, 0],
    ])
    expect(homeBounds({ role: 'viewer', counties: [], regions: [] }, reference)).toEqual(KENYA)
    // A national role's map opens on Kenya whatever lists it carries: the area comes from the role.
    expect(homeBounds({ role: 'planner', counties: ['023'], regions: [] }, reference)).toEqual(KENYA)
  })
})

/** Status values that mean the same thing on different layers share a colour. */
function statusClass(value: string): string {
  if (value === 'operational' || value === 'active') return 'works'
  if (value === 'closed' || value === 'not_operational' || value === 'inactive') return 'closed'
  if (value === 'restricted' || value === 'partially_operational' || value === 'under_construction') return 'partly'
  return value
}

describe('the filters each layer is asked for (web/src/state/filters.ts)', () => {
  const filters = {
    county: '023',
    condition: 'poor',
    theme: 'cattle_rustling',
    from: '2025-07-01',
    'airstrips.status': 'closed',
    'facilities.status': 'planned',
    'facilities.kind': 'police_post',
  } as const

  it("gives a layer its own status and kind, never another layer's", () => {
    expect(filterQuery('airstrips', filters)).toBe('county=023&condition=poor&status=closed')
    expect(filterQuery('facilities', filters)).toBe('county=023&condition=poor&status=planned&kind=police_post')
    expect(filterQuery('roads', filters)).toBe('county=023&condition=poor')
  })

  it('gives incidents the theme and an open-ended period, and no condition', () => {
    expect(filterQuery('incidents', filters, { limit: '10' })).toBe(
      'county=023&theme=cattle_rustling&datetime=2025-07-01%2F..&limit=10',
    )
  })
})

describe('the legend of what is in view (web/src/map/layers.ts)', () => {
  const layer = (id: string) => LAYERS.find((l) => l.id === id)!

  it('lists only the classes among the features drawn, and every class when not told what is drawn', () => {
    const airstrips = layer('airstrips')
    const all = legendEntries(airstrips).map((e) => e.value)
    const drawn = [{ status: 'closed' }, { status: 'closed' }]
    const some = legendEntries(airstrips, drawn).map((e) => e.value)
    expect(all.length).toBeGreaterThan(some.length)
    expect(some).toContain('closed')
    expect(some).not.toContain('operational')
  })

  it('keeps the shapes of the kinds drawn and the fixed road entries', () => {
    const facilities = layer('facilities')
    const kinds = Object.keys((facilities.shape as { shapes: Record<string, string> }).shapes)
    const values = legendEntries(facilities, [{ status: 'operational', kind: kinds[0] }]).map((e) => e.value)
    expect(values).toContain(kinds[0])
    expect(values).not.toContain(kinds[1])
    const roads = legendEntries(layer('roads'), [{ condition: 'poor' }]).map((e) => e.value)
    expect(roads).toEqual(['poor', 'legend.planned', 'legend.securityRoad'])
  })
})
