import type { Feature } from 'geojson'
import { offset, roundPt, type LonLat } from './geo.ts'
import type { Rng } from './random.ts'
import type { Town } from './towns.ts'

// Community structures around the sample towns: a community policing committee covering the town and its
// surroundings, Nyumba Kumi clusters (ten-household blocks, drawn as small polygons) near the centre, and a resident
// association (a point: its meeting place) in the bigger towns. Names and contacts are invented.

const circle = (centre: LonLat, radiusKm: number, sides = 12): LonLat[] => {
  const ring = Array.from({ length: sides }, (_, i) => roundPt(offset(centre, radiusKm, (360 / sides) * i)))
  return [...ring, ring[0]!]
}

const BLOCKS = ['A', 'B', 'C', 'D']
const CONTACTS = ['Chairperson', 'Secretary', 'Cluster elder', 'Village elder'] as const

export function buildCommunity(towns: Town[], rng: Rng): Feature[] {
  const out: Feature[] = []
  for (const t of towns) {
    out.push({
      type: 'Feature',
      properties: {
        name: `${t.name} Community Policing Committee`,
        kind: 'community_policing_committee',
        contact_role: 'Chairperson',
        county_code: t.county,
      },
      geometry: { type: 'Polygon', coordinates: [circle(t.at, 4 + t.rank * 2)] },
    })
    const clusters = t.rank + 1
    for (let i = 0; i < clusters; i++) {
      const at = offset(t.at, rng.next() * 1.5, rng.int(0, 359))
      out.push({
        type: 'Feature',
        properties: {
          name: `${t.name} Nyumba Kumi ${BLOCKS[i]}`,
          kind: 'nyumba_kumi',
          contact_role: rng.pick(CONTACTS.slice(2)),
          county_code: t.county,
        },
        geometry: { type: 'Polygon', coordinates: [circle(at, 0.4 + rng.next() * 0.4, 8)] },
      })
    }
    if (t.rank >= 2) {
      out.push({
        type: 'Feature',
        properties: {
          name: `${t.name} Residents Association`,
          kind: 'resident_association',
          contact_role: rng.pick(CONTACTS.slice(0, 2)),
          county_code: t.county,
        },
        geometry: { type: 'Point', coordinates: roundPt(offset(t.at, rng.next() * 2, rng.int(0, 359))) },
      })
    }
  }
  return out
}
