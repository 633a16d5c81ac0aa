import type { RegionCode } from '../../contract/domains.ts'

/** The part of the country a user may see: enforced in the SQL that fetches rows, never by filtering afterwards. */
export type AreaScope =
  { kind: 'national' } | { kind: 'regions'; regions: RegionCode[] } | { kind: 'counties'; counties: string[] }

export const NATIONAL: AreaScope = { kind: 'national' }
