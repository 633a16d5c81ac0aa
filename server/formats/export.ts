import type { Geometry } from 'geojson'
import type { AreaScope } from '../access/scope.ts'
import type { Collection } from '../assets/collections.ts'
import { listItems, type ItemFilter } from '../assets/query.ts'
import type { Queryable } from '../db/index.ts'
import { writeFile } from './index.ts'
import type { ExportFile, ExportFormat, ExportLayer } from './types.ts'

// A collection's features for the caller's area and filters (the very query of the OGC items endpoint), written in
// one of the export formats.

const PAGE = 10_000

export async function exportLayer(
  q: Queryable,
  c: Collection,
  filter: ItemFilter,
  area: AreaScope,
): Promise<ExportLayer> {
  const features: ExportLayer['features'] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await listItems(q, c, filter, area, { limit: PAGE, offset })
    for (const text of page) {
      const f = JSON.parse(text) as {
        id: string | number
        properties: Record<string, unknown>
        geometry: Geometry | null
      }
      features.push({ id: f.id, properties: f.properties, geometry: f.geometry })
    }
    if (page.length < PAGE) break
  }
  return {
    name: c.id,
    title: c.title,
    geometryType: c.geometry,
    columns: c.fields.map((f) => ({ name: f.name, type: f.type })),
    features,
  }
}

export async function exportFile(
  q: Queryable,
  c: Collection,
  filter: ItemFilter,
  area: AreaScope,
  format: ExportFormat,
): Promise<ExportFile> {
  return writeFile(format, await exportLayer(q, c, filter, area))
}
