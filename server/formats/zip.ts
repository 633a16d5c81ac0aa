import { unzipSync, type UnzipFileFilter } from 'fflate'
import { FormatError } from './types.ts'

// Archives are measured before anything is expanded: the entry count and the uncompressed sizes come from the zip's
// central directory (fflate hands each entry to the filter without inflating it). fflate then inflates each entry
// into a buffer of exactly its declared size, so an entry cannot expand beyond what was checked here.

/** Most entries an uploaded archive may hold. */
export const MAX_ZIP_ENTRIES = 5000
/** Most bytes the entries read from one archive may expand to, together. */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024

export interface ZipEntry {
  name: string
  size: number
  originalSize: number
}

/** The archive's entries as its central directory lists them. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const entries: ZipEntry[] = []
  try {
    unzipSync(bytes, {
      filter: (f) => {
        if (entries.length >= MAX_ZIP_ENTRIES)
          throw new FormatError(`The archive holds more than ${MAX_ZIP_ENTRIES} entries.`)
        entries.push({ name: f.name, size: f.size, originalSize: f.originalSize })
        return false
      },
    })
  } catch (e) {
    if (e instanceof FormatError) throw e
    throw new FormatError(`The file is not a readable zip archive: ${(e as Error).message}`)
  }
  return entries
}

/** The entries `wanted` picks, expanded, once their declared total is known to be within MAX_UNZIPPED_BYTES. */
export function safeUnzip(bytes: Uint8Array, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  const picked = zipEntries(bytes).filter((e) => wanted(e.name))
  const total = picked.reduce((s, e) => s + e.originalSize, 0)
  if (total > MAX_UNZIPPED_BYTES)
    throw new FormatError(
      `The archive's files would expand to ${Math.round(total / 1048576)} MB; at most ${MAX_UNZIPPED_BYTES / 1048576} MB is read from one upload.`,
    )
  const names = new Set(picked.map((e) => e.name))
  const filter: UnzipFileFilter = (f) => names.has(f.name)
  try {
    return unzipSync(bytes, { filter })
  } catch (e) {
    throw new FormatError(`The file is not a readable zip archive: ${(e as Error).message}`)
  }
}
