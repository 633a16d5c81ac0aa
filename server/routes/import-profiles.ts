import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { principal } from '../http/auth.ts'
import { router, type AppEnv } from '../http/env.ts'
import { errorResponses } from '../http/errors.ts'
import { IMPORTABLE } from '../imports/mapping.ts'
import {
  createProfile,
  deleteProfile,
  getProfile,
  listProfiles,
  updateProfile,
  type ProfileInput,
  type Writer,
} from '../imports/profiles.ts'
import { Derive, Fixed, ImportProfile, Mapping, Recode } from '../../contract/imports.ts'

// Import profiles: a saved mapping, fixed values, recodes and derivations, reused for the next file of the same shape
// (POST /api/imports?profile=id&commit=true imports it in one call).

const tags = ['Imports']
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } })
const Profile = ImportProfile
const IdParam = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'id must be a positive integer')
    .openapi({ param: { name: 'id', in: 'path' } }),
})
const Name = z.string().trim().min(1).max(120)
const Description = z.string().max(2000).nullable()
const PlanFields = {
  mapping: Mapping.optional(),
  fixed: Fixed.optional(),
  recode: Recode.optional(),
  derive: Derive.optional(),
}

const writer = (c: Context<AppEnv>): Writer => ({ principal: principal(c), requestId: c.get('requestId') })

export const importProfileRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/import-profiles',
      tags,
      summary: 'Saved import profiles of the collections you may import into',
      request: { query: z.strictObject({ collection: z.enum(IMPORTABLE).optional() }) },
      responses: {
        200: { description: 'Profiles', content: json(z.object({ profiles: z.array(Profile) })) },
        ...errorResponses(400),
      },
    }),
    async (c) =>
      c.json({ profiles: await listProfiles(c.get('db'), principal(c), c.req.valid('query').collection) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/import-profiles',
      tags,
      summary: 'Save an import profile, from an import (from_import) or given in full',
      request: {
        body: {
          required: true,
          content: json(
            z.strictObject({
              name: Name,
              collection: z.enum(IMPORTABLE).optional(),
              description: Description.optional(),
              from_import: z.number().int().positive().optional().openapi({
                description: "Take the import's collection and plan; fields given here override its parts",
              }),
              ...PlanFields,
            }),
          ),
        },
      },
      responses: {
        201: { description: 'Saved', content: json(Profile) },
        ...errorResponses(400, 403, 404, 409),
      },
    }),
    async (c) => {
      const body = c.req.valid('json') as ProfileInput
      const created = await c.get('db').transaction((tx) => createProfile(tx, writer(c), body))
      return c.json(created, 201, { Location: `/api/import-profiles/${created.id}` })
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/import-profiles/{id}',
      tags,
      summary: 'An import profile',
      request: { params: IdParam },
      responses: { 200: { description: 'The profile', content: json(Profile) }, ...errorResponses(400, 403, 404) },
    }),
    async (c) => c.json(await getProfile(c.get('db'), principal(c), Number(c.req.valid('param').id)), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/import-profiles/{id}',
      tags,
      summary: 'Change an import profile: the parts given replace the stored ones',
      request: {
        params: IdParam,
        body: {
          required: true,
          content: json(z.strictObject({ name: Name.optional(), description: Description.optional(), ...PlanFields })),
        },
      },
      responses: {
        200: { description: 'The changed profile', content: json(Profile) },
        ...errorResponses(400, 403, 404, 409),
      },
    }),
    async (c) => {
      const id = Number(c.req.valid('param').id)
      const body = c.req.valid('json') as ProfileInput
      return c.json(await c.get('db').transaction((tx) => updateProfile(tx, writer(c), id, body)), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/import-profiles/{id}',
      tags,
      summary: 'Delete an import profile (imports made with it are not affected)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 403, 404) },
    }),
    async (c) => {
      const id = Number(c.req.valid('param').id)
      await c.get('db').transaction((tx) => deleteProfile(tx, writer(c), id))
      return c.body(null, 204)
    },
  )
