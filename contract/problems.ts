import { z } from 'zod'
import { MAX_PHOTOS } from './photos.ts'

// Every problem the API can answer with, in one table: the code a client branches on, the HTTP status it always comes
// with, and what it means in general (the message of each reply says what exactly went wrong). Codes are stable;
// messages are for people and may change. The server throws these by code; the OpenAPI document lists the table.

export const PROBLEMS = {
  invalid_parameter: { status: 400, title: 'A path, query or header parameter is missing, malformed or out of range.' },
  invalid_body: { status: 400, title: 'The request body is not valid JSON, or does not match its schema.' },
  invalid_value: { status: 400, title: 'A value is malformed or out of range for its column.' },
  constraint_violation: { status: 400, title: 'The values break a rule of the collection.' },
  invalid_geometry: { status: 400, title: 'The geometry is not valid (PostGIS names the reason).' },
  invalid_photo: { status: 400, title: 'The photo is empty or larger than allowed in pixels.' },
  empty_assessment: { status: 400, title: 'An assessment needs a condition, a status, notes or a photo.' },
  invalid_file: { status: 400, title: 'The uploaded file cannot be read as any supported format.' },
  unsupported_crs: { status: 400, title: "The file's coordinate reference system is unknown to PostGIS." },
  empty_file: { status: 400, title: 'The uploaded file holds no features.' },
  too_many_rows: { status: 400, title: 'The uploaded file holds more features than one import takes.' },
  file_too_complex: { status: 400, title: 'The uploaded file could not be read within the time or memory allowed.' },
  control_character: { status: 400, title: 'A parameter or text value holds a control character (such as NUL).' },
  invalid_path: { status: 400, title: 'The path is not valid percent-encoding.' },
  invalid_mapping: { status: 400, title: 'A column mapping or fixed value of an import is invalid.' },
  unauthenticated: { status: 401, title: 'Sign in, or send an API token as "Authorization: Bearer <token>".' },
  invalid_token: { status: 401, title: 'The API token is unknown, revoked or expired.' },
  invalid_intake_secret: {
    status: 401,
    title: 'The gateway secret (X-Intake-Secret) or signature of an SMS/USSD callback is missing or wrong.',
  },
  invalid_credentials: { status: 401, title: 'Wrong username or password.' },
  forbidden: { status: 403, title: "The caller's role, token or area does not allow this." },
  csrf: { status: 403, title: 'A signed-in write lacks the X-CSRF-Token header copied from the ramani_csrf cookie.' },
  out_of_area: { status: 403, title: 'The feature would lie outside the area the caller may edit.' },
  not_found: { status: 404, title: 'No such resource (in the area the caller may see).' },
  conflict: { status: 409, title: 'The change clashes with data already stored (a unique value or a reference).' },
  already_committed: { status: 409, title: 'The import was already committed.' },
  already_rolled_back: { status: 409, title: 'The import was already rolled back.' },
  already_discarded: { status: 409, title: 'The import was already discarded.' },
  import_failed: { status: 409, title: 'The import failed while its file was read; it can only be discarded.' },
  not_ready: { status: 409, title: 'The import is still being read.' },
  not_staged: { status: 409, title: 'Only a staged import can be re-mapped.' },
  already_triaged: { status: 409, title: 'The citizen report was already verified, merged or rejected.' },
  changed_since_import: {
    status: 409,
    title: 'Imported features changed after the commit; roll back with force=true.',
  },
  invalid_transition: { status: 409, title: 'The flight request is not in a status that allows this action.' },
  concurrence_required: {
    status: 409,
    title: 'Agencies named by the rule table have not concurred on this version of the flight request.',
  },
  precondition_required: { status: 428, title: 'The write needs an If-Match header with the version it is based on.' },
  precondition_failed: { status: 412, title: 'The resource changed since the version the request was based on.' },
  payload_too_large: { status: 413, title: 'The request body, or a photo in it, is larger than allowed.' },
  unsupported_media_type: { status: 415, title: 'The body or a photo in it is of a type this endpoint does not take.' },
  idempotency_key_reused: { status: 422, title: 'The Idempotency-Key was already used for a different request.' },
  invalid_rows: { status: 422, title: 'Rows of the import are invalid, so nothing was imported.' },
  too_many_photos: { status: 422, title: `An assessment may have at most ${MAX_PHOTOS} photos.` },
  too_much_work: {
    status: 422,
    title: 'The analysis or file needed more time or memory than allowed and was stopped.',
  },
  rate_limited: { status: 429, title: 'Too many failed sign-ins from this address.' },
  too_many_reports: {
    status: 429,
    title: 'Too many citizen reports from this device, address or phone; Retry-After says when to try again.',
  },
  busy: { status: 503, title: 'The server is busy with other heavy work; Retry-After says when to try again.' },
  internal_error: {
    status: 500,
    title: 'An unexpected error; the message names the request id to look up in the log.',
  },
} as const satisfies Record<string, { status: number; title: string }>

export type ProblemCode = keyof typeof PROBLEMS
export type ProblemStatus = (typeof PROBLEMS)[ProblemCode]['status']
export const PROBLEM_CODES = Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]]

/** The codes answered with one status, in table order. */
export const codesOf = (status: number): ProblemCode[] => PROBLEM_CODES.filter((c) => PROBLEMS[c].status === status)

/** The body of every error reply. Some problems add members beside `error` (e.g. `current` on 412). */
export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(PROBLEM_CODES),
    message: z.string(),
    parameter: z.string().optional(),
    details: z.unknown().optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBody>
