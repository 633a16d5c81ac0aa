import { EMBEDDED_CAPABILITIES, probeServerCapabilities } from './capabilities.ts'
import { openEmbedded } from './embedded.ts'
import { openPostgres } from './postgres.ts'
import type { Db } from './types.ts'

export type { Capabilities, Db, Queryable, QueryResult } from './types.ts'

export interface DbConfig {
  databaseUrl?: string
  dataDir?: string
  loadDataDir?: Blob
}

/** A server PostgreSQL when a URL is given, otherwise the embedded PostGIS on disk (or in memory). */
export function openDb(cfg: DbConfig): Promise<Db> {
  if (cfg.databaseUrl) return openPostgres(cfg.databaseUrl, probeServerCapabilities)
  return openEmbedded({ dataDir: cfg.dataDir, loadDataDir: cfg.loadDataDir }, EMBEDDED_CAPABILITIES)
}
