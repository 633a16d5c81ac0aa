import { describe, expect, it } from 'vitest'
import { classColors, classOf, quantileBreaks } from '../../contract/area-stats.ts'
import { detectFormat } from '../../server/formats/index.ts'
import { readXlsx } from '../../server/formats/xlsx.ts'
import { xlsx } from '../support/xlsx.ts'

// The XLSX reader's cell kinds on their own, and the classing rule the choropleth's fill and legend share.

describe('XLSX', () => {
  it('reads every cell kind as a CSV would hold it, and places points from latitude and longitude', () => {
    const book = xlsx([
      {
        name: 'Posts',
        rows: [
          ['name', 'opened', 'checked', 'staff', 'active', 'note', 'lat', 'lon'],
          [
            { inline: 'Kapedo' },
            { date: '2024-07-01' },
            { date: '2024-07-01T01:30:00', style: 'custom' },
            12,
            true,
            { error: '#N/A' },
            1.1747,
            { formula: 'A1', value: 36.1025 },
          ],
          // Serial numbers on both sides of Excel's 29 February 1900 (serial 60).
          ['Old', { date: '1900-01-01' }, { date: '1900-03-01' }, 0.5, false, null, 1, 36],
        ],
      },
    ])
    expect(detectFormat('upload.bin', book)).toBe('xlsx')
    const f = readXlsx(book, undefined, false)
    expect(f).toMatchObject({
      format: 'xlsx',
      layer: 'Posts',
      columns: ['name', 'opened', 'checked', 'staff', 'active', 'note'],
    })
    expect(f.rows).toEqual([
      {
        properties: {
          name: 'Kapedo',
          opened: '2024-07-01',
          checked: '2024-07-01T01:30:00',
          staff: '12',
          active: 'true',
          note: null,
        },
        geometry: { type: 'Point', coordinates: [36.1025, 1.1747] },
      },
      {
        properties: {
          name: 'Old',
          opened: '1900-01-01',
          checked: '1900-03-01',
          staff: '0.5',
          active: 'false',
          note: null,
        },
        geometry: { type: 'Point', coordinates: [36, 1] },
      },
    ])
  })

  it('reports a value beyond the header on its row, and ignores rows and columns that only hold formatting', () => {
    const f = readXlsx(
      xlsx([{ name: 'S', rows: [['county', 'events', null], [], ['Turkana', 3, null], ['Baringo', 2, 'stray']] }]),
      undefined,
      true,
    )
    expect(f.columns).toEqual(['county', 'events'])
    expect(f.rows).toEqual([
      { properties: { county: 'Turkana', events: '3' }, geometry: null },
      { properties: { county: 'Baringo', events: '2' }, geometry: null, problem: 'the row has 3 cells, the header 2' },
    ])
  })
})

describe('choropleth classes', () => {
  it('cuts quantile classes whose equal breaks merge, and classes values by their inclusive upper bound', () => {
    expect(quantileBreaks([5, 1, 1, 2, 2, 2, 1, 3, 2, 2, 1])).toEqual([1, 2, 5])
    expect(quantileBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([2, 4, 6, 8, 10])
    expect(quantileBreaks([])).toEqual([])
    const breaks = [1, 2, 5]
    expect([0, 1, 2, 3, 5, 9].map((v) => classOf(v, breaks))).toEqual([0, 0, 1, 2, 2, 2])
    expect(classOf(null, breaks)).toBeNull()
    // Three classes take the lightest, middle and darkest colours of the palette.
    expect(classColors(3)).toEqual(['#f2f0f7', '#9e9ac8', '#54278f'])
  })
})
