import { EMBEDDED_CAPABILITIES, probeServerCapabilities } from './capabilities.ts'
import { openEmbedded } from './embedded.ts'
import { openPostgres } from './postgres.ts'
import { attachReplicas, type ReplicaOptions } from './replicas.ts'
import type { Db } from './types.ts'

export type { Capabilities, Db, Queryable, QueryResult, ReadRouting } from './types.ts'
export { noteWrite, readHandle } from './replicas.ts'

export interface DbConfig {
  databaseUrl?: string
  /** Streaming replicas of databaseUrl for read-only traffic (server driver only). */
  readUrls?: string[]
  replicas?: ReplicaOptions
  /** Connections to the primary at most. */
  poolSize?: number
  dataDir?: string
  loadDataDir?: Blob
}

/** A server PostgreSQL when a URL is given, otherwise the embedded PostGIS on disk (or in memory). */
export async function openDb(cfg: DbConfig): Promise<Db> {
  if (!cfg.databaseUrl) {
    // One process, one file: there is nothing to replicate from.
    if (cfg.readUrls?.length) throw new Error('DATABASE_READ_URL needs DATABASE_URL (a server database).')
    return openEmbedded({ dataDir: cfg.dataDir, loadDataDir: cfg.loadDataDir }, EMBEDDED_CAPABILITIES)
  }
  const primary = await openPostgres(cfg.databaseUrl, probeServerCapabilities, { max: cfg.poolSize })
  return cfg.readUrls?.length ? attachReplicas(primary, cfg.readUrls, cfg.replicas) : primary
}
