import { strToU8, zipSync } from 'fflate'

// Excel workbooks written by the tests themselves (no binary fixture of unknown origin): the parts a spreadsheet
// program writes, with the cell kinds real files hold: shared strings, inline strings, numbers, booleans, dates as
// serial numbers under a date style (built-in and custom), formulas with a cached value, and error cells.

export type Cell =
  | string
  | number
  | boolean
  | null
  | { inline: string }
  /** A day (YYYY-MM-DD) or day and time, stored as a serial number styled as a date. */
  | { date: string; style?: 'builtin' | 'custom' }
  | { formula: string; value: number }
  | { error: string }

export interface Sheet {
  name: string
  rows: Cell[][]
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const column = (i: number): string => {
  let s = ''
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

/**
 * The serial number of a day (and time) in Excel's 1900 date system, which counts a 29 February 1900 that never was:
 * 1 January 1900 is 1, 28 February 59, 1 March 61.
 */
export function excelSerial(iso: string): number {
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : `${iso}Z`)
  return (t - (t < Date.UTC(1900, 2, 1) ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30))) / 86400000
}

/** An .xlsx workbook of the sheets given (sheet order kept; the first is the one a reader opens by default). */
export function xlsx(sheets: Sheet[]): Uint8Array {
  const shared: string[] = []
  const sharedIndex = new Map<string, number>()
  const share = (s: string) => {
    if (!sharedIndex.has(s)) {
      sharedIndex.set(s, shared.length)
      shared.push(s)
    }
    return sharedIndex.get(s)!
  }
  const files: Record<string, Uint8Array> = {}
  sheets.forEach((sheet, k) => {
    const rows = sheet.rows.map((cells, r) => {
      const xml = cells
        .map((cell, c) => {
          const ref = `${column(c)}${r + 1}`
          if (cell === null) return ''
          if (typeof cell === 'string') return `<c r="${ref}" t="s"><v>${share(cell)}</v></c>`
          if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`
          if (typeof cell === 'boolean') return `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`
          if ('inline' in cell) return `<c r="${ref}" t="inlineStr"><is><t>${esc(cell.inline)}</t></is></c>`
          if ('date' in cell)
            return `<c r="${ref}" s="${cell.style === 'custom' ? 2 : 1}"><v>${excelSerial(cell.date)}</v></c>`
          if ('formula' in cell) return `<c r="${ref}"><f>${esc(cell.formula)}</f><v>${cell.value}</v></c>`
          return `<c r="${ref}" t="e"><v>${esc(cell.error)}</v></c>`
        })
        .join('')
      return `<row r="${r + 1}">${xml}</row>`
    })
    files[`xl/worksheets/sheet${k + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`,
    )
  })
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, k) => `<Override PartName="/xl/worksheets/sheet${k + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
  )
  files['_rels/.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  )
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${rel}"><sheets>${sheets.map((s, k) => `<sheet name="${esc(s.name)}" sheetId="${k + 1}" r:id="rId${k + 1}"/>`).join('')}</sheets></workbook>`,
  )
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, k) => `<Relationship Id="rId${k + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${k + 1}.xml"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId${sheets.length + 2}" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
  )
  // Style 0: General; 1: built-in date format 14 (m/d/yyyy); 2: a custom "dd mmm yyyy" format (id 164).
  files['xl/styles.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\ mmm\\ yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  )
  // Written after the sheets, which fill the table.
  files['xl/sharedStrings.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`,
  )
  // A fixed timestamp: the same bytes on every run.
  return zipSync(files, { mtime: new Date('2024-01-01T00:00:00Z') })
}
