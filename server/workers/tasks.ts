import type { AreaScope } from '../access/scope.ts'
import { runCorridors, runCoverage, runPriorities, runServiceAreas } from '../analysis/engine.ts'
import type {
  CorridorParams,
  CoverageParams,
  PriorityParams,
  ServiceAreaParams,
} from '../../contract/analysis-params.ts'
import type { Queryable } from '../db/index.ts'
import { readFile, type ImportFormat, type ReadOptions } from '../formats/index.ts'
import { clipGeometries, clipToArea } from './clip.ts'
import { hotspotReport, type HotspotQuery } from './hotspots.ts'

// What a task worker can run. Each task gets the database (proxied to the main thread) and a progress callback.
// Analysis results are cut to the caller's area here, around the unchanged engine entry points.

interface Ctx {
  db: Queryable
  progress: (phase: string, done?: number, total?: number) => Promise<void>
}

export const TASKS = {
  /** Loads this module (and so every task's code) in a fresh worker. */
  ping: () => 'pong',
  // Gap hexagons are drawn around targets in the caller's area, but a hexagon at its edge reaches beyond it.
  coverage: async (c: Ctx, p: CoverageParams, area: AreaScope) => {
    const r = await runCoverage(c.db, p, area, c.progress)
    return { ...r, gaps: { ...r.gaps, features: await clipToArea(c.db, r.gaps.features, area) } }
  },
  serviceAreas: async (c: Ctx, p: ServiceAreaParams, area: AreaScope) => {
    const r = await runServiceAreas(c.db, p, area, c.progress)
    return { ...r, features: await clipToArea(c.db, r.features, area) }
  },
  // A road to upgrade may run on past the area's edge: only its part inside is shown (its km and cost stay whole:
  // the upgrade is of the whole segment).
  priorities: async (c: Ctx, p: PriorityParams, area: AreaScope) => {
    const r = await runPriorities(c.db, p, area, c.progress)
    const lines = await clipGeometries(
      c.db,
      r.picks.map((pick) => pick.geometry),
      area,
    )
    return { ...r, picks: r.picks.map((pick, i) => ({ ...pick, geometry: asLines(lines[i]) ?? pick.geometry })) }
  },
  corridors: async (c: Ctx, p: CorridorParams, area: AreaScope) => {
    const r = await runCorridors(c.db, p, area, c.progress)
    const cells = await clipGeometries(
      c.db,
      r.clusters.flatMap((k) => k.hexagons),
      area,
    )
    let next = 0
    const clusters = r.clusters.map((k) => ({
      ...k,
      hexagons: k.hexagons.flatMap(() => {
        const g = cells[next++]
        return g ? [g] : []
      }),
    }))
    return { ...r, features: await clipToArea(c.db, r.features, area), clusters }
  },
  hotspots: (c: Ctx, q: HotspotQuery, area: AreaScope) => hotspotReport(c.db, q, area),
  parse: (_c: Ctx, format: ImportFormat, bytes: Uint8Array, opts: ReadOptions) => readFile(format, bytes, opts),
}

type Lines = { type: 'LineString'; coordinates: number[][] } | { type: 'MultiLineString'; coordinates: number[][][] }

/** A clipped road: its line or lines, or undefined when the clip left none (a road placed in the area but drawn
 * wholly outside its outline, which the caller sees in full among their own roads anyway). */
const asLines = (g: unknown): Lines | undefined => {
  const t = (g as { type?: string } | null)?.type
  return t === 'LineString' || t === 'MultiLineString' ? (g as Lines) : undefined
}

export type TaskName = keyof typeof TASKS
type Rest<F> = F extends (c: Ctx, ...args: infer A) => unknown ? A : never
export type TaskArgs<T extends TaskName> = Rest<(typeof TASKS)[T]>
export type TaskResult<T extends TaskName> = ReturnType<(typeof TASKS)[T]>
