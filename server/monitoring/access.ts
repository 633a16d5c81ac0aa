import { can, type Principal } from '../access/permissions.ts'
import { rolePublicOnly } from '../../contract/rights.ts'
import { badParameter, forbidden } from '../errors.ts'
import { lastCompleteQuarter, parseQuarter, quarterProblem, type Quarter } from './quarters.ts'

// Who may do what with monitoring data. Everyone signed in reads scorecards, dashboards and indicators (within their
// area); admins and planners edit indicator records and targets.

export function assertMonitoringEditor(p: Principal) {
  if (!can(p, 'planning')) throw forbidden(`The ${p.role} role cannot edit monitoring targets or indicators.`)
}

/**
 * The public version (sensitive indicators left out) when asked for, and always for roles that may not read
 * incidents (viewer, field officer): the sensitive indicators are built from incident and custody data.
 */
export const publicOnly = (p: Principal, asked: boolean) => asked || rolePublicOnly(p.role)

/** The quarter asked for (default: the last complete one), refused when it has not begun or is too old. */
export function resolveQuarter(id: string | undefined, now = new Date()): Quarter {
  const x = id ? parseQuarter(id) : lastCompleteQuarter(now)
  if (!x) throw badParameter('quarter', 'quarter must look like 2026Q3')
  const problem = quarterProblem(x, now)
  if (problem) throw badParameter('quarter', problem)
  return x
}
