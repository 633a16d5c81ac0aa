import { bbox } from '@turf/turf'
import type { FeatureCollection, User } from '../api/client.ts'
import { userArea } from '../../../contract/rights.ts'

export type Bounds = [[number, number], [number, number]]

export const KENYA: Bounds = [
  [33.9, -4.75],
  [41.95, 5.1],
]

/**
 * Where a user's map opens: the area the server scopes the user to (contract/rights.ts userArea), the counties of a
 * field officer, the regions of a commissioner, else all of Kenya.
 */
export function homeBounds(
  user: Pick<User, 'role' | 'counties' | 'regions'>,
  reference: { counties: FeatureCollection; regions: FeatureCollection },
): Bounds {
  const area = userArea(user)
  const codes: readonly string[] =
    area.kind === 'counties' ? area.counties : area.kind === 'regions' ? area.regions : []
  const features = (area.kind === 'counties' ? reference.counties : reference.regions).features.filter((f) =>
    codes.includes(String(f.properties.code)),
  )
  if (features.length === 0) return KENYA
  const [w, s, e, n] = bbox({ type: 'FeatureCollection', features } as never)
  return [
    [w, s],
    [e, n],
  ]
}
