// One set of type parsers for both drivers, so rows look the same whichever database answers.
// Counts and ids are int8 in SQL but fit in a JS number for any realistic table; timestamps are ISO 8601 UTC strings.

export const INT8 = 20
export const NUMERIC = 1700
export const TIMESTAMP = 1114
export const TIMESTAMPTZ = 1184

export function parseTimestamp(text: string): string {
  // PostgreSQL's ISO output: "2024-11-01 06:30:00+00" or "…:00.123+03:30"; Date wants "T" and "+hh:mm".
  const iso = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? text : d.toISOString()
}

export const parsers: Record<number, (text: string) => unknown> = {
  [INT8]: (v) => Number(v),
  [NUMERIC]: (v) => Number(v),
  [TIMESTAMPTZ]: parseTimestamp,
  [TIMESTAMP]: (v) => parseTimestamp(`${v}+00`),
}
