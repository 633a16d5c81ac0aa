// What the main thread and a task worker say to each other. Errors cross as plain data and are rebuilt on the
// other side with their name and their primitive fields (a database error's code, a FormatError's code).

export interface SerializedError {
  name: string
  message: string
  fields: Record<string, string | number | boolean>
}

export type ToWorker =
  | { type: 'run'; id: number; task: string; args: unknown[] }
  | { type: 'reply'; qid: number; rows?: unknown[]; rowCount?: number; error?: SerializedError }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'query'; qid: number; sql: string; params: readonly unknown[] }
  | { type: 'progress'; id: number; phase: string; done?: number; total?: number }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; error: SerializedError }

export function serializeError(e: unknown): SerializedError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e), fields: {} }
  const fields: SerializedError['fields'] = {}
  for (const [k, v] of Object.entries(e))
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = v
  return {
    name: e.constructor?.name && e.constructor.name !== 'Error' ? e.constructor.name : e.name,
    message: e.message,
    fields,
  }
}

export function rebuildError(
  s: SerializedError,
  classes: Record<string, (message: string, fields: SerializedError['fields']) => Error> = {},
): Error {
  const make = classes[s.name]
  if (make) return make(s.message, s.fields)
  const e = Object.assign(new Error(s.message), s.fields)
  e.name = s.name
  return e
}
