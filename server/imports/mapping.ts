import { COLLECTIONS, type Collection, type FieldType } from '../assets/collections.ts'
import type { CollectionId } from '../../contract/domains.ts'
import { fail } from '../errors.ts'
import type { Scalar } from '../formats/types.ts'
import { STATS_SYNONYMS, STATS_TARGETS } from './stats.ts'
import { DERIVE_RULES, suggestValue, valueKey, type DeriveRule } from './synonyms.ts'
import type { UnitAreas } from './stats.ts'

// Which source column feeds which field: matched automatically by name (case and punctuation ignored, then by title,
// known synonyms, and dBASE's 10-character truncation), overridable by the user. Values are then coerced from what the
// file holds (text in CSV and KML) to the field's type before the registry's own schema validates them.

/** Collections an import can go into: the asset collections (new rows) and counties (boundaries replaced in place). */
export const IMPORTABLE = [
  'roads',
  'airstrips',
  'border_posts',
  'admin_units',
  'facilities',
  'incidents',
  'incident_stats',
  'counties',
] as const
export type ImportableId = (typeof IMPORTABLE)[number]

export interface Target {
  name: string
  title: string
  type: FieldType
  /** A row must give a value (not nullable, no default). */
  required: boolean
  domain?: readonly string[]
  /** What a value names, for the message when none is found ("no county is known as …"). */
  noun?: string
}

/** column → field name, or null to leave the column out. */
export type Mapping = Record<string, string | null>
/** field → one value for every row, for fields the file has no column for. */
export type Fixed = Record<string, Scalar>
/** field → source value → target value: what a coded field's free-text values mean. */
export type Recode = Record<string, Record<string, string>>
/** field → a rule computing it from another column (e.g. road class from the road number). */
export type Derive = Record<string, { column: string; rule: DeriveRule }>
/**
 * How a file's rows become features: columns mapped onto fields, fixed values for the fields no column feeds,
 * recoded values for coded fields, and fields derived from another column.
 */
export interface Plan {
  mapping: Mapping
  fixed: Fixed
  recode: Recode
  derive: Derive
  /** field → value key → target from a stored table (the theme crosswalk), consulted before the synonyms. */
  lookups?: Record<string, Map<string, string>>
  /** Statistics: the units of each level below the county, which a row of that level's area is one of. */
  units?: Record<string, UnitAreas>
}
/** The parts of a plan a request may give; what it leaves out is the stored plan's. */
export type PlanInput = Partial<Omit<Plan, 'lookups' | 'units'>>

const COUNTY_TARGETS: Target[] = [
  { name: 'code', title: 'County code (001–047)', type: 'text', required: false },
  { name: 'name', title: 'County name', type: 'text', required: false },
]

export function importTargets(c: Collection): Target[] {
  if (c.id === 'counties') return COUNTY_TARGETS
  if (c.id === 'incident_stats') return STATS_TARGETS
  return c.fields
    .filter((f) => !f.readOnly)
    .map((f) => ({
      name: f.name,
      title: f.title,
      type: f.type,
      required: !f.nullable && !f.defaulted,
      ...(f.domain ? { domain: f.domain } : {}),
    }))
}

const norm = (s: string) =>
  s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')

const SYNONYMS: Record<string, string[]> = {
  name: ['title', 'label', 'jina', 'placename', 'stationname', 'facilityname', 'sitename', 'postname', 'roadname'],
  description: ['desc', 'notes', 'details', 'maelezo'],
  theme: ['subeventtype', 'crimecategory', 'offence', 'offencecategory', 'crimetype'],
  occurred_at: ['date', 'datetime', 'time', 'timestamp', 'occurred', 'eventdate'],
  road_class: ['class', 'roadclass', 'category'],
  ref: ['roadno', 'roadnumber', 'number', 'roadref'],
  kind: ['type', 'facilitytype', 'stationtype', 'posttype', 'aina'],
  status: ['hali', 'state', 'operationalstatus'],
  surface: ['surfacetype', 'surf'],
  condition: ['roadcondition', 'cond'],
  runway_length_m: ['runway', 'runwaylength', 'length_m'],
  elevation_m: ['elevation', 'ele', 'altitude'],
  iata_code: ['iata'],
  weight: ['count', 'incidents', 'numberofincidents', 'incidentcount', 'events'],
  ident: ['icao', 'gpscode'],
}
const COUNTY_SYNONYMS: Record<string, string[]> = {
  code: ['countycode', 'countyid', 'countyno', 'countynumber', 'cid', 'countycod', 'county_cod'],
  name: ['countyname', 'county', 'countynam', 'county_nam'],
}

/** The automatic mapping of a file's columns onto a collection's fields. */
export function autoMapping(c: Collection, columns: string[]): Mapping {
  const targets = importTargets(c)
  const synonyms = c.id === 'counties' ? COUNTY_SYNONYMS : c.id === 'incident_stats' ? STATS_SYNONYMS : SYNONYMS
  const mapping: Mapping = Object.fromEntries(columns.map((col) => [col, null]))
  const taken = new Set<string>()
  const passes: ((col: string, t: Target) => boolean)[] = [
    (col, t) => norm(col) === norm(t.name),
    (col, t) => norm(col) === norm(t.title),
    (col, t) => (synonyms[t.name] ?? []).map(norm).includes(norm(col)),
    // dBASE field names are cut at 10 characters: "is_securit" is is_security_road.
    (col, t) => col.length === 10 && t.name.toLowerCase().startsWith(col.toLowerCase()),
  ]
  for (const pass of passes) {
    for (const col of columns) {
      if (mapping[col]) continue
      const t = targets.find((x) => !taken.has(x.name) && pass(col, x))
      if (t) {
        mapping[col] = t.name
        taken.add(t.name)
      }
    }
  }
  return mapping
}

/** Checks a user's plan against the file's columns and the collection's fields (400 naming the problem). */
export function checkPlan(
  c: Collection,
  columns: string[],
  mapping: Mapping,
  fixed: Fixed = {},
  recode: Recode = {},
  derive: Derive = {},
): Plan {
  const checked = checkMapping(c, columns, mapping)
  const byName = new Map(importTargets(c).map((t) => [t.name, t]))
  const mapped = new Map(
    Object.entries(checked)
      .filter(([, f]) => f !== null)
      .map(([col, f]) => [f as string, col]),
  )
  const out: Fixed = {}
  for (const [field, raw] of Object.entries(fixed)) {
    const t = byName.get(field)
    if (c.id === 'counties')
      throw fail('invalid_mapping', 'County boundaries take no fixed values: each row names its county.', {
        parameter: `fixed.${field}`,
      })
    if (!t)
      throw fail(
        'invalid_mapping',
        `"${field}" is not a field an import into ${c.id} can set (${[...byName.keys()].join(', ')}).`,
        { parameter: `fixed.${field}` },
      )
    const col = mapped.get(field)
    if (col !== undefined)
      throw fail(
        'invalid_mapping',
        `${field} comes from the "${col}" column already: map the column away or drop the fixed value.`,
        { parameter: `fixed.${field}` },
      )
    const open = openDomain(c, t)
    const { value, error } = coerce(
      open,
      typeof raw === 'string' && open.domain ? (suggestValue(open.domain, raw) ?? raw) : raw,
    )
    if (error) throw fail('invalid_mapping', `Fixed value for ${field}: ${error}.`, { parameter: `fixed.${field}` })
    if (value !== undefined) out[field] = value as Scalar
  }
  const derived = checkDerive(c, columns, derive, mapped, out)
  return { mapping: checked, fixed: out, recode: checkRecode(c, recode), derive: derived }
}

/**
 * The target as a plan is checked without the database: a statistics area may be a sub-county or ward, whose values
 * are the units in admin_units, so any value passes here and each row is checked against its level's units.
 */
function openDomain(c: Collection, t: Target): Target {
  if (c.id !== 'incident_stats' || t.name !== 'area') return t
  const { domain: _, ...open } = t
  return open
}

function checkRecode(c: Collection, recode: Recode): Recode {
  const byName = new Map(importTargets(c).map((t) => [t.name, t]))
  const out: Recode = {}
  for (const [field, values] of Object.entries(recode)) {
    const t = byName.get(field)
    if (!t?.domain)
      throw fail(
        'invalid_mapping',
        `"${field}" is not a coded field of ${c.id}: values can be recoded for ${[...byName.values()]
          .filter((x) => x.domain)
          .map((x) => x.name)
          .join(', ')}.`,
        { parameter: `recode.${field}` },
      )
    const checked: Record<string, string> = {}
    for (const [source, target] of Object.entries(values)) {
      const { value, error } = coerce(openDomain(c, t), target)
      if (error || value === undefined)
        throw fail('invalid_mapping', `Recode of ${field} "${source}": ${error ?? 'give a target value'}.`, {
          parameter: `recode.${field}`,
        })
      checked[source.trim()] = value as string
    }
    if (Object.keys(checked).length) out[field] = checked
  }
  return out
}

function checkDerive(
  c: Collection,
  columns: string[],
  derive: Derive,
  mapped: Map<string, string>,
  fixed: Fixed,
): Derive {
  const byName = new Map(importTargets(c).map((t) => [t.name, t]))
  const out: Derive = {}
  for (const [field, d] of Object.entries(derive)) {
    const parameter = `derive.${field}`
    if (!byName.has(field))
      throw fail('invalid_mapping', `"${field}" is not a field an import into ${c.id} can set.`, { parameter })
    if (mapped.has(field) || field in fixed)
      throw fail('invalid_mapping', `${field} is given already (by a column or a fixed value): derive it or give it.`, {
        parameter,
      })
    if (!columns.includes(d.column))
      throw fail('invalid_mapping', `The file has no column "${d.column}".`, { parameter })
    if (!(d.rule in DERIVE_RULES))
      throw fail('invalid_mapping', `No rule "${d.rule}" (${Object.keys(DERIVE_RULES).join(', ')}).`, { parameter })
    out[field] = { column: d.column, rule: d.rule }
  }
  return out
}

/** The suggested target of a coded field's value: the plan's lookup table first, then the synonyms. */
export function suggestFor(t: Target, plan: Pick<Plan, 'lookups'>, source: string): string | null {
  if (!t.domain) return null
  const looked = plan.lookups?.[t.name]?.get(valueKey(source))
  return looked && t.domain.includes(looked) ? looked : suggestValue(t.domain, source)
}

/** Derivations the file's shape suggests: a road file with a number but no class column gets its class from it. */
export function autoDerive(c: Collection, mapping: Mapping): Derive {
  const fields = new Map(
    Object.entries(mapping)
      .filter(([, f]) => f !== null)
      .map(([col, f]) => [f as string, col]),
  )
  const ref = fields.get('ref')
  return c.id === 'roads' && ref !== undefined && !fields.has('road_class')
    ? { road_class: { column: ref, rule: 'road_class_from_ref' } }
    : {}
}

/**
 * A row's raw value for a field under a plan, before coercion: from its column or derivation, with a coded field's
 * value recoded (the user's target, else the suggestion). `unmapped` is the source value no target was found for.
 */
export function planValue(
  t: Target,
  plan: Plan,
  column: string | undefined,
  props: Record<string, Scalar>,
): { raw: Scalar | undefined; source?: string; unmapped?: string } {
  const d = plan.derive[t.name]
  let raw: Scalar | undefined
  if (d) {
    const v = props[d.column]
    raw = v === null || v === undefined ? v : DERIVE_RULES[d.rule].apply(String(v))
  } else raw = column === undefined ? plan.fixed[t.name] : props[column]
  if (!t.domain || (column === undefined && !d)) return { raw }
  if (raw === null || raw === undefined || String(raw).trim() === '') return { raw }
  const source = String(raw).trim()
  const target = plan.recode[t.name]?.[source] ?? suggestFor(t, plan, source)
  return target ? { raw: target, source } : { raw, source, unmapped: source }
}

function checkMapping(c: Collection, columns: string[], mapping: Mapping): Mapping {
  const targets = new Set(importTargets(c).map((t) => t.name))
  const used = new Map<string, string>()
  for (const [col, field] of Object.entries(mapping)) {
    if (!columns.includes(col))
      throw fail('invalid_mapping', `The file has no column "${col}".`, { parameter: `mapping.${col}` })
    if (field === null) continue
    if (!targets.has(field))
      throw fail(
        'invalid_mapping',
        `"${field}" is not a field an import into ${c.id} can set (${[...targets].join(', ')}).`,
        { parameter: `mapping.${col}` },
      )
    const other = used.get(field)
    if (other !== undefined)
      throw fail('invalid_mapping', `Both "${other}" and "${col}" are mapped to ${field}.`, {
        parameter: `mapping.${col}`,
      })
    used.set(field, col)
  }
  // Columns the user left out of the mapping are ignored.
  return Object.fromEntries(columns.map((col) => [col, mapping[col] ?? null]))
}

// ---------------------------------------------------------------- values

const BOOLEAN_TRUE = ['true', 't', 'yes', 'y', '1', 'ndiyo']
const BOOLEAN_FALSE = ['false', 'f', 'no', 'n', '0', 'hapana']
const domainKey = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/** A file's value as the field's type; `undefined` = no value. */
export function coerce(t: Target, raw: Scalar | undefined): { value?: unknown; error?: string } {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return {}
  const shown = JSON.stringify(typeof raw === 'string' && raw.length > 60 ? `${raw.slice(0, 60)}…` : raw)
  switch (t.type) {
    case 'text': {
      const s = typeof raw === 'string' ? raw.trim() : String(raw)
      if (!t.domain) return { value: s }
      const hit = t.domain.find((d) => d === s) ?? t.domain.find((d) => domainKey(d) === domainKey(s))
      if (hit) return { value: hit }
      // A long domain (the units of a level) is not listed whole in every row's message.
      const listed = t.domain.length > 60 ? `${t.domain.slice(0, 60).join(', ')}, …` : t.domain.join(', ')
      return { error: t.noun ? `no ${t.noun} is known as ${shown}` : `${shown} is not one of ${listed}` }
    }
    case 'integer': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && /^\s*[-+]?\d+(\.0*)?\s*$/.test(raw)
            ? Number(raw)
            : NaN
      return Number.isInteger(n) ? { value: n } : { error: `${shown} is not a whole number` }
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim()) : NaN
      return Number.isFinite(n) ? { value: n } : { error: `${shown} is not a number` }
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw }
      const s = String(raw).trim().toLowerCase()
      if (BOOLEAN_TRUE.includes(s)) return { value: true }
      if (BOOLEAN_FALSE.includes(s)) return { value: false }
      return { error: `${shown} is not true or false (yes/no, 1/0 are also understood)` }
    }
    case 'timestamp': {
      if (typeof raw !== 'string')
        return { error: `${shown} is not a date-time (give ISO 8601, e.g. 2025-03-01T14:30:00Z)` }
      const s = dayFirst(raw.trim())
      const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s)
      if (!m) return { error: `${shown} is not a date-time (give ISO 8601, e.g. 2025-03-01T14:30:00Z)` }
      // Ministry files are written in Kenya: a date alone is midnight and a time without an offset is local, East
      // Africa Time (UTC+3, no daylight saving), so 1 July 01:30 stays in July and in Q3.
      const iso = `${m[1]}T${m[2] ?? '00:00:00'}${m[3] ? m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : '+03:00'}`
      const d = new Date(iso)
      // Date() rolls 31 February over into March: the calendar date must survive the round trip.
      const calendar = new Date(`${m[1]}T00:00:00Z`)
      return Number.isNaN(d.getTime()) ||
        Number.isNaN(calendar.getTime()) ||
        calendar.toISOString().slice(0, 10) !== m[1]
        ? { error: `${shown} is not a valid date` }
        : { value: d.toISOString() }
    }
  }
}

/** Kenyan files write dates day first: "01/07/2025 01:30" → "2025-07-01 01:30". Other text is left as it is. */
function dayFirst(s: string): string {
  const m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s)
  if (!m) return s
  const p2 = (x: string) => x.padStart(2, '0')
  const time = m[4] ? ` ${p2(m[4])}:${m[5]}${m[6] ? `:${m[6]}` : ''}` : ''
  return `${m[3]}-${p2(m[2]!)}-${p2(m[1]!)}${time}`
}

export const collectionOf = (id: ImportableId): Collection => COLLECTIONS[id as CollectionId]
