import type { z } from 'zod'
import type {
  EscalateInput,
  MergeInput,
  QueuedReport,
  RejectInput,
  ReportDetail,
  ReportStatus,
  VerifyInput,
} from '../../contract/reports.ts'
import { TRIAGE_HOURS, URGENT_THEMES, URGENT_TRIAGE_HOURS } from '../../contract/reports.ts'
import type { Principal } from '../access/permissions.ts'
import type { AreaScope } from '../access/scope.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import { insertItem } from '../assets/write.ts'
import { writeAudit } from '../audit/log.ts'
import type { Db, Queryable } from '../db/index.ts'
import { paramList, type ParamList } from '../db/sql.ts'
import { fail, forbidden, notFound } from '../errors.ts'
import type { PhotoType } from '../field/images.ts'
import { routeToCommittee } from './community.ts'
import { THEME_WORDS } from './themes.ts'

// The moderation queue: a moderator sees and acts on the reports of their counties or regions only (admins: all).
// Phone numbers are decrypted only here, for those moderators. Every action is one transaction with its audit row.

/** The facilities a report may be escalated to (an SQL list of constants). */
const ESCALATION_KINDS = `('police_station','police_post','border_police_post')`

export interface Moderator {
  principal: Principal
  area: AreaScope
  requestId: string
}

const iso = (col: string) => `to_char((${col}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`

function areaSql(area: AreaScope, p: ParamList, alias = 'r'): string {
  switch (area.kind) {
    case 'national':
      return 'true'
    case 'counties':
      return `${alias}.county_code = ANY(${p.add(area.counties)}::text[])`
    case 'regions':
      return `${alias}.region_code = ANY(${p.add(area.regions)}::text[])`
  }
}

function selectSql(p: ParamList, key: string): string {
  const k = p.add(key)
  return `SELECT r.id::int AS id, r.reference, r.channel, r.language, r.theme, ${iso('r.occurred_at')} AS occurred_at,
      ${iso('r.received_at')} AS received_at, ${iso('r.updated_at')} AS updated_at, r.description, r.place_name,
      r.precision, r.county_code, r.region_code, ST_X(r.geom) AS lon, ST_Y(r.geom) AS lat, r.status,
      r.theme = ANY(${p.add(URGENT_THEMES)}::text[]) AS urgent,
      ${iso(`r.received_at + make_interval(hours => CASE WHEN r.theme = ANY(${p.add(URGENT_THEMES)}::text[]) THEN ${URGENT_TRIAGE_HOURS} ELSE ${TRIAGE_HOURS} END)`)} AS triage_due_at,
      r.spam_score::float8 AS spam_score, r.spam_reasons, r.group_id::int AS group_id,
      CASE WHEN r.group_id IS NULL THEN 1 ELSE (SELECT count(*) FROM citizen_reports g WHERE g.group_id = r.group_id)::int END AS group_size,
      r.incident_id::int AS incident_id, r.merged_into::int AS merged_into, r.reject_reason, r.escalated_to::int AS escalated_to,
      ${iso('r.due_at')} AS due_at,
      CASE WHEN cs.id IS NULL THEN NULL ELSE json_build_object('id', cs.id, 'name', cs.name, 'kind', cs.kind, 'contact_role', cs.contact_role) END AS committee,
      CASE WHEN r.phone_enc IS NULL THEN NULL ELSE pgp_sym_decrypt(r.phone_enc, ${k}::text) END AS phone,
      r.contact_consent,
      CASE WHEN r.phone_hash IS NULL THEN 0 ELSE (SELECT count(*) FROM citizen_reports e WHERE e.phone_hash = r.phone_hash AND e.id <> r.id)::int END AS earlier_reports,
      ARRAY(SELECT ph.n::int FROM citizen_report_photos ph WHERE ph.report_id = r.id ORDER BY ph.n) AS photos
    FROM citizen_reports r LEFT JOIN community_structures cs ON cs.id = r.committee_id`
}

export interface QueueFilter {
  status?: ReportStatus
  county?: string
  theme?: string
  limit: number
  offset: number
}

async function assertCountyInArea(q: Queryable, area: AreaScope, county: string) {
  if (area.kind === 'national') return
  if (area.kind === 'counties' && area.counties.includes(county)) return
  if (area.kind === 'regions') {
    const r = await q.query<{ region_code: string }>('SELECT region_code FROM counties WHERE code = $1', [county])
    if (r.rows[0] && (area.regions as string[]).includes(r.rows[0].region_code)) return
  }
  throw forbidden(`County ${county} is outside your area.`)
}

export async function listReports(
  db: Db,
  m: Moderator,
  f: QueueFilter,
  key: string,
): Promise<{ total: number; reports: QueuedReport[] }> {
  if (f.county) await assertCountyInArea(db, m.area, f.county)
  const where = (p: ParamList) => {
    const w = [areaSql(m.area, p)]
    if (f.status) w.push(`r.status = ${p.add(f.status)}`)
    if (f.county) w.push(`r.county_code = ${p.add(f.county)}`)
    if (f.theme) w.push(`r.theme = ${p.add(f.theme)}`)
    return w.join(' AND ')
  }
  const c = paramList()
  const total = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM citizen_reports r WHERE ${where(c)}`,
    c.values,
  )
  const p = paramList()
  const select = selectSql(p, key)
  // Waiting reports first, then the urgent themes, then the newest.
  const rows = await db.query<QueuedReport>(
    `${select} WHERE ${where(p)}
     ORDER BY (r.status = 'received') DESC, (r.theme = ANY(${p.add(URGENT_THEMES)}::text[])) DESC, r.received_at DESC, r.id DESC
     LIMIT ${p.add(f.limit)} OFFSET ${p.add(f.offset)}`,
    p.values,
  )
  return { total: total.rows[0]!.n, reports: rows.rows.map(tidy) }
}

function tidy(r: QueuedReport): QueuedReport {
  return {
    ...r,
    lon: Number(r.lon),
    lat: Number(r.lat),
    spam_score: Number(r.spam_score),
    photos: r.photos.map(Number),
  }
}

async function one(q: Queryable, m: Moderator, id: number, key: string): Promise<QueuedReport | undefined> {
  const p = paramList()
  const select = selectSql(p, key)
  const r = await q.query<QueuedReport>(`${select} WHERE r.id = ${p.add(id)} AND ${areaSql(m.area, p)}`, p.values)
  return r.rows[0] ? tidy(r.rows[0]) : undefined
}

export async function getReport(db: Db, m: Moderator, id: number, key: string): Promise<ReportDetail | undefined> {
  const r = await one(db, m, id, key)
  if (!r) return undefined
  const near = (table: string, at: string, extra: string) =>
    db.query<ReportDetail['nearby_reports'][number]>(
      `SELECT t.id::int AS id, ${extra} t.theme, t.status, ${iso(`t.${at}`)} AS at,
         round(ST_Distance(t.geom::geography, c.geom::geography))::float8 AS distance_m,
         ST_X(t.geom) AS lon, ST_Y(t.geom) AS lat
       FROM ${table} t, citizen_reports c
       WHERE c.id = $1 AND t.id <> $1 AND ST_DWithin(t.geom::geography, c.geom::geography, 10000)
         AND t.${at} > c.occurred_at - interval '30 days'
       ORDER BY t.${at} DESC LIMIT 20`,
      [id],
    )
  const nearby = await near('citizen_reports', 'received_at', 't.reference,')
  const incidents = await near('incidents', 'occurred_at', '')
  const earlier = await db.query<ReportDetail['earlier'][number]>(
    `SELECT e.id::int AS id, e.reference, e.theme, e.status, ${iso('e.received_at')} AS received_at
     FROM citizen_reports e, citizen_reports c
     WHERE c.id = $1 AND c.phone_hash IS NOT NULL AND e.phone_hash = c.phone_hash AND e.id <> c.id
     ORDER BY e.received_at DESC LIMIT 20`,
    [id],
  )
  // Where the report can be escalated: the same area rule as escalateReport, nearest first.
  const sp = paramList([id])
  const stations = await db.query<ReportDetail['stations'][number]>(
    `SELECT f.id::int AS id, f.name, f.kind,
       round(ST_Distance(f.geom::geography, c.geom::geography))::float8 AS distance_m
     FROM facilities f, citizen_reports c
     WHERE c.id = $1 AND f.kind IN ${ESCALATION_KINDS} AND ${areaSql(m.area, sp, 'f')}
     ORDER BY f.geom <-> c.geom LIMIT 10`,
    sp.values,
  )
  const numeric = <T extends { distance_m: number; lon: number; lat: number }>(n: T): T => ({
    ...n,
    distance_m: Number(n.distance_m),
    lon: Number(n.lon),
    lat: Number(n.lat),
  })
  return {
    ...r,
    nearby_reports: nearby.rows.map(numeric),
    recent_incidents: incidents.rows.map(numeric),
    earlier: earlier.rows,
    stations: stations.rows.map((f) => ({ ...f, distance_m: Number(f.distance_m) })),
  }
}

export async function reportPhoto(
  db: Db,
  m: Moderator,
  id: number,
  n: number,
): Promise<{ contentType: PhotoType; bytes: Uint8Array } | undefined> {
  const p = paramList([id, n])
  const r = await db.query<{ content_type: PhotoType; data: Uint8Array }>(
    `SELECT ph.content_type, ph.data FROM citizen_report_photos ph JOIN citizen_reports r ON r.id = ph.report_id
     WHERE ph.report_id = $1 AND ph.n = $2 AND ${areaSql(m.area, p)}`,
    p.values,
  )
  const row = r.rows[0]
  return row ? { contentType: row.content_type, bytes: new Uint8Array(row.data) } : undefined
}

interface Locked {
  id: number
  reference: string
  status: ReportStatus
  theme: string
  occurred_at: string
  description: string
  group_id: number | null
  incident_id: number | null
  county_code: string
  lon: number
  lat: number
}

/** The report, locked for the action, when it is in the caller's area and not yet settled. */
async function lock(tx: Queryable, m: Moderator, id: number): Promise<Locked> {
  const p = paramList([id])
  const r = await tx.query<Locked>(
    `SELECT r.id::int AS id, r.reference, r.status, r.theme, ${iso('r.occurred_at')} AS occurred_at, r.description,
       r.group_id::int AS group_id, r.incident_id::int AS incident_id, r.county_code, ST_X(r.geom) AS lon, ST_Y(r.geom) AS lat
     FROM citizen_reports r WHERE r.id = $1 AND ${areaSql(m.area, p)} FOR UPDATE`,
    p.values,
  )
  const row = r.rows[0]
  if (!row) throw notFound('No such report in your area.')
  if (row.status === 'verified' || row.status === 'merged' || row.status === 'rejected')
    throw fail('already_triaged', `Report ${row.reference} was already ${row.status}.`)
  return { ...row, lon: Number(row.lon), lat: Number(row.lat) }
}

async function settle(
  tx: Queryable,
  m: Moderator,
  before: Locked,
  action: 'verify' | 'merge' | 'reject' | 'escalate',
  set: Record<string, unknown>,
) {
  const p = paramList([before.id])
  const sets = Object.entries(set).map(([k, v]) => `${k} = ${p.add(v)}`)
  // Triage time counts from the first decision; an escalated report verified later keeps its first triage.
  await tx.query(
    `UPDATE citizen_reports SET ${sets.join(', ')}, updated_at = now(), triaged_at = coalesce(triaged_at, now()),
       triaged_by = coalesce(triaged_by, ${p.add(m.principal.username)}) WHERE id = $1`,
    p.values,
  )
  await writeAudit(tx, {
    actor: m.principal.username,
    action: 'update',
    collection: 'citizen_reports',
    itemId: before.id,
    before: { status: before.status, incident_id: before.incident_id, group_id: before.group_id },
    after: { action, ...set },
    requestId: m.requestId,
  })
}

async function incidentExists(tx: Queryable, id: number): Promise<void> {
  const r = await tx.query('SELECT 1 FROM incidents WHERE id = $1', [id])
  if (!r.rows.length) throw fail('invalid_parameter', `No incident ${id}.`, { parameter: 'incident_id' })
}

export async function verifyReport(
  db: Db,
  m: Moderator,
  id: number,
  input: z.infer<typeof VerifyInput>,
  key: string,
): Promise<QueuedReport> {
  await db.transaction(async (tx) => {
    const r = await lock(tx, m, id)
    let incident = input.incident_id ?? null
    if (incident !== null) await incidentExists(tx, incident)
    // A near duplicate of a report already verified joins its incident instead of making another.
    if (incident === null && r.group_id !== null) {
      const g = await tx.query<{ incident_id: number }>(
        `SELECT incident_id::int AS incident_id FROM citizen_reports
         WHERE group_id = $1 AND incident_id IS NOT NULL ORDER BY triaged_at LIMIT 1`,
        [r.group_id],
      )
      incident = g.rows[0]?.incident_id ?? null
    }
    if (incident === null) {
      const theme = r.theme as keyof typeof THEME_WORDS
      const properties = {
        name: input.name ?? `${THEME_WORDS[theme].en} (citizen report ${r.reference})`,
        occurred_at: r.occurred_at,
        theme: r.theme,
        severity: input.severity,
        description: r.description,
        verified: true,
        status: 'open',
      }
      const geometry = { type: 'Point', coordinates: [r.lon, r.lat] }
      incident = Number(
        await insertItem(tx, COLLECTIONS.incidents, properties, geometry, m.principal.username, 'citizen'),
      )
      await writeAudit(tx, {
        actor: m.principal.username,
        action: 'create',
        collection: 'incidents',
        itemId: incident,
        before: null,
        after: { ...properties, source: 'citizen', report: r.reference, geometry },
        requestId: m.requestId,
      })
    }
    const committee = await routeToCommittee(tx, r.lon, r.lat, r.county_code)
    await settle(tx, m, r, 'verify', { status: 'verified', incident_id: incident, committee_id: committee })
  })
  return (await one(db, m, id, key))!
}

export async function mergeReport(
  db: Db,
  m: Moderator,
  id: number,
  input: z.infer<typeof MergeInput>,
  key: string,
): Promise<QueuedReport> {
  await db.transaction(async (tx) => {
    const r = await lock(tx, m, id)
    if (input.incident_id !== undefined) {
      await incidentExists(tx, input.incident_id)
      await settle(tx, m, r, 'merge', { status: 'merged', incident_id: input.incident_id })
      return
    }
    if (input.report_id === id)
      throw fail('invalid_parameter', 'A report cannot merge into itself.', { parameter: 'report_id' })
    const p = paramList([input.report_id])
    const t = await tx.query<{ id: number; group_id: number | null; incident_id: number | null; status: string }>(
      `SELECT r.id::int AS id, r.group_id::int AS group_id, r.incident_id::int AS incident_id, r.status
       FROM citizen_reports r WHERE r.id = $1 AND ${areaSql(m.area, p)} FOR UPDATE`,
      p.values,
    )
    const target = t.rows[0]
    if (!target || target.status === 'rejected')
      throw fail('invalid_parameter', 'No such report to merge into in your area.', { parameter: 'report_id' })
    const group = target.group_id ?? target.id
    if (target.group_id === null) await tx.query('UPDATE citizen_reports SET group_id = $1 WHERE id = $1', [group])
    await settle(tx, m, r, 'merge', {
      status: 'merged',
      merged_into: target.id,
      group_id: group,
      incident_id: target.incident_id,
    })
  })
  return (await one(db, m, id, key))!
}

export async function rejectReport(
  db: Db,
  m: Moderator,
  id: number,
  input: z.infer<typeof RejectInput>,
  key: string,
): Promise<QueuedReport> {
  await db.transaction(async (tx) => {
    const r = await lock(tx, m, id)
    await settle(tx, m, r, 'reject', { status: 'rejected', reject_reason: input.reason })
  })
  return (await one(db, m, id, key))!
}

export async function escalateReport(
  db: Db,
  m: Moderator,
  id: number,
  input: z.infer<typeof EscalateInput>,
  key: string,
): Promise<QueuedReport> {
  await db.transaction(async (tx) => {
    const r = await lock(tx, m, id)
    const p = paramList([input.facility_id])
    const f = await tx.query(
      `SELECT 1 FROM facilities r WHERE r.id = $1 AND r.kind IN ${ESCALATION_KINDS}
         AND ${areaSql(m.area, p)}`,
      p.values,
    )
    if (!f.rows.length)
      throw fail('invalid_parameter', 'No police station or post with this id in your area.', {
        parameter: 'facility_id',
      })
    await settle(tx, m, r, 'escalate', { status: 'escalated', escalated_to: input.facility_id, due_at: input.due_at })
  })
  return (await one(db, m, id, key))!
}
