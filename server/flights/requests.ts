import type { Flight, FlightInput, FlightPatch, LegInput, PlaceInput } from '../../contract/flights.ts'
import { RIGHTS } from '../../contract/rights.ts'
import type { Principal } from '../access/permissions.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import { badParameter, fail, forbidden, notFound } from '../errors.ts'

// Flight requests and their legs: who sees which, where a leg's ends are, reading and writing rows.

/** Which requests a caller sees: a reviewer all, an operator its organisation's, an agency account those sent in. */
export type FlightScope = { kind: 'all' } | { kind: 'organisation'; organisation: string } | { kind: 'submitted' }

export function flightScope(p: Principal): FlightScope | null {
  switch (RIGHTS[p.role].flights) {
    case 'review':
      return { kind: 'all' }
    case 'own':
      return p.organisation ? { kind: 'organisation', organisation: p.organisation } : null
    case null:
      // Any account of a concurring agency reads what was sent in for review, so it can concur.
      return p.agency ? { kind: 'submitted' } : null
  }
}

export function assertFlightScope(p: Principal): FlightScope {
  const s = flightScope(p)
  if (!s) throw forbidden(`The ${p.role} role has no access to flight clearance.`)
  return s
}

export const isReviewer = (p: Principal) => RIGHTS[p.role].flights === 'review'

export function scopeSql(s: FlightScope, p: ReturnType<typeof paramList>, alias = 'r'): string {
  switch (s.kind) {
    case 'all':
      return 'TRUE'
    case 'organisation':
      return `${alias}.organisation = ${p.add(s.organisation)}`
    case 'submitted':
      return `${alias}.status NOT IN ('draft')`
  }
}

interface ResolvedPlace {
  airstrip_id: number | null
  name: string
  ident: string | null
  lon: number
  lat: number
}

/** A leg end: a listed airstrip by code or name, or the coordinates of an unlisted site. */
export async function resolvePlace(q: Queryable, place: PlaceInput, parameter: string): Promise<ResolvedPlace> {
  if ('lon' in place) {
    return { airstrip_id: null, name: place.name ?? 'Unlisted site', ident: null, lon: place.lon, lat: place.lat }
  }
  const byCode = 'code' in place
  const r = await q.query<ResolvedPlace>(
    `SELECT id AS airstrip_id, name, ident, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM airstrips
     WHERE ${byCode ? 'upper(ident) = upper($1) OR upper(iata_code) = upper($1)' : 'lower(name) = lower($1)'}
     ORDER BY id LIMIT 2`,
    [byCode ? place.code : place.name],
  )
  if (r.rows.length === 0)
    throw badParameter(parameter, `No airstrip ${byCode ? 'with code' : 'named'} ${byCode ? place.code : place.name}.`)
  if (r.rows.length > 1)
    throw badParameter(parameter, `More than one airstrip is named ${'name' in place ? place.name : ''}: use its code.`)
  return r.rows[0]!
}

export async function resolveLegs(q: Queryable, legs: LegInput[]) {
  const out = []
  for (const [i, leg] of legs.entries()) {
    if (Date.parse(leg.arrives_at) <= Date.parse(leg.departs_at))
      throw badParameter(`legs.${i}.arrives_at`, 'A leg arrives after it departs.')
    if (i > 0 && Date.parse(leg.departs_at) < Date.parse(legs[i - 1]!.arrives_at))
      throw badParameter(`legs.${i}.departs_at`, 'A leg departs after the previous one arrives.')
    out.push({
      from: await resolvePlace(q, leg.from, `legs.${i}.from`),
      to: await resolvePlace(q, leg.to, `legs.${i}.to`),
      departs_at: new Date(leg.departs_at).toISOString(),
      arrives_at: new Date(leg.arrives_at).toISOString(),
    })
  }
  return out
}

type ResolvedLeg = Awaited<ReturnType<typeof resolveLegs>>[number]

async function writeLegs(q: Queryable, id: number, legs: ResolvedLeg[]) {
  await q.query('DELETE FROM flight_legs WHERE request_id = $1', [id])
  for (const [i, l] of legs.entries()) {
    await q.query(
      `INSERT INTO flight_legs (request_id, seq, from_airstrip, from_name, from_geom, to_airstrip, to_name, to_geom,
         departs_at, arrives_at)
       VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8, ST_SetSRID(ST_MakePoint($9, $10), 4326),
         $11, $12)`,
      [
        id,
        i + 1,
        l.from.airstrip_id,
        l.from.name,
        l.from.lon,
        l.from.lat,
        l.to.airstrip_id,
        l.to.name,
        l.to.lon,
        l.to.lat,
        l.departs_at,
        l.arrives_at,
      ],
    )
  }
}

const EAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Africa/Nairobi',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})
/** "2026-12-03 09:30 EAT": how people here read times. */
export function eat(iso: string): string {
  const parts = Object.fromEntries(EAT.formatToParts(new Date(iso)).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} EAT`
}

const REQUEST_COLUMNS = `r.id, r.organisation, r.contact_name, r.contact_phone, r.contact_email, r.aircraft_registration,
  r.aircraft_type, r.purpose, r.passengers, r.cargo_kg, r.status, r.conditions, r.version, r.created_by, r.created_at,
  r.updated_at, r.reviewer, r.clearance_number, r.valid_from, r.valid_to, r.reassessment_reason, r.reassessment,
  r.flagged_at`

interface LegRow {
  request_id: number
  seq: number
  from_airstrip: number | null
  from_name: string
  from_ident: string | null
  from_lon: number
  from_lat: number
  to_airstrip: number | null
  to_name: string
  to_ident: string | null
  to_lon: number
  to_lat: number
  departs_at: string
  arrives_at: string
}

async function legsOf(q: Queryable, ids: number[]): Promise<Map<number, Flight['legs']>> {
  const r = await q.query<LegRow>(
    `SELECT l.request_id, l.seq, l.from_airstrip, l.from_name, fa.ident AS from_ident, ST_X(l.from_geom) AS from_lon,
            ST_Y(l.from_geom) AS from_lat, l.to_airstrip, l.to_name, ta.ident AS to_ident, ST_X(l.to_geom) AS to_lon,
            ST_Y(l.to_geom) AS to_lat, l.departs_at, l.arrives_at
     FROM flight_legs l LEFT JOIN airstrips fa ON fa.id = l.from_airstrip LEFT JOIN airstrips ta ON ta.id = l.to_airstrip
     WHERE l.request_id = ANY($1::bigint[]) ORDER BY l.request_id, l.seq`,
    [ids],
  )
  const out = new Map<number, Flight['legs']>()
  for (const l of r.rows) {
    const list = out.get(l.request_id) ?? []
    list.push({
      seq: l.seq,
      from: { airstrip_id: l.from_airstrip, name: l.from_name, ident: l.from_ident, lon: l.from_lon, lat: l.from_lat },
      to: { airstrip_id: l.to_airstrip, name: l.to_name, ident: l.to_ident, lon: l.to_lon, lat: l.to_lat },
      departs_at: l.departs_at,
      arrives_at: l.arrives_at,
      departs_eat: eat(l.departs_at),
      arrives_eat: eat(l.arrives_at),
    })
    out.set(l.request_id, list)
  }
  return out
}

export interface FlightFilter {
  status?: string
  airstrip?: number
  from?: string
  to?: string
  flagged?: boolean
}

export async function listFlights(q: Queryable, scope: FlightScope, f: FlightFilter = {}): Promise<Flight[]> {
  const p = paramList()
  const where = [scopeSql(scope, p)]
  if (f.status) where.push(`r.status = ${p.add(f.status)}`)
  if (f.flagged) where.push('r.reassessment_reason IS NOT NULL')
  if (f.airstrip !== undefined) {
    const a = p.add(f.airstrip)
    where.push(
      `EXISTS (SELECT 1 FROM flight_legs l WHERE l.request_id = r.id AND (l.from_airstrip = ${a} OR l.to_airstrip = ${a}))`,
    )
  }
  if (f.from)
    where.push(`EXISTS (SELECT 1 FROM flight_legs l WHERE l.request_id = r.id AND l.arrives_at >= ${p.add(f.from)})`)
  if (f.to)
    where.push(`EXISTS (SELECT 1 FROM flight_legs l WHERE l.request_id = r.id AND l.departs_at <= ${p.add(f.to)})`)
  const r = await q.query<Omit<Flight, 'legs'>>(
    `SELECT ${REQUEST_COLUMNS} FROM flight_requests r WHERE ${where.join(' AND ')}
     ORDER BY (SELECT min(departs_at) FROM flight_legs l WHERE l.request_id = r.id), r.id LIMIT 500`,
    p.values,
  )
  const legs = await legsOf(
    q,
    r.rows.map((row) => row.id),
  )
  return r.rows.map((row) => ({ ...row, legs: legs.get(row.id) ?? [] }))
}

export async function getFlight(q: Queryable, scope: FlightScope, id: number, lock = false): Promise<Flight> {
  const p = paramList()
  const r = await q.query<Omit<Flight, 'legs'>>(
    `SELECT ${REQUEST_COLUMNS} FROM flight_requests r WHERE r.id = ${p.add(id)} AND ${scopeSql(scope, p)}
     ${lock ? 'FOR UPDATE' : ''}`,
    p.values,
  )
  const row = r.rows[0]
  if (!row) throw notFound(`No flight request ${id} that you may see.`)
  return { ...row, legs: (await legsOf(q, [id])).get(id) ?? [] }
}

/** What an amendment compares: the request as its author sees it. */
export function snapshot(f: Flight) {
  return {
    organisation: f.organisation,
    contact_name: f.contact_name,
    contact_phone: f.contact_phone,
    contact_email: f.contact_email,
    aircraft_registration: f.aircraft_registration,
    aircraft_type: f.aircraft_type,
    purpose: f.purpose,
    passengers: f.passengers,
    cargo_kg: f.cargo_kg,
    conditions: f.conditions,
    legs: f.legs.map((l) => ({
      from: l.from.ident ?? `${l.from.name} (${l.from.lat.toFixed(4)}, ${l.from.lon.toFixed(4)})`,
      to: l.to.ident ?? `${l.to.name} (${l.to.lat.toFixed(4)}, ${l.to.lon.toFixed(4)})`,
      departs_at: l.departs_at,
      arrives_at: l.arrives_at,
    })),
  }
}
type Snapshot = ReturnType<typeof snapshot>

/** Field by field (legs one by one) what changed between two versions. */
export function diff(before: Snapshot | null, after: Snapshot): { field: string; from: unknown; to: unknown }[] {
  if (!before) return []
  const out: { field: string; from: unknown; to: unknown }[] = []
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  for (const k of Object.keys(after) as (keyof Snapshot)[]) {
    if (k === 'legs') continue
    if (!same(before[k], after[k])) out.push({ field: k, from: before[k], to: after[k] })
  }
  const n = Math.max(before.legs.length, after.legs.length)
  for (let i = 0; i < n; i++) {
    const a = before.legs[i]
    const b = after.legs[i]
    if (!a || !b) {
      out.push({ field: `legs.${i + 1}`, from: a ?? null, to: b ?? null })
      continue
    }
    for (const k of Object.keys(b) as (keyof typeof b)[])
      if (!same(a[k], b[k])) out.push({ field: `legs.${i + 1}.${k}`, from: a[k], to: b[k] })
  }
  return out
}

export async function recordVersion(q: Queryable, f: Flight, before: Snapshot | null, actor: string) {
  const snap = snapshot(f)
  const changes = diff(before, snap)
  await q.query(
    `INSERT INTO flight_versions (request_id, version, snapshot, changes, actor) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5)`,
    [f.id, f.version, JSON.stringify(snap), JSON.stringify(changes), actor],
  )
  return changes
}

export async function createFlight(q: Queryable, p: Principal, input: FlightInput): Promise<Flight> {
  const scope = assertFlightScope(p)
  if (scope.kind === 'submitted') throw forbidden('An agency account concurs on requests; it does not file them.')
  const organisation = scope.kind === 'organisation' ? scope.organisation : input.organisation
  if (!organisation) throw badParameter('organisation', 'Name the operator organisation of a request entered for it.')
  const legs = await resolveLegs(q, input.legs)
  const r = await q.query<{ id: number }>(
    `INSERT INTO flight_requests (organisation, contact_name, contact_phone, contact_email, aircraft_registration,
       aircraft_type, purpose, passengers, cargo_kg, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      organisation,
      input.contact_name,
      input.contact_phone ?? null,
      input.contact_email ?? null,
      input.aircraft_registration,
      input.aircraft_type,
      input.purpose,
      input.passengers ?? 0,
      input.cargo_kg ?? 0,
      p.username,
    ],
  )
  const id = r.rows[0]!.id
  await writeLegs(q, id, legs)
  const flight = await getFlight(q, { kind: 'all' }, id)
  await recordVersion(q, flight, null, p.username)
  return flight
}

/** Statuses in which the request may still be amended. */
export const AMENDABLE = ['draft', 'submitted', 'under_review'] as const

export async function amendFlight(
  q: Queryable,
  p: Principal,
  id: number,
  version: number,
  patch: FlightPatch,
): Promise<{ before: Flight; after: Flight; changes: ReturnType<typeof diff> }> {
  const scope = assertFlightScope(p)
  const before = await getFlight(q, scope, id, true)
  if (scope.kind === 'submitted') throw forbidden('An agency account concurs on requests; it does not amend them.')
  if (before.version !== version)
    throw fail(
      'precondition_failed',
      `The request changed since version ${version}: it is now version ${before.version}.`,
      { parameter: 'If-Match', extra: { current: before }, headers: { ETag: `"${before.version}"` } },
    )
  if (!(AMENDABLE as readonly string[]).includes(before.status))
    throw fail('invalid_transition', `A ${before.status} request cannot be amended.`)
  if (patch.conditions !== undefined && !isReviewer(p))
    throw forbidden('Only the reviewing officer sets the conditions of a clearance.')
  if (patch.organisation !== undefined && scope.kind === 'organisation' && patch.organisation !== scope.organisation)
    throw forbidden('An operator files requests for its own organisation only.')
  const sets: string[] = []
  const p2 = paramList()
  const cols = [
    'organisation',
    'contact_name',
    'contact_phone',
    'contact_email',
    'aircraft_registration',
    'aircraft_type',
    'purpose',
    'passengers',
    'cargo_kg',
    'conditions',
  ] as const
  for (const col of cols) {
    const v = patch[col]
    if (v !== undefined) sets.push(`${col} = ${p2.add(v)}`)
  }
  sets.push('version = version + 1', 'updated_at = now()')
  await q.query(`UPDATE flight_requests SET ${sets.join(', ')} WHERE id = ${p2.add(id)}`, p2.values)
  if (patch.legs) await writeLegs(q, id, await resolveLegs(q, patch.legs))
  const after = await getFlight(q, { kind: 'all' }, id)
  const changes = await recordVersion(q, after, snapshot(before), p.username)
  return { before, after, changes }
}

export async function versionsOf(q: Queryable, id: number) {
  const r = await q.query<{
    version: number
    actor: string
    at: string
    changes: { field: string; from: unknown; to: unknown }[]
  }>('SELECT version, actor, at, changes FROM flight_versions WHERE request_id = $1 ORDER BY version', [id])
  return r.rows
}
