import type { Client } from './app.ts'

/**
 * Asks /api/health every `everyMs` while `work` runs. Returns the work's result, every latency seen (ms, printed for
 * people, never asserted: speed belongs in `npm run bench`) and how many health checks were answered 200 before the
 * work ended — the property tests hold: a server whose event loop the work blocked could answer at most two (one before
 * the block, one racing the work's own answer at its end).
 */
export async function healthDuring<T>(
  client: Client,
  work: () => Promise<T>,
  everyMs = 100,
): Promise<{ result: T; latencies: number[]; max: number; answeredDuring: number; failed: number; workMs: number }> {
  const latencies: number[] = []
  const started = performance.now()
  let done = false
  let answeredDuring = 0
  let failed = 0
  const pinger = (async () => {
    while (!done) {
      const t0 = performance.now()
      const res = await client.request('/api/health')
      await res.text()
      latencies.push(performance.now() - t0)
      if (res.status !== 200) failed++
      else if (!done) answeredDuring++
      await new Promise((r) => setTimeout(r, everyMs))
    }
  })()
  try {
    const result = await work()
    const workMs = performance.now() - started
    return { result, latencies, max: Math.max(0, ...latencies), answeredDuring, failed, workMs }
  } finally {
    done = true
    await pinger
  }
}

/**
 * The server kept answering health checks while the work ran (see `healthDuring`): one answer per 2 s of work, up to
 * three. A server blocked through the work answers at most two, so work of 6 s or more tells the two apart; shorter
 * work asks less, and work under 2 s only that no check failed (it cannot have blocked for long).
 */
export const keptAnswering = (run: { answeredDuring: number; failed: number; workMs: number }) =>
  run.failed === 0 && run.answeredDuring >= Math.min(3, Math.floor(run.workMs / 2000))

export const describeLatencies = (label: string, l: { latencies: number[]; max: number }) =>
  `${label}: ${l.latencies.length} health checks, max ${Math.round(l.max)} ms, median ${Math.round(
    [...l.latencies].sort((a, b) => a - b)[Math.floor(l.latencies.length / 2)] ?? 0,
  )} ms [${l.latencies.map((x) => Math.round(x)).join(' ')}]`
