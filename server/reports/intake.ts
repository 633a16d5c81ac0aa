import type { INCIDENT_THEMES } from '../../contract/domains.ts'
import type { REPORT_CHANNELS, REPORT_PRECISIONS } from '../../contract/reports.ts'
import { writeAudit } from '../audit/log.ts'
import type { Db, Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import { fail } from '../errors.ts'
import type { PreparedPhoto } from '../field/photos.ts'
import { phoneHash } from './phone.ts'
import { newReference } from './reference.ts'
import { spamScore } from './spam.ts'

// Taking in one citizen report from any channel: placing it (position, gazetteer place or county), scoring it for
// spam, grouping it with near duplicates, and storing it with its photos and an audit row, all in one transaction.

/** Reports of the same theme within this distance and time of each other are one group (one incident when verified). */
export const DEDUP_METERS = 2000
export const DEDUP_HOURS = 12

export type Location =
  | { kind: 'point'; lon: number; lat: number; precision: 'gps' | 'pin' }
  | { kind: 'place'; placeId: number }
  | { kind: 'county'; county: string }

export interface NewReport {
  channel: (typeof REPORT_CHANNELS)[number]
  language: 'en' | 'sw'
  theme: (typeof INCIDENT_THEMES)[number]
  occurredAt: string
  description: string
  placeName?: string
  location: Location
  /** Normalised (+254…), only when the reporter may be contacted or wrote from it (SMS, USSD). */
  phone?: string
  contactConsent: boolean
  deviceHash?: string
  clientId?: string
  photos: PreparedPhoto[]
}

export interface Stored {
  id: number
  reference: string
  groupId: number | null
  /** True when the client id had already been stored (a replayed offline item). */
  replay: boolean
}

interface Placed {
  lon: number
  lat: number
  county: string
  region: string
  placeName: string | null
  precision: (typeof REPORT_PRECISIONS)[number]
}

async function place(tx: Queryable, loc: Location, placeName: string | undefined): Promise<Placed> {
  if (loc.kind === 'place') {
    const r = await tx.query<Placed>(
      `SELECT ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, c.code AS county, c.region_code AS region, p.name AS "placeName"
       FROM places p CROSS JOIN LATERAL (SELECT code, region_code FROM counties ORDER BY geom <-> p.geom LIMIT 1) c
       WHERE p.id = $1`,
      [loc.placeId],
    )
    if (!r.rows[0]) throw fail('invalid_parameter', 'No such place.', { parameter: 'place_id' })
    return { ...r.rows[0], precision: 'place' }
  }
  if (loc.kind === 'county') {
    const r = await tx.query<Placed>(
      `SELECT ST_X(pt) AS lon, ST_Y(pt) AS lat, code AS county, region_code AS region
       FROM (SELECT code, region_code, ST_PointOnSurface(geom) AS pt FROM counties WHERE code = $1) c`,
      [loc.county],
    )
    if (!r.rows[0]) throw fail('invalid_parameter', 'No such county.', { parameter: 'county' })
    return { ...r.rows[0], placeName: placeName ?? null, precision: 'county' }
  }
  // The county whose outline holds the point, else the nearest (a point on a lake shore, or just over a border).
  const r = await tx.query<{ county: string; region: string }>(
    `SELECT code AS county, region_code AS region FROM counties
     ORDER BY ST_Contains(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) DESC, geom <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)
     LIMIT 1`,
    [loc.lon, loc.lat],
  )
  return { lon: loc.lon, lat: loc.lat, ...r.rows[0]!, placeName: placeName ?? null, precision: loc.precision }
}

async function signals(tx: Queryable, r: NewReport, hash: string | null) {
  const p = paramList()
  const who: string[] = []
  if (hash) who.push(`phone_hash = ${p.add(hash)}`)
  if (r.deviceHash) who.push(`device_hash = ${p.add(r.deviceHash)}`)
  if (!who.length) return { recentFromSender: 0, repeatedText: false, rejectedBefore: 0 }
  const text = p.add(r.description)
  const s = await tx.query<{ recent: number; repeated: number; rejected: number }>(
    `SELECT count(*) FILTER (WHERE received_at > now() - interval '24 hours')::int AS recent,
            count(*) FILTER (WHERE received_at > now() - interval '24 hours' AND description = ${text})::int AS repeated,
            count(*) FILTER (WHERE status = 'rejected')::int AS rejected
     FROM citizen_reports WHERE ${who.join(' OR ')}`,
    p.values,
  )
  const row = s.rows[0]!
  return { recentFromSender: row.recent, repeatedText: row.repeated > 0, rejectedBefore: row.rejected }
}

/** The group of an earlier report of the same theme near in space and time, if any. */
async function duplicateGroup(tx: Queryable, r: NewReport, at: Placed): Promise<number | null> {
  const d = await tx.query<{ id: number; group_id: number | null }>(
    `SELECT id, group_id FROM citizen_reports
     WHERE theme = $1 AND status <> 'rejected'
       AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, $4)
       AND occurred_at BETWEEN $5::timestamptz - make_interval(hours => $6) AND $5::timestamptz + make_interval(hours => $6)
     ORDER BY received_at LIMIT 1`,
    [r.theme, at.lon, at.lat, DEDUP_METERS, r.occurredAt, DEDUP_HOURS],
  )
  const first = d.rows[0]
  if (!first) return null
  const group = first.group_id ?? Number(first.id)
  if (first.group_id === null) await tx.query('UPDATE citizen_reports SET group_id = $1 WHERE id = $1', [group])
  return group
}

export async function storeReport(db: Db, r: NewReport, key: string, requestId: string): Promise<Stored> {
  return db.transaction(async (tx) => {
    if (r.clientId) {
      const seen = await tx.query<{ id: number; reference: string; group_id: number | null }>(
        'SELECT id, reference, group_id FROM citizen_reports WHERE client_id = $1',
        [r.clientId],
      )
      const row = seen.rows[0]
      if (row) return { id: Number(row.id), reference: row.reference, groupId: row.group_id, replay: true }
    }
    const at = await place(tx, r.location, r.placeName)
    const hash = r.phone ? phoneHash(r.phone, key) : null
    const spam = spamScore({ description: r.description, ...(await signals(tx, r, hash)) })
    const group = await duplicateGroup(tx, r, at)
    const reference = newReference()
    const ins = await tx.query<{ id: number }>(
      `INSERT INTO citizen_reports (reference, channel, language, theme, occurred_at, description, place_name, precision,
         county_code, region_code, geom, phone_enc, phone_hash, contact_consent, device_hash, client_id, spam_score,
         spam_reasons, group_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ST_SetSRID(ST_MakePoint($11, $12), 4326),
         CASE WHEN $13::text IS NULL THEN NULL ELSE pgp_sym_encrypt($13::text, $14::text) END, $15, $16, $17, $18, $19, $20, $21)
       RETURNING id`,
      [
        reference,
        r.channel,
        r.language,
        r.theme,
        r.occurredAt,
        r.description,
        at.placeName,
        at.precision,
        at.county,
        at.region,
        at.lon,
        at.lat,
        r.phone ?? null,
        key,
        hash,
        r.contactConsent,
        r.deviceHash ?? null,
        r.clientId ?? null,
        spam.score,
        spam.reasons,
        group,
      ],
    )
    const id = Number(ins.rows[0]!.id)
    for (const [i, ph] of r.photos.entries()) {
      await tx.query(
        `INSERT INTO citizen_report_photos (report_id, n, content_type, size_bytes, width, height, sha256, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, i + 1, ph.type, ph.bytes.byteLength, ph.width, ph.height, ph.sha256, ph.bytes],
      )
    }
    // The audit row names what was reported, never who (no phone, no device).
    await writeAudit(tx, {
      actor: `citizen:${r.channel}`,
      action: 'create',
      collection: 'citizen_reports',
      itemId: id,
      before: null,
      after: { reference, theme: r.theme, county_code: at.county, group_id: group, photos: r.photos.length },
      requestId,
    })
    return { id, reference, groupId: group, replay: false }
  })
}

/** Status only: never what was reported, by whom, or who handled it. */
export async function reportStatus(
  q: Queryable,
  reference: string,
): Promise<{ reference: string; status: string; updated_at: string } | undefined> {
  const r = await q.query<{ reference: string; status: string; updated_at: string }>(
    `SELECT reference, status, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at
     FROM citizen_reports WHERE reference = $1`,
    [reference],
  )
  return r.rows[0]
}
