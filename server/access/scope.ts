import type { AreaScope } from '../../contract/rights.ts'

// The part of the country a user may see is defined with the roles (contract/rights.ts), so the web reads the same.
export type { AreaScope }

export const NATIONAL: AreaScope = { kind: 'national' }
