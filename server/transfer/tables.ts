import { createHash } from 'node:crypto'
import type { Queryable } from '../db/index.ts'

// What a portable archive holds: every table of the public schema except those owned by extensions (PostGIS's
// spatial_ref_sys), the migrations ledger (recorded in the archive's header instead), sign-in sessions (a moved
// database asks everyone to sign in again) and caches that any instance rebuilds.

export const NOT_ARCHIVED = new Set([
  'schema_migrations',
  'sessions',
  'tile_cache',
  'analysis_jobs',
  'login_failures',
  'intake_hits',
  'recent_writes',
])

export interface Column {
  name: string
  /** The column's type as SQL spells it (`geometry(LineString,4326)`), for the cast on import. */
  type: string
}

export interface TableInfo {
  name: string
  columns: Column[]
  /** Columns filled from a sequence (identity or serial), whose sequence must follow the imported values. */
  sequenced: string[]
  /** Holds bytea (photos): fetched a few rows at a time. */
  wide: boolean
}

/** Each value as PostgreSQL prints it, the same on every server: the session settings that change the text. */
export const TEXT_SETTINGS = [
  "SET LOCAL bytea_output = 'hex'",
  'SET LOCAL extra_float_digits = 1',
  "SET LOCAL DateStyle = 'ISO, YMD'",
  "SET LOCAL IntervalStyle = 'postgres'",
  "SET LOCAL TimeZone = 'UTC'",
]

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`
export const quoteIdent = ident

/** Archived tables, parents before the tables whose foreign keys point at them. */
export async function archivedTables(q: Queryable): Promise<TableInfo[]> {
  const tables = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
     ORDER BY c.relname`,
  )
  const names = tables.rows.map((r) => r.name).filter((n) => !NOT_ARCHIVED.has(n))
  const deps = await q.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
     JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'`,
  )
  const parents = new Map<string, Set<string>>(names.map((n) => [n, new Set()]))
  for (const d of deps.rows) if (d.child !== d.parent) parents.get(d.child)?.add(d.parent)
  const ordered: string[] = []
  const placed = new Set<string>()
  while (ordered.length < names.length) {
    const next = names.filter(
      (n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p) || !parents.has(p)),
    )
    if (next.length === 0)
      throw new Error('The tables have a cycle of foreign keys; they cannot be ordered for import.')
    for (const n of next) {
      ordered.push(n)
      placed.add(n)
    }
  }
  const out: TableInfo[] = []
  for (const name of ordered) {
    const cols = await q.query<{ name: string; type: string; sequenced: boolean }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
              (a.attidentity <> '' OR pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) IS NOT NULL) AS sequenced
       FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
       ORDER BY a.attnum`,
      [ident(name)],
    )
    out.push({
      name,
      columns: cols.rows.map((c) => ({ name: c.name, type: c.type })),
      sequenced: cols.rows.filter((c) => c.sequenced).map((c) => c.name),
      wide: cols.rows.some((c) => c.type === 'bytea'),
    })
  }
  return out
}

/** One JSON line per row: a JSON array of each column's text (null for NULL). */
export function rowSql(t: TableInfo): string {
  return `SELECT json_build_array(${t.columns.map((c) => `${ident(c.name)}::text`).join(', ')})::text AS line FROM ${ident(t.name)}`
}

/**
 * A table's checksum that does not depend on row order (no ORDER BY needed, the same on any server): the sum of the
 * rows' SHA-256 digests modulo 2^256, with the row count.
 */
export class TableDigest {
  rows = 0
  private sum = 0n
  add(line: string) {
    this.rows++
    this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(line).digest('hex')}`)) & ((1n << 256n) - 1n)
  }
  get hex(): string {
    return this.sum.toString(16).padStart(64, '0')
  }
}

/** Streams a table's rows (a cursor in a transaction, so memory stays flat) to `each`. */
export async function eachRow(tx: Queryable, t: TableInfo, each: (line: string) => Promise<void> | void) {
  await tx.query(`DECLARE ramani_rows NO SCROLL CURSOR FOR ${rowSql(t)}`)
  const n = t.wide ? 8 : 1000
  try {
    for (;;) {
      const batch = await tx.query<{ line: string }>(`FETCH ${n} FROM ramani_rows`)
      for (const r of batch.rows) await each(r.line)
      if (batch.rows.length < n) break
    }
  } finally {
    await tx.query('CLOSE ramani_rows')
  }
}

/** Row count and checksum of every archived table, as the database holds them now. */
export async function digestTables(tx: Queryable, tables: TableInfo[]) {
  const out: Record<string, { rows: number; sha256: string }> = {}
  for (const t of tables) {
    const d = new TableDigest()
    await eachRow(tx, t, (line) => d.add(line))
    out[t.name] = { rows: d.rows, sha256: d.hex }
  }
  return out
}
