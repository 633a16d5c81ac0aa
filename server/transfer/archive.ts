import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import { z } from 'zod'
import type { Db, Queryable } from '../db/index.ts'
import { listMigrations, migrate, type Migration } from '../db/migrate.ts'
import {
  NOT_ARCHIVED,
  TEXT_SETTINGS,
  TableDigest,
  archivedTables,
  digestTables,
  eachRow,
  quoteIdent,
  type TableInfo,
} from './tables.ts'

// A portable archive of a whole Ramani database (laptop → server, server → laptop): one gzip stream of JSON lines —
// a header with the migrations the data belongs to, then per table a line naming its columns, one JSON array per row
// holding each value as PostgreSQL prints it (geometry as hex EWKB, photos as hex bytea), and a line with the row
// count and checksum. Text is the one form every PostgreSQL and PostGIS version reads back exactly.

export const ArchiveHeader = z.strictObject({
  format: z.literal('ramani-archive'),
  version: z.literal(1),
  created_at: z.string(),
  source: z.enum(['embedded', 'postgres']),
  migrations: z.array(z.string().regex(/^\d{3}_[a-z0-9_]+$/)),
})
export type ArchiveHeader = z.infer<typeof ArchiveHeader>

const TableStart = z.strictObject({ table: z.string(), columns: z.array(z.string()) })
const TableEnd = z.strictObject({ end: z.string(), rows: z.number().int().min(0), sha256: z.string() })

export type Digests = Record<string, { rows: number; sha256: string }>

export interface TableReport {
  table: string
  archive: { rows: number; sha256: string }
  target: { rows: number; sha256: string } | null
  same: boolean
}

export interface ImportReport {
  header: ArchiveHeader
  tables: TableReport[]
  /** Migrations newer than the archive, applied after loading it (they may change rows, so checksums differ). */
  migratedAfter: string[]
}

export class ArchiveRefused extends Error {}

async function appliedMigrations(q: Queryable): Promise<string[] | null> {
  const t = await q.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t")
  if (!t.rows[0]?.t) return null
  return (await q.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map(
    (r) => r.version,
  )
}

/** Writes the archive of `db` to `file`; returns the header and each table's row count and checksum. */
export async function exportArchive(db: Db, file: string): Promise<{ header: ArchiveHeader; tables: Digests }> {
  const gzip = createGzip()
  const written = pipeline(gzip, createWriteStream(file))
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain')
  }
  const tables: Digests = {}
  let header: ArchiveHeader | undefined
  try {
    await db.transaction(async (tx) => {
      // One snapshot for the whole archive, even while the app keeps writing.
      if (db.kind === 'postgres') await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY')
      for (const s of TEXT_SETTINGS) await tx.query(s)
      header = {
        format: 'ramani-archive',
        version: 1,
        created_at: new Date().toISOString(),
        source: db.kind,
        migrations: (await appliedMigrations(tx)) ?? [],
      }
      await write(JSON.stringify(header))
      for (const t of await archivedTables(tx)) {
        await write(JSON.stringify({ table: t.name, columns: t.columns.map((c) => c.name) }))
        const d = new TableDigest()
        await eachRow(tx, t, async (line) => {
          d.add(line)
          await write(line)
        })
        tables[t.name] = { rows: d.rows, sha256: d.hex }
        await write(JSON.stringify({ end: t.name, rows: d.rows, sha256: d.hex }))
      }
    })
  } finally {
    gzip.end()
    await written
  }
  return { header: header!, tables }
}

/** Tables whose rows mean someone has used the database (migrations alone leave them empty). */
const DATA_TABLES = ['users', 'audit_log', 'regions', 'counties', 'places', 'roads', 'incidents', 'data_loads']

export async function holdsData(q: Queryable): Promise<boolean> {
  for (const t of DATA_TABLES) {
    const exists = await q.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [t])
    if (!exists.rows[0]?.t) continue
    const r = await q.query(`SELECT 1 FROM ${quoteIdent(t)} LIMIT 1`)
    if (r.rows.length > 0) return true
  }
  return false
}

function lines(file: string): AsyncIterator<string> {
  const input = createReadStream(file).pipe(createGunzip())
  return createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]()
}

async function next(it: AsyncIterator<string>, what: string): Promise<string> {
  const r = await it.next()
  if (r.done) throw new ArchiveRefused(`The archive ends early (expected ${what}).`)
  return r.value
}

function parseLine<T>(schema: z.ZodType<T>, line: string, what: string): T {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    throw new ArchiveRefused(`The archive is damaged: ${what} is not JSON.`)
  }
  const r = schema.safeParse(value)
  if (!r.success) throw new ArchiveRefused(`The archive is damaged: ${what} is not as expected.`)
  return r.data
}

/** The migrations the archive's data belongs to must be the first ones this version of Ramani knows. */
function archiveMigrations(header: ArchiveHeader, known: Migration[]): Migration[] {
  const prefix = known.slice(0, header.migrations.length)
  if (prefix.length !== header.migrations.length || prefix.some((m, i) => m.version !== header.migrations[i])) {
    throw new ArchiveRefused(
      `The archive was made by another version of Ramani (migrations ${header.migrations.at(-1) ?? 'none'}; this one knows ` +
        `${known.at(-1)?.version ?? 'none'}): import it with the same or a newer version.`,
    )
  }
  return prefix
}

const BATCH_BYTES = 4 * 1024 * 1024

async function loadTable(tx: Queryable, t: TableInfo, rows: AsyncIterator<string>): Promise<TableDigest> {
  const d = new TableDigest()
  let batch: string[] = []
  let bytes = 0
  const flush = async () => {
    if (batch.length === 0) return
    await tx.query('INSERT INTO ramani_import_rows (r) SELECT value FROM jsonb_array_elements($1::jsonb)', [
      `[${batch.join(',')}]`,
    ])
    batch = []
    bytes = 0
  }
  for (;;) {
    const line = await next(rows, `the rows of ${t.name}`)
    if (line.startsWith('{')) {
      const end = parseLine(TableEnd, line, `the end of ${t.name}`)
      if (end.end !== t.name || end.rows !== d.rows || end.sha256 !== d.hex) {
        throw new ArchiveRefused(`The archive is damaged: the rows of ${t.name} do not match their checksum.`)
      }
      break
    }
    if (!line.startsWith('[')) throw new ArchiveRefused(`The archive is damaged: a row of ${t.name} is not a list.`)
    d.add(line)
    batch.push(line)
    bytes += line.length
    if (bytes >= BATCH_BYTES || batch.length >= 2000) await flush()
  }
  await flush()
  // One statement per table, so rows that point at rows of the same table (admin unit parents) load in any order.
  const cols = t.columns.map((c) => quoteIdent(c.name)).join(', ')
  const values = t.columns.map((c, i) => `(r->>${i})::${c.type}`).join(', ')
  await tx.query(
    `INSERT INTO ${quoteIdent(t.name)} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${values} FROM ramani_import_rows`,
  )
  await tx.query('TRUNCATE ramani_import_rows')
  for (const col of t.sequenced) {
    await tx.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${quoteIdent(col)}), 0) + 1, false) FROM ${quoteIdent(t.name)}`,
      [quoteIdent(t.name), col],
    )
  }
  return d
}

/**
 * Loads an archive into `db` (a server or an embedded database): refuses one that already holds data unless `force`
 * (then its rows are replaced), loads every table as it was (triggers off, so versions, timestamps and the audit log
 * stay exactly as archived) in one transaction, applies newer migrations, and compares row counts and checksums.
 */
export async function importArchive(db: Db, file: string, opts: { force?: boolean } = {}): Promise<ImportReport> {
  const it = lines(file)
  const header = parseLine(ArchiveHeader, await next(it, 'the header'), 'the header')
  const known = listMigrations()
  const base = archiveMigrations(header, known)
  const applied = await appliedMigrations(db)
  if (applied && applied.some((v) => !header.migrations.includes(v))) {
    throw new ArchiveRefused(
      `The target database is at a newer schema (${applied.at(-1)}) than the archive (${header.migrations.at(-1) ?? 'none'}): import into an empty database.`,
    )
  }
  if (!opts.force && (await holdsData(db))) {
    throw new ArchiveRefused(
      'The target database already holds data: import into an empty one, or pass --force to replace it.',
    )
  }
  await migrate(db, base)
  const targetTables = new Map((await archivedTables(db)).map((t) => [t.name, t]))
  const archived: Digests = {}
  await db.transaction(async (tx) => {
    await tx.query("SET LOCAL TimeZone = 'UTC'")
    const all = [...targetTables.keys()]
    const extra = []
    for (const name of NOT_ARCHIVED) {
      if (name === 'schema_migrations') continue
      const e = await tx.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name])
      if (e.rows[0]?.t) extra.push(name)
    }
    for (const name of all) await tx.query(`ALTER TABLE ${quoteIdent(name)} DISABLE TRIGGER USER`)
    await tx.query(`TRUNCATE ${[...all, ...extra].map(quoteIdent).join(', ')} RESTART IDENTITY CASCADE`)
    await tx.query('CREATE TEMP TABLE ramani_import_rows (r jsonb NOT NULL) ON COMMIT DROP')
    for (;;) {
      const r = await it.next()
      if (r.done) break
      const start = parseLine(TableStart, r.value, 'a table heading')
      const t = targetTables.get(start.table)
      if (!t) throw new ArchiveRefused(`The archive holds a table this database does not have: ${start.table}.`)
      const names = t.columns.map((c) => c.name)
      if (names.join(',') !== start.columns.join(',')) {
        throw new ArchiveRefused(
          `The columns of ${t.name} differ: archive (${start.columns.join(', ')}), database (${names.join(', ')}).`,
        )
      }
      const d = await loadTable(tx, t, it)
      archived[t.name] = { rows: d.rows, sha256: d.hex }
    }
    for (const name of all) await tx.query(`ALTER TABLE ${quoteIdent(name)} ENABLE TRIGGER USER`)
  })
  const migratedAfter = await migrate(db, known)
  const target = await db.transaction(async (tx) => {
    for (const s of TEXT_SETTINGS) await tx.query(s)
    return digestTables(
      tx,
      [...targetTables.values()].filter((t) => t.name in archived),
    )
  })
  return {
    header,
    migratedAfter,
    tables: Object.entries(archived).map(([table, a]) => {
      const t = target[table] ?? null
      return { table, archive: a, target: t, same: !!t && t.rows === a.rows && t.sha256 === a.sha256 }
    }),
  }
}

/** Row counts and checksums of a database as it is now (to compare with an archive made elsewhere). */
export async function digestDatabase(db: Db): Promise<Digests> {
  return db.transaction(async (tx) => {
    for (const s of TEXT_SETTINGS) await tx.query(s)
    return digestTables(tx, await archivedTables(tx))
  })
}
