import { csvText } from '../../contract/csv.ts'
import { INCIDENT_THEMES } from '../../contract/domains.ts'
import type { Scorecards } from './scorecards.ts'

// The scorecards as CSV: one row per county, machine-readable numbers (value, target in the value's unit, change,
// traffic light, and how many of the records behind each number are sample records).

export function scorecardsCsv(s: Scorecards): string {
  const head = ['quarter', 'county_code', 'county', 'region', 'rank', 'rank_of', 'score']
  for (const id of s.indicators)
    head.push(`${id}_value`, `${id}_target`, `${id}_change`, `${id}_status`, `${id}_records`, `${id}_sample_records`)
  const themes = s.indicators.includes('incidents') ? INCIDENT_THEMES : []
  for (const t of themes) head.push(`incidents_${t}`, `incidents_${t}_previous`)
  const rows: unknown[][] = []
  for (const c of s.counties) {
    const row: unknown[] = [s.quarter, c.code, c.name, c.region_code, c.rank, s.rankOf, c.score]
    for (const id of s.indicators) {
      const r = c.indicators.find((x) => x.id === id)!
      row.push(r.value, r.targetValue, r.change, r.status, r.records, r.sampleRecords)
    }
    const inc = c.indicators.find((x) => x.id === 'incidents')
    for (const t of themes) {
      const b = inc?.byTheme?.find((x) => x.theme === t)
      row.push(b?.n ?? 0, b?.previous ?? 0)
    }
    rows.push(row)
  }
  return csvText(head, rows)
}
