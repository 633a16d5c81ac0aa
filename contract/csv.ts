// The one CSV encoder for every CSV Ramani writes, on the server and in the page (RFC 4180, CRLF lines).
// Text a spreadsheet would run as a formula (=HYPERLINK(…), +cmd|' /C calc'!A0, -…, @…, or a leading tab or carriage
// return) gets a leading apostrophe, so Excel and LibreOffice show it as text; numbers stay numbers (−1.5 is data).

const FORMULA_START = /^[=+\-@\t\r]/

/** One cell: null empty, objects as JSON, text neutralised and quoted when it holds a comma, quote, line break or edge space. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return ''
  let s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)
  if (typeof v !== 'number' && typeof v !== 'bigint' && FORMULA_START.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One line of cells, without its line break. */
export const csvLine = (cells: readonly unknown[]) => cells.map(csvCell).join(',')

/** A whole file: the header and the rows, each line ended by CRLF. */
export const csvText = (header: readonly unknown[], rows: readonly (readonly unknown[])[]) =>
  [header, ...rows].map((r) => `${csvLine(r)}\r\n`).join('')
