import type { Client } from './app.ts'

/**
 * Asks /api/health every `everyMs` while `work` runs and returns the work's result with every latency seen (ms): the
 * measure of whether the server keeps answering while a heavy request is in progress.
 */
export async function healthDuring<T>(
  client: Client,
  work: () => Promise<T>,
  everyMs = 100,
): Promise<{ result: T; latencies: number[]; max: number }> {
  const latencies: number[] = []
  let done = false
  const pinger = (async () => {
    while (!done) {
      const t0 = performance.now()
      const res = await client.request('/api/health')
      await res.text()
      latencies.push(performance.now() - t0)
      await new Promise((r) => setTimeout(r, everyMs))
    }
  })()
  try {
    const result = await work()
    return { result, latencies, max: Math.max(0, ...latencies) }
  } finally {
    done = true
    await pinger
  }
}

export const describeLatencies = (label: string, l: { latencies: number[]; max: number }) =>
  `${label}: ${l.latencies.length} health checks, max ${Math.round(l.max)} ms, median ${Math.round(
    [...l.latencies].sort((a, b) => a - b)[Math.floor(l.latencies.length / 2)] ?? 0,
  )} ms [${l.latencies.map((x) => Math.round(x)).join(' ')}]`
