import { z } from 'zod'
import { assertWrite, type Principal } from '../access/permissions.ts'
import { NATIONAL, type AreaScope } from '../access/scope.ts'
import { writeAudit } from '../audit/log.ts'
import { COLLECTIONS, type Collection } from '../assets/collections.ts'
import { diff } from '../assets/history.ts'
import { whereSql } from '../assets/query.ts'
import { lockItem, updateItem, type Current } from '../assets/write.ts'
import * as D from '../../contract/domains.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import { DomainError, badParameter, fail, forbidden, notFound } from '../errors.ts'
import { insertPhoto, photoListSql, type PreparedPhoto } from './photos.ts'

// Condition assessments made in the field: one transaction inserts the assessment (and its photos) and updates the
// asset's condition/status through the same write functions as OGC API – Features Part 4 (lockItem, updateItem,
// audit), so an assessment and the change it makes to the asset exist together or not at all.
//
// Concurrent changes. The assessment carries the asset version the observer saw (base_version, or If-Match). When the
// asset has changed since, the server finds which fields changed from the audit log:
//   - a field the assessment sets (condition, status) that someone else changed since base_version, to a value other
//     than the assessment's, is a conflict: 412 with the current feature and, per field, the base, yours and current
//     values; nothing is written;
//   - changes to any other field (name, surface, geometry…) are not a conflict: the assessment is applied on top of
//     them (its fields only) and the response says `merged: true`;
//   - the observer's own changes since base_version (an earlier item of their offline queue) are not conflicts;
//   - when the audit log cannot account for every version since base_version, every set field counts as changed
//     (conservative: a 412 rather than a silent overwrite).
// Without a base version the assessment is applied to whatever is current.

export const FIELD_COLLECTIONS = ['roads', 'airstrips', 'border_posts', 'admin_units', 'facilities'] as const
export type FieldCollection = (typeof FIELD_COLLECTIONS)[number]
/** Asset fields an assessment sets (also the only ones a field officer may change). */
export const ASSESSED_FIELDS = ['condition', 'status'] as const

export const statusDomain = (c: FieldCollection): readonly string[] =>
  COLLECTIONS[c].fields.find((f) => f.name === 'status')!.domain!

const { west, south, east, north } = D.KENYA_BOUNDS
const NO_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

export const Position = z
  .strictObject({ lon: z.number().min(west).max(east), lat: z.number().min(south).max(north) })
  .meta({ description: `WGS 84 longitude/latitude inside Kenya's extent (${west}..${east}, ${south}..${north})` })

export const AssessmentInput = z
  .strictObject({
    collection: z.enum(FIELD_COLLECTIONS),
    asset_id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    condition: z
      .enum(D.CONDITIONS)
      .optional()
      .meta({ description: 'Observed condition (roads: passability; impassable = cannot be driven)' }),
    status: z
      .string()
      .max(40)
      .optional()
      .meta({ description: "Observed status, one of the collection's status values" }),
    notes: z
      .string()
      .trim()
      .max(2000)
      .refine((s) => !NO_CONTROL.test(s), 'control characters are not allowed')
      .optional(),
    observed_at: z.iso
      .datetime({ offset: true })
      .meta({ description: 'When the observation was made (device clock)', example: '2026-03-14T09:26:53+03:00' }),
    position: Position.optional().meta({ description: 'Where the observer stood (device GPS)' }),
    accuracy_m: z.number().min(0).max(100_000).optional().meta({ description: 'GPS accuracy radius in metres' }),
    base_version: z
      .number()
      .int()
      .min(1)
      .max(2_000_000_000)
      .optional()
      .meta({ description: 'The asset version the observer saw (or send If-Match)' }),
  })
  .superRefine((a, ctx) => {
    if (a.status !== undefined && !statusDomain(a.collection).includes(a.status)) {
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message: `status of ${a.collection} must be one of ${statusDomain(a.collection).join(', ')}`,
      })
    }
    const t = Date.parse(a.observed_at)
    if (t > Date.now() + 10 * 60_000)
      ctx.addIssue({ code: 'custom', path: ['observed_at'], message: 'observed_at is in the future' })
    if (t < Date.parse('2000-01-01T00:00:00Z'))
      ctx.addIssue({ code: 'custom', path: ['observed_at'], message: 'observed_at is before 2000' })
  })
export type AssessmentInput = z.infer<typeof AssessmentInput>

export const Conflict = z.object({ field: z.string(), base: z.unknown(), yours: z.unknown(), current: z.unknown() })
export type Conflict = z.infer<typeof Conflict>

export const Photo = z.object({
  n: z.number().int(),
  content_type: z.string(),
  size_bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  taken_at: z.string().nullable(),
  position: z.object({ lon: z.number(), lat: z.number() }).nullable(),
  uploaded_by: z.string(),
  href: z.string(),
})
export type Photo = z.infer<typeof Photo>

export const Assessment = z.object({
  id: z.number().int(),
  collection: z.string(),
  asset_id: z.number().int(),
  condition: z.string().nullable(),
  status: z.string().nullable(),
  notes: z.string().nullable(),
  observed_at: z.string(),
  observer: z.string(),
  position: z.object({ lon: z.number(), lat: z.number() }).nullable(),
  accuracy_m: z.number().nullable(),
  distance_m: z.number().nullable().meta({ description: 'Distance from the observer to the asset, metres' }),
  base_version: z.number().int().nullable(),
  asset_version: z.number().int().nullable(),
  changed: z.array(z.string()).meta({ description: 'Asset fields the assessment changed' }),
  created_at: z.string(),
  photos: z.array(Photo),
})
export type Assessment = z.infer<typeof Assessment>

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`

/** Assessments with their asset's table joined (alias t), so the caller's area applies in SQL. */
function selectSql(col: Collection) {
  return `SELECT a.id, a.collection, a.asset_id, a.condition, a.status, a.notes, ${ts('a.observed_at')} AS observed_at, a.observer,
      CASE WHEN a.geom IS NULL THEN NULL ELSE json_build_object('lon', round(ST_X(a.geom)::numeric, 7), 'lat', round(ST_Y(a.geom)::numeric, 7)) END AS position,
      a.accuracy_m, CASE WHEN a.geom IS NULL THEN NULL ELSE round(ST_Distance(a.geom::geography, t.geom::geography)::numeric, 1) END AS distance_m,
      a.base_version, a.asset_version, a.changed, ${ts('a.created_at')} AS created_at, ${photoListSql('a.id')} AS photos
    FROM assessments a JOIN ${col.table} t ON t.${col.idColumn} = a.asset_id`
}

interface Row extends Omit<Assessment, 'photos' | 'position' | 'distance_m'> {
  photos: Omit<Photo, 'href'>[]
  position: { lon: number | string; lat: number | string } | null
  distance_m: number | string | null
}

function toAssessment(r: Row): Assessment {
  return {
    ...r,
    position: r.position ? { lon: Number(r.position.lon), lat: Number(r.position.lat) } : null,
    distance_m: r.distance_m === null ? null : Number(r.distance_m),
    photos: r.photos.map((p) => ({ ...p, href: `/api/assessments/${r.id}/photos/${p.n}` })),
  }
}

export async function listAssessments(
  q: Queryable,
  col: Collection,
  area: AreaScope,
  f: { assetId?: number; limit: number; offset: number },
): Promise<Assessment[]> {
  const p = paramList([col.id])
  const where = [`a.collection = $1`, whereSql(col, { equals: [] }, area, p)]
  if (f.assetId !== undefined) where.push(`a.asset_id = ${p.add(f.assetId)}`)
  const r = await q.query<Row>(
    `${selectSql(col)} WHERE ${where.join(' AND ')} ORDER BY a.observed_at DESC, a.id DESC LIMIT ${p.add(f.limit)} OFFSET ${p.add(f.offset)}`,
    p.values,
  )
  return r.rows.map(toAssessment)
}

/** The collection an assessment belongs to (no access check: callers then read it through `getAssessment`). */
async function collectionOf(q: Queryable, id: number): Promise<Collection | undefined> {
  const r = await q.query<{ collection: FieldCollection }>('SELECT collection FROM assessments WHERE id = $1', [id])
  return r.rows[0] ? COLLECTIONS[r.rows[0].collection] : undefined
}

/** One assessment, when its asset lies in the caller's area; `lock` holds the row until the transaction ends. */
export async function getAssessment(
  q: Queryable,
  id: number,
  area: AreaScope,
  lock = false,
): Promise<{ assessment: Assessment; collection: Collection } | undefined> {
  const col = await collectionOf(q, id)
  if (!col) return undefined
  const p = paramList([id])
  const r = await q.query<Row>(
    `${selectSql(col)} WHERE a.id = $1 AND ${whereSql(col, { equals: [] }, area, p)}${lock ? ' FOR UPDATE OF a' : ''}`,
    p.values,
  )
  return r.rows[0] ? { assessment: toAssessment(r.rows[0]), collection: col } : undefined
}

/**
 * Fields others than `self` changed on an asset after `base` (up to `current`), with their value at `base`; undefined
 * when the audit log does not account for every version in between.
 */
export async function changedSince(
  q: Queryable,
  col: Collection,
  id: number,
  base: number,
  current: number,
  self: string,
): Promise<Map<string, unknown> | undefined> {
  if (base === current) return new Map()
  if (base > current) return undefined
  const r = await q.query<{
    actor: string
    before: { properties?: Record<string, unknown> } | null
    after: { properties?: Record<string, unknown> } | null
  }>(
    `SELECT actor, before, after FROM audit_log
     WHERE collection = $1 AND item_id = $2 AND after IS NOT NULL AND (after->'properties'->>'version')::int > $3
     ORDER BY id`,
    [col.id, String(id), base],
  )
  const seen = new Set(r.rows.map((row) => Number(row.after?.properties?.version)))
  for (let v = base + 1; v <= current; v++) if (!seen.has(v)) return undefined
  const changed = new Map<string, unknown>()
  for (const row of r.rows) {
    if (row.actor === self) continue
    for (const c of diff(row.before as never, row.after as never))
      if (!changed.has(c.field)) changed.set(c.field, c.from)
  }
  return changed
}

function preconditionFailed(cur: Current, base: number, conflicts: Conflict[]): DomainError {
  return fail(
    'precondition_failed',
    `The asset has changed since version ${base} (now version ${cur.version}): ${conflicts.map((c) => c.field).join(' and ')} changed differently. Choose the values to keep and send again with base_version ${cur.version}.`,
    {
      parameter: 'base_version',
      extra: { current: cur.feature, conflicts },
      headers: { ETag: `"${cur.version}"` },
    },
  )
}

export interface Caller {
  principal: Principal
  area: AreaScope
  requestId: string
}

export interface Created {
  assessment: Assessment
  asset: Record<string, unknown>
  /** The asset had changed since base_version in other fields; the assessment was applied on top. */
  merged: boolean
}

/** The fields an assessment sets on its asset. */
export const setFields = (a: AssessmentInput) => ASSESSED_FIELDS.filter((f) => a[f] !== undefined)

/** Refuses what the caller may not assess, before any work: the same rule as a Part 4 update of those fields. */
export function assertMayAssess(p: Principal, a: AssessmentInput) {
  assertWrite(p, COLLECTIONS[a.collection], 'update', [...setFields(a)])
}

export async function createAssessment(
  tx: Queryable,
  who: Caller,
  a: AssessmentInput,
  photos: PreparedPhoto[],
  clientId?: string,
): Promise<Created> {
  const col = COLLECTIONS[a.collection]
  const fields = setFields(a)
  assertWrite(who.principal, col, 'update', [...fields])
  if (fields.length === 0 && !a.notes && photos.length === 0) {
    throw fail('empty_assessment', 'An assessment needs a condition, a status, notes or a photo.')
  }
  const cur = await lockItem(tx, col, a.asset_id, who.area)
  if (!cur) throw notFound(`No ${col.id} feature with id ${a.asset_id} in your area.`)
  const props = cur.feature.properties as Record<string, unknown>

  let merged = false
  if (a.base_version !== undefined && a.base_version !== cur.version) {
    const since = await changedSince(tx, col, a.asset_id, a.base_version, cur.version, who.principal.username)
    const conflicts: Conflict[] = fields
      .filter((f) => (since ? since.has(f) : true) && props[f] !== a[f])
      .map((f) => ({ field: f, base: since?.get(f) ?? null, yours: a[f], current: props[f] ?? null }))
    if (conflicts.length) throw preconditionFailed(cur, a.base_version, conflicts)
    merged = true
  }

  const changes = Object.fromEntries(fields.filter((f) => props[f] !== a[f]).map((f) => [f, a[f]]))
  const changed = Object.keys(changes)
  const assetVersion = changed.length ? cur.version + 1 : cur.version

  // The assessment first, then the asset: a refused asset update rolls the assessment (and its photos) back with it.
  const p = paramList()
  const geom = a.position
    ? `ST_SetSRID(ST_MakePoint(${p.add(a.position.lon)}, ${p.add(a.position.lat)}), 4326)`
    : 'NULL'
  const ins = await tx.query<{ id: number }>(
    `INSERT INTO assessments (collection, asset_id, condition, status, notes, observed_at, observer, accuracy_m, geom, client_id, base_version, asset_version, changed)
     VALUES (${[a.collection, a.asset_id, a.condition ?? null, a.status ?? null, a.notes || null].map((v) => p.add(v)).join(', ')},
       ${p.add(a.observed_at)}::timestamptz, ${p.add(who.principal.username)}, ${p.add(a.accuracy_m ?? null)}, ${geom},
       ${p.add(clientId ?? null)}, ${p.add(a.base_version ?? cur.version)}, ${p.add(assetVersion)}, ${p.add(changed)}::text[])
     RETURNING id`,
    p.values,
  )
  const id = ins.rows[0]!.id
  for (const [i, photo] of photos.entries()) await insertPhoto(tx, id, i + 1, photo, who.principal.username)

  let after = cur
  if (changed.length) {
    await updateItem(tx, col, a.asset_id, changes, undefined, who.principal.username)
    after = (await lockItem(tx, col, a.asset_id, NATIONAL))!
    if (after.version !== assetVersion) throw new Error(`asset version ${after.version}, expected ${assetVersion}`)
    await writeAudit(tx, {
      actor: who.principal.username,
      action: 'assess',
      collection: col.id,
      itemId: a.asset_id,
      before: cur.feature,
      after: after.feature,
      requestId: who.requestId,
    })
  }
  const assessment = (await getAssessment(tx, id, NATIONAL))!.assessment
  await writeAudit(tx, {
    actor: who.principal.username,
    action: 'assess',
    collection: 'assessments',
    itemId: id,
    before: null,
    after: assessment,
    requestId: who.requestId,
  })
  return { assessment, asset: after.feature, merged }
}

/** Adds one photo to an existing assessment: its observer (or an admin) may, while the asset is in their area. */
export async function addPhoto(
  tx: Queryable,
  who: Caller,
  assessmentId: number,
  photo: PreparedPhoto,
  maxPhotos: number,
): Promise<Photo> {
  const found = await getAssessment(tx, assessmentId, who.area, true)
  if (!found) throw notFound(`No assessment ${assessmentId} in your area.`)
  assertWrite(who.principal, found.collection, 'update', [])
  if (found.assessment.observer !== who.principal.username && who.principal.role !== 'admin') {
    throw forbidden(`Only ${found.assessment.observer}, who made assessment ${assessmentId}, may add photos to it.`)
  }
  const n = found.assessment.photos.reduce((m, ph) => Math.max(m, ph.n), 0) + 1
  if (found.assessment.photos.length >= maxPhotos || n > maxPhotos) {
    throw fail('too_many_photos', `An assessment may have at most ${maxPhotos} photos.`)
  }
  await insertPhoto(tx, assessmentId, n, photo, who.principal.username)
  const saved = (await getAssessment(tx, assessmentId, NATIONAL))!.assessment.photos.find((ph) => ph.n === n)!
  await writeAudit(tx, {
    actor: who.principal.username,
    action: 'assess',
    collection: 'assessments',
    itemId: assessmentId,
    before: null,
    after: { photo: saved },
    requestId: who.requestId,
  })
  return saved
}

/** Checks a collection name from a query string. */
export function fieldCollection(name: string): Collection {
  if (!(FIELD_COLLECTIONS as readonly string[]).includes(name)) {
    throw badParameter('collection', `collection must be one of ${FIELD_COLLECTIONS.join(', ')}`)
  }
  return COLLECTIONS[name as FieldCollection]
}
