import type { Principal } from '../access/permissions.ts'
import { writeAudit } from '../audit/log.ts'
import type { Queryable } from '../db/index.ts'
import { fail } from '../errors.ts'
import { assertCanImport, canImport, loadBatch, planOf } from './batches.ts'
import { IMPORTABLE, checkPlan, collectionOf, type ImportableId, type Plan } from './mapping.ts'

// Import profiles: a plan (columns, fixed values, recodes, derivations) saved under a name, so the next file of the
// same shape from the same source imports in one step. Whoever may import into a collection may use and keep its
// profiles; every change is audited.

export interface Profile extends Plan {
  id: number
  name: string
  collection: ImportableId
  description: string | null
  version: number
  created_by: string
  created_at: string
  updated_by: string
  updated_at: string
}

export interface ProfileInput extends Partial<Plan> {
  name?: string
  collection?: ImportableId
  description?: string | null
  /** Take the plan (and collection) of this import. */
  from_import?: number
}

export interface Writer {
  principal: Principal
  requestId: string
}

const COLUMNS = `id, name, collection, description, mapping, fixed, recode, derive, version, created_by, created_at, updated_by, updated_at`

const dto = (r: Profile): Profile => ({ ...r, id: Number(r.id) })

export async function listProfiles(q: Queryable, p: Principal, collection?: ImportableId): Promise<Profile[]> {
  const allowed = IMPORTABLE.filter((id) => canImport(p, id) && (!collection || id === collection))
  const r = await q.query<Profile>(
    `SELECT ${COLUMNS} FROM import_profiles WHERE collection = ANY($1::text[]) ORDER BY lower(name), id`,
    [allowed],
  )
  return r.rows.map(dto)
}

export async function getProfile(q: Queryable, p: Principal, id: number, lock = false): Promise<Profile> {
  const r = await q.query<Profile>(`SELECT ${COLUMNS} FROM import_profiles WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ])
  const row = r.rows[0]
  if (!row) throw fail('not_found', `No import profile ${id}.`)
  assertCanImport(p, row.collection)
  return dto(row)
}

/** A profile's plan checked against its collection: the columns are the mapping's own (no file to compare with). */
function checkedPlan(collection: ImportableId, plan: Partial<Plan>): Plan {
  const mapping = plan.mapping ?? {}
  const columns = [...new Set([...Object.keys(mapping), ...Object.values(plan.derive ?? {}).map((d) => d.column)])]
  return checkPlan(collectionOf(collection), columns, mapping, plan.fixed, plan.recode, plan.derive)
}

async function nameTaken(q: Queryable, name: string, except = 0) {
  const r = await q.query('SELECT 1 FROM import_profiles WHERE lower(name) = lower($1) AND id <> $2', [name, except])
  if (r.rows.length) throw fail('conflict', `An import profile named "${name}" exists already.`, { parameter: 'name' })
}

export async function createProfile(tx: Queryable, w: Writer, input: ProfileInput): Promise<Profile> {
  let collection = input.collection
  let plan: Partial<Plan> = input
  if (input.from_import !== undefined) {
    const b = await loadBatch(tx, input.from_import)
    if (collection && collection !== b.collection)
      throw fail('invalid_parameter', `Import ${b.id} went into ${b.collection}, not ${collection}.`, {
        parameter: 'collection',
      })
    collection = b.collection
    const stored = planOf(b)
    plan = {
      mapping: input.mapping ?? stored.mapping,
      fixed: input.fixed ?? stored.fixed,
      recode: input.recode ?? stored.recode,
      derive: input.derive ?? stored.derive,
    }
  }
  if (!collection) throw fail('invalid_parameter', 'Name the collection or the import to take the plan from.')
  if (!input.name) throw fail('invalid_parameter', 'A profile needs a name.', { parameter: 'name' })
  assertCanImport(w.principal, collection)
  const checked = checkedPlan(collection, plan)
  await nameTaken(tx, input.name)
  const r = await tx.query<Profile>(
    `INSERT INTO import_profiles (name, collection, description, mapping, fixed, recode, derive, created_by, updated_by)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, $8, $8) RETURNING ${COLUMNS}`,
    [
      input.name,
      collection,
      input.description ?? null,
      JSON.stringify(checked.mapping),
      JSON.stringify(checked.fixed),
      JSON.stringify(checked.recode),
      JSON.stringify(checked.derive),
      w.principal.username,
    ],
  )
  const created = dto(r.rows[0]!)
  await audit(tx, w, 'create', created.id, null, created)
  return created
}

export async function updateProfile(tx: Queryable, w: Writer, id: number, input: ProfileInput): Promise<Profile> {
  const before = await getProfile(tx, w.principal, id, true)
  const name = input.name ?? before.name
  if (input.name) await nameTaken(tx, input.name, id)
  const checked = checkedPlan(before.collection, {
    mapping: input.mapping ?? before.mapping,
    fixed: input.fixed ?? before.fixed,
    recode: input.recode ?? before.recode,
    derive: input.derive ?? before.derive,
  })
  const r = await tx.query<Profile>(
    `UPDATE import_profiles SET name = $2, description = $3, mapping = $4::jsonb, fixed = $5::jsonb, recode = $6::jsonb,
            derive = $7::jsonb, version = version + 1, updated_by = $8, updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      name,
      input.description === undefined ? before.description : input.description,
      JSON.stringify(checked.mapping),
      JSON.stringify(checked.fixed),
      JSON.stringify(checked.recode),
      JSON.stringify(checked.derive),
      w.principal.username,
    ],
  )
  const after = dto(r.rows[0]!)
  await audit(tx, w, 'update', id, before, after)
  return after
}

export async function deleteProfile(tx: Queryable, w: Writer, id: number): Promise<void> {
  const before = await getProfile(tx, w.principal, id, true)
  await tx.query('DELETE FROM import_profiles WHERE id = $1', [id])
  await audit(tx, w, 'delete', id, before, null)
}

const audit = (
  tx: Queryable,
  w: Writer,
  action: 'create' | 'update' | 'delete',
  id: number,
  before: unknown,
  after: unknown,
) =>
  writeAudit(tx, {
    actor: w.principal.username,
    action,
    collection: 'import_profiles',
    itemId: id,
    before,
    after,
    requestId: w.requestId,
  })
