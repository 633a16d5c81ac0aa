import type { z } from '@hono/zod-openapi'
import { fail } from '../errors.ts'
import { fromZodError } from './errors.ts'

// The parts of a multipart form that carry JSON and files (field assessments, citizen reports): read and checked
// the same way, so a bad part names itself in the same 400 everywhere.

export function parseJson<T extends z.ZodType>(text: string, schema: T, parameter: string): z.infer<T> {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw fail('invalid_body', `${parameter} is not valid JSON.`, { parameter })
  }
  const r = schema.safeParse(raw)
  if (!r.success) throw fromZodError(r.error, 'json')
  return r.data
}

export const asFiles = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])

export async function fileBytes(v: unknown, parameter: string): Promise<Uint8Array> {
  if (!(v instanceof Blob)) throw fail('invalid_body', `${parameter} must be a file.`, { parameter })
  return new Uint8Array(await v.arrayBuffer())
}
