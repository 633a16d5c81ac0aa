import { readFile } from 'node:fs/promises'
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { idempotentWrite } from '../http/idempotent-write.ts'
import { principal } from '../http/auth.ts'
import type { Queryable } from '../db/index.ts'
import { router, type AppEnv } from '../http/env.ts'
import { fail } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'
import { assertCanImport, listBatches, loadBatch, rowReports } from '../imports/batches.ts'
import { commitImport, type Actor } from '../imports/commit.ts'
import { IMPORTABLE, type PlanInput } from '../imports/mapping.ts'
import { deleteImport } from '../imports/rollback.ts'
import { getProfile } from '../imports/profiles.ts'
import { preview, remap, stageImport } from '../imports/staging.ts'
import { receiveUpload } from '../imports/upload.ts'
import { Derive, Fixed, Mapping, Recode } from '../../contract/imports.ts'

// Imports: upload → preview (mapping + per-row report) → commit all-or-nothing → roll back as a whole.

const tags = ['Imports']
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } })
const Batch = z
  .record(z.string(), z.unknown())
  .openapi({ description: 'An import batch: status, progress, columns, mapping, fields, report and a sample of rows' })
const IdParam = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'id must be a positive integer')
    .openapi({ param: { name: 'id', in: 'path' } }),
})
const PlanParts = { fixed: Fixed.optional(), recode: Recode.optional(), derive: Derive.optional() }
const UploadFields = z.object({
  collection: z.enum(IMPORTABLE),
  layer: z.string().min(1).max(200).optional(),
})
const UploadForm = {
  type: 'object' as const,
  required: ['file', 'collection'],
  properties: {
    file: { type: 'string' as const, format: 'binary' },
    collection: { type: 'string' as const, enum: [...IMPORTABLE], description: 'Target collection' },
    layer: {
      type: 'string' as const,
      minLength: 1,
      maxLength: 200,
      description:
        'Layer to read from a GeoPackage or a zip of several shapefiles; the sheet of an .xlsx workbook (default: the first)',
    },
  },
}
const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Repeat-safe key: the same key again returns the first result' }),
})

const actorOf = (c: Context<AppEnv>): Actor => ({
  username: principal(c).username,
  requestId: c.get('requestId'),
  area: c.get('area'),
})

/** Loads the batch and checks the caller may import into its collection. */
async function accessible(c: Context<AppEnv>, raw: string) {
  const b = await loadBatch(c.get('db'), Number(raw))
  assertCanImport(principal(c), b.collection)
  return b
}

/** Runs a batch write in one transaction, replaying the first answer for a repeated Idempotency-Key. */
async function write(c: Context<AppEnv>, body: unknown, run: (tx: Queryable) => Promise<unknown>): Promise<never> {
  return idempotentWrite(c, body, async (tx) => ({
    status: 200,
    body: JSON.stringify(await run(tx)),
    headers: { 'Content-Type': 'application/json' },
  }))
}

export const importRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/imports',
      tags,
      summary: 'Upload a file to import: parsed, staged and validated, not yet committed',
      description:
        'GeoJSON, CSV (lat/lon or WKT column), zipped Shapefile, KML or KMZ, GPX or GeoPackage. The answer is the preview: ' +
        'columns, the automatic mapping, the fields, the per-row validation report and the first rows.',
      request: {
        query: z.object({
          collection: z.enum(IMPORTABLE).optional().openapi({
            description: 'Target collection, checked before the file is read (must match the form field)',
          }),
          profile: z
            .string()
            .regex(/^[1-9]\d{0,15}$/, 'profile must be a positive integer')
            .optional()
            .openapi({
              description: "Stage under this saved profile's mapping, fixed values, recodes and derivations",
            }),
          commit: z.enum(['true', 'false']).default('false').openapi({
            description:
              'Commit at once when every row is valid (the answer says committed, or staged with its report)',
          }),
        }),
        body: {
          required: true,
          description:
            "Read as it arrives into a temporary file (removed afterwards), counting bytes against the role's upload limit: " +
            'a body over it is refused with 413 at the byte that passes it.',
          content: {
            // A plain schema, not zod: a zod form schema would make the framework read the whole body into memory.
            'multipart/form-data': { schema: UploadForm },
          },
        },
      },
      responses: {
        201: { description: 'Staged; Location names the import', content: json(Batch) },
        ...errorResponses(400, 403, 404, 413, 415),
      },
    }),
    async (c) => {
      const p = principal(c)
      const named = c.req.valid('query').collection
      const { bytes, root } = c.get('upload')
      const upload = await receiveUpload(c.req.raw.body, c.req.header('Content-Type'), bytes, root)
      try {
        const form = UploadFields.safeParse(upload.fields)
        if (!form.success) {
          const issue = form.error.issues[0]!
          const parameter = String(issue.path[0] ?? 'collection')
          throw fail('invalid_parameter', `${parameter}: ${issue.message}`, { parameter })
        }
        assertCanImport(p, form.data.collection)
        if (named && named !== form.data.collection)
          throw fail('invalid_parameter', 'collection: the query and the form name different collections.', {
            parameter: 'collection',
          })
        const db = c.get('db')
        const query = c.req.valid('query')
        const profile = query.profile ? await getProfile(db, p, Number(query.profile)) : undefined
        if (profile && profile.collection !== form.data.collection)
          throw fail(
            'invalid_parameter',
            `Profile ${profile.id} is for ${profile.collection}, not ${form.data.collection}.`,
            { parameter: 'profile' },
          )
        const id = await stageImport(db, {
          plan: profile,
          collection: form.data.collection,
          filename: upload.filename,
          // Read back only now: the body was bounded while it streamed, and the parse runs in a worker.
          bytes: await readFile(upload.path),
          layer: form.data.layer,
          actor: p.username,
        })
        if (query.commit === 'true') {
          const staged = await loadBatch(db, id)
          if ('valid' in staged.report && staged.report.invalid === 0)
            await db.transaction((tx) => commitImport(tx, id, actorOf(c)))
        }
        return c.json(await preview(db, id), 201, { Location: `/api/imports/${id}` })
      } finally {
        await upload.discard()
      }
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/imports',
      tags,
      summary: 'Imports you may act on, newest first, and the collections you may import into',
      request: {
        query: z.strictObject({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
      },
      responses: {
        200: {
          description: 'Batches (without their error lists)',
          content: json(z.object({ total: z.number(), collections: z.array(z.string()), batches: z.array(Batch) })),
        },
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const { limit, offset } = c.req.valid('query')
      return c.json(await listBatches(c.get('db'), principal(c), limit, offset), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/imports/{id}',
      tags,
      summary: 'An import: status, progress (processed/total), mapping, report and first rows',
      request: { params: IdParam },
      responses: { 200: { description: 'The import', content: json(Batch) }, ...errorResponses(400, 403, 404) },
    }),
    async (c) => {
      const b = await accessible(c, c.req.valid('param').id)
      return c.json(await preview(c.get('db'), b.id), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/imports/{id}/rows',
      tags,
      summary: 'Staged rows with their validation report under the current mapping',
      request: {
        params: IdParam,
        query: z.strictObject({
          offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          status: z.enum(['all', 'error']).default('all').openapi({ description: '"error": only rows with errors' }),
        }),
      },
      responses: {
        200: {
          description: 'Rows and their report',
          content: json(z.object({ rows: z.array(z.record(z.string(), z.unknown())) })),
        },
        ...errorResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const b = await accessible(c, c.req.valid('param').id)
      const q = c.req.valid('query')
      return c.json({ rows: await rowReports(c.get('db'), b, q.offset, q.limit, q.status === 'error') }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/imports/{id}/mapping',
      tags,
      summary: 'Change the column → field mapping (and fixed values) of a staged import; every row is validated again',
      description:
        'Replaces the mapping and the fixed values (fixed values left out are dropped); recode and derive, when given, replace the stored ones.',
      request: {
        params: IdParam,
        body: { required: true, content: json(z.strictObject({ mapping: Mapping, ...PlanParts })) },
      },
      responses: {
        200: { description: 'The import with its new report', content: json(Batch) },
        ...errorResponses(400, 403, 404, 409),
      },
    }),
    async (c) => {
      const b = await accessible(c, c.req.valid('param').id)
      const body = c.req.valid('json')
      return c.json(await remap(c.get('db'), b.id, body), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/imports/{id}/commit',
      tags,
      summary: 'Commit a staged import: every row or none',
      description:
        'Validates all rows under the mapping and fixed values (the stored ones, or those sent) and inserts them in one transaction, with ' +
        "source 'import' and the batch id. Committing twice is refused with 409; a repeated Idempotency-Key replays the first answer.",
      request: {
        params: IdParam,
        headers: IdempotencyHeader,
        body: {
          required: false,
          content: json(z.strictObject({ mapping: Mapping.optional(), ...PlanParts })),
        },
      },
      responses: {
        200: { description: 'Committed', content: json(Batch) },
        ...errorResponses(400, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const b = await accessible(c, c.req.valid('param').id)
      const body = (c.req.valid('json') ?? {}) as PlanInput
      return write(c, body, (tx) => commitImport(tx, b.id, actorOf(c), body))
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/imports/{id}',
      tags,
      summary: 'Discard a staged import, or roll back a committed one as a whole',
      description:
        'A rollback deletes every row of the batch (county imports: restores the previous boundaries), each with an audit entry. ' +
        'If rows were changed after the import it is refused with 409 naming them, unless force=true.',
      request: {
        params: IdParam,
        headers: IdempotencyHeader,
        query: z.strictObject({
          force: z
            .enum(['true', 'false'])
            .default('false')
            .openapi({ description: 'Roll back even rows changed since the import' }),
        }),
      },
      responses: {
        200: { description: 'Discarded or rolled back', content: json(Batch) },
        ...errorResponses(400, 403, 404, 409),
      },
    }),
    async (c) => {
      const b = await accessible(c, c.req.valid('param').id)
      const force = c.req.valid('query').force === 'true'
      return write(c, { force }, (tx) => deleteImport(tx, b.id, actorOf(c), force))
    },
  )
