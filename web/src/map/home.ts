import { bbox } from '@turf/turf'
import type { FeatureCollection, User } from '../api/client.ts'

export type Bounds = [[number, number], [number, number]]

export const KENYA: Bounds = [
  [33.9, -4.75],
  [41.95, 5.1],
]

/**
 * Where a user's map opens: the counties of a field officer, the region of a commissioner, else all of Kenya.
 * The area is the one the server scopes the user to (`counties`, then `regions`).
 */
export function homeBounds(
  user: Pick<User, 'counties' | 'regions'>,
  reference: { counties: FeatureCollection; regions: FeatureCollection },
): Bounds {
  const features = user.counties.length
    ? reference.counties.features.filter((f) => user.counties.includes(String(f.properties.code)))
    : user.regions.length
      ? reference.regions.features.filter((f) => user.regions.includes(String(f.properties.code)))
      : []
  if (features.length === 0) return KENYA
  const [w, s, e, n] = bbox({ type: 'FeatureCollection', features } as never)
  return [
    [w, s],
    [e, n],
  ]
}
