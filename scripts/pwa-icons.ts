// Draws the installable app's icons (web/public/icons/*.png) without any image tool: Ramani's yellow diamond on the
// top bar's green, full-bleed so the same picture serves as a maskable icon (the diamond stays in the safe zone).
// `npx tsx scripts/pwa-icons.ts` rewrites them; the output is the same bytes every time.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'

const OUT = join(import.meta.dirname, '..', 'web', 'public', 'icons')
const GREEN = [0x0b, 0x3d, 0x2e],
  YELLOW = [0xf0, 0xe4, 0x42],
  LIGHT = [0x15, 0x61, 0x4a]

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(b: Buffer): number {
  let c = 0xffffffff
  for (const x of b) c = CRC[(c ^ x) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

function icon(size: number): Buffer {
  const rows: Buffer[] = []
  const c = size / 2
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3)
    for (let x = 0; x < size; x++) {
      // Distance in the diamond's own (rotated square) metric, from the centre, per pixel centre.
      const d = (Math.abs(x + 0.5 - c) + Math.abs(y + 0.5 - c)) / size
      const colour = d < 0.26 ? YELLOW : d < 0.3 ? GREEN : d < 0.34 ? LIGHT : GREEN
      row.set(colour, 1 + x * 3)
    }
    rows.push(row)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

mkdirSync(OUT, { recursive: true })
for (const size of [192, 512]) {
  writeFileSync(join(OUT, `icon-${size}.png`), icon(size))
  console.log(`wrote web/public/icons/icon-${size}.png`)
}
