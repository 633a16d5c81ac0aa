import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { computeCoverage } from '../../server/analysis/coverage.ts'
import { buildGraph, components } from '../../server/analysis/graph.ts'
import { attachSites, edgeTimes } from '../../server/analysis/network.ts'
import { DEFAULT_CONFIG } from '../../server/analysis/speeds.ts'
import { roadSet } from '../../scripts/lib/synthetic-network.ts'
import { SHARED_DATA } from '../support/shared-data.ts'

// The road graph on Kenya's real national network (VMap0, ../shared/data), whose published description gives the
// figures to meet: about 37,600 km, one connected component and 26 small islands.

const DATA = SHARED_DATA
const ROADS = join(DATA, 'ke_roads_vmap0.geojson')
const TOWNS = join(DATA, 'ke_major_towns.geojson')
const present = existsSync(ROADS)
if (!present) console.log(`[skip] real road network: ${ROADS} not present`)

function realNetwork() {
  const fc = JSON.parse(readFileSync(ROADS, 'utf8')) as { features: { geometry: { type: string; coordinates: any } }[] }
  const list: { coords: number[][] }[] = []
  for (const f of fc.features) {
    for (const part of f.geometry.type === 'MultiLineString' ? f.geometry.coordinates : [f.geometry.coordinates])
      if (part.length >= 2) list.push({ coords: part })
  }
  return roadSet(list)
}

describe.skipIf(!present)('the road graph of the real national network', () => {
  it('has its published length, one main component and 26 islands once endpoints are snapped', () => {
    const g = buildGraph(realNetwork(), DEFAULT_CONFIG.snap_m)
    const c = components(g)
    const km = c.km.reduce((a, b) => a + b, 0)
    expect(Math.abs(km - 37_600) / 37_600).toBeLessThan(0.01)
    expect(c.count).toBe(27)
    expect(Math.max(...c.km) / km).toBeGreaterThan(0.98)
    expect(g.snappedEndpoints).toBeGreaterThan(0)
    // Without snapping, road ends a few metres apart stay apart: more pieces.
    expect(components(buildGraph(realNetwork(), 0)).count).toBeGreaterThan(27)
  })

  it('reaches the major towns from Nairobi along the roads, in plausible times', (ctx) => {
    if (!existsSync(TOWNS)) return ctx.skip()
    const g = buildGraph(realNetwork(), DEFAULT_CONFIG.snap_m)
    const times = edgeTimes(g, DEFAULT_CONFIG, 'dry')
    const towns = JSON.parse(readFileSync(TOWNS, 'utf8')).features as {
      properties: Record<string, unknown>
      geometry: { coordinates: number[] }
    }[]
    const nameOf = (f: (typeof towns)[number]) =>
      String(f.properties.name ?? f.properties.NAME ?? f.properties.town ?? '')
    const nairobi = towns.find((f) => /nairobi/i.test(nameOf(f)))
    const mombasa = towns.find((f) => /mombasa/i.test(nameOf(f)))
    if (!nairobi || !mombasa) return ctx.skip()
    const src = attachSites(
      g,
      [nairobi.geometry.coordinates[0]!],
      [nairobi.geometry.coordinates[1]!],
      DEFAULT_CONFIG,
      3600,
    )
    const tgt = attachSites(
      g,
      [mombasa.geometry.coordinates[0]!],
      [mombasa.geometry.coordinates[1]!],
      DEFAULT_CONFIG,
      3600,
    )
    const hours = computeCoverage(g, times.now, src, tgt).seconds[0]! / 3600
    // About 480 km by road; every road here at class A good paved speed (80 km/h): six to eight hours.
    console.log(`[real network] Nairobi → Mombasa ${hours.toFixed(2)} h`)
    expect(hours).toBeGreaterThan(5)
    expect(hours).toBeLessThan(9)
  })
})
