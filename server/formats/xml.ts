import { DOMParser, type Document } from '@xmldom/xmldom'
import type { Feature } from 'geojson'
import { plain2d } from './geometry.ts'
import { FormatError, type Scalar, type SourceRow } from './types.ts'

// Shared by the KML and GPX readers: XML parsing with readable errors, and toGeoJSON's output as source rows.

export function parseXml(bytes: Uint8Array, what: string, root: string): Document {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '')
  let fatal = ''
  const parser = new DOMParser({
    onError: (level: string, message: string) => {
      if (level !== 'warning' && !fatal) fatal = message
    },
  })
  let doc: Document
  try {
    doc = parser.parseFromString(text, 'text/xml')
  } catch (e) {
    throw new FormatError(`The ${what} file is not well-formed XML: ${(fatal || (e as Error).message).split('\n')[0]}`)
  }
  if (fatal) throw new FormatError(`The ${what} file is not well-formed XML: ${fatal.split('\n')[0]}`)
  if (doc.documentElement?.localName !== root)
    throw new FormatError(
      `The file is XML but not ${what} (its root element is <${doc.documentElement?.nodeName ?? '?'}>, not <${root}>).`,
    )
  return doc
}

/** Features as rows: scalar properties only (styles, times per vertex and other structures are left out). */
export function featureRows(features: Feature[]): { rows: SourceRow[]; columns: string[] } {
  const columns = new Map<string, true>()
  const rows = features.map((f): SourceRow => {
    const properties: Record<string, Scalar> = {}
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      if (
        k.startsWith('_') ||
        k === 'styleUrl' ||
        k === 'styleHash' ||
        k === 'styleMapHash' ||
        k === 'stroke' ||
        k.startsWith('stroke-') ||
        k.startsWith('fill') ||
        k.startsWith('icon')
      )
        continue
      if (v !== null && typeof v === 'object') continue
      columns.set(k, true)
      properties[k] = typeof v === 'number' && !Number.isFinite(v) ? null : (v as Scalar) === '' ? null : (v as Scalar)
    }
    const geometry = plain2d(f.geometry)
    return geometry
      ? { properties, geometry }
      : { properties, geometry: null, problem: 'the placemark has no geometry' }
  })
  return { rows, columns: [...columns.keys()] }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }
// Characters XML 1.0 cannot hold at all are dropped.
export const xmlText = (s: string) =>
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!)
