// An indexed binary min-heap over node ids with Float64 keys: decrease-key in place, no per-node objects, so a
// national network's Dijkstra allocates three typed arrays once and reuses them across runs.

export interface NodeHeap {
  readonly size: number
  push(node: number, key: number): void
  /** Inserts the node, or lowers its key if it is already queued with a larger one. */
  decrease(node: number, key: number): void
  pop(): number
  keyOf(node: number): number
  clear(): void
}

export function nodeHeap(capacity: number): NodeHeap {
  const heap = new Int32Array(capacity)
  const pos = new Int32Array(capacity).fill(-1)
  const key = new Float64Array(capacity)
  let n = 0

  const up = (i: number) => {
    const node = heap[i]!
    const k = key[node]!
    while (i > 0) {
      const parent = (i - 1) >> 1
      const pn = heap[parent]!
      if (key[pn]! <= k) break
      heap[i] = pn
      pos[pn] = i
      i = parent
    }
    heap[i] = node
    pos[node] = i
  }
  const down = (i: number) => {
    const node = heap[i]!
    const k = key[node]!
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      if (c + 1 < n && key[heap[c + 1]!]! < key[heap[c]!]!) c++
      const cn = heap[c]!
      if (key[cn]! >= k) break
      heap[i] = cn
      pos[cn] = i
      i = c
    }
    heap[i] = node
    pos[node] = i
  }

  return {
    get size() {
      return n
    },
    push(node, k) {
      key[node] = k
      heap[n] = node
      pos[node] = n
      up(n++)
    },
    decrease(node, k) {
      const i = pos[node]!
      if (i < 0) return this.push(node, k)
      if (k >= key[node]!) return
      key[node] = k
      up(i)
    },
    pop() {
      const top = heap[0]!
      pos[top] = -1
      n--
      if (n > 0) {
        heap[0] = heap[n]!
        pos[heap[0]!] = 0
        down(0)
      }
      return top
    },
    keyOf(node) {
      return key[node]!
    },
    clear() {
      for (let i = 0; i < n; i++) pos[heap[i]!] = -1
      n = 0
    },
  }
}
