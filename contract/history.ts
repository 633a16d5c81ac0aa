import { z } from 'zod'

// A feature's history (GET /api/history/{collection}/{id}): its audited changes and its field assessments, newest
// first. The server validates and documents the answer with this schema, and the web app reads the same type.

export const HistoryEntry = z.union([
  z.object({
    type: z.literal('change'),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  }),
  z.object({
    type: z.literal('assessment'),
    at: z.string(),
    actor: z.string(),
    condition: z.string().nullable(),
    status: z.string().nullable(),
    notes: z.string().nullable(),
    id: z.number().int().meta({ description: 'The assessment (GET /api/assessments/{id})' }),
    photos: z.number().int().meta({ description: 'Photos it has: /api/assessments/{id}/photos/1…n' }),
  }),
])
export type HistoryEntry = z.infer<typeof HistoryEntry>
