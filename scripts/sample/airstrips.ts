// A few sample police landing sites and helipads at security locations. The real airports and airstrips are
// reference data (OurAirports); these are invented sites that a planner or a humanitarian-flight officer would
// check against hotspots.

import type { Feature, Point } from 'geojson'
import type { AIRSTRIP_STATUSES, AIRSTRIP_SURFACES, CONDITIONS } from '../../contract/domains.ts'
import type { Geo, LonLat } from './geo.ts'
import type { Rng } from './random.ts'

const SITES: readonly [string, 'landing_site' | 'helipad', (typeof AIRSTRIP_SURFACES)[number]][] = [
  ['Kapedo', 'landing_site', 'earth'],
  ['Tot', 'landing_site', 'gravel'],
  ['Chesegon', 'landing_site', 'earth'],
  ['Kolowa', 'landing_site', 'earth'],
  ['Nginyang', 'landing_site', 'earth'],
  ['Lokori', 'landing_site', 'earth'],
  ['Kainuk', 'landing_site', 'gravel'],
  ['Lokitaung', 'landing_site', 'earth'],
  ['Todenyang', 'landing_site', 'earth'],
  ['Baragoi', 'landing_site', 'earth'],
  ['South Horr', 'landing_site', 'earth'],
  ['Kargi', 'landing_site', 'earth'],
  ['Ileret', 'landing_site', 'earth'],
  ['Sololo', 'landing_site', 'earth'],
  ['Takaba', 'landing_site', 'earth'],
  ['Banissa', 'landing_site', 'earth'],
  ['Lafey', 'landing_site', 'earth'],
  ['Kiunga', 'landing_site', 'grass'],
  ['Ijara', 'landing_site', 'earth'],
  ['Alale', 'landing_site', 'earth'],
  ['Nairobi', 'helipad', 'paved'],
  ['Mombasa', 'helipad', 'paved'],
  ['Lodwar', 'helipad', 'paved'],
  ['Garissa', 'helipad', 'paved'],
  ['Marsabit', 'helipad', 'paved'],
  ['Kabarnet', 'helipad', 'paved'],
  ['Maralal', 'helipad', 'paved'],
  ['Mandera', 'helipad', 'paved'],
  ['Mokowe', 'helipad', 'paved'],
  ['Kapenguria', 'helipad', 'paved'],
]

export function buildAirstrips(geo: Geo, townAt: ReadonlyMap<string, LonLat>, rng: Rng): Feature<Point>[] {
  return SITES.map(([town, kind, surface]) => {
    const at = geo.near(townAt.get(town) ?? fail(town), kind === 'helipad' ? 1 : 3, rng)
    const status: (typeof AIRSTRIP_STATUSES)[number] = rng.weighted([
      ['operational', 7],
      ['restricted', 2],
      ['closed', 1],
    ])
    const condition: (typeof CONDITIONS)[number] =
      kind === 'helipad'
        ? rng.weighted([
            ['good', 5],
            ['fair', 3],
            ['poor', 1],
          ])
        : rng.weighted([
            ['good', 2],
            ['fair', 4],
            ['poor', 3],
            ['impassable', 1],
          ])
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at },
      properties: {
        name: `${town} ${kind === 'helipad' ? 'Police Helipad' : 'Police Landing Site'}`,
        kind,
        ident: null,
        iata_code: null,
        surface,
        runway_length_m: kind === 'helipad' ? null : 600 + rng.int(0, 10) * 100,
        elevation_m: null,
        condition,
        status,
      },
    }
  })
}

function fail(town: string): never {
  throw new Error(`airstrips: unknown town ${town}`)
}
