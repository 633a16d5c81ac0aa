import { gpx } from '@tmcw/togeojson'
import type { Feature } from 'geojson'
import { featureRows, parseXml } from './xml.ts'
import type { ParsedFile } from './types.ts'

// GPX 1.0/1.1 (GPS exchange): waypoints are points, routes and tracks are lines (a track of several segments is a
// MultiLineString). A GPX file mixes both, so the reader keeps the kind the target collection holds and says how many
// of the other kind it left out.

export function readGpx(bytes: Uint8Array, keep?: 'Point' | 'LineString' | 'MultiPolygon'): ParsedFile {
  const doc = parseXml(bytes, 'GPX', 'gpx')
  const all = gpx(doc as never).features as Feature[]
  const isPoint = (f: Feature) => f.geometry?.type === 'Point'
  const kept = keep === 'Point' ? all.filter(isPoint) : keep === 'LineString' ? all.filter((f) => !isPoint(f)) : all
  const skipped = all.length - kept.length
  const { rows, columns } = featureRows(kept)
  const warnings = skipped
    ? [
        `${skipped} ${keep === 'Point' ? 'route(s)/track(s)' : 'waypoint(s)'} left out: the collection holds ${keep === 'Point' ? 'points' : 'lines'}`,
      ]
    : []
  return { format: 'gpx', columns, rows, srid: 4326, warnings }
}
