import { newPool, poolDb } from './postgres.ts'
import type { Db, QueryResult, Queryable, ReadRouting, ReplicaStats } from './types.ts'

// Read-only traffic may go to PostgreSQL streaming replicas (DATABASE_READ_URL, comma-separated); writes, and the
// reads of a user who has just written, go to the primary. After a write the primary's WAL position is kept per user
// in recent_writes (so every app instance sees it); that user's reads go to a replica only once the replica has
// replayed past it, or once `stickyMs` has passed. A replica that fails to answer is left alone for a few seconds and
// its reads go to the primary.

export interface ReplicaOptions {
  /** Longest time a user's reads stay on the primary after their write (RAMANI_READ_YOUR_WRITES_S). */
  stickyMs?: number
  /** Connections per replica. */
  poolSize?: number
  /** How long a replica that failed is skipped. */
  downMs?: number
}

interface Replica {
  url: string
  db: Db
  downUntil: number
  reads: number
  failures: number
}

// Errors that mean the server is unreachable or going away, not that the query is wrong: worth a retry elsewhere.
const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Connection terminated|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Client has encountered a connection error/i
const isUnreachable = (err: unknown) =>
  err instanceof Error &&
  (UNREACHABLE.test(err.message) || /^(08|57P)/.test(String((err as Error & { code?: string }).code ?? '')))

/** A URL without its password, for logs and metrics. */
export const safeUrl = (url: string) => {
  try {
    const u = new URL(url)
    u.password = ''
    return `${u.hostname}:${u.port || 5432}${u.pathname}`
  } catch {
    return 'replica'
  }
}

export function attachReplicas(primary: Db, urls: string[], opts: ReplicaOptions = {}): Db {
  const stickyMs = opts.stickyMs ?? 30_000
  const downMs = opts.downMs ?? 5_000
  const replicas: Replica[] = urls.map((url) => ({
    url: safeUrl(url),
    db: poolDb(newPool(url, { max: opts.poolSize, onError: () => undefined }), primary.capabilities),
    downUntil: 0,
    reads: 0,
    failures: 0,
  }))
  let primaryReads = 0
  let turn = 0
  /** Writes this instance has seen, so its own users need no lookup: username → [lsn, until]. */
  const mine = new Map<string, [string, number]>()

  const down = (r: Replica) => {
    r.failures++
    r.downUntil = Date.now() + downMs
  }

  /** A replica's reads, retried on the primary if the replica turns out to be unreachable. */
  const failover = (r: Replica): Db => {
    const retry = async <T>(run: (q: Db) => Promise<T>): Promise<T> => {
      try {
        const v = await run(r.db)
        r.reads++
        return v
      } catch (err) {
        if (!isUnreachable(err)) throw err
        down(r)
        primaryReads++
        return run(primary)
      }
    }
    return {
      kind: 'postgres',
      capabilities: primary.capabilities,
      query: <T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> =>
        retry((q) => q.query<T>(sql, params)),
      exec: (sql: string) => retry((q) => q.exec(sql)),
      transaction: <T>(fn: (tx: Queryable) => Promise<T>) => retry((q) => q.transaction(fn)),
      // The replica's pool belongs to the routing, not to one request.
      close: async () => undefined,
    }
  }

  async function lastWrite(username: string): Promise<string | undefined> {
    const local = mine.get(username)
    if (local && local[1] > Date.now()) return local[0]
    const r = await primary.query<{ lsn: string }>(
      `SELECT lsn::text AS lsn FROM recent_writes
        WHERE username = $1 AND at > now() - make_interval(secs => $2 / 1000.0)`,
      [username, stickyMs],
    )
    return r.rows[0]?.lsn
  }

  const routing: ReadRouting = {
    async reader(username) {
      const now = Date.now()
      const up = replicas.filter((r) => r.downUntil <= now)
      if (up.length === 0) {
        primaryReads++
        return primary
      }
      const r = up[turn++ % up.length]!
      const lsn = username ? await lastWrite(username) : undefined
      if (lsn) {
        try {
          // On a primary given as a "replica" (tests, a single server) its own position counts as replayed.
          const c = await r.db.query<{ ok: boolean }>(
            `SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END
                    >= $1::pg_lsn AS ok`,
            [lsn],
          )
          if (!c.rows[0]?.ok) {
            primaryReads++
            return primary
          }
        } catch (err) {
          if (isUnreachable(err)) down(r)
          primaryReads++
          return primary
        }
      }
      return failover(r)
    },
    async noteWrite(username) {
      const r = await primary.query<{ lsn: string }>(
        `INSERT INTO recent_writes (username, lsn, at) VALUES ($1, pg_current_wal_lsn(), now())
         ON CONFLICT (username) DO UPDATE SET lsn = EXCLUDED.lsn, at = EXCLUDED.at
         RETURNING lsn::text AS lsn`,
        [username],
      )
      const lsn = r.rows[0]!.lsn
      mine.set(username, [lsn, Date.now() + stickyMs])
      if (mine.size > 10_000) for (const [k, v] of mine) if (v[1] <= Date.now()) mine.delete(k)
    },
    stats: (): ReplicaStats => ({
      replicas: replicas.map((r) => ({
        url: r.url,
        up: r.downUntil <= Date.now(),
        reads: r.reads,
        failures: r.failures,
      })),
      primaryReads,
    }),
    close: async () => {
      await Promise.all(replicas.map((r) => r.db.close().catch(() => undefined)))
    },
  }

  return {
    kind: primary.kind,
    capabilities: primary.capabilities,
    query: primary.query,
    exec: primary.exec,
    transaction: primary.transaction,
    replicas: routing,
    async close() {
      await routing.close()
      await primary.close()
    },
  }
}

/**
 * THE read handle: where a read on behalf of `username` (undefined = anonymous) should run. The database itself when
 * there are no replicas (embedded, or no DATABASE_READ_URL); otherwise a replica that has that user's writes, or the
 * primary. Use it for reads only; a write through it fails on a replica.
 */
export function readHandle(db: Db, username?: string): Promise<Db> {
  return db.replicas ? db.replicas.reader(username) : Promise.resolve(db)
}

/** After a successful write by `username`: keeps their reads on the primary until a replica has replayed it. */
export async function noteWrite(db: Db, username: string): Promise<void> {
  if (db.replicas) await db.replicas.noteWrite(username)
}
