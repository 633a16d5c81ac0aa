import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { round } from './geojson.ts'
import { log } from './log.ts'
import type { PackageKey } from './packages.ts'

export interface AirstripOut {
  name: string
  kind: 'airport' | 'airstrip' | 'helipad' | 'landing_site'
  ident: string
  iata_code: string | null
  surface: 'paved' | 'gravel' | 'earth' | 'grass' | 'unknown'
  runway_length_m: number | null
  elevation_m: number | null
  status: 'operational' | 'closed'
  condition: null
  lon: number
  lat: number
  type: string
}

function airstripKind(type: string): AirstripOut['kind'] {
  switch (type) {
    case 'large_airport':
    case 'medium_airport':
      return 'airport'
    case 'small_airport':
    case 'closed': // closed records are nearly all former strips; best guess
      return 'airstrip'
    case 'heliport':
      return 'helipad'
    default: // seaplane_base, balloonport, …
      return 'landing_site'
  }
}

/** Maps OurAirports' free-text runway surface to the airstrips.surface domain. */
function runwaySurface(text: string | null | undefined): AirstripOut['surface'] {
  const t = (text ?? '').toLowerCase().trim()
  if (!t || t === 'unknown' || t === 'unk') return 'unknown'
  if (/asp|concrete|\bcon\b|\bpem\b|bitum|\bbit\b|tarmac|paved|sealed|macadam|\btar\b/.test(t)) return 'paved'
  if (/grav|murram|laterite|coral|\bgvl\b|\bgrv\b/.test(t)) return 'gravel'
  if (/grass|turf|\bgrs\b/.test(t)) return 'grass'
  if (/dirt|earth|soil|clay|sand|\bgre\b|\bmud\b|ground/.test(t)) return 'earth'
  return 'unknown'
}

interface SqlJsDb {
  exec(sql: string): { columns: string[]; values: unknown[][] }[]
  close(): void
}
type InitSqlJs = (config: {
  locateFile: (file: string) => string
}) => Promise<{ Database: new (data: Uint8Array) => SqlJsDb }>

async function loadAirstrips(airportsDir: string, sqljsDir: string): Promise<AirstripOut[]> {
  const initSqlJs = createRequire(import.meta.url)(join(sqljsDir, 'dist/sql-wasm.js')) as InitSqlJs
  const SQL = await initSqlJs({ locateFile: (f) => join(sqljsDir, 'dist', f) })
  const db = new SQL.Database(readFileSync(join(airportsDir, 'dist/airports.sqlite')))
  // In this package the column `icao` holds the OurAirports ident (e.g. HKJK, KE-0086), `faa` the GPS code.
  const rows = (sql: string) => {
    const r = db.exec(sql)[0]
    return r ? r.values.map((v) => Object.fromEntries(r.columns.map((c, i) => [c, v[i]]))) : []
  }
  const airports = rows(`SELECT id, icao, iata, name, type, latitude, longitude, elevation_ft
                         FROM airports WHERE country_code = 'KE' ORDER BY icao`)
  const runways =
    rows(`SELECT r.airport_id, r.length_ft, r.surface FROM runways r JOIN airports a ON a.id = r.airport_id
                        WHERE a.country_code = 'KE' ORDER BY r.airport_id, r.length_ft DESC, r.id`)
  db.close()
  const out: AirstripOut[] = []
  for (const a of airports) {
    const own = runways.filter((r) => r.airport_id === a.id)
    const longest = own.find((r) => typeof r.length_ft === 'number' && r.length_ft > 0)
    const surfaces = own.map((r) => runwaySurface(r.surface as string))
    // Surface of the longest runway, else of the longest runway whose surface is known.
    const surface =
      surfaces[0] && surfaces[0] !== 'unknown' ? surfaces[0] : (surfaces.find((s) => s !== 'unknown') ?? 'unknown')
    const type = String(a.type)
    const iata = typeof a.iata === 'string' && a.iata.trim() ? a.iata.trim() : null
    out.push({
      name: String(a.name).trim(),
      kind: airstripKind(type),
      ident: String(a.icao).trim(),
      iata_code: iata,
      surface,
      runway_length_m: longest ? Math.round((longest.length_ft as number) * 0.3048) : null,
      elevation_m: typeof a.elevation_ft === 'number' ? Math.round(a.elevation_ft * 0.3048) : null,
      status: type === 'closed' ? 'closed' : 'operational',
      condition: null,
      lon: round(a.longitude as number, 6),
      lat: round(a.latitude as number, 6),
      type,
    })
  }
  return out
}

export async function buildAirstripLayer(dirs: Record<PackageKey, string>): Promise<AirstripOut[]> {
  const airstrips = await loadAirstrips(dirs.airports, dirs.sqljs)
  const byType = airstrips.reduce<Record<string, number>>((acc, a) => ((acc[a.type] = (acc[a.type] ?? 0) + 1), acc), {})
  log(
    `  ${airstrips.length} records: ${Object.entries(byType)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
  )
  return airstrips
}
