import { createHmac } from 'node:crypto'

// Phone numbers are personal data: stored only encrypted (pgcrypto's pgp_sym_encrypt, key from the environment), and
// linked across reports by a keyed hash, so neither the table nor a backup shows a number without the key.

/** '0712 345678', '254712345678', '+254712345678' → '+254712345678'; undefined when not a Kenyan mobile number. */
export function normalisePhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s-]/g, '')
  const m = /^(?:\+?254|0)([17]\d{8})$/.exec(digits)
  return m ? `+254${m[1]}` : undefined
}

/** A keyed hash of the normalised number: equal for the same phone, useless without the key. */
export const phoneHash = (phone: string, key: string) => createHmac('sha256', key).update(phone).digest('hex')

/** A device id or address, hashed the same way (rate limits and spam checks need only equality). */
export const opaqueHash = (value: string, key: string) => createHmac('sha256', key).update(`id:${value}`).digest('hex')

/** The number with all but its last three digits hidden, for replies and logs. */
export const maskPhone = (phone: string) => `${phone.slice(0, 4)}******${phone.slice(-3)}`
