import { z } from 'zod'

// A hit of the name search (GET /api/search): the server validates and documents its answer with this schema, and
// the web app reads the same type.

export const SearchHit = z.object({
  collection: z.string(),
  id: z.string(),
  name: z.string(),
  detail: z.string().nullable(),
  county_code: z.string().nullable(),
  score: z.number(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
})
export type SearchHit = z.infer<typeof SearchHit>
