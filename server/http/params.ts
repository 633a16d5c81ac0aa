import { z } from '@hono/zod-openapi'

/** A calendar day as the API takes it (yyyy-mm-dd), refused when no such day exists (2024-02-30). */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date yyyy-mm-dd')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s)
  }, 'not a calendar date')
