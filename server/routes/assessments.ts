import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { idempotentWrite } from '../http/idempotent-write.ts'
import { principal } from '../http/auth.ts'
import { assertRead } from '../access/permissions.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import {
  Assessment,
  AssessmentInput,
  Conflict,
  FIELD_COLLECTIONS,
  Photo,
  addPhoto,
  assertMayAssess,
  createAssessment,
  getAssessment,
  listAssessments,
  type Caller,
} from '../field/assessments.ts'
import { MAX_PHOTOS } from '../field/images.ts'
import { PhotoMeta, photoBytes, preparePhoto, type PreparedPhoto } from '../field/photos.ts'
import { router, type AppEnv } from '../http/env.ts'
import { asFiles, fileBytes, parseJson } from '../http/form-parts.ts'
import { fail, notFound } from '../errors.ts'
import { errorResponses, fromZodError, problemWith } from '../http/errors.ts'

// Field assessments (condition, status, notes, position, photos) — each in one transaction with the asset update it
// implies. Writes are safe to repeat with an Idempotency-Key (an offline queue's item UUID); a stale base version
// whose fields someone else changed gets 412 with the current asset and the conflicting fields.

const tags = ['Field assessments']
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } })
const Feature = z.record(z.string(), z.unknown())
const File_ = z.any().openapi({ type: 'string', format: 'binary' })

const writeHeaders = z.object({
  'if-match': z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'ETag of the asset version the observer saw (alternative to base_version)' }),
  'idempotency-key': z.string().max(200).optional().openapi({
    description: 'Repeat-safe key (the offline queue sends its item UUID): the same key again returns the first result',
  }),
})

const AssessmentForm = z.strictObject({
  assessment: z
    .string()
    .max(20_000)
    .openapi({ description: 'The assessment as JSON text (the same fields as the JSON body)' }),
  photo: z
    .union([File_, z.array(File_)])
    .optional()
    .openapi({ description: `Up to ${MAX_PHOTOS} JPEG, PNG or WebP photos` }),
  photo_meta: z
    .string()
    .max(20_000)
    .optional()
    .openapi({ description: 'JSON array, one {taken_at, lon, lat} per photo in order (read from EXIF on the device)' }),
})
const PhotoForm = z.strictObject({
  photo: File_,
  taken_at: z.string().max(40).optional(),
  lon: z.string().max(30).optional(),
  lat: z.string().max(30).optional(),
})

const Created = z.object({ assessment: Assessment, asset: Feature, merged: z.boolean() })

const IdParam = z.object({
  assessmentId: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'assessmentId must be a positive integer')
    .openapi({ param: { name: 'assessmentId', in: 'path' } }),
})

function caller(c: Context<AppEnv>): Caller {
  return { principal: principal(c), area: c.get('area'), requestId: c.get('requestId') }
}

/** `"3"` or `W/"3"` → 3. */
function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header)
  if (!m) throw fail('invalid_parameter', 'If-Match must be one ETag such as "3".', { parameter: 'If-Match' })
  return Number(m[1])
}

const digest = (ph: PreparedPhoto) => ({ sha256: ph.sha256, taken_at: ph.takenAt, lon: ph.lon, lat: ph.lat })

export const assessmentRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/assessments',
      tags,
      summary: "Record an assessment (and update the asset's condition/status in the same transaction)",
      description:
        'JSON, or multipart/form-data with the assessment as JSON text in `assessment`, photos in `photo` and their EXIF in `photo_meta`. ' +
        'A stale base version is merged when the fields that changed since are not the ones assessed; otherwise 412 with `current` and `conflicts`.',
      request: {
        headers: writeHeaders,
        body: {
          content: {
            'application/json': { schema: AssessmentInput },
            'multipart/form-data': { schema: AssessmentForm },
          },
          required: false,
        },
      },
      responses: {
        201: { description: 'Recorded; Location names it, ETag is the asset version now', content: json(Created) },
        ...errorResponses(400, 403, 404, 413, 415, 422),
        ...problemWith(412, { current: Feature, conflicts: z.array(Conflict) }),
      },
    }),
    async (c) => {
      const type = c.req.header('Content-Type') ?? ''
      let input: AssessmentInput
      let files: unknown[] = []
      let metas: (PhotoMeta | undefined)[] = []
      if (/^multipart\/form-data/i.test(type)) {
        const form = c.req.valid('form') as z.infer<typeof AssessmentForm>
        input = parseJson(form.assessment, AssessmentInput, 'assessment')
        files = asFiles(form.photo)
        metas =
          form.photo_meta === undefined
            ? []
            : parseJson(form.photo_meta, z.array(PhotoMeta).max(MAX_PHOTOS), 'photo_meta')
      } else if (/^application\/json/i.test(type)) {
        input = c.req.valid('json') as AssessmentInput
      } else {
        throw fail('unsupported_media_type', 'Send the assessment as application/json or multipart/form-data.')
      }
      const base = ifMatchVersion(c.req.header('If-Match'))
      if (base !== undefined && input.base_version !== undefined && base !== input.base_version) {
        throw fail('invalid_parameter', 'If-Match and base_version name different versions.', { parameter: 'If-Match' })
      }
      if (base !== undefined) input = { ...input, base_version: base }
      assertMayAssess(principal(c), input)
      if (files.length > MAX_PHOTOS)
        throw fail('too_many_photos', `An assessment may have at most ${MAX_PHOTOS} photos.`, { parameter: 'photo' })
      if (metas.length > files.length)
        throw fail('invalid_parameter', 'photo_meta has more entries than there are photos.', {
          parameter: 'photo_meta',
        })
      const photos: PreparedPhoto[] = []
      for (const [i, f] of files.entries())
        photos.push(preparePhoto(await fileBytes(f, 'photo'), metas[i], `photo[${i}]`))
      const key = c.req.header('Idempotency-Key')

      return idempotentWrite(c, { input, photos: photos.map(digest) }, async (tx) => {
        const r = await createAssessment(tx, caller(c), input, photos, key)
        return {
          status: 201,
          body: JSON.stringify(r),
          headers: {
            'Content-Type': 'application/json',
            Location: `/api/assessments/${r.assessment.id}`,
            ETag: `"${(r.asset.properties as { version: number }).version}"`,
          },
        }
      })
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/assessments',
      tags,
      summary: 'Assessments of one asset (or of a collection in your area), newest first',
      request: {
        query: z.strictObject({
          collection: z.enum(FIELD_COLLECTIONS),
          id: z
            .string()
            .regex(/^[1-9]\d{0,15}$/, 'id must be a positive integer')
            .optional()
            .openapi({ description: 'The asset id' }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
      },
      responses: {
        200: { description: 'Newest observation first', content: json(z.object({ assessments: z.array(Assessment) })) },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const col = COLLECTIONS[q.collection]
      assertRead(principal(c), col)
      const assessments = await listAssessments(c.get('db'), col, c.get('area'), {
        assetId: q.id === undefined ? undefined : Number(q.id),
        limit: q.limit,
        offset: q.offset,
      })
      return c.json({ assessments }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/assessments/{assessmentId}',
      tags,
      summary: 'One assessment with its photos',
      request: { params: IdParam },
      responses: { 200: { description: 'The assessment', content: json(Assessment) }, ...errorResponses(403, 404) },
    }),
    async (c) => {
      const id = Number(c.req.valid('param').assessmentId)
      const found = await getAssessment(c.get('db'), id, c.get('area'))
      if (!found) throw notFound(`No assessment ${id} in your area.`)
      assertRead(principal(c), found.collection)
      return c.json(found.assessment, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/assessments/{assessmentId}/photos',
      tags,
      summary: 'Add a photo to an assessment (its observer)',
      request: {
        params: IdParam,
        headers: writeHeaders.pick({ 'idempotency-key': true }),
        body: { content: { 'multipart/form-data': { schema: PhotoForm } }, required: true },
      },
      responses: {
        201: { description: 'Stored; Location is where it is served', content: json(Photo) },
        ...errorResponses(400, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const id = Number(c.req.valid('param').assessmentId)
      const form = c.req.valid('form') as z.infer<typeof PhotoForm>
      const num = (s: string | undefined, name: string) => {
        if (s === undefined || s === '') return undefined
        const n = Number(s)
        if (!Number.isFinite(n)) throw fail('invalid_parameter', `${name} must be a number.`, { parameter: name })
        return n
      }
      const meta = PhotoMeta.safeParse({
        taken_at: form.taken_at || undefined,
        lon: num(form.lon, 'lon'),
        lat: num(form.lat, 'lat'),
      })
      if (!meta.success) throw fromZodError(meta.error, 'form')
      const photo = preparePhoto(await fileBytes(form.photo, 'photo'), meta.data, 'photo')
      return idempotentWrite(c, digest(photo), async (tx) => {
        const saved = await addPhoto(tx, caller(c), id, photo, MAX_PHOTOS)
        return {
          status: 201,
          body: JSON.stringify(saved),
          headers: { 'Content-Type': 'application/json', Location: saved.href },
        }
      })
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/assessments/{assessmentId}/photos/{n}',
      tags,
      summary: 'A photo of an assessment, as stored',
      request: {
        params: IdParam.extend({
          n: z
            .string()
            .regex(/^[1-9]\d?$/, 'n must be the photo number, 1–99')
            .openapi({ param: { name: 'n', in: 'path' } }),
        }),
      },
      responses: {
        200: {
          description: 'The image (image/jpeg, image/png or image/webp)',
          content: { 'image/*': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        304: { description: 'Not modified (If-None-Match)' },
        ...errorResponses(403, 404),
      },
    }),
    async (c) => {
      const { assessmentId, n } = c.req.valid('param')
      const found = await getAssessment(c.get('db'), Number(assessmentId), c.get('area'))
      if (!found) throw notFound(`No assessment ${assessmentId} in your area.`)
      assertRead(principal(c), found.collection)
      const photo = await photoBytes(c.get('db'), Number(assessmentId), Number(n), c.get('area'))
      if (!photo) throw notFound(`Assessment ${assessmentId} has no photo ${n}.`)
      const etag = `"${photo.sha256}"`
      const headers = {
        ETag: etag,
        'Cache-Control': 'private, max-age=31536000, immutable',
        'Content-Type': photo.contentType,
      }
      if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers)
      return c.body(photo.bytes as Uint8Array<ArrayBuffer>, 200, {
        ...headers,
        'Content-Length': String(photo.bytes.byteLength),
      })
    },
  )
