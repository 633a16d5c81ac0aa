import { createRoute, z } from '@hono/zod-openapi'
import { assertCan } from '../access/permissions.ts'
import { principal } from '../http/auth.ts'
import { router } from '../http/env.ts'
import { errorResponses } from '../http/errors.ts'
import { serializedJson } from '../http/replies.ts'
import { listStructures } from '../reports/community.ts'

// Community structures (resident associations, Nyumba Kumi clusters, community policing committees) as a layer for
// the moderators who route verified reports to them.

const Structures = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.number(),
      geometry: z.record(z.string(), z.unknown()),
      properties: z.object({
        name: z.string(),
        kind: z.enum(['resident_association', 'nyumba_kumi', 'community_policing_committee']),
        contact_role: z.string(),
        county_code: z.string().nullable(),
        source: z.string(),
      }),
    }),
  ),
})

export const communityRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/api/community-structures',
    tags: ['Citizen reports'],
    summary: "Community structures of the caller's area (moderators, admins), as GeoJSON",
    responses: {
      200: { description: 'Structures', content: { 'application/geo+json': { schema: Structures } } },
      ...errorResponses(403),
    },
  }),
  async (c) => {
    assertCan(principal(c), 'moderation')
    const area = c.get('area')
    const features = await listStructures(
      c.get('db'),
      area.kind === 'counties' ? area.counties : null,
      area.kind === 'regions' ? area.regions : null,
    )
    return serializedJson(c, Structures, JSON.stringify({ type: 'FeatureCollection', features }), {
      'Content-Type': 'application/geo+json',
    })
  },
)
