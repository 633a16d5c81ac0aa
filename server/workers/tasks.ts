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
import { clipToArea } from './clip.ts'
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
  // Coverage gaps are whole hexagons around targets already limited to the caller's area.
  coverage: (c: Ctx, p: CoverageParams, area: AreaScope) => runCoverage(c.db, p, area, c.progress),
  serviceAreas: async (c: Ctx, p: ServiceAreaParams, area: AreaScope) => {
    const r = await runServiceAreas(c.db, p, area, c.progress)
    return { ...r, features: await clipToArea(c.db, r.features, area) }
  },
  priorities: (c: Ctx, p: PriorityParams, area: AreaScope) => runPriorities(c.db, p, area, c.progress),
  corridors: async (c: Ctx, p: CorridorParams, area: AreaScope) => {
    const r = await runCorridors(c.db, p, area, c.progress)
    return { ...r, features: await clipToArea(c.db, r.features, area) }
  },
  hotspots: (c: Ctx, q: HotspotQuery, area: AreaScope) => hotspotReport(c.db, q, area),
  parse: (_c: Ctx, format: ImportFormat, bytes: Uint8Array, opts: ReadOptions) => readFile(format, bytes, opts),
}

export type TaskName = keyof typeof TASKS
type Rest<F> = F extends (c: Ctx, ...args: infer A) => unknown ? A : never
export type TaskArgs<T extends TaskName> = Rest<(typeof TASKS)[T]>
export type TaskResult<T extends TaskName> = ReturnType<(typeof TASKS)[T]>
