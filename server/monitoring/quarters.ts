// Calendar quarters ("2026Q3") in East Africa Time (UTC+3 all year), like the rest of the API (summary months, OGC
// datetime dates): a quarter runs from midnight EAT of its first day to midnight EAT of the next quarter's (exclusive),
// so an incident at 01:30 EAT on 1 July (22:30 UTC on 30 June) is in Q3.

export interface Quarter {
  id: string
  year: number
  q: 1 | 2 | 3 | 4
  /** ISO instant of the first moment of the quarter. */
  start: string
  /** ISO instant of the first moment of the next quarter (exclusive end). */
  end: string
  /** The last millisecond of the quarter, for OGC `datetime` (inclusive end). */
  last: string
}

export const QUARTER_PATTERN = /^(\d{4})Q([1-4])$/
/** Scorecards reach back to 2015, the first full year of the devolved counties' security committees. */
export const FIRST_YEAR = 2015

const EAT_OFFSET_MS = 3 * 3600 * 1000

export function quarter(year: number, q: number): Quarter {
  const start = new Date(Date.UTC(year, (q - 1) * 3, 1) - EAT_OFFSET_MS)
  const end = new Date(Date.UTC(year, q * 3, 1) - EAT_OFFSET_MS)
  return {
    id: `${year}Q${q}`,
    year,
    q: q as Quarter['q'],
    start: start.toISOString(),
    end: end.toISOString(),
    last: new Date(end.getTime() - 1).toISOString(),
  }
}

export function parseQuarter(id: string): Quarter | undefined {
  const m = QUARTER_PATTERN.exec(id)
  return m ? quarter(Number(m[1]), Number(m[2])) : undefined
}

export const previousQuarter = (x: Quarter): Quarter => (x.q === 1 ? quarter(x.year - 1, 4) : quarter(x.year, x.q - 1))

export function quarterOf(at: Date): Quarter {
  const eat = new Date(at.getTime() + EAT_OFFSET_MS)
  return quarter(eat.getUTCFullYear(), Math.floor(eat.getUTCMonth() / 3) + 1)
}

/** The latest quarter that has ended: the default of every scorecard. */
export const lastCompleteQuarter = (now = new Date()): Quarter => previousQuarter(quarterOf(now))

/** The quarter and the n−1 before it, oldest first. */
export function quartersEndingWith(x: Quarter, n: number): Quarter[] {
  const out = [x]
  while (out.length < n) out.unshift(previousQuarter(out[0]!))
  return out
}

/** Why a quarter cannot be scored (not yet begun, or before the first year), or undefined when it can. */
export function quarterProblem(x: Quarter, now = new Date()): string | undefined {
  if (x.year < FIRST_YEAR) return `quarter must be ${FIRST_YEAR}Q1 or later`
  if (Date.parse(x.start) > now.getTime()) return `quarter ${x.id} has not begun`
  return undefined
}

export const isComplete = (x: Quarter, now = new Date()) => Date.parse(x.end) <= now.getTime()
