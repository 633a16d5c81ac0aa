export interface QueryResult<T> {
  rows: T[]
  rowCount: number
}

/** Anything that runs parameterised SQL: the database itself or a transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>
}

/** What differs between the embedded and the server database, decided once when the database opens. */
export interface Capabilities {
  /** ST_AsMVT works (PostGIS built with protobuf-c). PGlite's PostGIS lacks it. */
  mvt: boolean
  /** pgRouting is installed or installable. */
  pgrouting: boolean
}

export interface Db extends Queryable {
  readonly kind: 'embedded' | 'postgres'
  readonly capabilities: Capabilities
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
  /** Read replicas (server driver with DATABASE_READ_URL); absent = every read goes here. See replicas.ts. */
  readonly replicas?: ReadRouting
}

/** Where reads go when the primary has streaming replicas (server/db/replicas.ts). */
export interface ReadRouting {
  /** A handle for reads on behalf of `username` (undefined = anonymous): a replica that has replayed that user's
   *  latest write, else the primary. Errors reaching the replica fall back to the primary. */
  reader(username?: string): Promise<Db>
  /** Records that `username` has just written, so their reads stay on the primary until a replica has caught up. */
  noteWrite(username: string): Promise<void>
  stats(): ReplicaStats
  close(): Promise<void>
}

export interface ReplicaStats {
  replicas: { url: string; up: boolean; reads: number; failures: number }[]
  /** Reads sent to the primary: no replica up, or the user's write not yet replayed. */
  primaryReads: number
}
