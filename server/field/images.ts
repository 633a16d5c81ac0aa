// What a field photo is, decided from its bytes (never from the name or the declared type): JPEG, PNG or WebP by their
// magic numbers, with the pixel size read from the header. Anything else is refused.

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type PhotoType = (typeof PHOTO_TYPES)[number]

export { MAX_PHOTOS } from '../../contract/photos.ts'

/** Largest photo accepted (the web app sends ~0.2–0.6 MB after resizing to RESIZED_SIDE). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
/** Largest side accepted, in pixels. */
export const MAX_PHOTO_SIDE = 10_000

export interface ImageInfo {
  type: PhotoType
  width: number
  height: number
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v)
const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n))

function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
  let o = 2
  while (o + 9 < b.length) {
    if (b[o] !== 0xff) return undefined
    let marker = b[o + 1]!
    while (marker === 0xff && o + 2 < b.length) marker = b[++o + 1]!
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      o += 2
      continue
    }
    if (marker === 0xd9 || marker === 0xda) return undefined
    const len = (b[o + 2]! << 8) | b[o + 3]!
    if (len < 2) return undefined
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (b[o + 5]! << 8) | b[o + 6]!, width: (b[o + 7]! << 8) | b[o + 8]! }
    }
    o += 2 + len
  }
  return undefined
}

function pngSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return undefined
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
  return { width: v.getUint32(16), height: v.getUint32(20) }
}

function webpSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length < 30) return undefined
  const chunk = ascii(b, 12, 4)
  if (chunk === 'VP8X') {
    return {
      width: 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16)),
      height: 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16)),
    }
  }
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) }
  }
  if (chunk === 'VP8 ' && startsWith(b, [0x9d, 0x01, 0x2a], 23)) {
    return { width: (b[26]! | (b[27]! << 8)) & 0x3fff, height: (b[28]! | (b[29]! << 8)) & 0x3fff }
  }
  return undefined
}

/** The image's real type and size, or undefined when the bytes are not a JPEG, PNG or WebP with a readable header. */
export function sniffImage(b: Uint8Array): ImageInfo | undefined {
  let type: PhotoType | undefined
  let size: { width: number; height: number } | undefined
  if (startsWith(b, [0xff, 0xd8, 0xff])) {
    type = 'image/jpeg'
    size = jpegSize(b)
  } else if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    type = 'image/png'
    size = pngSize(b)
  } else if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    type = 'image/webp'
    size = webpSize(b)
  }
  if (!type || !size || size.width < 1 || size.height < 1) return undefined
  return { type, ...size }
}
