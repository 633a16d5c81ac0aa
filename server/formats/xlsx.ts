import type { Element } from '@xmldom/xmldom'
import { readTable } from './csv.ts'
import { parseXml } from './xml.ts'
import { safeUnzip } from './zip.ts'
import { FormatError, type ParsedFile } from './types.ts'

// Excel workbooks (.xlsx, Office Open XML): one sheet read as a table, header in the first row, then the same rules as
// a CSV (a WKT column or latitude and longitude columns; none needed for area statistics). Cells are turned into the
// text a CSV would hold: shared and inline strings as they are, numbers in their shortest form, booleans as true or
// false, and numbers styled as dates as ISO days (a time of day, if any, without an offset: East Africa Time, as
// imports read it). Formulas count by their cached value.

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
/** Most rows × columns read from one sheet: far above any statistics file, far below what would exhaust memory. */
const MAX_CELLS = 5_000_000

/** Built-in number formats that are dates or times (ECMA-376 part 1, 18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57])

const children = (parent: Element, name: string): Element[] => {
  const out: Element[] = []
  for (let n = parent.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 1 && (n as Element).localName === name) out.push(n as Element)
  return out
}
const child = (parent: Element, name: string) => children(parent, name)[0]

/** All the text of an element's <t> descendants (a rich-text string is several runs). */
function text(el: Element): string {
  const ts = el.getElementsByTagNameNS(MAIN, 't')
  let s = ''
  for (let i = 0; i < ts.length; i++) s += ts.item(i)?.textContent ?? ''
  return s
}

/** A custom number format is a date when it has day, month, year or hour codes outside quotes, escapes and [colours]. */
function isDateCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
  return /[dmyh]/i.test(bare) && !/^(general|@)$/i.test(bare.trim())
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** A date serial number as an ISO day, or day and time when it has a fraction of a day. */
function serialDate(serial: number, date1904: boolean): string {
  // Excel's 1900 system counts 29 February 1900, which did not exist: serials from 61 on are one day ahead of a count
  // from 31 December 1899, hence the epoch 30 December 1899 for them (and 31 December for the first 60 days).
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : serial < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30)
  const ms = Math.round((serial * 86400000) / 1000) * 1000
  const d = new Date(epoch + ms)
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  const secs = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds()
  return secs === 0 ? day : `${day}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** Column index (0-based) of a cell reference such as "AB12". */
function columnOf(ref: string): number | undefined {
  const m = /^([A-Z]{1,3})\d+$/i.exec(ref)
  if (!m) return undefined
  let n = 0
  for (const ch of m[1]!.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

/** The sheets of a workbook in order, with the archive path of each. */
function sheets(files: Record<string, Uint8Array>): { name: string; path: string }[] {
  const workbook = parseXml(files['xl/workbook.xml']!, 'XLSX workbook', 'workbook').documentElement!
  const rels = files['xl/_rels/workbook.xml.rels']
  const targets = new Map<string, string>()
  if (rels) {
    const doc = parseXml(rels, 'XLSX relationships', 'Relationships').documentElement!
    for (const r of children(doc, 'Relationship')) {
      const target = r.getAttribute('Target') ?? ''
      targets.set(
        r.getAttribute('Id') ?? '',
        target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`,
      )
    }
  }
  const list = child(workbook, 'sheets')
  return (list ? children(list, 'sheet') : []).map((s, i) => ({
    name: s.getAttribute('name') ?? `Sheet${i + 1}`,
    path: targets.get(s.getAttributeNS(REL, 'id') ?? '') ?? `xl/worksheets/sheet${i + 1}.xml`,
  }))
}

/** The first sheet of an .xlsx workbook, or the one named `sheet` (case-insensitive), as a table. */
export function readXlsx(bytes: Uint8Array, sheet: string | undefined, optionalGeometry: boolean): ParsedFile {
  const meta = safeUnzip(bytes, (n) =>
    ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'].includes(n),
  )
  if (!meta['xl/workbook.xml'])
    throw new FormatError('The file is a zip archive but not an Excel workbook (.xlsx): it has no xl/workbook.xml.')
  const list = sheets(meta)
  if (list.length === 0) throw new FormatError('The workbook holds no sheet.')
  const chosen = sheet ? list.find((s) => s.name.toLowerCase() === sheet.toLowerCase()) : list[0]
  if (!chosen)
    throw new FormatError(
      `The workbook has no sheet "${sheet}": its sheets are ${list.map((s) => `"${s.name}"`).join(', ')}.`,
    )
  const sheetXml = safeUnzip(bytes, (n) => n === chosen.path)[chosen.path]
  if (!sheetXml) throw new FormatError(`The workbook lists the sheet "${chosen.name}" but does not hold it.`)

  const workbook = parseXml(meta['xl/workbook.xml'], 'XLSX workbook', 'workbook').documentElement!
  const date1904 = ['1', 'true'].includes(child(workbook, 'workbookPr')?.getAttribute('date1904') ?? '')

  const shared: string[] = []
  if (meta['xl/sharedStrings.xml']) {
    const sst = parseXml(meta['xl/sharedStrings.xml'], 'XLSX shared strings', 'sst').documentElement!
    for (const si of children(sst, 'si')) shared.push(text(si))
  }

  // Which cell styles (their index in cellXfs) show numbers as dates.
  const dateStyles = new Set<number>()
  if (meta['xl/styles.xml']) {
    const styles = parseXml(meta['xl/styles.xml'], 'XLSX styles', 'styleSheet').documentElement!
    const custom = new Map<number, string>()
    const fmts = child(styles, 'numFmts')
    if (fmts)
      for (const f of children(fmts, 'numFmt'))
        custom.set(Number(f.getAttribute('numFmtId')), f.getAttribute('formatCode') ?? '')
    const xfs = child(styles, 'cellXfs')
    if (xfs)
      children(xfs, 'xf').forEach((xf, i) => {
        const id = Number(xf.getAttribute('numFmtId') ?? 0)
        if (custom.has(id) ? isDateCode(custom.get(id)!) : DATE_FORMAT_IDS.has(id)) dateStyles.add(i)
      })
  }

  const doc = parseXml(sheetXml, 'XLSX worksheet', 'worksheet').documentElement!
  const data = child(doc, 'sheetData')
  const records: string[][] = []
  let cells = 0
  let rowIndex = -1
  for (const row of data ? children(data, 'row') : []) {
    const r = Number(row.getAttribute('r'))
    rowIndex = Number.isInteger(r) && r > 0 ? r - 1 : rowIndex + 1
    const record: string[] = []
    let col = -1
    for (const c of children(row, 'c')) {
      col = columnOf(c.getAttribute('r') ?? '') ?? col + 1
      if (++cells > MAX_CELLS) throw new FormatError(`The sheet has more than ${MAX_CELLS.toLocaleString('en')} cells.`)
      const type = c.getAttribute('t') ?? 'n'
      const v = child(c, 'v')?.textContent ?? ''
      let value: string
      switch (type) {
        case 's':
          value = shared[Number(v)] ?? ''
          break
        case 'inlineStr':
          value = child(c, 'is') ? text(child(c, 'is')!) : ''
          break
        case 'b':
          value = v === '1' ? 'true' : v === '0' ? 'false' : ''
          break
        case 'e':
          // An error (#N/A, #DIV/0!) is no value.
          value = ''
          break
        case 'str':
        case 'd':
          value = v
          break
        default: {
          const n = Number(v)
          value =
            v === '' || !Number.isFinite(n)
              ? v
              : dateStyles.has(Number(c.getAttribute('s') ?? 0))
                ? serialDate(n, date1904)
                : String(n)
        }
      }
      while (record.length < col) record.push('')
      record[col] = value
    }
    while (records.length < rowIndex) records.push([])
    records[rowIndex] = record
  }
  // Rows with no value (formatting only) are no rows; the header's trailing empty cells are no columns.
  const filled = records.filter((r) => r.some((v) => v.trim() !== ''))
  const header = filled[0] ?? []
  let width = header.length
  while (width > 0 && header[width - 1]!.trim() === '') width--
  // A value beyond the header keeps its row longer than the header, which the table reader reports for that row.
  const table = filled.map((r) => {
    const row = r.slice(width).some((v) => v.trim() !== '') ? [...r] : r.slice(0, width)
    while (row.length < width) row.push('')
    return row
  })
  return readTable(table, { format: 'xlsx', what: 'XLSX', optionalGeometry, layer: chosen.name })
}
