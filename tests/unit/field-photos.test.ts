import { readFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { exifDateTime, readExif, toExifDateTime } from '../../contract/exif.ts'
import { sniffImage } from '../../server/field/images.ts'
import { FIELD_PHOTO, FIELD_PHOTO_PATH, makePhoto } from '../fixtures/photo.ts'

// What a field photo is, decided from its bytes, and the camera's time and place read from its EXIF.

const PHOTO = new Uint8Array(readFileSync(FIELD_PHOTO_PATH))

function png(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(25)
  ihdr.writeUInt32BE(13, 0)
  ihdr.write('IHDR', 4, 'ascii')
  ihdr.writeUInt32BE(width, 8)
  ihdr.writeUInt32BE(height, 12)
  ihdr.set([8, 2, 0, 0, 0], 16)
  return new Uint8Array(
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, deflateSync(Buffer.alloc(1))]),
  )
}

function webp(chunk: 'VP8X' | 'VP8L', width: number, height: number): Uint8Array {
  const b = Buffer.alloc(40)
  b.write('RIFF', 0, 'ascii')
  b.writeUInt32LE(32, 4)
  b.write('WEBP', 8, 'ascii')
  b.write(chunk, 12, 'ascii')
  if (chunk === 'VP8X') {
    b.writeUIntLE(width - 1, 24, 3)
    b.writeUIntLE(height - 1, 27, 3)
  } else {
    b[20] = 0x2f
    b.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 21)
  }
  return new Uint8Array(b)
}

describe('sniffing photos', () => {
  it('recognises JPEG, PNG and WebP by their bytes and reads their pixel size', () => {
    expect(sniffImage(PHOTO)).toEqual({ type: 'image/jpeg', width: 320, height: 240 })
    expect(sniffImage(png(640, 480))).toEqual({ type: 'image/png', width: 640, height: 480 })
    expect(sniffImage(webp('VP8X', 1600, 1200))).toEqual({ type: 'image/webp', width: 1600, height: 1200 })
    expect(sniffImage(webp('VP8L', 300, 200))).toEqual({ type: 'image/webp', width: 300, height: 200 })
  })

  it('refuses anything else, and images whose header is cut off', () => {
    expect(sniffImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined()
    expect(sniffImage(new TextEncoder().encode('GIF89a......'))).toBeUndefined()
    expect(sniffImage(PHOTO.subarray(0, 40))).toBeUndefined()
    expect(sniffImage(png(640, 480).subarray(0, 16))).toBeUndefined()
    expect(sniffImage(new Uint8Array())).toBeUndefined()
  })
})

describe('reading EXIF', () => {
  it("gives the time taken in the camera's zone and the GPS position and accuracy", () => {
    expect(readExif(PHOTO)).toEqual({
      takenAt: '2026-03-14T06:26:53.000Z',
      lat: FIELD_PHOTO.lat,
      lon: FIELD_PHOTO.lon,
      accuracyM: 8,
    })
    const south = makePhoto({
      width: 16,
      height: 16,
      takenAt: '2026-01-02T03:04:05Z',
      offset: '-05:00',
      lat: -4.05,
      lon: 39.66,
    })
    expect(readExif(new Uint8Array(south))).toEqual({ takenAt: '2026-01-02T03:04:05.000Z', lat: -4.05, lon: 39.66 })
  })

  it('takes a camera clock without a zone to be East Africa Time', () => {
    const noZone = makePhoto({ width: 16, height: 16, takenAt: '2026-03-14T06:00:00Z', offset: null })
    // Written as 06:00:00 local (no offset tag): read as 06:00 +03:00.
    expect(readExif(new Uint8Array(noZone)).takenAt).toBe('2026-03-14T03:00:00.000Z')
    expect(exifDateTime('2026:03:14 09:26:53')).toBe('2026-03-14T06:26:53.000Z')
    expect(toExifDateTime('2026-03-14T06:26:53Z', '+03:00')).toBe('2026:03:14 09:26:53')
  })

  it('gives nothing, and never throws, for photos without EXIF or with a damaged block', () => {
    expect(readExif(png(10, 10))).toEqual({})
    const bare = makePhoto({ width: 16, height: 16, takenAt: '2026-03-14T06:00:00Z' })
    expect(readExif(new Uint8Array(bare)).lat).toBeUndefined()
    // Damage every byte of the EXIF block in turn: the reader must return, whatever it finds.
    for (let i = 4; i < 200; i++) {
      const copy = PHOTO.slice()
      copy[i] = copy[i]! ^ 0xff
      expect(() => readExif(copy)).not.toThrow()
    }
    expect(readExif(PHOTO.subarray(0, 60))).toEqual({})
  })
})
