import type { Geometry } from 'geojson'
import type { Db, Queryable } from '../db/index.ts'
import { fail } from '../errors.ts'
import { FormatError, detectFormat, type ParsedFile, type SourceRow } from '../formats/index.ts'
import { TaskLimitError, pool } from '../workers/pool.ts'
import {
  autoDerive,
  autoMapping,
  checkPlan,
  collectionOf,
  type ImportableId,
  type Plan,
  type PlanInput,
} from './mapping.ts'
import { clearProgress, setProgress } from './progress.ts'
import { batchDto, loadBatch, reportOf, rowReports, validateBatch, type BatchDto } from './batches.ts'
import { valueTable } from './values.ts'
import { emptyValidation, mergeUnmapped, validateRows, type StagedRow, type Validation } from './validation.ts'

// Upload → staging: the file is parsed once, reprojected to WGS 84 if needed, stored row by row in import_rows with the
// automatic mapping and its validation report. Preview, re-mapping and commit all work from the staged rows.

export interface Upload {
  collection: ImportableId
  filename: string
  bytes: Uint8Array
  layer?: string
  actor: string
  /** The plan to stage under (a saved profile's) instead of the automatic mapping. */
  plan?: PlanInput
}

/** Most rows one import may hold. */
export const MAX_IMPORT_ROWS = 1_000_000
const STAGE_CHUNK = 2000
const SAMPLE_ROWS = 20
/** Uncommitted imports are dropped after this long. */
const STALE_DAYS = 7

export async function parseUpload(db: Queryable, u: Upload): Promise<ParsedFile> {
  const c = collectionOf(u.collection)
  let parsed: ParsedFile
  try {
    const format = detectFormat(u.filename, u.bytes)
    // Parsed in a worker: a hostile file (a recursive view in a GeoPackage, a huge archive) costs that worker its
    // time or memory limit, not the server its event loop.
    parsed = await pool('parse').run('parse', db, [
      format,
      u.bytes,
      { layer: u.layer, geometry: c.geometry, optionalGeometry: c.id === 'incident_stats' },
    ])
  } catch (e) {
    if (e instanceof FormatError) throw fail(e.code, e.message, { parameter: 'file' })
    if (e instanceof TaskLimitError && e.limit !== 'busy')
      throw fail('file_too_complex', `The file could not be read within the limits: ${e.message}`, {
        parameter: 'file',
      })
    throw e
  }
  if (parsed.rows.length === 0) throw fail('empty_file', 'The file holds no features.', { parameter: 'file' })
  if (parsed.rows.length > MAX_IMPORT_ROWS) {
    throw fail(
      'too_many_rows',
      `The file holds ${parsed.rows.length} features; one import takes at most ${MAX_IMPORT_ROWS}.`,
      { parameter: 'file' },
    )
  }
  if (parsed.srid !== 4326) await reproject(db, parsed)
  return parsed
}

/** Coordinates to WGS 84 with PostGIS (spatial_ref_sys has the EPSG codes on both drivers). */
async function reproject(db: Queryable, parsed: ParsedFile) {
  const known = await db.query('SELECT 1 FROM spatial_ref_sys WHERE srid = $1', [parsed.srid])
  if (known.rows.length === 0) {
    throw fail(
      'unsupported_crs',
      `The file's coordinates are in EPSG:${parsed.srid}, which PostGIS does not know. Reproject to WGS 84 (EPSG:4326) first.`,
      { parameter: 'file' },
    )
  }
  const withGeometry = parsed.rows.filter((r) => r.geometry)
  for (let i = 0; i < withGeometry.length; i += STAGE_CHUNK) {
    const part = withGeometry.slice(i, i + STAGE_CHUNK)
    const sql = `SELECT e.n - 1 AS i, ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(e.value::text), $2::int), 4326), 7) AS g
                 FROM json_array_elements($1::json) WITH ORDINALITY AS e(value, n)`
    try {
      const r = await db.query<{ i: number; g: string }>(sql, [
        JSON.stringify(part.map((p) => p.geometry)),
        parsed.srid,
      ])
      for (const row of r.rows) part[Number(row.i)]!.geometry = JSON.parse(row.g) as Geometry
    } catch {
      // One bad geometry fails the statement: find it row by row.
      for (const p of part) {
        try {
          const r = await db.query<{ g: string }>(sql.replace('e.n - 1 AS i, ', ''), [
            JSON.stringify([p.geometry]),
            parsed.srid,
          ])
          p.geometry = JSON.parse(r.rows[0]!.g) as Geometry
        } catch (e) {
          p.problem = `cannot be reprojected from EPSG:${parsed.srid}: ${(e as Error).message}`
          p.geometry = null
        }
      }
    }
  }
  parsed.warnings.push(`reprojected from EPSG:${parsed.srid} to WGS 84`)
}

// jsonb cannot hold U+0000; such a character is never valid in a field anyway.
const noNul = (props: SourceRow['properties']) =>
  Object.fromEntries(
    Object.entries(props).map(([k, v]) => [
      k.replace(/\u0000/g, ''),
      typeof v === 'string' ? v.replace(/\u0000/g, '') : v,
    ]),
  )

const asStaged = (rows: SourceRow[], from: number): StagedRow[] =>
  rows.map((r, i) => ({
    row_no: from + i + 1,
    properties: noNul(r.properties),
    geometry: r.geometry,
    problem: r.problem ?? null,
  }))

/** Parses, stages and validates an upload; returns the new batch's id. */
export async function stageImport(db: Db, u: Upload): Promise<number> {
  const parsed = await parseUpload(db, u)
  const c = collectionOf(u.collection)
  let plan: Plan
  if (u.plan) {
    const p = u.plan
    const lacking = Object.keys(p.mapping ?? {}).filter((col) => !parsed.columns.includes(col))
    if (lacking.length)
      throw fail(
        'invalid_mapping',
        `The file has not the profile's shape: it lacks the columns ${lacking.map((x) => JSON.stringify(x)).join(', ')}.`,
        { parameter: 'profile' },
      )
    plan = checkPlan(c, parsed.columns, p.mapping ?? autoMapping(c, parsed.columns), p.fixed, p.recode, p.derive)
  } else {
    const mapping = autoMapping(c, parsed.columns)
    plan = { mapping, fixed: {}, recode: {}, derive: autoDerive(c, mapping) }
  }
  await db.query(
    `DELETE FROM import_batches WHERE status IN ('staging','staged','failed','discarded') AND created_at < now() - make_interval(days => $1)`,
    [STALE_DAYS],
  )
  const total = parsed.rows.length
  const created = await db.query<{ id: number }>(
    `INSERT INTO import_batches (collection, filename, format, layer, status, total, columns, mapping, warnings, created_by,
                                 fixed, recode, derive)
     VALUES ($1, $2, $3, $4, 'staging', $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10::jsonb, $11::jsonb, $12::jsonb) RETURNING id`,
    [
      u.collection,
      u.filename.slice(0, 255),
      parsed.format,
      parsed.layer ?? null,
      total,
      JSON.stringify(parsed.columns),
      JSON.stringify(plan.mapping),
      JSON.stringify(parsed.warnings),
      u.actor,
      JSON.stringify(plan.fixed),
      JSON.stringify(plan.recode),
      JSON.stringify(plan.derive),
    ],
  )
  const id = Number(created.rows[0]!.id)
  try {
    const all: Validation = emptyValidation()
    const seen = new Map<string, number>()
    for (let i = 0; i < total; i += STAGE_CHUNK) {
      const rows = asStaged(parsed.rows.slice(i, i + STAGE_CHUNK), i)
      await db.query(
        `INSERT INTO import_rows (batch_id, row_no, properties, geometry, problem)
         SELECT $1, r.row_no, r.properties, r.geometry, r.problem
         FROM jsonb_to_recordset($2::jsonb) AS r(row_no integer, properties jsonb, geometry jsonb, problem text)`,
        [id, JSON.stringify(rows)],
      )
      const v = await validateRows(db, c, plan, rows, seen)
      all.errors.push(...v.errors)
      all.invalidRows += v.invalidRows
      mergeUnmapped(all.unmapped, v.unmapped)
      setProgress(id, 'staging', Math.min(total, i + STAGE_CHUNK), total)
    }
    await db.query(
      `UPDATE import_batches SET status = 'staged', report = $2::jsonb WHERE id = $1 AND status = 'staging'`,
      [id, JSON.stringify(reportOf(all, total))],
    )
    return id
  } catch (e) {
    await db
      .query(`UPDATE import_batches SET status = 'failed', result = $2::jsonb WHERE id = $1`, [
        id,
        JSON.stringify({ error: (e as Error).message }),
      ])
      .catch(() => undefined)
    await db.query('DELETE FROM import_rows WHERE batch_id = $1', [id]).catch(() => undefined)
    throw e
  } finally {
    clearProgress(id)
  }
}

/** The batch with the report of its first rows and its coded fields' values, as the preview shows it. */
export async function preview(q: Queryable, id: number): Promise<BatchDto> {
  const b = await loadBatch(q, id)
  if (b.status !== 'staged') return batchDto(b)
  const sample = await rowReports(q, b, 0, SAMPLE_ROWS, false)
  return { ...batchDto(b, sample), values: await valueTable(q, b) }
}

/**
 * A new plan for a staged batch (mapping, fixed values, recodes, derivations; recodes and derivations left out are
 * kept): checked, stored, and the whole batch validated again under it.
 */
export async function remap(db: Db, id: number, input: PlanInput & { mapping: Plan['mapping'] }): Promise<BatchDto> {
  const b = await loadBatch(db, id)
  if (b.status !== 'staged')
    throw fail('not_staged', `Import ${id} is ${b.status.replace('_', ' ')}: only a staged import can be re-mapped.`)
  const plan = checkPlan(
    collectionOf(b.collection),
    b.columns,
    input.mapping,
    input.fixed,
    input.recode ?? b.recode,
    input.derive ?? b.derive,
  )
  const v = await validateBatch(db, b, plan, (done) => setProgress(id, 'validating', done, b.total))
  clearProgress(id)
  await db.query(
    `UPDATE import_batches SET mapping = $2::jsonb, fixed = $5::jsonb, report = $3::jsonb, recode = $6::jsonb, derive = $7::jsonb
     WHERE id = $1 AND status = $4`,
    [
      id,
      JSON.stringify(plan.mapping),
      JSON.stringify(reportOf(v, b.total)),
      'staged',
      JSON.stringify(plan.fixed),
      JSON.stringify(plan.recode),
      JSON.stringify(plan.derive),
    ],
  )
  return preview(db, id)
}
