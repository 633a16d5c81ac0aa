import { readExif } from '../../../contract/exif.ts'
import { RESIZED_SIDE } from '../../../contract/photos.ts'
import type { QueuedPhoto } from './queue.ts'

// Photos are made small on the device before they are queued: decoded (with the camera's orientation applied),
// drawn at most RESIZED_SIDE pixels on their longer side and encoded as JPEG. Encoding drops EXIF, so the time and
// position the camera recorded are read from the original first and sent beside the photo.

const JPEG_QUALITY = 0.82

export async function preparePhoto(file: File): Promise<QueuedPhoto> {
  const original = new Uint8Array(await file.arrayBuffer())
  const exif = readExif(original)
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  try {
    const scale = Math.min(1, RESIZED_SIDE / Math.max(bitmap.width, bitmap.height))
    const width = Math.max(1, Math.round(bitmap.width * scale))
    const height = Math.max(1, Math.round(bitmap.height * scale))
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('This browser cannot draw images.')
    ctx.drawImage(bitmap, 0, 0, width, height)
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('The photo could not be encoded.'))),
        'image/jpeg',
        JPEG_QUALITY,
      ),
    )
    return {
      name: file.name.replace(/\.[^.]*$/, '') + '.jpg',
      type: 'image/jpeg',
      bytes: await blob.arrayBuffer(),
      width,
      height,
      ...(exif.takenAt ? { takenAt: exif.takenAt } : {}),
      ...(exif.lon !== undefined && exif.lat !== undefined ? { lon: exif.lon, lat: exif.lat } : {}),
    }
  } finally {
    bitmap.close()
  }
}
