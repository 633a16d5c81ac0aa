import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { AreaScope } from '../access/scope.ts'
import { whereSql } from '../assets/query.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import { fail } from '../errors.ts'
import { readExif } from '../../contract/exif.ts'
import { MAX_PHOTO_BYTES, MAX_PHOTO_SIDE, PHOTO_TYPES, sniffImage, type PhotoType } from './images.ts'

// Photos of assessments: checked from their bytes (type by magic number, size, pixel size), stored as bytea with the
// time and place they were taken, and served back only to callers who may see the asset.

/** What the device read from a photo's EXIF before resizing it (resizing drops EXIF). */
export const PhotoMeta = z.strictObject({
  taken_at: z.iso.datetime({ offset: true }).nullable().optional(),
  lon: z.number().min(-180).max(180).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
})
export type PhotoMeta = z.infer<typeof PhotoMeta>

export interface PreparedPhoto {
  bytes: Uint8Array
  type: PhotoType
  width: number
  height: number
  sha256: string
  takenAt: string | null
  lon: number | null
  lat: number | null
}

/** Validates one uploaded photo; `meta` (from the device) wins over the photo's own EXIF. */
export function preparePhoto(bytes: Uint8Array, meta: PhotoMeta | undefined, parameter: string): PreparedPhoto {
  if (bytes.byteLength === 0) throw fail('invalid_photo', 'The photo is empty.', { parameter })
  if (bytes.byteLength > MAX_PHOTO_BYTES) {
    throw fail(
      'payload_too_large',
      `A photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB (resize it first; the web app does).`,
      { parameter },
    )
  }
  const info = sniffImage(bytes)
  if (!info)
    throw fail('unsupported_media_type', `A photo must be a JPEG, PNG or WebP image (${PHOTO_TYPES.join(', ')}).`, {
      parameter,
    })
  if (info.width > MAX_PHOTO_SIDE || info.height > MAX_PHOTO_SIDE) {
    throw fail('invalid_photo', `A photo may be at most ${MAX_PHOTO_SIDE} pixels on a side.`, { parameter })
  }
  const exif = info.type === 'image/jpeg' ? readExif(bytes) : {}
  const hasMetaPosition = meta?.lon != null && meta?.lat != null
  return {
    bytes,
    ...info,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    takenAt: meta?.taken_at ?? exif.takenAt ?? null,
    lon: hasMetaPosition ? meta!.lon! : (exif.lon ?? null),
    lat: hasMetaPosition ? meta!.lat! : (exif.lat ?? null),
  }
}

export async function insertPhoto(
  tx: Queryable,
  assessmentId: number,
  n: number,
  photo: PreparedPhoto,
  username: string,
): Promise<void> {
  const p = paramList()
  const geom =
    photo.lon !== null && photo.lat !== null
      ? `ST_SetSRID(ST_MakePoint(${p.add(photo.lon)}, ${p.add(photo.lat)}), 4326)`
      : 'NULL'
  await tx.query(
    `INSERT INTO assessment_photos (assessment_id, n, content_type, size_bytes, width, height, sha256, taken_at, geom, uploaded_by, data)
     VALUES (${[assessmentId, n, photo.type, photo.bytes.byteLength, photo.width, photo.height, photo.sha256].map((v) => p.add(v)).join(', ')},
       ${p.add(photo.takenAt)}::timestamptz, ${geom}, ${p.add(username)}, ${p.add(photo.bytes)})`,
    p.values,
  )
}

/** A JSON array of an assessment's photos (without their bytes), for the SELECT list. */
export function photoListSql(assessmentId: string): string {
  return `(SELECT coalesce(json_agg(json_build_object(
      'n', ph.n, 'content_type', ph.content_type, 'size_bytes', ph.size_bytes, 'width', ph.width, 'height', ph.height,
      'taken_at', to_char(ph.taken_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      'position', CASE WHEN ph.geom IS NULL THEN NULL ELSE json_build_object('lon', round(ST_X(ph.geom)::numeric, 7), 'lat', round(ST_Y(ph.geom)::numeric, 7)) END,
      'uploaded_by', ph.uploaded_by) ORDER BY ph.n), '[]'::json)
    FROM assessment_photos ph WHERE ph.assessment_id = ${assessmentId})`
}

export interface PhotoBytes {
  contentType: PhotoType
  bytes: Uint8Array
  sha256: string
}

/** A photo's bytes, when its assessment's asset lies in the caller's area. */
export async function photoBytes(
  q: Queryable,
  assessmentId: number,
  n: number,
  area: AreaScope,
): Promise<PhotoBytes | undefined> {
  const c = await q.query<{ collection: keyof typeof COLLECTIONS }>(
    'SELECT collection FROM assessments WHERE id = $1',
    [assessmentId],
  )
  const col = c.rows[0] ? COLLECTIONS[c.rows[0].collection] : undefined
  if (!col) return undefined
  const p = paramList([assessmentId, n])
  const r = await q.query<{ content_type: PhotoType; data: Uint8Array; sha256: string }>(
    `SELECT ph.content_type, ph.data, ph.sha256 FROM assessment_photos ph
     JOIN assessments a ON a.id = ph.assessment_id JOIN ${col.table} t ON t.${col.idColumn} = a.asset_id
     WHERE ph.assessment_id = $1 AND ph.n = $2 AND ${whereSql(col, { equals: [] }, area, p)}`,
    p.values,
  )
  const row = r.rows[0]
  return row ? { contentType: row.content_type, bytes: new Uint8Array(row.data), sha256: row.sha256 } : undefined
}
