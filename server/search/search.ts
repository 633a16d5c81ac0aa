import type { Principal } from '../access/permissions.ts'
import { canRead } from '../access/permissions.ts'
import type { AreaScope } from '../access/scope.ts'
import { COLLECTION_LIST, type Collection } from '../assets/collections.ts'
import { whereSql } from '../assets/query.ts'
import type { Queryable } from '../db/index.ts'
import { paramList, type ParamList } from '../db/sql.ts'

// Name search across every collection the caller may read, plus GeoNames places: trigram similarity, so "lodwa",
// "Lokichogio" or "kapenguria police" still find what was meant. Area scope applies as everywhere.

export interface SearchHit {
  collection: string
  id: string
  name: string
  /** What kind of thing it is (facility kind, road class, county's region…), for the result list. */
  detail: string | null
  county_code: string | null
  score: number
  /** [west, south, east, north] to fly to. */
  bbox: [number, number, number, number]
}

const DETAIL: Partial<Record<string, string>> = {
  roads: 'coalesce(t.ref, t.road_class)',
  airstrips: 't.kind',
  border_posts: 't.kind',
  admin_units: 't.level',
  facilities: 't.kind',
  incidents: 't.theme',
  counties: 't.region_code',
  regions: 'NULL',
}

function branch(c: Collection, area: AreaScope, p: ParamList, q: string, like: string): string {
  const county = c.scoped ? 't.county_code' : c.id === 'counties' ? 't.code' : 'NULL'
  return `SELECT '${c.id}' AS collection, t.${c.idColumn}::text AS id, t.name, ${DETAIL[c.id] ?? 'NULL'}::text AS detail,
      ${county}::text AS county_code, greatest(similarity(t.name, ${q}), word_similarity(${q}, t.name)) AS score,
      ST_XMin(t.geom) AS x0, ST_YMin(t.geom) AS y0, ST_XMax(t.geom) AS x1, ST_YMax(t.geom) AS y1
    FROM ${c.table} t WHERE (t.name ILIKE ${like} OR ${q} <% t.name) AND ${whereSql(c, { equals: [] }, area, p)}`
}

export async function search(
  db: Queryable,
  who: Principal,
  area: AreaScope,
  text: string,
  limit: number,
): Promise<SearchHit[]> {
  const p = paramList()
  const q = p.add(text)
  const like = p.add(`%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`)
  const branches = COLLECTION_LIST.filter((c) => canRead(who, c)).map((c) => branch(c, area, p, q, like))
  branches.push(`SELECT 'places', t.id::text, t.name, t.kind, t.county_code,
      greatest(similarity(t.name, ${q}), word_similarity(${q}, t.name)), ST_X(t.geom), ST_Y(t.geom), ST_X(t.geom), ST_Y(t.geom)
    FROM places t WHERE t.name ILIKE ${like} OR ${q} <% t.name`)
  const r = await db.query<Omit<SearchHit, 'bbox'> & { x0: number; y0: number; x1: number; y1: number }>(
    `SELECT * FROM (${branches.join('\nUNION ALL\n')}) hits
     ORDER BY (lower(name) = lower(${q})) DESC, (name ILIKE ${p.add(`${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`)}) DESC, score DESC, name
     LIMIT ${p.add(limit)}`,
    p.values,
  )
  return r.rows.map(({ x0, y0, x1, y1, ...hit }) => ({ ...hit, bbox: [x0, y0, x1, y1] }))
}
