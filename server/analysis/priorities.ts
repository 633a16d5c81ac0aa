import type { CoverageState } from './coverage.ts'
import type { RoadGraph } from './graph.ts'
import { heapFor, placeTime, type LabelView } from './routing.ts'
import { attachmentsByEdge, type Sites } from './network.ts'

// Road-upgrade priorities: which candidate roads, brought to good condition, bring the most target weight within
// the threshold per unit of cost. Greedy with lazy re-evaluation: a candidate's gain is only recomputed when it
// reaches the top of the queue after an earlier pick, and candidates touching what a pick improved are refreshed
// at once, since a neighbouring upgrade can raise their gain (a chain of two bad stretches is worth more together).
//
// A candidate's gain is measured without re-running the whole network: the upgrade can only lower travel times
// (see the attachment model in network.ts), so a Dijkstra seeded across the upgraded edges, relaxing only strict
// improvements and pruned at the threshold, finds every node (and so every target) that it brings within reach.
//
// What the answer promises is not that estimate: once the picks are chosen they are replayed in order on exact,
// unpruned labels, so each pick's gain is the covered weight after picks 1…k minus after 1…k−1 under the model the
// coverage analysis uses, and its changes list every target whose time moves (in, or faster but still out).

export interface Candidate {
  /** Index of the road in the graph's road set. */
  road: number
  cost: number
  /** Where the road is, for the minimum per county. */
  group: string | null
}

export interface NewlyCovered {
  target: number
  /** Seconds before (Infinity = unreachable) and after the upgrade. */
  before: number
  after: number
  /** Source (place index) that now reaches it. */
  source: number
}

export interface Pick {
  candidate: number
  /** Exact: covered weight after this pick minus before it, the earlier picks applied. */
  gain: number
  cost: number
  /** Targets newly within the threshold. */
  covered: NewlyCovered[]
  /** Every target whose time changes with this pick (the newly covered among them). */
  changes: NewlyCovered[]
  /** Picked in the minimum-per-county phase. */
  guaranteed: boolean
}

export interface PriorityInput {
  g: RoadGraph
  /** Today's edge times (copied, not modified) and the upgraded ones. */
  now: Float64Array
  upgraded: Float64Array
  sources: Sites
  targets: Sites
  weight: Float64Array
  thresholdS: number
  coverage: CoverageState
  candidates: Candidate[]
  budget: number
  minPerGroup?: number
  onProgress?: (done: number, total: number) => void
}

const EPS = 1e-9

/**
 * Targets whose time can have changed after an upgrade: those on an edge at an improved node (`touched`) and those
 * on the upgraded edges e0..e1. `stamp` marks targets already listed in this `round`, so each appears once.
 */
function affectedTargets(
  g: RoadGraph,
  targets: Sites,
  onEdges: ReturnType<typeof attachmentsByEdge>,
  touched: readonly number[],
  e0: number,
  e1: number,
  stamp: Int32Array,
  round: number,
): number[] {
  const out: number[] = []
  const consider = (e: number) => {
    for (let a = onEdges.start[e]!; a < onEdges.start[e + 1]!; a++) {
      const i = targets.place[onEdges.list[a]!]!
      if (stamp[i] !== round) {
        stamp[i] = round
        out.push(i)
      }
    }
  }
  for (const x of touched) for (let a = g.adjStart[x]!; a < g.adjStart[x + 1]!; a++) consider(g.adjEdge[a]!)
  for (let e = e0; e < e1; e++) consider(e)
  return out
}

export function prioritise(input: PriorityInput): { picks: Pick[]; evaluations: number; seconds: Float64Array } {
  const { g, sources, targets, weight, thresholdS, candidates } = input
  const time = Float64Array.from(input.now)
  const dist = Float64Array.from(input.coverage.labels.dist)
  const origin = Int32Array.from(input.coverage.labels.origin)
  const seconds = Float64Array.from(input.coverage.seconds)
  const nearest = Int32Array.from(input.coverage.nearest)
  const sourcesOnEdges = input.coverage.sourcesOnEdges
  const targetsOnEdges = attachmentsByEdge(g, targets)
  const candEdgeStart = (c: number) => g.roadEdgeStart[candidates[c]!.road]!
  const candEdgeEnd = (c: number) => g.roadEdgeStart[candidates[c]!.road + 1]!

  // Scratch for one evaluation: an overlay of improved labels, stamped so it never needs clearing.
  const stamp = new Int32Array(g.nodeCount)
  const nd = new Float64Array(g.nodeCount)
  const nOrigin = new Int32Array(g.nodeCount)
  const edgeStamp = new Int32Array(g.edgeCount)
  const targetStamp = new Int32Array(targets.count)
  let round = 0
  let touched: number[] = []
  const heap = heapFor(g)

  const overlay = { round, stamp, dist: nd, origin: nOrigin, edgeStamp, upgraded: input.upgraded }
  const view: LabelView = { dist, origin, time, overlay, direct: input.coverage.direct }
  const timeOf = (e: number) => (edgeStamp[e] === round ? input.upgraded[e]! : time[e]!)

  let evaluations = 0
  /** Improvements if candidate c were upgraded: the nodes it improves (in `touched`) and the targets it brings in. */
  const evaluate = (c: number): { gain: number; covered: NewlyCovered[]; affected: number[] } => {
    evaluations++
    overlay.round = ++round
    touched = []
    heap.clear()
    const relax = (y: number, value: number, org: number) => {
      if (value > thresholdS) return
      const current = stamp[y] === round ? nd[y]! : dist[y]!
      if (value < current - EPS) {
        if (stamp[y] !== round) {
          stamp[y] = round
          touched.push(y)
        }
        nd[y] = value
        nOrigin[y] = org
        heap.decrease(y, value)
      }
    }
    const e0 = candEdgeStart(c),
      e1 = candEdgeEnd(c)
    for (let e = e0; e < e1; e++) edgeStamp[e] = round
    for (let e = e0; e < e1; e++) {
      const t = timeOf(e)
      if (!Number.isFinite(t)) continue
      const u = g.edgeFrom[e]!,
        v = g.edgeTo[e]!
      relax(v, dist[u]! + t, origin[u]!)
      relax(u, dist[v]! + t, origin[v]!)
      for (let a = sourcesOnEdges.start[e]!; a < sourcesOnEdges.start[e + 1]!; a++) {
        const k = sourcesOnEdges.list[a]!
        relax(u, sources.off[k]! + sources.f[k]! * t, sources.place[k]!)
        relax(v, sources.off[k]! + (1 - sources.f[k]!) * t, sources.place[k]!)
      }
    }
    const { adjStart, adjEdge, adjNode } = g
    while (heap.size > 0) {
      const x = heap.pop()
      const dx = nd[x]!
      const ox = nOrigin[x]!
      for (let a = adjStart[x]!; a < adjStart[x + 1]!; a++) relax(adjNode[a]!, dx + timeOf(adjEdge[a]!), ox)
    }
    const affected = affectedTargets(g, targets, targetsOnEdges, touched, e0, e1, targetStamp, round)
    let gain = 0
    const covered: NewlyCovered[] = []
    for (const i of affected) {
      if (seconds[i]! <= thresholdS) continue
      const r = placeTime(g, view, targets, i, sources, sourcesOnEdges)
      if (r.t <= thresholdS) {
        gain += weight[i]!
        covered.push({ target: i, before: seconds[i]!, after: r.t, source: r.origin })
      }
    }
    return { gain, covered, affected }
  }

  /** Makes candidate c's upgrade part of the network (after `evaluate(c)` in the same round). */
  const commit = (c: number, affected: number[]) => {
    for (const x of touched) {
      dist[x] = nd[x]!
      origin[x] = nOrigin[x]!
    }
    for (const i of affected) {
      const r = placeTime(g, view, targets, i, sources, sourcesOnEdges)
      if (r.t < seconds[i]!) {
        seconds[i] = r.t
        nearest[i] = r.origin
      }
    }
    for (let e = candEdgeStart(c); e < candEdgeEnd(c); e++) time[e] = input.upgraded[e]!
  }

  // The queue: a max-heap of (ratio, candidate, version); entries of an older version are skipped.
  const version = new Int32Array(candidates.length)
  const evaluatedAt = new Int32Array(candidates.length).fill(-1)
  const gainOf = new Float64Array(candidates.length)
  const queue: { ratio: number; c: number; v: number }[] = []
  const better = (a: { ratio: number; c: number }, b: { ratio: number; c: number }) =>
    a.ratio > b.ratio || (a.ratio === b.ratio && a.c < b.c)
  const push = (item: { ratio: number; c: number; v: number }) => {
    queue.push(item)
    let i = queue.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!better(queue[i]!, queue[p]!)) break
      ;[queue[i], queue[p]] = [queue[p]!, queue[i]!]
      i = p
    }
  }
  const pop = () => {
    const top = queue[0]!
    const last = queue.pop()!
    if (queue.length > 0) {
      queue[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1,
          r = l + 1
        let m = i
        if (l < queue.length && better(queue[l]!, queue[m]!)) m = l
        if (r < queue.length && better(queue[r]!, queue[m]!)) m = r
        if (m === i) break
        ;[queue[i], queue[m]] = [queue[m]!, queue[i]!]
        i = m
      }
    }
    return top
  }

  const picked = new Uint8Array(candidates.length)
  const picks: Pick[] = []
  let remaining = input.budget
  let commits = 0
  const ratio = (gain: number, cost: number) => (cost > 0 ? gain / cost : gain > 0 ? Infinity : 0)
  const candidatesAt = new Map<number, number[]>()
  candidates.forEach((cand, c) => {
    for (let e = candEdgeStart(c); e < candEdgeEnd(c); e++) {
      for (const n of [g.edgeFrom[e]!, g.edgeTo[e]!]) {
        let l = candidatesAt.get(n)
        if (!l) candidatesAt.set(n, (l = []))
        l.push(c)
      }
    }
  })
  // Nodes each candidate's last evaluation improved (entries may be stale: that only costs a re-evaluation).
  const reachedBy = new Map<number, number[]>()
  const remember = (k: number) => {
    for (const x of touched) {
      const l = reachedBy.get(x)
      if (!l) reachedBy.set(x, [k])
      else if (l[l.length - 1] !== k) l.push(k)
    }
  }
  const take = (c: number, ev: ReturnType<typeof evaluate>, guaranteed: boolean) => {
    commit(c, ev.affected)
    picked[c] = 1
    remaining -= candidates[c]!.cost
    picks.push({ candidate: c, gain: ev.gain, cost: candidates[c]!.cost, covered: ev.covered, changes: [], guaranteed })
    commits++
    // Candidates whose gain may have grown: re-evaluate them now rather than when they surface. Those meeting the
    // nodes this pick improved, and those whose own improvements reach this pick's roads or the nodes it improved
    // (a post on a candidate's road that now drives on through the pick).
    const near = new Set<number>()
    for (const x of touched) for (const k of candidatesAt.get(x) ?? []) if (!picked[k]) near.add(k)
    const met = (x: number) => {
      for (const k of reachedBy.get(x) ?? []) if (!picked[k]) near.add(k)
    }
    for (const x of touched) met(x)
    for (let e = candEdgeStart(c); e < candEdgeEnd(c); e++) {
      met(g.edgeFrom[e]!)
      met(g.edgeTo[e]!)
    }
    for (const k of near) {
      if (candidates[k]!.cost > remaining) continue
      const r = evaluate(k)
      gainOf[k] = r.gain
      evaluatedAt[k] = commits
      remember(k)
      version[k]!++
      if (r.gain > 0) push({ ratio: ratio(r.gain, candidates[k]!.cost), c: k, v: version[k]! })
    }
  }

  // Optional guarantee: the best candidate(s) of each county first, each evaluated afresh.
  if (input.minPerGroup && input.minPerGroup > 0) {
    const groups = [...new Set(candidates.map((c) => c.group).filter((x): x is string => x !== null))].sort()
    for (let k = 0; k < input.minPerGroup; k++) {
      for (const group of groups) {
        let best = -1
        let bestRatio = 0
        candidates.forEach((cand, c) => {
          if (picked[c] || cand.group !== group || cand.cost > remaining) return
          const ev = evaluate(c)
          const r = ratio(ev.gain, cand.cost)
          if (ev.gain > 0 && r > bestRatio) {
            best = c
            bestRatio = r
          }
        })
        if (best >= 0) {
          take(best, evaluate(best), true) // evaluated again so the overlay is this candidate's
        }
      }
    }
  }

  for (let c = 0; c < candidates.length; c++) {
    if (picked[c] || candidates[c]!.cost > remaining) continue
    const r = evaluate(c)
    gainOf[c] = r.gain
    evaluatedAt[c] = commits
    remember(c)
    if (r.gain > 0) push({ ratio: ratio(r.gain, candidates[c]!.cost), c, v: version[c]! })
    if (input.onProgress && c % 256 === 0) input.onProgress(c, candidates.length)
  }

  while (queue.length > 0) {
    const top = pop()
    const c = top.c
    if (top.v !== version[c] || picked[c]) continue
    if (candidates[c]!.cost > remaining) continue // the budget only shrinks: it will never fit
    if (evaluatedAt[c] !== commits) {
      const r = evaluate(c)
      gainOf[c] = r.gain
      evaluatedAt[c] = commits
      remember(c)
      version[c]!++
      if (r.gain > 0) push({ ratio: ratio(r.gain, candidates[c]!.cost), c, v: version[c]! })
      continue
    }
    const ev = evaluate(c) // fresh overlay for the commit (gain unchanged since nothing was committed since)
    take(c, ev, false)
  }
  const exact = replay(
    input,
    picks.map((p) => p.candidate),
  )
  picks.forEach((p, n) => {
    p.gain = exact.gains[n]!
    p.changes = exact.changes[n]!
    p.covered = p.changes.filter((c) => c.before > thresholdS && c.after <= thresholdS)
  })
  return { picks, evaluations, seconds: exact.seconds }
}

/**
 * Applies upgrades in order on exact labels (no pruning), as the coverage analysis would see the network after
 * each: per upgrade, the covered weight it adds and every target whose time changes.
 */
export function replay(
  input: Omit<PriorityInput, 'candidates' | 'budget' | 'minPerGroup' | 'onProgress'> & {
    candidates: readonly Candidate[]
  },
  order: readonly number[],
): { gains: number[]; changes: NewlyCovered[][]; seconds: Float64Array } {
  const { g, sources, targets, weight, thresholdS, candidates, coverage } = input
  const time = Float64Array.from(input.now)
  const dist = Float64Array.from(coverage.labels.dist)
  const origin = Int32Array.from(coverage.labels.origin)
  const seconds = Float64Array.from(coverage.seconds)
  const view: LabelView = { dist, origin, time, direct: coverage.direct }
  const targetsOnEdges = attachmentsByEdge(g, targets)
  const sourcesOnEdges = coverage.sourcesOnEdges
  const nodeMark = new Int32Array(g.nodeCount)
  const targetMark = new Int32Array(targets.count)
  const heap = heapFor(g)
  const { adjStart, adjEdge, adjNode } = g
  const gains: number[] = []
  const changes: NewlyCovered[][] = []
  let round = 0
  for (const c of order) {
    round++
    const touched: number[] = []
    const relax = (y: number, value: number, org: number) => {
      if (value < dist[y]! - EPS) {
        dist[y] = value
        origin[y] = org
        if (nodeMark[y] !== round) {
          nodeMark[y] = round
          touched.push(y)
        }
        heap.decrease(y, value)
      }
    }
    const e0 = g.roadEdgeStart[candidates[c]!.road]!,
      e1 = g.roadEdgeStart[candidates[c]!.road + 1]!
    heap.clear()
    for (let e = e0; e < e1; e++) {
      time[e] = Math.min(time[e]!, input.upgraded[e]!)
      const t = time[e]!
      if (!Number.isFinite(t)) continue
      const u = g.edgeFrom[e]!,
        v = g.edgeTo[e]!
      relax(v, dist[u]! + t, origin[u]!)
      relax(u, dist[v]! + t, origin[v]!)
      for (let a = sourcesOnEdges.start[e]!; a < sourcesOnEdges.start[e + 1]!; a++) {
        const k = sourcesOnEdges.list[a]!
        relax(u, sources.off[k]! + sources.f[k]! * t, sources.place[k]!)
        relax(v, sources.off[k]! + (1 - sources.f[k]!) * t, sources.place[k]!)
      }
    }
    while (heap.size > 0) {
      const x = heap.pop()
      const dx = dist[x]!
      for (let a = adjStart[x]!; a < adjStart[x + 1]!; a++) relax(adjNode[a]!, dx + time[adjEdge[a]!]!, origin[x]!)
    }
    const affected = affectedTargets(g, targets, targetsOnEdges, touched, e0, e1, targetMark, round)
    let gain = 0
    const list: NewlyCovered[] = []
    for (const i of affected.sort((a, b) => a - b)) {
      const r = placeTime(g, view, targets, i, sources, sourcesOnEdges)
      const before = seconds[i]!
      seconds[i] = r.t
      const wasIn = before <= thresholdS,
        isIn = r.t <= thresholdS
      // Sub-microsecond differences are summation order, not a change a planner could see.
      if (wasIn === isIn && !(Math.abs(r.t - before) > 1e-6)) continue
      if (isIn && !wasIn) gain += weight[i]!
      if (wasIn && !isIn) gain -= weight[i]!
      list.push({ target: i, before, after: r.t, source: r.origin })
    }
    gains.push(gain)
    changes.push(list)
  }
  return { gains, changes, seconds }
}
