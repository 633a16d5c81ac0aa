// Border posts at the real crossings (approximate real coordinates typed in by hand). Their kind follows reality
// (the seven one-stop border posts); status and condition are sample values, except that Suam, Lunga Lunga and
// Mandera are not fully operational, as the national forum report says they must be operationalised. A crossing
// that the approximate county outlines put just outside Kenya is moved to the nearest point inside (at most 3 km).

import type { Feature, Point } from 'geojson'
import type {
  BORDER_POST_KINDS,
  BORDER_POST_STATUSES,
  CONDITIONS,
  NEIGHBOUR_COUNTRIES,
} from '../../contract/domains.ts'
import { km, type Geo, type LonLat } from './geo.ts'
import type { Rng } from './random.ts'

type Country = (typeof NEIGHBOUR_COUNTRIES)[number]
type Kind = (typeof BORDER_POST_KINDS)[number]
type Status = (typeof BORDER_POST_STATUSES)[number]

export interface Crossing {
  name: string
  country: Country
  at: LonLat
  kind: Kind
  status: Status
  /** Lake or sea crossing (a landing beach rather than a road crossing). */
  water?: boolean
}

export const CROSSINGS: readonly Crossing[] = [
  {
    name: 'Busia One Stop Border Post',
    country: 'UGA',
    at: [34.092, 0.463],
    kind: 'one_stop_border_post',
    status: 'operational',
  },
  {
    name: 'Malaba One Stop Border Post',
    country: 'UGA',
    at: [34.266, 0.636],
    kind: 'one_stop_border_post',
    status: 'operational',
  },
  {
    name: 'Namanga One Stop Border Post',
    country: 'TZA',
    at: [36.789, -2.548],
    kind: 'one_stop_border_post',
    status: 'operational',
  },
  {
    name: 'Taveta One Stop Border Post',
    country: 'TZA',
    at: [37.625, -3.378],
    kind: 'one_stop_border_post',
    status: 'operational',
  },
  {
    name: 'Isebania One Stop Border Post',
    country: 'TZA',
    at: [34.47, -1.236],
    kind: 'one_stop_border_post',
    status: 'operational',
  },
  {
    name: 'Lunga Lunga One Stop Border Post',
    country: 'TZA',
    at: [39.12, -4.56],
    kind: 'one_stop_border_post',
    status: 'partially_operational',
  },
  {
    name: 'Moyale One Stop Border Post',
    country: 'ETH',
    at: [39.056, 3.524],
    kind: 'one_stop_border_post',
    status: 'operational',
  },
  { name: 'Suam Border Post', country: 'UGA', at: [34.73, 1.19], kind: 'border_post', status: 'not_operational' },
  {
    name: 'Mandera Border Post',
    country: 'SOM',
    at: [41.862, 3.941],
    kind: 'border_post',
    status: 'partially_operational',
  },
  { name: 'Lwakhakha Border Post', country: 'UGA', at: [34.392, 0.795], kind: 'border_post', status: 'operational' },
  { name: 'Loitokitok Border Post', country: 'TZA', at: [37.54, -2.99], kind: 'border_post', status: 'operational' },
  {
    name: 'Nadapal Border Post',
    country: 'SSD',
    at: [34.24, 4.4],
    kind: 'border_post',
    status: 'partially_operational',
  },
  { name: 'Liboi Border Post', country: 'SOM', at: [40.877, 0.357], kind: 'border_post', status: 'not_operational' },
  {
    name: 'El Wak Border Post',
    country: 'SOM',
    at: [40.93, 2.81],
    kind: 'border_post',
    status: 'partially_operational',
  },
  {
    name: 'Todenyang Border Post',
    country: 'ETH',
    at: [35.95, 4.53],
    kind: 'border_post',
    status: 'partially_operational',
  },
  {
    name: 'Kiunga Crossing Point',
    country: 'SOM',
    at: [41.483, -1.745],
    kind: 'crossing_point',
    status: 'not_operational',
    water: true,
  },
  {
    name: 'Muhuru Bay Crossing Point',
    country: 'TZA',
    at: [34.096, -0.999],
    kind: 'crossing_point',
    status: 'partially_operational',
    water: true,
  },
  {
    name: 'Sio Port Crossing Point',
    country: 'UGA',
    at: [34.02, 0.23],
    kind: 'crossing_point',
    status: 'partially_operational',
    water: true,
  },
  {
    name: 'Port Victoria Crossing Point',
    country: 'UGA',
    at: [33.974, 0.1],
    kind: 'crossing_point',
    status: 'operational',
    water: true,
  },
  {
    name: 'Vanga Crossing Point',
    country: 'TZA',
    at: [39.216, -4.655],
    kind: 'crossing_point',
    status: 'partially_operational',
    water: true,
  },
  { name: 'Sololo Crossing Point', country: 'ETH', at: [38.643, 3.575], kind: 'crossing_point', status: 'planned' },
  { name: 'Ileret Crossing Point', country: 'ETH', at: [36.23, 4.31], kind: 'crossing_point', status: 'planned' },
  {
    name: 'Rhamu Crossing Point',
    country: 'ETH',
    at: [41.223, 3.94],
    kind: 'crossing_point',
    status: 'not_operational',
  },
]

export interface BorderPost extends Crossing {
  /** Position used: the crossing, moved inland if the county outlines put it outside Kenya. */
  placed: LonLat
}

export function buildBorderPosts(geo: Geo, rng: Rng): { posts: BorderPost[]; features: Feature<Point>[] } {
  const posts = CROSSINGS.map((c) => {
    const placed = geo.nudgeInside(c.at, 3)
    if (km(c.at, placed) > 3) throw new Error(`${c.name} is more than 3 km outside the county outlines`)
    return { ...c, placed }
  })
  const features = posts.map((p): Feature<Point> => {
    const condition: (typeof CONDITIONS)[number] | null =
      p.status === 'planned'
        ? null
        : p.status === 'operational'
          ? rng.weighted([
              ['good', 6],
              ['fair', 3],
              ['poor', 1],
            ])
          : rng.weighted([
              ['fair', 3],
              ['poor', 5],
              ['impassable', 2],
            ])
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: p.placed },
      properties: { name: p.name, country: p.country, kind: p.kind, condition, status: p.status },
    }
  })
  return { posts, features }
}
