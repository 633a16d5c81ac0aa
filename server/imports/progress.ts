// Progress of the imports this process is working on, kept in memory: a commit's own transaction cannot show its
// progress to other connections, and the embedded database answers nothing else until it ends.

export type Phase = 'reading' | 'staging' | 'validating' | 'committing' | 'placing_assets' | 'rolling_back'

export interface Progress {
  phase: Phase
  processed: number
  total: number
}

const live = new Map<number, Progress>()

export function setProgress(batchId: number, phase: Phase, processed: number, total: number) {
  live.set(batchId, { phase, processed, total })
}

export function clearProgress(batchId: number) {
  live.delete(batchId)
}

export function progressOf(batchId: number): Progress | null {
  return live.get(batchId) ?? null
}
