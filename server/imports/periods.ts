import { PERIOD_KINDS } from '../../contract/domains.ts'

// Calendar periods as statistics files write them, read as days in East Africa Time: an ISO week ("2024-W07"), a month
// ("2024-07", "July 2024", "Jul 2024", "Julai 2024"), a quarter ("2024Q3", "Q3 2024", "2024-Q3"), a year ("2024"), or
// a date. A date alone is the first day of a week (conflict datasets start their weeks on their own weekday, so the
// day is kept, not moved to a Monday); with a period kind of month, quarter or year it names the period holding it.

export type PeriodKind = (typeof PERIOD_KINDS)[number]

export interface Period {
  kind: PeriodKind
  /** First day, YYYY-MM-DD. */
  start: string
}

const MONTHS: Record<string, number> = {}
const NAMES = [
  ['january', 'jan', 'januari'],
  ['february', 'feb', 'februari'],
  ['march', 'mar', 'machi'],
  ['april', 'apr', 'aprili'],
  ['may', 'mei'],
  ['june', 'jun', 'juni'],
  ['july', 'jul', 'julai'],
  ['august', 'aug', 'agosti'],
  ['september', 'sep', 'sept', 'septemba'],
  ['october', 'oct', 'oktoba'],
  ['november', 'nov', 'novemba'],
  ['december', 'dec', 'desemba'],
]
NAMES.forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)))

const pad = (n: number) => String(n).padStart(2, '0')
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`

/** The first day of ISO week w of ISO year y (weeks start on Monday; week 1 holds 4 January). */
function isoWeekStart(y: number, w: number): string | undefined {
  const jan4 = Date.UTC(y, 0, 4)
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86400000
  const start = new Date(monday1 + (w - 1) * 7 * 86400000)
  // Week 53 exists only in years whose week 53 still holds that year's Thursday.
  const thursday = new Date(start.getTime() + 3 * 86400000)
  return w >= 1 && thursday.getUTCFullYear() === y ? start.toISOString().slice(0, 10) : undefined
}

function validDay(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

/** The calendar day in East Africa Time (UTC+3 all year) of an instant with an offset. */
function eatDay(iso: string): { y: number; m: number; d: number } | undefined {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return undefined
  const e = new Date(t + 3 * 3600000)
  return { y: e.getUTCFullYear(), m: e.getUTCMonth() + 1, d: e.getUTCDate() }
}

/** A date in the file: ISO (with or without a time; a time without offset is EAT) or day first (01/07/2024). */
function readDay(s: string): { y: number; m: number; d: number } | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(s)
  if (m) return { y: Number(m[3]), m: Number(m[2]), d: Number(m[1]) }
  m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s)
  if (m) return eatDay(`${m[1]}T${m[2]}${m[3] ? m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : '+03:00'}`)
  return undefined
}

const quarterStart = (y: number, q: number) => day(y, (q - 1) * 3 + 1, 1)

/** The period a cell names, in the kind given (from a column or a fixed value) or the one its form implies. */
export function parsePeriod(raw: string, given?: PeriodKind): { period?: Period; error?: string } {
  const s = raw.trim()
  const shown = JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)
  const implied = (kind: PeriodKind, start: string | undefined): { period?: Period; error?: string } => {
    if (!start) return { error: `${shown} is not a valid ${kind}` }
    if (given && given !== kind) return { error: `${shown} is a ${kind}, but the period kind is ${given}` }
    return { period: { kind, start } }
  }
  let m = /^(\d{4})-?W(\d{1,2})$/i.exec(s)
  if (m) return implied('week', isoWeekStart(Number(m[1]), Number(m[2])))
  const yq = /^(\d{4})\s*-?\s*Q([1-4])$/i.exec(s)
  if (yq) return implied('quarter', quarterStart(Number(yq[1]), Number(yq[2])))
  const qy = /^Q([1-4])[\s/-]*(\d{4})$/i.exec(s)
  if (qy) return implied('quarter', quarterStart(Number(qy[2]), Number(qy[1])))
  m = /^(\d{4})-(\d{1,2})$/.exec(s)
  if (m)
    return implied('month', Number(m[2]) >= 1 && Number(m[2]) <= 12 ? day(Number(m[1]), Number(m[2]), 1) : undefined)
  const named = /^([A-Za-z]+)\.?[\s,-]+(\d{4})$/.exec(s)
  const yearFirst = /^(\d{4})[\s,-]+([A-Za-z]+)$/.exec(s)
  if (named || yearFirst) {
    const [name, year] = named ? [named[1]!, named[2]!] : [yearFirst![2]!, yearFirst![1]!]
    const month = MONTHS[name.toLowerCase()]
    return month ? implied('month', day(Number(year), month, 1)) : { error: `${shown} is not a month (e.g. July 2024)` }
  }
  m = /^(\d{4})$/.exec(s)
  if (m) return implied('year', day(Number(m[1]), 1, 1))
  const d = readDay(s)
  if (d && validDay(d.y, d.m, d.d)) {
    switch (given ?? 'week') {
      case 'week':
        return { period: { kind: 'week', start: day(d.y, d.m, d.d) } }
      case 'month':
        return { period: { kind: 'month', start: day(d.y, d.m, 1) } }
      case 'quarter':
        return { period: { kind: 'quarter', start: quarterStart(d.y, Math.floor((d.m - 1) / 3) + 1) } }
      case 'year':
        return { period: { kind: 'year', start: day(d.y, 1, 1) } }
    }
  }
  return {
    error: `${shown} is not a period: give a week's first day (2024-02-12), an ISO week (2024-W07), a month (2024-07, July 2024), a quarter (2024Q3, Q3 2024) or a year (2024)`,
  }
}
