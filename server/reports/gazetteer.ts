import { COUNTY_TABLE, findCountyByName, normalizeCountyName } from '../../contract/counties.ts'
import type { Queryable } from '../db/index.ts'

// Finding a county and a place in what a resident typed on a phone: county names with their usual spellings
// (contract/counties.ts), places from the gazetteer (the places table), matched as whole words, ignoring case.

export interface FoundPlace {
  id: number
  name: string
  county: string
}

const words = (s: string) => ` ${s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `

/** A county named by the text ('Turkana', 'turkana county', '23', '023'). */
export function countyOf(text: string): string | undefined {
  const t = text.trim()
  if (/^\d{1,3}$/.test(t)) {
    const code = t.padStart(3, '0')
    return COUNTY_TABLE.some((c) => c.code === code) ? code : undefined
  }
  return findCountyByName(t.replace(/\bcounty\b/i, '').trim())?.code
}

/** A county whose name appears as words anywhere in the text. */
export function countyIn(text: string): string | undefined {
  const hay = words(text)
  for (const c of COUNTY_TABLE) {
    for (const n of [c.name, ...c.aliases]) if (hay.includes(words(normalizeCountyName(n)))) return c.code
  }
  return undefined
}

/** The gazetteer place named in the text (longest name first, then the most populous), optionally within a county. */
export async function placeIn(q: Queryable, text: string, county?: string): Promise<FoundPlace | undefined> {
  const r = await q.query<{ id: number; name: string; county: string }>(
    `SELECT id::int AS id, name, county_code AS county FROM places
     WHERE ($1::text IS NULL OR county_code = $1) ORDER BY char_length(name) DESC, population DESC NULLS LAST`,
    [county ?? null],
  )
  const hay = words(text)
  return r.rows.find((p) => hay.includes(words(p.name)))
}

/** The gazetteer places of one county for the public form's place step, largest first, then by name. */
export async function placesOfCounty(
  q: Queryable,
  county: string,
): Promise<{ id: number; name: string; kind: string; lon: number; lat: number }[]> {
  const r = await q.query<{ id: number; name: string; kind: string; lon: number; lat: number }>(
    `SELECT id::int AS id, name, kind, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM places WHERE county_code = $1
     ORDER BY population DESC NULLS LAST, name`,
    [county],
  )
  return r.rows.map((p) => ({ ...p, lon: Number(p.lon), lat: Number(p.lat) }))
}
