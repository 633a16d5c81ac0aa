import type { RoadGraph } from '../../server/analysis/graph.ts'
import type { Sites } from '../../server/analysis/network.ts'
import type { Queryable } from '../../server/db/index.ts'

// Our graph as pgRouting reads it, for the equivalence tests and the benchmark: the usable edges both ways (node ids
// +1), and each source a virtual start vertex joined one way to both ends of its edge at its attachment point's
// times — so pgRouting computes exactly the same thing, from the same start.

export const EDGES_SQL = 'SELECT id, source, target, cost, reverse_cost FROM pgr_edges'

/** Loads the graph into a temporary table `pgr_edges` (dropped at commit); returns the start vertex ids. */
export async function loadPgrEdges(tx: Queryable, g: RoadGraph, time: Float64Array, sources: Sites): Promise<number[]> {
  const id: number[] = [],
    from: number[] = [],
    to: number[] = [],
    cost: number[] = [],
    reverse: number[] = []
  const add = (a: number, b: number, c: number, r: number) => {
    id.push(id.length + 1)
    from.push(a)
    to.push(b)
    cost.push(c)
    reverse.push(r)
  }
  for (let e = 0; e < g.edgeCount; e++)
    if (Number.isFinite(time[e]!)) add(g.edgeFrom[e]! + 1, g.edgeTo[e]! + 1, time[e]!, time[e]!)
  const starts: number[] = []
  for (let i = 0; i < sources.count; i++) {
    const v = g.nodeCount + 1 + i
    let joined = false
    for (let k = sources.start[i]!; k < sources.start[i + 1]!; k++) {
      const e = sources.edge[k]!
      if (!Number.isFinite(time[e]!)) continue
      joined = true
      add(v, g.edgeFrom[e]! + 1, sources.off[k]! + sources.f[k]! * time[e]!, -1)
      add(v, g.edgeTo[e]! + 1, sources.off[k]! + (1 - sources.f[k]!) * time[e]!, -1)
    }
    if (joined) starts.push(v)
  }
  await tx.query(
    'CREATE TEMP TABLE pgr_edges (id bigint, source bigint, target bigint, cost float8, reverse_cost float8) ON COMMIT DROP',
  )
  await tx.query(
    'INSERT INTO pgr_edges SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::float8[], $5::float8[])',
    [id, from, to, cost, reverse],
  )
  await tx.query('ANALYZE pgr_edges')
  return starts
}
