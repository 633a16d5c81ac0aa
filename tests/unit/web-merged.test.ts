import { describe, expect, it } from 'vitest'
import { en } from '../../web/src/i18n/en.ts'
import { sw } from '../../web/src/i18n/sw.ts'
import { mergedRoad, mergedRoadLines, zoomInTo, ROADS_SINGLE_ZOOM } from '../../web/src/map/merged.ts'

// The popup of merged road lines (web/src/map/merged.ts): which tile features are merged lines, and what their popup
// says in each language.

const wording = (table: Record<string, string>) => ({
  segments: (n: number) =>
    n === 1 ? table['map.merged.segment']! : table['map.merged.segments']!.replace('{n}', String(n)),
  value: (v: unknown) => table[`v.${String(v)}`] ?? String(v),
  securityRoad: table['prop.is_security_road']!,
  hint: table['map.merged.hint']!,
})

describe('merged road lines (web/src/map/merged.ts)', () => {
  const line = { road_class: 'track', surface: 'earth', condition: 'poor', is_security_road: false, segments: 3 }

  it('are the features without an id that carry a segment count', () => {
    expect(mergedRoad({ properties: line })).toEqual(line)
    expect(mergedRoad({ properties: { ...line, segments: '12' } })?.segments).toBe(12)
    // One road (an id) is selected as any feature; a road of a street zoom has no count.
    expect(mergedRoad({ id: 7, properties: { ...line, segments: 1 } })).toBeNull()
    expect(mergedRoad({ properties: { road_class: 'A', name: 'A104' } })).toBeNull()
    expect(mergedRoad({ properties: { ...line, segments: 0 } })).toBeNull()
  })

  it('say what they stand for and how many segments, in English and Kiswahili', () => {
    expect(mergedRoadLines(line, wording(en))).toEqual([
      'Track · Earth · Poor',
      '3 road segments',
      en['map.merged.hint'],
    ])
    const sec = mergedRoadLines({ ...line, road_class: 'A', is_security_road: true, segments: 1 }, wording(sw))
    expect(sec[0]).toBe(`${sw['v.A']} · ${sw['v.earth']} · ${sw['v.poor']} · ${sw['prop.is_security_road']}`)
    expect(sec[1]).toBe(sw['map.merged.segment'])
    expect(mergedRoadLines(line, wording(sw))[1]).toBe('Sehemu 3 za barabara')
  })

  it('zoom in to where each road is drawn as itself', () => {
    expect(zoomInTo(5.4)).toBe(ROADS_SINGLE_ZOOM)
    expect(zoomInTo(10.9)).toBe(ROADS_SINGLE_ZOOM)
    expect(zoomInTo(11.2)).toBe(12)
  })
})
