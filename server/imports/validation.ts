import type { Geometry } from 'geojson'
import type { z } from '@hono/zod-openapi'
import type { Collection } from '../assets/collections.ts'
import { geometryProblems } from '../assets/write.ts'
import { COUNTY_TABLE, findCountyByName, type CountyRow } from '../../contract/counties.ts'
import type { Queryable } from '../db/index.ts'
import type { Scalar } from '../formats/types.ts'
import { featureBody, geometrySchema } from '../ogc/feature-body.ts'
import { withLookups } from './crosswalk.ts'
import { areaTargetsOf, statsColumns } from './stats.ts'
import type { AreaLevel } from '../../contract/domains.ts'
import { DERIVE_RULES } from './synonyms.ts'
import { coerce, importTargets, planValue, type Mapping, type Plan, type Target } from './mapping.ts'

// Per-row validation of staged rows under a mapping: the same rules as a single write through the OGC API (the
// registry's feature schema, then PostGIS validity), reported per row with the field and the reason.

export interface StagedRow {
  row_no: number
  properties: Record<string, Scalar>
  geometry: Geometry | null
  problem: string | null
}

export interface RowError {
  row: number
  field: string
  message: string
}

/** A row ready to write: the mapped, typed properties and a geometry of the collection's kind (or its boundary). */
export interface PreparedRow {
  row: number
  properties: Record<string, unknown>
  /** null for area statistics, drawn with their area's boundary. */
  geometry: Geometry | null
  /** counties: the county the row replaces */
  county?: CountyRow
}

export interface Validation {
  ok: PreparedRow[]
  errors: RowError[]
  /** Rows with at least one error. */
  invalidRows: number
  /** field → source value → rows: coded values no target was found for. */
  unmapped: Unmapped
}
export type Unmapped = Record<string, Record<string, number>>

export const emptyValidation = (): Validation => ({ ok: [], errors: [], invalidRows: 0, unmapped: {} })

/** Adds one validation's counts of unmapped values to another's. */
export function mergeUnmapped(into: Unmapped, from: Unmapped) {
  for (const [field, values] of Object.entries(from)) {
    const to = (into[field] ??= {})
    for (const [v, n] of Object.entries(values)) to[v] = (to[v] ?? 0) + n
  }
}

/** Fits a file's geometry to the collection's kind (a one-part Multi* is its single part) or says why it cannot. */
export function fitGeometry(c: Collection, g: Geometry): { geometry?: Geometry; error?: string } {
  const holds = c.geometry === 'Point' ? 'points' : c.geometry === 'LineString' ? 'lines (LineString)' : 'polygons'
  switch (c.geometry) {
    case 'Point':
      if (g.type === 'Point') return { geometry: g }
      if (g.type === 'MultiPoint' && g.coordinates.length === 1)
        return { geometry: { type: 'Point', coordinates: g.coordinates[0]! } }
      if (g.type === 'MultiPoint')
        return {
          error: `a MultiPoint of ${g.coordinates.length} points cannot go into ${c.id}, which holds single points`,
        }
      break
    case 'LineString':
      if (g.type === 'LineString') return { geometry: g }
      if (g.type === 'MultiLineString' && g.coordinates.length === 1)
        return { geometry: { type: 'LineString', coordinates: g.coordinates[0]! } }
      if (g.type === 'MultiLineString')
        return {
          error: `a MultiLineString of ${g.coordinates.length} parts cannot go into ${c.id}, which holds one LineString per feature: split it into one feature per part`,
        }
      break
    case 'MultiPolygon':
      if (g.type === 'Polygon' || g.type === 'MultiPolygon') return { geometry: g }
      break
  }
  return { error: `a ${g.type} cannot go into ${c.id}, which holds ${holds}` }
}

/** A boundary polygon's schema (extent, closed rings, vertex cap): that of the polygon collections. */
const BOUNDARY = geometrySchema({ geometry: 'MultiPolygon' } as Collection)

const bodySchemas = new Map<string, z.ZodType>()
const bodySchema = (c: Collection) => {
  let s = bodySchemas.get(c.id)
  if (!s) bodySchemas.set(c.id, (s = featureBody(c)))
  return s
}

function issuesOf(error: z.ZodError): { field: string; message: string }[] {
  const seen = new Set<string>()
  const out: { field: string; message: string }[] = []
  for (const issue of error.issues) {
    const field =
      issue.path[0] === 'properties' && issue.path.length > 1
        ? String(issue.path[1])
        : issue.path[0] === 'geometry'
          ? 'geometry'
          : String(issue.path.join('.') || 'feature')
    if (seen.has(field)) continue
    seen.add(field)
    out.push({ field, message: issue.message })
  }
  return out
}

/**
 * A row's value of every target under the plan, recoded and typed; the fields that failed; and the source value of
 * each recoded field. Unmapped coded values are counted into `unmapped`.
 */
function mapTargets(
  targets: Target[],
  plan: Plan,
  r: StagedRow,
  unmapped: Unmapped,
  err: (field: string, message: string) => void,
): { properties: Record<string, unknown>; failed: Set<string>; sources: Record<string, string> } {
  const mapped = new Map(
    Object.entries(plan.mapping)
      .filter(([, f]) => f !== null)
      .map(([col, f]) => [f as string, col]),
  )
  const properties: Record<string, unknown> = {}
  const failed = new Set<string>()
  const sources: Record<string, string> = {}
  for (const t of targets) {
    const col = mapped.get(t.name)
    const derived = plan.derive[t.name]
    const pv = planValue(t, plan, col, r.properties)
    if (pv.unmapped !== undefined) {
      const counts = (unmapped[t.name] ??= {})
      counts[pv.unmapped] = (counts[pv.unmapped] ?? 0) + 1
    }
    if (pv.source !== undefined) sources[t.name] = pv.source
    const { value, error } = coerce(t, pv.raw)
    const given = derived ? r.properties[derived.column] : undefined
    if (derived && pv.raw === null && given !== null && given !== undefined && String(given).trim() !== '') {
      err(t.name, `cannot be derived from ${JSON.stringify(given)} (${DERIVE_RULES[derived.rule].title})`)
      failed.add(t.name)
    } else if (error) {
      err(
        t.name,
        pv.unmapped !== undefined && t.noun ? `no ${t.noun} is known as ${JSON.stringify(pv.unmapped)}` : error,
      )
      failed.add(t.name)
    } else if (value !== undefined) properties[t.name] = value
    else if (t.required) {
      err(
        t.name,
        derived
          ? `is required but the ${derived.column} column it is derived from is empty`
          : col === undefined
            ? 'is required: map a column to it or give one value for every row'
            : `is required but the ${col} column is empty`,
      )
      failed.add(t.name)
    }
  }
  return { properties, failed, sources }
}

/** Mapping and type checks of one row, without the database: the prepared row or its errors. */
function checkAssetRow(
  c: Collection,
  targets: Target[],
  plan: Plan,
  r: StagedRow,
  unmapped: Unmapped,
): { row?: PreparedRow; errors: RowError[] } {
  const errors: RowError[] = []
  const err = (field: string, message: string) => errors.push({ row: r.row_no, field, message })
  const { properties, failed } = mapTargets(targets, plan, r, unmapped, err)
  let geometry: Geometry | undefined
  // A unit given by its boundary: the polygon is checked as a polygon, and the properties as those of any feature.
  const polygonal = c.boundary !== undefined && /Polygon$/.test(r.geometry?.type ?? '')
  if (r.problem || !r.geometry) err('geometry', r.problem ?? 'missing')
  else if (polygonal) {
    const parsed = BOUNDARY.safeParse(r.geometry)
    if (parsed.success) geometry = r.geometry
    else err('geometry', issuesOf(parsed.error)[0]?.message ?? 'invalid geometry')
  } else {
    const fit = fitGeometry(c, r.geometry)
    if (fit.error) err('geometry', fit.error)
    geometry = fit.geometry
  }
  const parsed = bodySchema(c).safeParse({
    type: 'Feature',
    geometry: polygonal ? null : (geometry ?? null),
    properties,
  })
  if (!parsed.success) {
    for (const i of issuesOf(parsed.error))
      if (!failed.has(i.field) && !(i.field === 'geometry' && (!geometry || polygonal))) err(i.field, i.message)
  }
  return errors.length || !geometry ? { errors } : { row: { row: r.row_no, properties, geometry }, errors }
}

/**
 * A row of area statistics: no geometry of its own (the area's boundary is drawn, a centroid column is ignored), so
 * only the mapping, the area and the period are checked; the database fills the rest in the same way for every row.
 */
function checkStatsRow(
  targets: Target[],
  plan: Plan,
  r: StagedRow,
  unmapped: Unmapped,
): { row?: PreparedRow; errors: RowError[] } {
  const errors: RowError[] = []
  const err = (field: string, message: string) => errors.push({ row: r.row_no, field, message })
  // The row's level first: its area is looked up among the counties or among that level's units.
  const levelTarget = targets.find((t) => t.name === 'area_level')!
  const levelColumn = Object.entries(plan.mapping).find(([, f]) => f === 'area_level')?.[0]
  const level = (coerce(levelTarget, planValue(levelTarget, plan, levelColumn, r.properties).raw).value ??
    'county') as AreaLevel
  const units = level === 'county' ? undefined : plan.units?.[level]
  const area = areaTargetsOf(targets, plan.lookups ?? {}, level, units)
  const { properties, failed, sources } = mapTargets(area.targets, { ...plan, lookups: area.lookups }, r, unmapped, err)
  if (!failed.has('period') && properties.period !== undefined && !failed.has('period_kind')) {
    const { row, error } = statsColumns(properties, sources.theme, units)
    if (error) err(error.field, error.message)
    else if (errors.length === 0) return { row: { row: r.row_no, properties: { ...row }, geometry: null }, errors }
  }
  return { errors }
}

const countyByCode = new Map(COUNTY_TABLE.map((c) => [c.code, c]))

function checkCountyRow(
  c: Collection,
  mapping: Mapping,
  r: StagedRow,
  seen: Map<string, number>,
): { row?: PreparedRow; errors: RowError[] } {
  const errors: RowError[] = []
  const err = (field: string, message: string) => errors.push({ row: r.row_no, field, message })
  const colOf = (field: string) => Object.entries(mapping).find(([, f]) => f === field)?.[0]
  const codeCol = colOf('code')
  const nameCol = colOf('name')
  const rawCode = codeCol === undefined ? null : r.properties[codeCol]
  const rawName = nameCol === undefined ? null : r.properties[nameCol]
  let byCode: CountyRow | undefined
  let byName: CountyRow | undefined
  if (rawCode !== null && rawCode !== undefined && String(rawCode).trim() !== '') {
    const digits = String(rawCode).trim()
    byCode = /^\d{1,3}(\.0+)?$/.test(digits) ? countyByCode.get(String(Number(digits)).padStart(3, '0')) : undefined
    if (!byCode) err('code', `${JSON.stringify(rawCode)} is not a county code (001–047)`)
  }
  if (rawName !== null && rawName !== undefined && String(rawName).trim() !== '') {
    byName = findCountyByName(String(rawName))
    if (!byName) err('name', `no county is named ${JSON.stringify(rawName)}`)
  }
  if (byCode && byName && byCode.code !== byName.code) {
    err(
      'name',
      `${JSON.stringify(rawName)} is county ${byName.code} (${byName.name}) but the code says ${byCode.code} (${byCode.name})`,
    )
  }
  const county = byCode ?? byName
  if (!county && errors.length === 0)
    err(codeCol || !nameCol ? 'code' : 'name', 'give a county code or name (map a column to code or name)')
  if (county && errors.length === 0) {
    const before = seen.get(county.code)
    if (before !== undefined)
      err(codeCol ? 'code' : 'name', `county ${county.code} (${county.name}) is already given in row ${before}`)
    else seen.set(county.code, r.row_no)
  }
  let geometry: Geometry | undefined
  if (r.problem || !r.geometry) err('geometry', r.problem ?? 'missing')
  else {
    const fit = fitGeometry(c, r.geometry)
    if (fit.error) err('geometry', fit.error)
    else {
      const parsed = geometrySchema(c).safeParse(fit.geometry)
      if (parsed.success) geometry = fit.geometry
      else err('geometry', issuesOf(parsed.error)[0]?.message ?? 'invalid geometry')
    }
  }
  return errors.length || !geometry || !county
    ? { errors }
    : { row: { row: r.row_no, properties: { code: county.code }, geometry, county }, errors }
}

const DB_CHUNK = 1000

/**
 * Validates staged rows under a mapping. `seen` carries the counties already given by earlier chunks of the same
 * file, so a county given twice is found across chunks.
 */
export async function validateRows(
  q: Queryable,
  c: Collection,
  plan: Plan,
  rows: StagedRow[],
  seen: Map<string, number> = new Map(),
): Promise<Validation> {
  plan = await withLookups(q, c, plan)
  const targets = importTargets(c)
  const errors: RowError[] = []
  const unmapped: Unmapped = {}
  const candidates: PreparedRow[] = []
  for (const r of rows) {
    const res =
      c.id === 'counties'
        ? checkCountyRow(c, plan.mapping, r, seen)
        : c.id === 'incident_stats'
          ? checkStatsRow(targets, plan, r, unmapped)
          : checkAssetRow(c, targets, plan, r, unmapped)
    errors.push(...res.errors)
    if (res.row) candidates.push(res.row)
  }
  // PostGIS validity, and for counties: the new boundary must overlap the county it replaces.
  if (c.id === 'incident_stats') {
    errors.sort((a, b) => a.row - b.row)
    return { ok: candidates, errors, invalidRows: new Set(errors.map((e) => e.row)).size, unmapped }
  }
  const ok: PreparedRow[] = []
  for (let i = 0; i < candidates.length; i += DB_CHUNK) {
    const part = candidates.slice(i, i + DB_CHUNK)
    const problems = await geometryProblems(
      q,
      part.map((p) => p.geometry),
      part.map((p) => p.properties.loop === true),
    )
    const apart = c.id === 'counties' ? await disjointCounties(q, part) : new Set<number>()
    part.forEach((p, k) => {
      const reason = problems.get(k)
      if (reason !== undefined) errors.push({ row: p.row, field: 'geometry', message: `not valid: ${reason}` })
      else if (apart.has(k))
        errors.push({
          row: p.row,
          field: 'geometry',
          message: `the boundary does not overlap county ${p.county!.code} (${p.county!.name}) at all: wrong code or name?`,
        })
      else ok.push(p)
    })
  }
  errors.sort((a, b) => a.row - b.row)
  return { ok, errors, invalidRows: new Set(errors.map((e) => e.row)).size, unmapped }
}

async function disjointCounties(q: Queryable, rows: PreparedRow[]): Promise<Set<number>> {
  const r = await q.query<{ i: number }>(
    `SELECT e.n - 1 AS i FROM json_array_elements($1::json) WITH ORDINALITY AS e(value, n)
     JOIN counties c ON c.code = e.value ->> 'code'
     WHERE NOT ST_Intersects(c.geom, ST_SetSRID(ST_GeomFromGeoJSON((e.value -> 'geometry')::text), 4326))`,
    [JSON.stringify(rows.map((p) => ({ code: p.county!.code, geometry: p.geometry })))],
  )
  return new Set(r.rows.map((x) => Number(x.i)))
}
