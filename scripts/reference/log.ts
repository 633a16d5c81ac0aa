export const log = (msg: string) => process.stdout.write(`${msg}\n`)

/** A failed check stops the build before anything is written. */
export function fail(msg: string): never {
  throw new Error(`CHECK FAILED: ${msg}`)
}
