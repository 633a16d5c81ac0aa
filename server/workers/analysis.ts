import type { AreaScope } from '../access/scope.ts'
import type { Progress } from '../analysis/engine.ts'
import type { Queryable } from '../db/index.ts'
import { pool } from './pool.ts'

type AnalysisTask = 'coverage' | 'serviceAreas' | 'priorities' | 'corridors'

/** An analysis entry point with the engine's signature, run in the analysis pool instead of on the event loop. */
export const inWorker =
  <P>(task: AnalysisTask) =>
  (q: Queryable, params: P, area: AreaScope, progress: Progress): Promise<unknown> =>
    pool('analysis').run(task, q, [params, area] as never, progress)
