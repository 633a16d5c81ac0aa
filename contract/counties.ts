// The 47 counties of Kenya: government county code (First Schedule of the Constitution, 001 Mombasa … 047 Nairobi),
// ISO 3166-2:KE code (alphabetical order of the English names, KE-01 Baringo … KE-47 West Pokot), the proper-case
// name used in the database, the region (former province) it belongs to, and alternative spellings met in other
// datasets (IEBC, amCharts, KNBS, OSM) so that names from those sources can be matched to a county.
//
// Hand-written reference table: builds the reference layers (scripts/build-reference.ts) and matches county names
// from other sources (imports, checks against IEBC data).

import type { RegionCode } from './domains.ts'

export interface CountyRow {
  /** Government county code, 3 digits. */
  code: string
  /** ISO 3166-2:KE code. */
  iso_code: string
  name: string
  region_code: RegionCode
  /** Other spellings of the name (the proper name itself need not be listed). */
  aliases: readonly string[]
}

const c = (code: string, iso: number, name: string, region_code: RegionCode, aliases: string[] = []): CountyRow => ({
  code,
  iso_code: `KE-${String(iso).padStart(2, '0')}`,
  name,
  region_code,
  aliases,
})

/** Ordered by government code. */
export const COUNTY_TABLE: readonly CountyRow[] = [
  c('001', 28, 'Mombasa', 'coast'),
  c('002', 19, 'Kwale', 'coast'),
  c('003', 14, 'Kilifi', 'coast'),
  c('004', 40, 'Tana River', 'coast', ['Tana']),
  c('005', 21, 'Lamu', 'coast'),
  c('006', 39, 'Taita-Taveta', 'coast', ['Taita Taveta', 'Taita/Taveta']),
  c('007', 7, 'Garissa', 'north_eastern'),
  c('008', 46, 'Wajir', 'north_eastern'),
  c('009', 24, 'Mandera', 'north_eastern'),
  c('010', 25, 'Marsabit', 'eastern'),
  c('011', 9, 'Isiolo', 'eastern'),
  c('012', 26, 'Meru', 'eastern'),
  c('013', 41, 'Tharaka-Nithi', 'eastern', ['Tharaka - Nithi', 'Tharaka Nithi', 'Tharaka']),
  c('014', 6, 'Embu', 'eastern'),
  c('015', 18, 'Kitui', 'eastern'),
  c('016', 22, 'Machakos', 'eastern'),
  c('017', 23, 'Makueni', 'eastern'),
  c('018', 35, 'Nyandarua', 'central'),
  c('019', 36, 'Nyeri', 'central'),
  c('020', 15, 'Kirinyaga', 'central'),
  c('021', 29, "Murang'a", 'central', ['Muranga', 'Murang’a']),
  c('022', 13, 'Kiambu', 'central'),
  c('023', 43, 'Turkana', 'rift_valley'),
  c('024', 47, 'West Pokot', 'rift_valley', ['Pokot West']),
  c('025', 37, 'Samburu', 'rift_valley'),
  c('026', 42, 'Trans Nzoia', 'rift_valley', ['Trans-Nzoia', 'Transnzoia']),
  c('027', 44, 'Uasin Gishu', 'rift_valley', ['Uasin-Gishu']),
  c('028', 5, 'Elgeyo-Marakwet', 'rift_valley', [
    'Elegeyo-Marakwet',
    'Elgeyo Marakwet',
    'Keiyo-Marakwet',
    'Keiyo Marakwet',
  ]),
  c('029', 32, 'Nandi', 'rift_valley'),
  c('030', 1, 'Baringo', 'rift_valley'),
  c('031', 20, 'Laikipia', 'rift_valley'),
  c('032', 31, 'Nakuru', 'rift_valley'),
  c('033', 33, 'Narok', 'rift_valley'),
  c('034', 10, 'Kajiado', 'rift_valley'),
  c('035', 12, 'Kericho', 'rift_valley'),
  c('036', 2, 'Bomet', 'rift_valley'),
  c('037', 11, 'Kakamega', 'western'),
  c('038', 45, 'Vihiga', 'western'),
  c('039', 3, 'Bungoma', 'western'),
  c('040', 4, 'Busia', 'western'),
  c('041', 38, 'Siaya', 'nyanza'),
  c('042', 17, 'Kisumu', 'nyanza'),
  c('043', 8, 'Homa Bay', 'nyanza', ['Homabay', 'Homa-Bay']),
  c('044', 27, 'Migori', 'nyanza'),
  c('045', 16, 'Kisii', 'nyanza', ['Gusii']),
  c('046', 34, 'Nyamira', 'nyanza'),
  c('047', 30, 'Nairobi', 'nairobi', ['Nairobi City', 'Nairobi City County']),
]

/** Lower case, letters only: "THARAKA - NITHI", "Tharaka-Nithi" and "tharaka nithi" all give "tharakanithi". */
export function normalizeCountyName(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\bcounty\b/g, '')
    .replace(/[^a-z]/g, '')
}

const byName = new Map<string, CountyRow>()
for (const row of COUNTY_TABLE) {
  for (const n of [row.name, ...row.aliases]) byName.set(normalizeCountyName(n), row)
}

/** The county a name (in any of the known spellings, any case) refers to, or undefined. */
export function findCountyByName(name: string): CountyRow | undefined {
  return byName.get(normalizeCountyName(name))
}
