// Geography helpers for the sample generator: the reference counties (data/reference/counties.geojson), point in
// county, random points in a county, points near a point, and nudging a point on the border into Kenya.

import { readFileSync } from 'node:fs'
import { area, bbox as turfBBox, booleanPointInPolygon, destination, distance } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import type { RegionCode } from '../../contract/domains.ts'
import type { Rng } from './random.ts'

export type LonLat = [number, number]

export interface County {
  code: string
  name: string
  region: RegionCode
  feature: Feature<Polygon | MultiPolygon>
  box: [number, number, number, number]
  areaKm2: number
}

/** Rounds to 5 decimals (about 1 m), the precision of every coordinate written. */
export const round5 = (v: number): number => Math.round(v * 1e5) / 1e5
export const roundPt = (p: LonLat): LonLat => [round5(p[0]), round5(p[1])]
export const km = (a: LonLat, b: LonLat): number => distance(a, b, { units: 'kilometers' })
/** The point `dKm` from p on the given bearing (degrees clockwise from north). */
export const offset = (p: LonLat, dKm: number, bearingDeg: number): LonLat =>
  destination(p, dKm, bearingDeg, { units: 'kilometers' }).geometry.coordinates as LonLat

export interface Geo {
  counties: County[]
  byCode: Map<string, County>
  /** The county containing p, if any. */
  countyAt(p: LonLat): County | undefined
  /** A uniformly random point (5 decimals) inside the county. */
  randomIn(c: County, rng: Rng): LonLat
  /**
   * A point near p (Gaussian offset with the given standard deviation in km) inside Kenya, and inside `county`
   * when one is given; falls back to p itself after 40 tries.
   */
  near(p: LonLat, sdKm: number, rng: Rng, county?: County): LonLat
  /** p itself if it lies in a county, else the nearest point (searched outwards up to maxKm) that does. */
  nudgeInside(p: LonLat, maxKm?: number): LonLat
}

export function loadGeo(countiesPath: string): Geo {
  const fc = JSON.parse(readFileSync(countiesPath, 'utf8')) as {
    features: Feature<Polygon | MultiPolygon, { code: string; name: string; region_code: RegionCode }>[]
  }
  const counties: County[] = fc.features
    .map((f) => ({
      code: f.properties.code,
      name: f.properties.name,
      region: f.properties.region_code,
      feature: f,
      box: turfBBox(f) as [number, number, number, number],
      areaKm2: area(f) / 1e6,
    }))
    .sort((a, b) => a.code.localeCompare(b.code))
  if (counties.length !== 47) throw new Error(`expected 47 counties, found ${counties.length}`)
  const byCode = new Map(counties.map((c) => [c.code, c]))

  const countyAt = (p: LonLat) =>
    counties.find(
      (c) =>
        p[0] >= c.box[0] &&
        p[0] <= c.box[2] &&
        p[1] >= c.box[1] &&
        p[1] <= c.box[3] &&
        booleanPointInPolygon(p, c.feature),
    )

  const randomIn = (c: County, rng: Rng): LonLat => {
    const [w, s, e, n] = c.box
    for (let i = 0; i < 10000; i++) {
      const p: LonLat = [round5(w + rng.next() * (e - w)), round5(s + rng.next() * (n - s))]
      if (booleanPointInPolygon(p, c.feature)) return p
    }
    throw new Error(`no random point found in ${c.name}`)
  }

  const near = (p: LonLat, sdKm: number, rng: Rng, county?: County): LonLat => {
    for (let i = 0; i < 40; i++) {
      const q = roundPt(offset(p, Math.abs(rng.gauss()) * sdKm, rng.next() * 360))
      const c = countyAt(q)
      if (c && (!county || c.code === county.code)) return q
    }
    return roundPt(p)
  }

  const nudgeInside = (p: LonLat, maxKm = 5): LonLat => {
    if (countyAt(p)) return roundPt(p)
    for (let r = 0.1; r <= maxKm + 1e-9; r += 0.1) {
      for (let b = 0; b < 360; b += 10) {
        // A further 50 m inland, so that rounding cannot put the point back on the line.
        const q = roundPt(offset(p, r + 0.05, b))
        if (countyAt(q) && countyAt(roundPt(offset(p, r, b)))) return q
      }
    }
    throw new Error(`no point of Kenya within ${maxKm} km of ${p.join(', ')}`)
  }

  return { counties, byCode, countyAt, randomIn, near, nudgeInside }
}

/**
 * Approximate 2019 census population of each county, in thousands (KNBS, rounded): weights for where people,
 * administrative units, police posts, registration centres and "populated-area" incidents are.
 */
export const POPULATION_K: Record<string, number> = {
  '001': 1208,
  '002': 867,
  '003': 1453,
  '004': 316,
  '005': 144,
  '006': 341,
  '007': 841,
  '008': 781,
  '009': 868,
  '010': 460,
  '011': 268,
  '012': 1546,
  '013': 393,
  '014': 609,
  '015': 1136,
  '016': 1422,
  '017': 988,
  '018': 638,
  '019': 759,
  '020': 610,
  '021': 1057,
  '022': 2418,
  '023': 926,
  '024': 621,
  '025': 310,
  '026': 991,
  '027': 1164,
  '028': 454,
  '029': 886,
  '030': 667,
  '031': 519,
  '032': 2162,
  '033': 1158,
  '034': 1118,
  '035': 902,
  '036': 876,
  '037': 1868,
  '038': 591,
  '039': 1671,
  '040': 894,
  '041': 993,
  '042': 1156,
  '043': 1132,
  '044': 1116,
  '045': 1266,
  '046': 606,
  '047': 4397,
}

/**
 * How remote and arid a county is, 0 (urban, well served) … 1 (arid, remote, thinly administered): drives inactive
 * administrative units, sparse police posts and manual registration centres. Hand-set from the ASAL classification.
 */
export const REMOTENESS: Record<string, number> = {
  '023': 1,
  '010': 1,
  '009': 1,
  '008': 1,
  '025': 0.9,
  '007': 0.85,
  '011': 0.85,
  '004': 0.8,
  '024': 0.8,
  '030': 0.65,
  '005': 0.6,
  '028': 0.45,
  '031': 0.45,
  '034': 0.4,
  '033': 0.4,
  '015': 0.4,
  '006': 0.35,
  '003': 0.3,
  '002': 0.3,
  '017': 0.3,
  '013': 0.25,
  '012': 0.2,
  '014': 0.2,
  '026': 0.15,
  '027': 0.1,
  '029': 0.15,
  '035': 0.15,
  '036': 0.15,
  '032': 0.1,
  '016': 0.15,
  '018': 0.1,
  '019': 0.05,
  '020': 0.05,
  '021': 0.1,
  '022': 0.02,
  '001': 0,
  '047': 0,
  '037': 0.1,
  '038': 0.05,
  '039': 0.1,
  '040': 0.15,
  '041': 0.15,
  '042': 0.05,
  '043': 0.2,
  '044': 0.2,
  '045': 0.05,
  '046': 0.05,
}
