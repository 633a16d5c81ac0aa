import { COUNTY_TABLE } from '../../contract/counties.ts'
import { AREA_LEVELS, INCIDENT_THEMES, PERIOD_KINDS, type AreaLevel } from '../../contract/domains.ts'
import type { Queryable } from '../db/index.ts'
import { parsePeriod, type PeriodKind } from './periods.ts'
import { valueKey } from './synonyms.ts'

// Imports into incident_stats: a file of counts per area and period (a police crime table, a conflict dataset's
// weekly county counts) is mapped onto the area, the period, the theme and the counts. The area is a coded field whose
// values are county codes, so an area name is matched (and, when no spelling is known, reported and recoded) exactly
// as a facility's free-text kind is; the period is read by periods.ts; the event type becomes a theme through the
// theme crosswalk. A file of sub-county or ward figures (area_level mapped or fixed) is matched in the same way
// against the units of that level in admin_units, read from the database when the file is checked.

/** An import target (mapping.ts's Target, which imports this module). */
interface StatsTarget {
  name: string
  title: string
  type: 'text' | 'integer'
  required: boolean
  domain?: readonly string[]
  noun?: string
}

export const STATS_TARGETS: StatsTarget[] = [
  // Before the area: a row's level says which areas its name is looked up among.
  {
    name: 'area_level',
    title: 'Area level (county, sub_county or ward; default county)',
    type: 'text',
    required: false,
    domain: AREA_LEVELS,
  },
  {
    name: 'area',
    title: 'Area (county code or name; sub-county or ward code or name at those levels)',
    type: 'text',
    required: true,
    domain: COUNTY_TABLE.map((c) => c.code),
    noun: 'county',
  },
  {
    name: 'period',
    title: 'Period (week start date, 2024-W07, July 2024, 2024-07, 2024Q3, Q3 2024, 2024)',
    type: 'text',
    required: true,
  },
  {
    name: 'period_kind',
    title: 'Period kind (when the period is a date)',
    type: 'text',
    required: false,
    domain: PERIOD_KINDS,
  },
  {
    name: 'theme',
    title: 'Theme (event type, via the theme crosswalk)',
    type: 'text',
    required: true,
    domain: INCIDENT_THEMES,
  },
  { name: 'event_type', title: 'Event type', type: 'text', required: false },
  { name: 'events', title: 'Events', type: 'integer', required: true },
  { name: 'fatalities', title: 'Fatalities', type: 'integer', required: false },
  { name: 'data_source', title: 'Data source', type: 'text', required: false },
  { name: 'licence', title: 'Licence note', type: 'text', required: false },
]

export const STATS_SYNONYMS: Record<string, string[]> = {
  area: [
    'admin1',
    'county',
    'countyname',
    'countycode',
    'areaname',
    'areacode',
    'kaunti',
    'subcounty',
    'subcountyname',
    'subcountycode',
    'ward',
    'wardname',
    'wardcode',
    'admin2',
    'admin3',
  ],
  area_level: ['level', 'arealevel', 'adminlevel'],
  period: ['week', 'eventdate', 'date', 'month', 'quarter', 'year', 'periodstart', 'weekstart'],
  period_kind: ['periodtype', 'interval'],
  theme: ['subeventtype', 'crimecategory', 'offence', 'offencecategory', 'crimetype', 'category'],
  event_type: ['eventtype', 'type'],
  events: ['count', 'eventcount', 'incidents', 'cases', 'number', 'total'],
  fatalities: ['deaths', 'killed'],
  data_source: ['source', 'dataset'],
  licence: ['license', 'terms'],
}

/** Every known spelling of every county (name, aliases, "… County", the code with and without zeros) → its code. */
export function areaLookup(): Map<string, string> {
  const m = new Map<string, string>()
  for (const c of COUNTY_TABLE) {
    for (const n of [c.name, ...c.aliases]) {
      m.set(valueKey(n), c.code)
      m.set(valueKey(`${n} County`), c.code)
    }
    m.set(valueKey(c.code), c.code)
    m.set(valueKey(String(Number(c.code))), c.code)
    m.set(valueKey(c.iso_code), c.code)
  }
  return m
}

/** The units of one level in admin_units as areas of statistics: every spelling → the unit's area value. */
export interface UnitAreas {
  /** The value naming each unit: its code, else its id. */
  domain: string[]
  /** Name and code spellings → value; a spelling two units share (two wards of one name) is no match. */
  lookup: Map<string, string>
  /** value → admin_units id. */
  ids: Map<string, string>
}

const UNIT_SUFFIX = /[\s-]*(sub[\s-]*county|ward)$/i
const UNIT_WORDS: Record<Exclude<AreaLevel, 'county'>, string[]> = {
  sub_county: ['Sub-County', 'Sub County', 'Subcounty'],
  ward: ['Ward'],
}

/** The units of a level as areas: a unit is matched by its code or its name, with or without "Sub-County" / "Ward". */
export async function unitAreas(q: Queryable, level: Exclude<AreaLevel, 'county'>): Promise<UnitAreas> {
  const r = await q.query<{ id: string; code: string | null; name: string }>(
    'SELECT id::text AS id, code, name FROM admin_units WHERE level = $1 ORDER BY id',
    [level],
  )
  const lookup = new Map<string, string>()
  const ambiguous = new Set<string>()
  const add = (key: string, value: string) => {
    const had = lookup.get(key)
    if (had !== undefined && had !== value) ambiguous.add(key)
    else lookup.set(key, value)
  }
  const ids = new Map<string, string>()
  for (const u of r.rows) {
    const value = u.code ?? u.id
    ids.set(value, u.id)
    const base = u.name.replace(UNIT_SUFFIX, '').trim() || u.name
    for (const n of [u.name, base, ...UNIT_WORDS[level].map((w) => `${base} ${w}`)]) add(valueKey(n), value)
  }
  for (const k of ambiguous) lookup.delete(k)
  // A code is the unit's own: it wins over a name another unit happens to have.
  for (const u of r.rows) if (u.code) lookup.set(valueKey(u.code), u.code)
  return { domain: [...ids.keys()], lookup, ids }
}

/** The levels below the county, each with its units, for a stats import's plan. */
export async function unitLevels(q: Queryable): Promise<Record<string, UnitAreas>> {
  return { sub_county: await unitAreas(q, 'sub_county'), ward: await unitAreas(q, 'ward') }
}

export interface StatsRow {
  area_level: AreaLevel
  area_code: string
  area_unit_id?: number
  period_kind: PeriodKind
  period_start: string
  theme: string
  event_type?: string
  source_type?: string
  events: number
  fatalities?: number
  data_source?: string
  licence?: string
}

/**
 * The row's columns from its mapped target values (already recoded and typed): the period read in the given kind,
 * the theme's source value kept beside it. An error names the field.
 */
export function statsColumns(
  values: Record<string, unknown>,
  themeSource: string | undefined,
  units?: UnitAreas,
): { row?: StatsRow; error?: { field: string; message: string } } {
  const period = parsePeriod(String(values.period), values.period_kind as PeriodKind | undefined)
  if (period.error) return { error: { field: 'period', message: period.error } }
  const rest = Object.fromEntries(
    Object.entries(values).filter(([k]) => !['area', 'area_level', 'period', 'period_kind'].includes(k)),
  ) as Omit<StatsRow, 'area_level' | 'area_code' | 'period_kind' | 'period_start'>
  const level = (values.area_level as AreaLevel | undefined) ?? 'county'
  const unit = level === 'county' ? undefined : units?.ids.get(values.area as string)
  if (level !== 'county' && values.area !== undefined && unit === undefined)
    return {
      error: { field: 'area', message: `no ${level.replace('_', '-')} is known as ${JSON.stringify(values.area)}` },
    }
  return {
    row: {
      ...rest,
      area_level: level,
      // A unit's row is stored under its county by the database; the unit's code is kept here for the audit.
      area_code: values.area as string,
      ...(unit === undefined ? {} : { area_unit_id: Number(unit) }),
      period_kind: period.period!.kind,
      period_start: period.period!.start,
      ...(themeSource === undefined ? {} : { source_type: themeSource }),
    },
  }
}

/** The lookup tables a stats import's coded fields use, beside the theme crosswalk: `area` is the counties'. */
export const statsLookups = (theme: Map<string, string>): Record<string, Map<string, string>> => ({
  theme,
  area: areaLookup(),
})

/** The area target and lookups of a row of the given level: the counties', or that level's units. */
export function areaTargetsOf<T extends { name: string; domain?: readonly string[]; noun?: string }>(
  targets: T[],
  lookups: Record<string, Map<string, string>>,
  level: AreaLevel,
  units: UnitAreas | undefined,
): { targets: T[]; lookups: Record<string, Map<string, string>> } {
  if (level === 'county' || !units) return { targets, lookups }
  return {
    targets: targets.map((t) =>
      t.name === 'area' ? { ...t, domain: units.domain, noun: level.replace('_', '-') } : t,
    ),
    lookups: { ...lookups, area: units.lookup },
  }
}
