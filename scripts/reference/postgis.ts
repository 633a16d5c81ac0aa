import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { PARAMS } from './params.ts'

export type Db = PGlite

export async function rows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows
}

/** The last step of every polygon layer: the grid, RFC 7946 winding, MultiPolygon. */
export const FINAL = (g: string) =>
  `ST_Multi(ST_CollectionExtract(ST_ForcePolygonCCW(ST_ReducePrecision(${g}, ${PARAMS.polygonGrid})), 3))`

export async function openPostgis(): Promise<Db> {
  const db = await PGlite.create({ extensions: { postgis } })
  await db.exec('CREATE EXTENSION postgis')
  return db
}
