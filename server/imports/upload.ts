import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import busboy from 'busboy'
import { fail } from '../errors.ts'

// The body of POST /api/imports goes to a file on disk as it arrives, never whole into memory: the caller's byte
// allowance (imports/gate.ts) is counted on the raw body as it streams, and the moment it is passed the read stops,
// the partial file is removed and the answer is 413. The file is removed after the import is staged, refused or the
// client goes away (the caller's `finally`).

export interface ReceivedUpload {
  /** The uploaded file on disk. */
  path: string
  /** The name the client gave the file ('upload' when none). */
  filename: string
  /** Bytes of the file (not of the whole body). */
  size: number
  /** The form's text fields (collection, layer). */
  fields: Record<string, string>
  /** Removes the file and its directory; safe to call more than once. */
  discard(): Promise<void>
}

/** Where uploads are written while they are read and parsed: a private directory per upload under this root. */
export const defaultUploadRoot = () => tmpdir()

const FIELDS = ['collection', 'layer'] as const

/** The 413 for a body over the caller's allowance (also when Content-Length says so before a byte is read). */
export const tooLarge = (limit: number) =>
  fail('payload_too_large', `The upload is larger than the ${mib(limit)} your role may send in one file.`, {
    parameter: 'file',
  })
const mib = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes} bytes`)

/**
 * Reads a multipart/form-data body into a temporary file (the part named `file`) and its small text fields, refusing
 * it with 413 once more than `limit` bytes of body have arrived. On any failure nothing is left on disk.
 */
export async function receiveUpload(
  body: ReadableStream<Uint8Array> | null,
  contentType: string | undefined,
  limit: number,
  root = defaultUploadRoot(),
): Promise<ReceivedUpload> {
  if (!body) throw fail('invalid_parameter', 'file: the request has no body.', { parameter: 'file' })
  let parser: busboy.Busboy
  try {
    parser = busboy({
      headers: { 'content-type': contentType ?? '' },
      // One file and a few short fields: anything more is not an import form.
      limits: { files: 1, fields: 10, parts: 12, fieldSize: 1024, headerPairs: 20 },
    })
  } catch {
    throw fail('unsupported_media_type', 'The upload must be sent as multipart/form-data with a part named file.', {
      parameter: 'file',
    })
  }
  const dir = await mkdtemp(join(root, 'ramani-upload-'))
  const path = join(dir, 'file')
  const discard = () => rm(dir, { recursive: true, force: true })
  const fields: Record<string, string> = {}
  let filename: string | undefined
  let file: Readable | undefined
  let disk: WriteStream | undefined
  let written: Promise<void> | undefined
  let problem: Error | undefined
  const refuse = (e: Error) => {
    problem ??= e
  }
  parser.on('file', (name, stream, info) => {
    if (name !== 'file' || written) {
      stream.resume() // not ours to keep: drained, not stored
      return
    }
    filename = info.filename || 'upload'
    file = stream
    disk = createWriteStream(path, { flags: 'wx', mode: 0o600 })
    written = pipeline(stream, disk)
    written.catch(refuse)
  })
  parser.on('field', (name, value, info) => {
    if (!(FIELDS as readonly string[]).includes(name)) return
    if (info.valueTruncated) refuse(fail('invalid_parameter', `${name}: at most 1024 characters.`, { parameter: name }))
    else fields[name] = value
  })
  const tooMany = () => refuse(fail('invalid_parameter', 'file: send one file and the form fields only.'))
  parser.on('filesLimit', tooMany)
  parser.on('fieldsLimit', tooMany)
  parser.on('partsLimit', tooMany)
  const finished = new Promise<void>((resolve, reject) => {
    parser.on('close', resolve)
    parser.on('error', reject)
  })
  // Without a listener an 'error' event would throw; the same error is read from `finished` below.
  finished.catch(() => {})

  const reader = body.getReader()
  let received = 0
  try {
    for (;;) {
      const { done, value } = await reader.read().catch(() => {
        throw fail('invalid_parameter', 'file: the upload was interrupted before its end.', { parameter: 'file' })
      })
      if (done) break
      received += value.length
      if (received > limit) throw tooLarge(limit)
      if (problem) throw problem
      // Backpressure: when the file on disk falls behind, stop reading the network until it catches up.
      if (!parser.write(value)) await Promise.race([once(parser, 'drain'), finished])
    }
    parser.end()
    await finished
    if (written) await written
    if (problem) throw problem
    if (!written) throw fail('invalid_parameter', 'file: the form has no part named file.', { parameter: 'file' })
    return { path, filename: filename ?? 'upload', size: disk!.bytesWritten, fields, discard }
  } catch (e) {
    await reader.cancel().catch(() => {})
    // Stop the file's copy to disk before removing it, so no write lands after the removal.
    file?.destroy()
    disk?.destroy()
    parser.destroy()
    await written?.catch(() => {})
    await discard()
    if (e instanceof Error && /Unexpected end of form|Malformed/i.test(e.message))
      throw fail('invalid_parameter', `file: the multipart body is malformed (${e.message}).`, { parameter: 'file' })
    throw e
  }
}
