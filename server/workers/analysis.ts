import type { AreaScope } from '../access/scope.ts'
import type { Progress } from '../analysis/engine.ts'
import type { Queryable } from '../db/index.ts'
import { pool } from './pool.ts'
import type { TaskArgs } from './tasks.ts'

type AnalysisTask = 'coverage' | 'serviceAreas' | 'priorities' | 'corridors'

/** An analysis entry point with the engine's signature, run in the analysis pool instead of on the event loop. */
export const inWorker =
  <T extends AnalysisTask>(task: T) =>
  (q: Queryable, params: TaskArgs<T>[0], area: AreaScope, progress: Progress) =>
    pool('analysis').run(task, q, [params, area] as TaskArgs<T>, progress)
