import type { Capabilities, Queryable } from './types.ts'

// The one place that decides what each database can do; everything else asks `db.capabilities`.

/** PGlite's PostGIS is built without protobuf-c (no ST_AsMVT) and has no pgRouting. */
export const EMBEDDED_CAPABILITIES: Capabilities = { mvt: false, pgrouting: false }

/** A server's PostGIS may or may not have been built with protobuf-c; ask it rather than assume. */
export async function probeServerCapabilities(q: Queryable): Promise<Capabilities> {
  const ext = await q.query<{ name: string }>(
    "SELECT name FROM pg_available_extensions WHERE name IN ('postgis','pgrouting')",
  )
  const names = new Set(ext.rows.map((r) => r.name))
  let mvt = false
  if (names.has('postgis')) {
    try {
      await q.query('CREATE EXTENSION IF NOT EXISTS postgis')
      await q.query(
        "SELECT ST_AsMVT(t, 'probe') FROM (SELECT ST_AsMVTGeom(ST_MakePoint(0,0), ST_MakeEnvelope(-1,-1,1,1)) AS geom) t",
      )
      mvt = true
    } catch {
      mvt = false
    }
  }
  return { mvt, pgrouting: names.has('pgrouting') }
}
