import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { StoredResponse } from '../access/idempotency.ts'
import { idempotentWrite } from '../http/idempotent-write.ts'
import { principal } from '../http/auth.ts'
import type { WriteAction } from '../../contract/rights.ts'
import { assertWrite, type Principal } from '../access/permissions.ts'
import { NATIONAL } from '../access/scope.ts'
import { writeAudit } from '../audit/log.ts'
import { COLLECTION_LIST, type Collection } from '../assets/collections.ts'
import { DEFAULT, assertInArea, deleteItem, insertItem, lockItem, updateItem, type Current } from '../assets/write.ts'
import type { Queryable } from '../db/index.ts'
import { router, type AppEnv } from '../http/env.ts'
import { fail } from '../errors.ts'
import { errorResponses, problemWith } from '../http/errors.ts'
import { GEOJSON } from '../ogc/documents.ts'
import { featureBody, patchBody } from '../ogc/feature-body.ts'
import { featureIdParam } from '../ogc/params.ts'

// OGC API – Features Part 4 (create, replace, update, delete): the one write path of every screen and client.
// Each write is one transaction with its audit row; ETag = version, If-Match guards against lost updates, and
// Idempotency-Key makes retries safe.

const tags = ['OGC API – Features: edit']
const Feature = z.record(z.string(), z.unknown())
const headers = z.object({
  'if-match': z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'ETag of the version you edited; a stale one gets 412' }),
  'idempotency-key': z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Repeat-safe key: the same key again returns the first result' }),
})

/** `"3"`, `W/"3"`, a list of them, or `*`. */
function parseIfMatch(header: string | undefined): number[] | '*' | undefined {
  if (header === undefined) return undefined
  if (header.trim() === '*') return '*'
  const tags = header.split(',').map((s) => /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(s)?.[1])
  if (tags.some((t) => t === undefined))
    throw fail('invalid_parameter', 'If-Match must be an ETag such as "3".', { parameter: 'If-Match' })
  return tags.map(Number)
}

function checkIfMatch(c: Context<AppEnv>, current: Current) {
  const want = parseIfMatch(c.req.header('If-Match'))
  if (want === undefined || want === '*' || want.includes(current.version)) return
  throw fail(
    'precondition_failed',
    `The feature has changed since version ${want.join(', ')}: it is now version ${current.version}.`,
    { parameter: 'If-Match', extra: { current: current.feature }, headers: { ETag: `"${current.version}"` } },
  )
}

const featureResponse = (status: number, cur: Current, extra: Record<string, string> = {}): StoredResponse => ({
  status,
  body: JSON.stringify(cur.feature),
  headers: { 'Content-Type': GEOJSON, ETag: `"${cur.version}"`, ...extra },
})

async function runWrite(
  c: Context<AppEnv>,
  col: Collection,
  action: WriteAction,
  fields: string[],
  body: unknown,
  apply: (tx: Queryable, p: Principal) => Promise<StoredResponse>,
): Promise<never> {
  const p = principal(c)
  assertWrite(p, col, action, fields)
  return idempotentWrite(c, body, (tx) => apply(tx, p))
}

function addWriteRoutes(col: Collection) {
  const path = `/ogc/collections/${col.id}/items`
  const idOf = (raw: string) => (col.idType === 'integer' ? Number(raw) : raw)
  const audit = (
    tx: Queryable,
    c: Context<AppEnv>,
    p: Principal,
    action: WriteAction,
    id: string | number,
    before: Current | undefined,
    after: Current | undefined,
  ) =>
    writeAudit(tx, {
      actor: p.username,
      action,
      collection: col.id,
      itemId: id,
      before: before?.feature ?? null,
      after: after?.feature ?? null,
      requestId: c.get('requestId'),
    })

  const mustFind = async (tx: Queryable, c: Context<AppEnv>, id: string | number) => {
    const cur = await lockItem(tx, col, id, c.get('area'))
    if (!cur) throw fail('not_found', `No ${col.id} feature with id ${id} in your area.`)
    checkIfMatch(c, cur)
    return cur
  }

  /** Replace and update: the same steps, differing only in which fields they set. */
  const change = async (
    tx: Queryable,
    c: Context<AppEnv>,
    p: Principal,
    action: 'replace' | 'update',
    id: string | number,
    props: Record<string, unknown>,
    geometry: unknown,
  ) => {
    const before = await mustFind(tx, c, id)
    await updateItem(tx, col, id, props, geometry, p.username)
    await assertInArea(tx, col, id, c.get('area'))
    const after = (await lockItem(tx, col, id, NATIONAL))!
    await audit(tx, c, p, action, id, before, after)
    return featureResponse(200, after)
  }

  const editable = col.scoped // reference layers (regions, counties) are replaced in place, never created or deleted
  if (editable) {
    writeRoutes.openapi(
      createRoute({
        method: 'post',
        path,
        tags,
        summary: `${col.title}: add a feature`,
        request: {
          headers,
          body: {
            content: { [GEOJSON]: { schema: featureBody(col) }, 'application/json': { schema: featureBody(col) } },
            required: true,
          },
        },
        responses: {
          201: {
            description: 'Created; Location names it, ETag is its version',
            content: { [GEOJSON]: { schema: Feature } },
          },
          ...errorResponses(400, 403, 404, 409, 422),
          ...problemWith(412, { current: Feature }),
        },
      }),
      async (c) => {
        const body = c.req.valid('json')
        return runWrite(c, col, 'create', Object.keys(body.properties), body, async (tx, p) => {
          const id = await insertItem(tx, col, body.properties, body.geometry, p.username, 'field')
          await assertInArea(tx, col, id, c.get('area'))
          const after = (await lockItem(tx, col, id, NATIONAL))!
          await audit(tx, c, p, 'create', id, undefined, after)
          return featureResponse(201, after, { Location: `${new URL(c.req.url).origin}${path}/${id}` })
        })
      },
    )
  }

  writeRoutes.openapi(
    createRoute({
      method: 'put',
      path: `${path}/{featureId}`,
      tags,
      summary: `${col.title}: replace a feature`,
      request: {
        params: featureIdParam(col),
        headers,
        body: {
          content: { [GEOJSON]: { schema: featureBody(col) }, 'application/json': { schema: featureBody(col) } },
          required: true,
        },
      },
      responses: {
        200: { description: 'Replaced', content: { [GEOJSON]: { schema: Feature } } },
        ...errorResponses(400, 403, 404, 409, 422),
        ...problemWith(412, { current: Feature }),
      },
    }),
    async (c) => {
      const id = idOf(c.req.valid('param').featureId)
      const body = c.req.valid('json')
      // A replacement sets every writable field: absent ones return to null or their default.
      const props: Record<string, unknown> = {}
      for (const f of col.fields)
        if (!f.readOnly)
          props[f.name] = f.name in body.properties ? body.properties[f.name] : f.defaulted ? DEFAULT : null
      return runWrite(c, col, 'replace', Object.keys(body.properties), body, (tx, p) =>
        change(tx, c, p, 'replace', id, props, body.geometry),
      )
    },
  )

  writeRoutes.openapi(
    createRoute({
      method: 'patch',
      path: `${path}/{featureId}`,
      tags,
      summary: `${col.title}: change some properties and/or the geometry`,
      request: {
        params: featureIdParam(col),
        headers,
        body: {
          content: {
            'application/merge-patch+json': { schema: patchBody(col) },
            'application/json': { schema: patchBody(col) },
            [GEOJSON]: { schema: patchBody(col) },
          },
          required: true,
        },
      },
      responses: {
        200: { description: 'Updated', content: { [GEOJSON]: { schema: Feature } } },
        ...errorResponses(400, 403, 404, 409, 422),
        ...problemWith(412, { current: Feature }),
      },
    }),
    async (c) => {
      const id = idOf(c.req.valid('param').featureId)
      const body = c.req.valid('json')
      const props = body.properties ?? {}
      const fields = [...Object.keys(props), ...(body.geometry ? ['geometry'] : [])]
      return runWrite(c, col, 'update', fields, body, (tx, p) => change(tx, c, p, 'update', id, props, body.geometry))
    },
  )

  if (editable) {
    writeRoutes.openapi(
      createRoute({
        method: 'delete',
        path: `${path}/{featureId}`,
        tags,
        summary: `${col.title}: delete a feature`,
        request: { params: featureIdParam(col), headers },
        responses: {
          204: { description: 'Deleted' },
          ...errorResponses(400, 403, 404, 409, 422),
          ...problemWith(412, { current: Feature }),
        },
      }),
      async (c) => {
        const id = idOf(c.req.valid('param').featureId)
        return runWrite(c, col, 'delete', [], null, async (tx, p) => {
          const before = await mustFind(tx, c, id)
          await deleteItem(tx, col, id)
          await audit(tx, c, p, 'delete', id, before, undefined)
          return { status: 204, body: '', headers: {} }
        })
      },
    )
  }
}

export const writeRoutes = router()
for (const col of COLLECTION_LIST) addWriteRoutes(col)
