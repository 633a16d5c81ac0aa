// A small EXIF reader for field photos: when the picture was taken and where (DateTimeOriginal, GPS). Pure code on a
// byte array, no Node API, so the web app runs the same reader on the device; hence it lives in contract/, with the
// other code both sides share. It never throws: a malformed or absent EXIF block gives an empty result.

export interface PhotoExif {
  /** ISO 8601 instant; DateTimeOriginal in OffsetTimeOriginal's zone, or East Africa Time (+03:00) when none is recorded. */
  takenAt?: string
  lon?: number
  lat?: number
  /** GPSHPositioningError in metres, when the camera recorded it. */
  accuracyM?: number
}

/** Kenya's time zone (no daylight saving): the zone assumed for a camera clock that records none. */
export const DEFAULT_EXIF_OFFSET = '+03:00'

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8 }

interface Entry {
  type: number
  count: number
  /** Offset of the value inside the TIFF block (inline values point at the entry's value field). */
  at: number
}

class Tiff {
  constructor(
    readonly view: DataView,
    readonly little: boolean,
  ) {}
  u16(o: number) {
    return this.view.getUint16(o, this.little)
  }
  u32(o: number) {
    return this.view.getUint32(o, this.little)
  }
  inRange(o: number, n: number) {
    return o >= 0 && n >= 0 && o + n <= this.view.byteLength
  }

  /** Entries of the IFD at `offset`, by tag. */
  ifd(offset: number): Map<number, Entry> {
    const out = new Map<number, Entry>()
    if (!this.inRange(offset, 2)) return out
    const n = this.u16(offset)
    if (n > 1000 || !this.inRange(offset + 2, n * 12)) return out
    for (let i = 0; i < n; i++) {
      const e = offset + 2 + i * 12
      const type = this.u16(e + 2)
      const count = this.u32(e + 4)
      const size = (TYPE_SIZE[type] ?? 0) * count
      if (size === 0) continue
      const at = size <= 4 ? e + 8 : this.u32(e + 8)
      if (this.inRange(at, size)) out.set(this.u16(e), { type, count, at })
    }
    return out
  }

  ascii(e: Entry | undefined): string | undefined {
    if (!e || e.type !== 2) return undefined
    let s = ''
    for (let i = 0; i < e.count; i++) {
      const c = this.view.getUint8(e.at + i)
      if (c === 0) break
      s += String.fromCharCode(c)
    }
    return s
  }

  rationals(e: Entry | undefined): number[] | undefined {
    if (!e || (e.type !== 5 && e.type !== 10)) return undefined
    const out: number[] = []
    for (let i = 0; i < e.count; i++) {
      const num = e.type === 5 ? this.u32(e.at + i * 8) : this.view.getInt32(e.at + i * 8, this.little)
      const den = e.type === 5 ? this.u32(e.at + i * 8 + 4) : this.view.getInt32(e.at + i * 8 + 4, this.little)
      if (den === 0) return undefined
      out.push(num / den)
    }
    return out
  }

  long(e: Entry | undefined): number | undefined {
    if (!e) return undefined
    if (e.type === 4) return this.u32(e.at)
    if (e.type === 3) return this.u16(e.at)
    return undefined
  }
}

/** The TIFF block of a JPEG's APP1 "Exif" segment, or undefined. */
function findTiff(bytes: Uint8Array): DataView | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined
  let o = 2
  while (o + 4 <= bytes.length) {
    if (bytes[o] !== 0xff) return undefined
    const marker = bytes[o + 1]!
    if (marker === 0xd9 || marker === 0xda) return undefined // end of image, start of scan: no EXIF before the image data
    const len = (bytes[o + 2]! << 8) | bytes[o + 3]!
    if (len < 2 || o + 2 + len > bytes.length) return undefined
    if (marker === 0xe1 && len >= 16 && String.fromCharCode(...bytes.subarray(o + 4, o + 10)) === 'Exif\0\0') {
      return new DataView(bytes.buffer, bytes.byteOffset + o + 10, len - 8)
    }
    o += 2 + len
  }
  return undefined
}

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026:03:14 09:26:53" + "+03:00" → ISO instant; undefined when malformed. */
export function exifDateTime(value: string, offset = DEFAULT_EXIF_OFFSET): string | undefined {
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value)
  const z = /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : DEFAULT_EXIF_OFFSET
  if (!m) return undefined
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${z}`)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}

function degrees(dms: number[] | undefined, ref: string | undefined, negative: string): number | undefined {
  if (!dms || dms.length < 1 || !ref) return undefined
  const [d = 0, m = 0, s = 0] = dms
  const v = d + m / 60 + s / 3600
  if (!Number.isFinite(v)) return undefined
  return Math.round((ref.toUpperCase().startsWith(negative) ? -v : v) * 1e7) / 1e7
}

/** Time and position recorded by the camera, from a JPEG's EXIF block (other formats: empty). */
export function readExif(bytes: Uint8Array): PhotoExif {
  try {
    const view = findTiff(bytes)
    if (!view || view.byteLength < 8) return {}
    const order = view.getUint16(0)
    if (order !== 0x4949 && order !== 0x4d4d) return {}
    const tiff = new Tiff(view, order === 0x4949)
    if (tiff.u16(2) !== 42) return {}
    const ifd0 = tiff.ifd(tiff.u32(4))
    const out: PhotoExif = {}

    const exifAt = tiff.long(ifd0.get(0x8769))
    const exif = exifAt !== undefined ? tiff.ifd(exifAt) : new Map<number, Entry>()
    const original = tiff.ascii(exif.get(0x9003)) ?? tiff.ascii(ifd0.get(0x0132))
    const offset = tiff.ascii(exif.get(0x9011)) ?? tiff.ascii(exif.get(0x9010))
    const takenAt = original ? exifDateTime(original, offset) : undefined
    if (takenAt) out.takenAt = takenAt

    const gpsAt = tiff.long(ifd0.get(0x8825))
    if (gpsAt !== undefined) {
      const gps = tiff.ifd(gpsAt)
      const lat = degrees(tiff.rationals(gps.get(0x0002)), tiff.ascii(gps.get(0x0001)), 'S')
      const lon = degrees(tiff.rationals(gps.get(0x0004)), tiff.ascii(gps.get(0x0003)), 'W')
      if (
        lat !== undefined &&
        lon !== undefined &&
        Math.abs(lat) <= 90 &&
        Math.abs(lon) <= 180 &&
        !(lat === 0 && lon === 0)
      ) {
        out.lat = lat
        out.lon = lon
      }
      const err = tiff.rationals(gps.get(0x001f))?.[0]
      if (err !== undefined && Number.isFinite(err) && err >= 0) out.accuracyM = err
    }
    return out
  } catch {
    return {}
  }
}

/** Formats a Date as EXIF's "YYYY:MM:DD HH:MM:SS" in the given UTC offset (for writers and tests). */
export function toExifDateTime(iso: string, offset = DEFAULT_EXIF_OFFSET): string {
  const sign = offset.startsWith('-') ? -1 : 1
  const [h, m] = offset.slice(1).split(':').map(Number) as [number, number]
  const d = new Date(new Date(iso).getTime() + sign * (h * 60 + m) * 60_000)
  return `${d.getUTCFullYear()}:${pad(d.getUTCMonth() + 1)}:${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}
