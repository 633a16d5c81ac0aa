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
}
