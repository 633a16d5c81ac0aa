import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

// Passwords: argon2id (the library's default algorithm). Session and API tokens: 256 random bits, stored as SHA-256.

export const hashPassword = (password: string) => hash(password)

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

/** A hash of nothing anyone knows, verified when the user does not exist so that timing does not tell. */
let decoy: Promise<string> | undefined
export const decoyVerify = async (password: string) => {
  decoy ??= hashPassword(randomBytes(16).toString('hex'))
  await verifyPassword(await decoy, password)
  return false
}

export const newSecret = (prefix = '') => prefix + randomBytes(32).toString('base64url')
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
