import * as D from '../../contract/domains.ts'
import type { CollectionId } from '../../contract/domains.ts'

// The registry of collections: what each table holds, which columns may be filtered and edited. SQL identifiers come
// only from here, never from a request; request values always travel as parameters.

export type FieldType = 'text' | 'integer' | 'number' | 'boolean' | 'timestamp'

export interface Field {
  name: string
  type: FieldType
  title: string
  /** Shown in the OpenAPI schema and the import's field list when the title is not enough. */
  description?: string
  /** Allowed values (the CHECK constraint's list). */
  domain?: readonly string[]
  nullable?: boolean
  /** Set by the system (id, version, derived columns): never written by clients. */
  readOnly?: boolean
  /** Query parameter name when the field can be filtered by equality (comma-separated values = any of). */
  filter?: string
  min?: number
  max?: number
  /** The database supplies a value when a new row leaves it out. */
  defaulted?: boolean
}

export type GeometryKind = 'Point' | 'LineString' | 'MultiPolygon'

export interface Collection {
  id: CollectionId
  table: string
  title: string
  description: string
  idColumn: 'id' | 'code'
  idType: 'integer' | 'text'
  geometry: GeometryKind
  fields: Field[]
  /** Column of the item's time, for `datetime` queries. */
  temporal?: string
  /** Asset rows carry region/county and can be scoped to a user's area. */
  scoped: boolean
  /** Holds security-sensitive information (viewers may not read it). */
  sensitive: boolean
  /** Column used for name search and labels. */
  label: string
  /**
   * A column keeping a polygon an import gives for a point collection's feature (an administrative unit's boundary):
   * the feature's point is then a point on the polygon's surface.
   */
  boundary?: string
}

const sourceField: Field = {
  name: 'source',
  type: 'text',
  title: 'Source',
  domain: D.SOURCES,
  filter: 'source',
  readOnly: true,
}
const bookkeeping: Field[] = [
  { name: 'version', type: 'integer', title: 'Version', readOnly: true },
  { name: 'updated_at', type: 'timestamp', title: 'Updated at', readOnly: true },
  { name: 'updated_by', type: 'text', title: 'Updated by', readOnly: true },
]
/** Where a row lies (region and county, set by the database) and the import that brought it. */
const placement: Field[] = [
  {
    name: 'region_code',
    type: 'text',
    title: 'Region',
    domain: D.REGIONS.map((r) => r.code),
    filter: 'region',
    readOnly: true,
    nullable: true,
  },
  { name: 'county_code', type: 'text', title: 'County', filter: 'county', readOnly: true, nullable: true },
  { name: 'import_batch_id', type: 'integer', title: 'Import batch', readOnly: true, nullable: true },
]
const assetCommon: Field[] = [
  { name: 'id', type: 'integer', title: 'Identifier', readOnly: true },
  { name: 'name', type: 'text', title: 'Name' },
  sourceField,
  ...bookkeeping,
  ...placement,
]
const condition: Field = {
  name: 'condition',
  type: 'text',
  title: 'Condition',
  domain: D.CONDITIONS,
  filter: 'condition',
  nullable: true,
}

function asset(c: Omit<Collection, 'idColumn' | 'idType' | 'scoped' | 'label'> & { sensitive?: boolean }): Collection {
  return { idColumn: 'id', idType: 'integer', scoped: true, label: 'name', ...c, fields: [...assetCommon, ...c.fields] }
}

export const COLLECTIONS: Record<CollectionId, Collection> = {
  roads: asset({
    id: 'roads',
    table: 'roads',
    title: 'Roads',
    description:
      'Road segments with class, surface, condition and status; security roads and patrol corridors flagged.',
    geometry: 'LineString',
    sensitive: false,
    fields: [
      { name: 'ref', type: 'text', title: 'Road number', nullable: true },
      { name: 'road_class', type: 'text', title: 'Road class', domain: D.ROAD_CLASSES, filter: 'road_class' },
      { name: 'surface', type: 'text', title: 'Surface', domain: D.ROAD_SURFACES, filter: 'surface' },
      { ...condition, nullable: false },
      {
        name: 'is_security_road',
        type: 'boolean',
        title: 'Security road',
        filter: 'is_security_road',
        defaulted: true,
      },
      { name: 'corridor', type: 'text', title: 'Corridor', nullable: true, filter: 'corridor' },
      { name: 'status', type: 'text', title: 'Status', domain: D.ROAD_STATUSES, filter: 'status' },
      {
        name: 'loop',
        type: 'boolean',
        title: 'Loop (the line crosses itself on purpose)',
        description:
          'The line crosses itself on purpose (a figure-of-eight patrol track). Without it a road that crosses itself is refused: split it where it crosses, or draw a loop as a closed line.',
        defaulted: true,
      },
      { name: 'length_km', type: 'number', title: 'Length (km)', readOnly: true },
    ],
  }),
  airstrips: asset({
    id: 'airstrips',
    table: 'airstrips',
    title: 'Airstrips and landing sites',
    description: 'Airports, airstrips, landing sites and helipads (OurAirports reference records and sample sites).',
    geometry: 'Point',
    sensitive: false,
    fields: [
      { name: 'kind', type: 'text', title: 'Kind', domain: D.AIRSTRIP_KINDS, filter: 'kind' },
      { name: 'ident', type: 'text', title: 'ICAO / ident', nullable: true, filter: 'ident' },
      { name: 'iata_code', type: 'text', title: 'IATA code', nullable: true },
      {
        name: 'surface',
        type: 'text',
        title: 'Surface',
        domain: D.AIRSTRIP_SURFACES,
        nullable: true,
        filter: 'surface',
      },
      { name: 'runway_length_m', type: 'integer', title: 'Runway length (m)', nullable: true, min: 1, max: 6000 },
      { name: 'elevation_m', type: 'integer', title: 'Elevation (m)', nullable: true, min: -100, max: 6000 },
      condition,
      { name: 'status', type: 'text', title: 'Status', domain: D.AIRSTRIP_STATUSES, filter: 'status' },
    ],
  }),
  border_posts: asset({
    id: 'border_posts',
    table: 'border_posts',
    title: 'Border posts',
    description: 'Border posts and crossing points on the national boundary.',
    geometry: 'Point',
    sensitive: false,
    fields: [
      {
        name: 'country',
        type: 'text',
        title: 'Neighbouring country',
        domain: D.NEIGHBOUR_COUNTRIES,
        filter: 'country',
      },
      { name: 'kind', type: 'text', title: 'Kind', domain: D.BORDER_POST_KINDS, filter: 'kind' },
      condition,
      { name: 'status', type: 'text', title: 'Status', domain: D.BORDER_POST_STATUSES, filter: 'status' },
    ],
  }),
  admin_units: asset({
    id: 'admin_units',
    table: 'admin_units',
    title: 'Administrative units',
    description:
      'Gazetted administrative units (sub-county to sub-location, and wards) and whether they are operational. An import may give a unit as its boundary polygon: the point is then a point on it.',
    geometry: 'Point',
    boundary: 'boundary',
    sensitive: false,
    fields: [
      { name: 'level', type: 'text', title: 'Level', domain: D.ADMIN_LEVELS, filter: 'level' },
      {
        name: 'code',
        type: 'text',
        title: 'Code',
        description: 'The identifier statistics files use for the unit (unique within its level).',
        nullable: true,
        filter: 'code',
      },
      { name: 'parent_id', type: 'integer', title: 'Parent unit', nullable: true },
      {
        name: 'population',
        type: 'integer',
        title: 'Population',
        description: 'Census population, where known: area statistics then compare events per 100,000 people.',
        nullable: true,
        min: 1,
        max: 100000000,
      },
      { name: 'gazetted', type: 'boolean', title: 'Gazetted', filter: 'gazetted', defaulted: true },
      { name: 'status', type: 'text', title: 'Status', domain: D.ADMIN_STATUSES, filter: 'status' },
      { name: 'has_office', type: 'boolean', title: 'Has office', filter: 'has_office', defaulted: true },
      { name: 'staff', type: 'integer', title: 'Staff', min: 0, max: 100000, defaulted: true },
      { name: 'motorcycles', type: 'integer', title: 'Motorcycles', min: 0, max: 100000, defaulted: true },
      condition,
    ],
  }),
  facilities: asset({
    id: 'facilities',
    table: 'facilities',
    title: 'Facilities',
    description:
      'Police stations and posts, APS camps, border police posts, prisons, registration centres, IC3 centres, forensic labs.',
    geometry: 'Point',
    sensitive: false,
    fields: [
      { name: 'kind', type: 'text', title: 'Kind', domain: D.FACILITY_KINDS, filter: 'kind' },
      { name: 'status', type: 'text', title: 'Status', domain: D.FACILITY_STATUSES, filter: 'status' },
      condition,
      { name: 'capacity', type: 'integer', title: 'Capacity', nullable: true, min: 0, max: 1000000 },
      { name: 'occupancy', type: 'integer', title: 'Occupancy', nullable: true, min: 0, max: 1000000 },
      { name: 'digitised', type: 'boolean', title: 'Digitised', nullable: true, filter: 'digitised' },
      { name: 'live_capture_units', type: 'integer', title: 'Live capture units', nullable: true, min: 0, max: 1000 },
      { name: 'staff', type: 'integer', title: 'Staff', nullable: true, min: 0, max: 100000 },
      { name: 'vehicles', type: 'integer', title: 'Vehicles', nullable: true, min: 0, max: 100000 },
    ],
  }),
  incidents: asset({
    id: 'incidents',
    table: 'incidents',
    title: 'Incidents',
    description: 'Crime and conflict incidents by theme, severity and time.',
    geometry: 'Point',
    sensitive: true,
    temporal: 'occurred_at',
    fields: [
      { name: 'occurred_at', type: 'timestamp', title: 'Occurred at' },
      { name: 'theme', type: 'text', title: 'Theme', domain: D.INCIDENT_THEMES, filter: 'theme' },
      { name: 'severity', type: 'integer', title: 'Severity', min: 1, max: 5, filter: 'severity' },
      { name: 'fatalities', type: 'integer', title: 'Fatalities', min: 0, max: 100000, defaulted: true },
      {
        name: 'weight',
        type: 'integer',
        title: 'Count',
        description:
          'How many incidents this record stands for (default 1): heatmaps, hot spots and coverage count it so often.',
        min: 1,
        max: 100000,
        defaulted: true,
      },
      { name: 'description', type: 'text', title: 'Description', nullable: true },
      { name: 'verified', type: 'boolean', title: 'Verified', filter: 'verified', defaulted: true },
      { name: 'status', type: 'text', title: 'Status', domain: D.INCIDENT_STATUSES, filter: 'status' },
    ],
  }),
  incident_stats: {
    id: 'incident_stats',
    table: 'incident_stats',
    title: 'Incident statistics',
    description:
      'Incident counts per area (county, sub-county or ward) and calendar period (week, month, quarter, year in East Africa Time) by theme, with fatalities: official crime statistics and conflict-event counts, drawn as the area.',
    idColumn: 'id',
    idType: 'integer',
    geometry: 'MultiPolygon',
    scoped: true,
    sensitive: true,
    temporal: 'starts_at',
    label: 'name',
    fields: [
      { name: 'id', type: 'integer', title: 'Identifier', readOnly: true },
      {
        name: 'name',
        type: 'text',
        title: 'Name',
        description: 'Area · period · type, written by the database.',
        readOnly: true,
      },
      sourceField,
      ...bookkeeping,
      ...placement,
      { name: 'area_level', type: 'text', title: 'Area level', domain: D.AREA_LEVELS, defaulted: true },
      {
        name: 'area_code',
        type: 'text',
        title: 'Area code',
        description: "The county's code (001–047), or the sub-county's or ward's code in admin_units.",
        filter: 'area',
      },
      {
        name: 'area_unit_id',
        type: 'integer',
        title: 'Administrative unit',
        description: 'The sub-county or ward (admin_units id) of a row below the county; null for a county.',
        nullable: true,
        filter: 'area_unit',
      },
      { name: 'area_name', type: 'text', title: 'Area name', readOnly: true },
      { name: 'period_kind', type: 'text', title: 'Period kind', domain: D.PERIOD_KINDS, filter: 'period_kind' },
      {
        name: 'period_start',
        type: 'text',
        title: 'Period start',
        description: 'First day of the period (YYYY-MM-DD, East Africa Time).',
        filter: 'period_start',
      },
      {
        name: 'period_end',
        type: 'text',
        title: 'Period end',
        description: 'Last day of the period, inclusive (YYYY-MM-DD), computed from its kind and start.',
        readOnly: true,
      },
      {
        name: 'starts_at',
        type: 'timestamp',
        title: 'Starts at',
        description: 'The period begins: midnight East Africa Time of its first day.',
        readOnly: true,
      },
      {
        name: 'ends_at',
        type: 'timestamp',
        title: 'Ends at',
        description: 'The period ends (exclusive): midnight East Africa Time after its last day.',
        readOnly: true,
      },
      { name: 'theme', type: 'text', title: 'Theme', domain: D.INCIDENT_THEMES, filter: 'theme' },
      { name: 'event_type', type: 'text', title: 'Event type', nullable: true },
      {
        name: 'source_type',
        type: 'text',
        title: 'Source type',
        description: 'The type the theme was mapped from, as the file wrote it (a sub-event type, a crime category).',
        nullable: true,
      },
      { name: 'events', type: 'integer', title: 'Events', min: 0, max: 10000000 },
      { name: 'fatalities', type: 'integer', title: 'Fatalities', min: 0, max: 10000000, defaulted: true },
      { name: 'data_source', type: 'text', title: 'Data source', nullable: true, filter: 'data_source' },
      { name: 'licence', type: 'text', title: 'Licence note', nullable: true },
    ],
  },
  regions: {
    id: 'regions',
    table: 'regions',
    title: 'Regions',
    description: 'The 8 regions (former provinces), each under a Regional Commissioner.',
    idColumn: 'code',
    idType: 'text',
    geometry: 'MultiPolygon',
    scoped: false,
    sensitive: false,
    label: 'name',
    fields: [
      { name: 'code', type: 'text', title: 'Code', readOnly: true },
      { name: 'name', type: 'text', title: 'Name' },
      { name: 'name_sw', type: 'text', title: 'Name (Kiswahili)' },
      sourceField,
      ...bookkeeping,
    ],
  },
  counties: {
    id: 'counties',
    table: 'counties',
    title: 'Counties',
    description: 'The 47 counties with government codes (001 Mombasa … 047 Nairobi) and ISO 3166-2:KE codes.',
    idColumn: 'code',
    idType: 'text',
    geometry: 'MultiPolygon',
    scoped: false,
    sensitive: false,
    label: 'name',
    fields: [
      { name: 'code', type: 'text', title: 'County code', readOnly: true },
      { name: 'iso_code', type: 'text', title: 'ISO 3166-2 code', readOnly: true },
      { name: 'name', type: 'text', title: 'Name' },
      {
        name: 'region_code',
        type: 'text',
        title: 'Region',
        domain: D.REGIONS.map((r) => r.code),
        filter: 'region',
        readOnly: true,
      },
      {
        name: 'population',
        type: 'integer',
        title: 'Population',
        description: 'Census population, where known: area hot spots then compare events per 100,000 people.',
        nullable: true,
        min: 1,
        max: 100000000,
      },
      sourceField,
      ...bookkeeping,
    ],
  },
}

export const COLLECTION_LIST: Collection[] = Object.values(COLLECTIONS)

export function findCollection(id: string): Collection | undefined {
  return Object.hasOwn(COLLECTIONS, id) ? COLLECTIONS[id as CollectionId] : undefined
}

export function filterFields(c: Collection): Field[] {
  return c.fields.filter((f) => f.filter)
}
