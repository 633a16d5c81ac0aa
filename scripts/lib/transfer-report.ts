import type { Digests, ImportReport } from '../../server/transfer/archive.ts'

// Tables of row counts and checksums for the export, import, backup and restore scripts.

export const stamp = () => new Date().toISOString().replace(/[:]/g, '').replace(/\..*/, '').replace('T', '-')

export function printDigests(tables: Digests) {
  console.log('table                          rows  checksum (sha256 sum of rows)')
  for (const [name, d] of Object.entries(tables)) {
    console.log(`${name.padEnd(24)} ${String(d.rows).padStart(10)}  ${d.sha256.slice(0, 16)}`)
  }
}

export function printReport(r: ImportReport) {
  console.log(`archive: ${r.header.source} database, ${r.header.created_at}, schema ${r.header.migrations.at(-1)}`)
  console.log('table                    archive rows  imported rows  archive sum       imported sum      same')
  for (const t of r.tables) {
    console.log(
      `${t.table.padEnd(24)} ${String(t.archive.rows).padStart(12)}  ${String(t.target?.rows ?? '-').padStart(13)}  ` +
        `${t.archive.sha256.slice(0, 16)}  ${(t.target?.sha256 ?? '-').slice(0, 16).padEnd(16)}  ${t.same ? 'yes' : 'NO'}`,
    )
  }
  if (r.migratedAfter.length) console.log(`migrations applied after the import: ${r.migratedAfter.join(', ')}`)
}
