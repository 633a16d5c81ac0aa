// The value domains of Ramani's data, shared by the database checks (001_schema.sql), the API's zod schemas and the
// web map's styles and legends. Keep in step with the CHECK constraints in server/db/migrations.

export const SOURCES = ['reference', 'sample', 'import', 'field', 'citizen'] as const
export const CONDITIONS = ['good', 'fair', 'poor', 'impassable'] as const
export const ROAD_CLASSES = ['A', 'B', 'C', 'D', 'E', 'unclassified', 'track'] as const
export const ROAD_SURFACES = ['paved', 'gravel', 'earth'] as const
export const ROAD_STATUSES = ['existing', 'planned', 'under_construction', 'rehabilitated'] as const
export const AIRSTRIP_KINDS = ['airport', 'airstrip', 'landing_site', 'helipad'] as const
export const AIRSTRIP_SURFACES = ['paved', 'gravel', 'earth', 'grass', 'unknown'] as const
export const AIRSTRIP_STATUSES = ['operational', 'restricted', 'closed'] as const
export const NEIGHBOUR_COUNTRIES = ['ETH', 'SOM', 'SSD', 'UGA', 'TZA'] as const
export const BORDER_POST_KINDS = ['one_stop_border_post', 'border_post', 'crossing_point'] as const
export const BORDER_POST_STATUSES = ['operational', 'partially_operational', 'not_operational', 'planned'] as const
/** The provincial administration's chain (sub-county → sub-location), then the ward of the county's own chain. */
export const ADMIN_LEVELS = ['sub_county', 'division', 'location', 'sub_location', 'ward'] as const
export const ADMIN_STATUSES = ['active', 'inactive'] as const
export const FACILITY_KINDS = [
  'police_station',
  'police_post',
  'aps_camp',
  'border_police_post',
  'prison',
  'registration_centre',
  'ic3_centre',
  'forensic_lab',
] as const
export const FACILITY_STATUSES = ['operational', 'under_construction', 'planned', 'closed'] as const
export const INCIDENT_THEMES = [
  'terrorism',
  'organised_gangs',
  'cross_border_smuggling',
  'illicit_alcohol_drugs',
  'small_arms',
  'cattle_rustling_banditry',
  'sgbv',
  'boda_boda',
  'land_dispute',
  'other',
] as const
export const INCIDENT_STATUSES = ['open', 'actioned', 'closed'] as const
/** Calendar periods of area statistics, in East Africa Time. */
export const PERIOD_KINDS = ['week', 'month', 'quarter', 'year'] as const
/** Areas statistics are kept for: the boundaries Ramani holds (sub-county and ward outlines are not loaded). */
/** Levels of area statistics: the county, or a sub-county or ward with a boundary loaded into admin_units. */
export const AREA_LEVELS = ['county', 'sub_county', 'ward'] as const
export type AreaLevel = (typeof AREA_LEVELS)[number]
export const PLACE_KINDS = ['city', 'town', 'village', 'locality'] as const

/** The 8 regions (the former provinces), each under a Regional Commissioner. */
export const REGIONS = [
  { code: 'nairobi', name: 'Nairobi', name_sw: 'Nairobi' },
  { code: 'central', name: 'Central', name_sw: 'Kati' },
  { code: 'coast', name: 'Coast', name_sw: 'Pwani' },
  { code: 'eastern', name: 'Eastern', name_sw: 'Mashariki' },
  { code: 'north_eastern', name: 'North Eastern', name_sw: 'Kaskazini Mashariki' },
  { code: 'nyanza', name: 'Nyanza', name_sw: 'Nyanza' },
  { code: 'rift_valley', name: 'Rift Valley', name_sw: 'Bonde la Ufa' },
  { code: 'western', name: 'Western', name_sw: 'Magharibi' },
] as const
export type RegionCode = (typeof REGIONS)[number]['code']

/** Asset collections (editable, carry status/source/version) and reference collections (read-mostly). */
export const ASSET_COLLECTIONS = [
  'roads',
  'airstrips',
  'border_posts',
  'admin_units',
  'facilities',
  'incidents',
] as const
/** Counts per area and period (official crime statistics, conflict-event counts): read like assets, drawn as areas. */
export const STATISTICS_COLLECTIONS = ['incident_stats'] as const
export const REFERENCE_COLLECTIONS = ['regions', 'counties'] as const
export const COLLECTIONS = [...ASSET_COLLECTIONS, ...STATISTICS_COLLECTIONS, ...REFERENCE_COLLECTIONS] as const
export type AssetCollection = (typeof ASSET_COLLECTIONS)[number]
export type CollectionId = (typeof COLLECTIONS)[number]

export const ROLES = [
  'admin',
  'planner',
  'commissioner',
  'field_officer',
  'viewer',
  'moderator',
  'operator',
  'flight_officer',
] as const
export type Role = (typeof ROLES)[number]

/** Kenya's extent plus a margin (degrees, CRS84): no geometry may reach outside it. */
export const KENYA_BOUNDS = { west: 33.4, south: -5.3, east: 42.4, north: 5.5 } as const
/** Most vertices one submitted geometry may have. */
export const MAX_VERTICES = 20000
