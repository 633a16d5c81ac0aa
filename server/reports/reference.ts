import { randomInt } from 'node:crypto'

// Reference codes a reporter can read out or type on a feature phone: 8 characters in two groups, without the
// look-alikes 0/O and 1/I; 32^8 ≈ 10^12 codes, so guessing someone's report is impractical.

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

export function newReference(): string {
  let s = ''
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)]
  return `${s.slice(0, 4)}-${s.slice(4)}`
}

/** What a person typed ('abcd efgh', 'ABCDEFGH') in the stored form, or undefined. */
export function readReference(typed: string): string | undefined {
  const s = typed.toUpperCase().replace(/[\s-]/g, '')
  return /^[A-HJ-NP-Z2-9]{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4)}` : undefined
}
