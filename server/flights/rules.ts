import { OUTCOMES, type Factor, type Outcome, type Rule } from '../../contract/flights.ts'
import type { Queryable } from '../db/index.ts'

// The rule table (flight_rules): each rule compares one factor of a leg with a threshold. The recommendation is the
// worst outcome of any matching rule; the agencies of matching rules must concur; their conditions are suggested.
// Officers edit the table (PUT /api/flights/rules); the tool recommends, the officer decides.

export async function loadRules(q: Queryable): Promise<Rule[]> {
  const r = await q.query<Rule>(
    `SELECT code, factor, op, threshold, outcome, agency, reason, condition, enabled, position
     FROM flight_rules ORDER BY position, code`,
  )
  return r.rows
}

export function matches(rule: Rule, value: number): boolean {
  switch (rule.op) {
    case '>=':
      return value >= rule.threshold
    case '<=':
      return value <= rule.threshold
    case '=':
      return value === rule.threshold
  }
}

export const worse = (a: Outcome, b: Outcome): Outcome => (OUTCOMES.indexOf(a) >= OUTCOMES.indexOf(b) ? a : b)

export interface Finding {
  rule: string
  leg: number
  outcome: Outcome
  reason: string
  agency: string | null
  condition: string | null
}

/** Applies the enabled rules to each leg's factors. */
export function evaluate(rules: Rule[], legs: { seq: number; factors: Factor[] }[]) {
  const reasons: Finding[] = []
  let recommendation: Outcome = 'clear'
  for (const leg of legs) {
    for (const rule of rules) {
      if (!rule.enabled) continue
      const f = leg.factors.find((x) => x.code === rule.factor)
      if (!f || !matches(rule, f.value)) continue
      recommendation = worse(recommendation, rule.outcome)
      reasons.push({
        rule: rule.code,
        leg: leg.seq,
        outcome: rule.outcome,
        reason: `${rule.reason} (${f.code} = ${f.value})`,
        agency: rule.agency,
        condition: rule.condition,
      })
    }
  }
  const agencies = [...new Set(reasons.map((r) => r.agency).filter((a): a is string => a !== null))].sort()
  const suggested_conditions = [...new Set(reasons.map((r) => r.condition).filter((c): c is string => c !== null))]
  return { recommendation, reasons, agencies, suggested_conditions }
}
