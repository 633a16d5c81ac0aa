import { COUNTY_TABLE } from '../../contract/counties.ts'
import { INCIDENT_THEMES, PERIOD_KINDS } from '../../contract/domains.ts'
import { parsePeriod, type PeriodKind } from './periods.ts'
import { valueKey } from './synonyms.ts'

// Imports into incident_stats: a file of counts per area and period (a police crime table, a conflict dataset's
// weekly county counts) is mapped onto the area, the period, the theme and the counts. The area is a coded field whose
// values are county codes, so an area name is matched (and, when no spelling is known, reported and recoded) exactly
// as a facility's free-text kind is; the period is read by periods.ts; the event type becomes a theme through the
// theme crosswalk.

/** An import target (mapping.ts's Target, which imports this module). */
interface StatsTarget {
  name: string
  title: string
  type: 'text' | 'integer'
  required: boolean
  domain?: readonly string[]
}

export const STATS_TARGETS: StatsTarget[] = [
  {
    name: 'area',
    title: 'Area (county code or name)',
    type: 'text',
    required: true,
    domain: COUNTY_TABLE.map((c) => c.code),
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
  area: ['admin1', 'county', 'countyname', 'countycode', 'areaname', 'areacode', 'kaunti'],
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

export interface StatsRow {
  area_code: string
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
): { row?: StatsRow; error?: { field: string; message: string } } {
  const period = parsePeriod(String(values.period), values.period_kind as PeriodKind | undefined)
  if (period.error) return { error: { field: 'period', message: period.error } }
  const rest = Object.fromEntries(
    Object.entries(values).filter(([k]) => !['area', 'period', 'period_kind'].includes(k)),
  ) as Omit<StatsRow, 'area_code' | 'period_kind' | 'period_start'>
  return {
    row: {
      ...rest,
      area_code: values.area as string,
      period_kind: period.period!.kind,
      period_start: period.period!.start,
      ...(themeSource === undefined ? {} : { source_type: themeSource }),
    },
  }
}

/** The lookup tables a stats import's coded fields use, beside the theme crosswalk. */
export const statsLookups = (theme: Map<string, string>): Record<string, Map<string, string>> => ({
  theme,
  area: areaLookup(),
})
