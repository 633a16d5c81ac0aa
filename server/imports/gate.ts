import type { Role } from '../../contract/domains.ts'
import type { Principal } from '../access/permissions.ts'
import { canImport } from './batches.ts'
import { IMPORTABLE, type ImportableId } from './mapping.ts'

// Who may send a file, and how large, decided from the caller and the URL before a byte of the body is read: the
// role check in the route comes after the multipart body is parsed, too late to stop a viewer's 256 MB upload.

/** Share of the server's import limit each role may upload in one file. */
const ROLE_SHARE: Record<Role, number> = {
  admin: 1,
  planner: 1,
  commissioner: 1 / 4,
  field_officer: 1 / 16,
  viewer: 0,
  moderator: 0,
  operator: 0,
  flight_officer: 0,
}

export type Allowance =
  | { bytes: number }
  | { refused: 'forbidden'; message: string }
  | { refused: 'invalid_parameter'; message: string; parameter: string }

/**
 * The largest upload this caller may send to POST /api/imports, or why they may send none: they may import nothing,
 * or not into the collection named in the query string.
 */
export function importAllowance(p: Principal | undefined, collection: string | undefined, maxBytes: number): Allowance {
  if (!p) return { bytes: 0 } // authentication refuses the request before it gets here
  if (collection !== undefined) {
    if (!(IMPORTABLE as readonly string[]).includes(collection))
      return {
        refused: 'invalid_parameter',
        message: `collection: one of ${IMPORTABLE.join(', ')}.`,
        parameter: 'collection',
      }
    if (!canImport(p, collection as ImportableId))
      return { refused: 'forbidden', message: `The ${p.role} role cannot import into ${collection}.` }
  } else if (!IMPORTABLE.some((id) => canImport(p, id)))
    return {
      refused: 'forbidden',
      message: p.readOnly ? 'This API token is read-only.' : `The ${p.role} role cannot import.`,
    }
  return { bytes: Math.floor(maxBytes * ROLE_SHARE[p.role]) }
}
