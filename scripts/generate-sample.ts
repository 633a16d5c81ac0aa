// Generates the SAMPLE (invented) security assets in data/sample/*.geojson, deterministically: a fixed-seed PRNG,
// fixed dates, stable order, coordinates rounded to 5 decimals. Real towns and border crossings give the places;
// everything about them (condition, status, staffing, incidents) is invented and loads as source = 'sample'.
//   npm run data:sample
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { booleanPointInPolygon, bbox as turfBBox, distance } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'

const ROOT = join(import.meta.dirname, '..')
const OUT = join(ROOT, 'data', 'sample')

// ---------- deterministic randomness ----------
let state = 0x5eed2026
function rand(): number {
  state = (state + 0x6d2b79f5) | 0
  let t = Math.imul(state ^ (state >>> 15), 1 | state)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
const weighted = <T>(pairs: readonly [T, number][]): T => {
  const total = pairs.reduce((s, [, w]) => s + w, 0)
  let r = rand() * total
  for (const [v, w] of pairs) if ((r -= w) < 0) return v
  return pairs[pairs.length - 1]![0]
}
const gauss = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand())
const round = (v: number) => Math.round(v * 1e5) / 1e5
type LonLat = [number, number]

// ---------- counties (reference) ----------
interface County { code: string; name: string; region: string; feature: Feature<Polygon | MultiPolygon>; box: number[] }
const countyFc = JSON.parse(readFileSync(join(ROOT, 'data/reference/counties.geojson'), 'utf8'))
const COUNTIES: County[] = countyFc.features.map((f: Feature<Polygon | MultiPolygon, { code: string; name: string; region_code: string }>) => ({
  code: f.properties!.code, name: f.properties!.name, region: f.properties!.region_code, feature: f, box: turfBBox(f),
}))
const byCode = new Map(COUNTIES.map((c) => [c.code, c]))
const countyAt = (p: LonLat) => COUNTIES.find((c) => booleanPointInPolygon(p, c.feature))
function pointIn(c: County): LonLat {
  const [w, s, e, n] = c.box as [number, number, number, number]
  for (;;) {
    const p: LonLat = [round(w + rand() * (e - w)), round(s + rand() * (n - s))]
    if (booleanPointInPolygon(p, c.feature)) return p
  }
}
/** A point near `p` (Gaussian, sd in km) that stays inside Kenya; falls back to p itself. */
function near(p: LonLat, sdKm: number, county?: County): LonLat {
  for (let i = 0; i < 30; i++) {
    const q: LonLat = [round(p[0] + (gauss() * sdKm) / 111), round(p[1] + (gauss() * sdKm) / 111)]
    const c = countyAt(q)
    if (c && (!county || c.code === county.code)) return q
  }
  return p
}

// ---------- real towns (approximate coordinates) ----------
const T: Record<string, LonLat> = {
  Nairobi: [36.817, -1.286], Thika: [37.069, -1.033], Muranga: [37.153, -0.721], Nyeri: [36.947, -0.42], Nanyuki: [37.073, 0.012],
  Meru: [37.65, 0.047], Embu: [37.457, -0.531], Isiolo: [37.582, 0.354], ArchersPost: [37.67, 0.645], Laisamis: [37.8, 1.6],
  Marsabit: [37.998, 2.335], Moyale: [39.058, 3.527], Sololo: [38.65, 3.55], NorthHorr: [37.07, 3.32], Ileret: [36.23, 4.31],
  Machakos: [37.263, -1.517], Kitui: [38.01, -1.367], Mwingi: [38.063, -0.934], Garissa: [39.646, -0.453], Dadaab: [40.312, 0.053],
  Liboi: [40.879, 0.358], Wajir: [40.059, 1.747], Tarbaj: [40.22, 2.2], ElWak: [40.929, 2.815], Rhamu: [41.22, 3.93], Mandera: [41.855, 3.937],
  Hola: [40.03, -1.5], Garsen: [40.116, -2.27], Mokowe: [40.853, -2.241], Kiunga: [41.48, -1.75], Malindi: [40.117, -3.218],
  Kilifi: [39.85, -3.63], Mombasa: [39.668, -4.043], Kwale: [39.45, -4.17], LungaLunga: [39.123, -4.555], Voi: [38.566, -3.396],
  Taveta: [37.679, -3.398], MtitoAndei: [38.166, -2.69], Kibwezi: [37.96, -2.42], Emali: [37.474, -2.08], Loitokitok: [37.51, -2.93],
  Wote: [37.63, -1.78], Kajiado: [36.783, -1.852], Namanga: [36.786, -2.544], Narok: [35.871, -1.08], Naivasha: [36.435, -0.717],
  Nakuru: [36.066, -0.303], Nyahururu: [36.36, 0.04], Rumuruti: [36.54, 0.27], Maralal: [36.698, 1.097], Baragoi: [36.79, 1.78],
  SouthHorr: [36.92, 2.1], Loiyangalani: [36.71, 2.76], Wamba: [37.32, 0.98], Kericho: [35.286, -0.368], Bomet: [35.34, -0.78],
  Kisii: [34.766, -0.681], Migori: [34.473, -1.063], Isebania: [34.479, -1.235], MuhuruBay: [34.1, -1.01], HomaBay: [34.457, -0.527],
  Kisumu: [34.768, -0.092], Siaya: [34.288, 0.061], SioPort: [34.02, 0.23], Busia: [34.112, 0.46], Malaba: [34.273, 0.635],
  Bungoma: [34.559, 0.563], Lwakhakha: [34.6, 0.8], Kakamega: [34.752, 0.283], Eldoret: [35.27, 0.514], Iten: [35.51, 0.67],
  Tambach: [35.51, 0.6], Kapsowar: [35.56, 0.98], Tot: [35.6, 1.08], Chesegon: [35.43, 1.37], Kitale: [35.006, 1.016], Suam: [34.73, 1.2],
  Kapenguria: [35.112, 1.239], Marich: [35.45, 1.5], Kainuk: [35.56, 1.73], Lokichar: [35.646, 2.383], Lodwar: [35.597, 3.119],
  Kakuma: [34.85, 3.72], Lokichoggio: [34.349, 4.204], Nadapal: [34.22, 4.38], Lokori: [36.02, 1.95], Kapedo: [36.12, 1.18],
  Nginyang: [36.02, 0.96], Kabarnet: [35.743, 0.492], Marigat: [35.98, 0.47], EldamaRavine: [35.72, 0.05], OlKalou: [36.38, -0.27],
}
const town = (name: string): LonLat => {
  const p = T[name]
  if (!p) throw new Error(`unknown town ${name}`)
  return p
}

// ---------- roads ----------
type RoadClass = 'A' | 'B' | 'C' | 'D' | 'E' | 'unclassified' | 'track'
interface Route { name: string; ref: string | null; cls: RoadClass; towns: string[]; security?: string; surface?: 'paved' | 'gravel' | 'earth' }
const ROUTES: Route[] = [
  { name: 'Mombasa–Nairobi Road', ref: 'A8', cls: 'A', towns: ['Mombasa', 'Voi', 'MtitoAndei', 'Kibwezi', 'Emali', 'Nairobi'] },
  { name: 'Nairobi–Malaba Road', ref: 'A8', cls: 'A', towns: ['Nairobi', 'Naivasha', 'Nakuru', 'EldamaRavine', 'Eldoret', 'Bungoma', 'Malaba'] },
  { name: 'Kisumu–Busia Road', ref: 'A1', cls: 'A', towns: ['Nakuru', 'Kericho', 'Kisumu', 'Siaya', 'Busia'] },
  { name: 'Kitale–Lodwar–Nadapal Road', ref: 'A1', cls: 'A', towns: ['Eldoret', 'Kitale', 'Kapenguria', 'Marich', 'Kainuk', 'Lokichar', 'Lodwar', 'Kakuma', 'Lokichoggio', 'Nadapal'], security: 'Turkana' },
  { name: 'Nairobi–Moyale Road', ref: 'A2', cls: 'A', towns: ['Nairobi', 'Thika', 'Nyeri', 'Nanyuki', 'Isiolo', 'ArchersPost', 'Laisamis', 'Marsabit', 'Moyale'] },
  { name: 'Thika–Garissa–Liboi Road', ref: 'A3', cls: 'A', towns: ['Thika', 'Mwingi', 'Garissa', 'Dadaab', 'Liboi'] },
  { name: 'Kisumu–Isebania Road', ref: 'A1', cls: 'A', towns: ['Kisumu', 'Kisii', 'Migori', 'Isebania'] },
  { name: 'Nairobi–Namanga Road', ref: 'A104', cls: 'A', towns: ['Nairobi', 'Kajiado', 'Namanga'] },
  { name: 'Mombasa–Lunga Lunga Road', ref: 'A14', cls: 'A', towns: ['Mombasa', 'Kwale', 'LungaLunga'] },
  { name: 'Mombasa–Malindi–Lamu Road', ref: 'A7', cls: 'B', towns: ['Mombasa', 'Kilifi', 'Malindi', 'Garsen', 'Mokowe'] },
  { name: 'Voi–Taveta Road', ref: 'A23', cls: 'B', towns: ['Voi', 'Taveta'] },
  { name: 'Garissa–Hola–Garsen Road', ref: 'B8', cls: 'B', towns: ['Garissa', 'Hola', 'Garsen'], surface: 'gravel' },
  { name: 'Garissa–Wajir–Mandera Road', ref: 'A13', cls: 'B', towns: ['Garissa', 'Wajir', 'Tarbaj', 'ElWak', 'Rhamu', 'Mandera'], security: 'North Eastern', surface: 'gravel' },
  { name: 'Naivasha–Narok Road', ref: 'B3', cls: 'B', towns: ['Naivasha', 'Narok', 'Bomet', 'Kericho'] },
  { name: 'Nakuru–Nyahururu–Maralal Road', ref: 'C77', cls: 'C', towns: ['Nakuru', 'OlKalou', 'Nyahururu', 'Rumuruti', 'Maralal'], security: 'Maralal', surface: 'gravel' },
  { name: 'Maralal–Baragoi–Loiyangalani Road', ref: 'C77', cls: 'C', towns: ['Maralal', 'Baragoi', 'SouthHorr', 'Loiyangalani', 'NorthHorr', 'Marsabit'], security: 'Samburu', surface: 'earth' },
  { name: 'Isiolo–Wamba–Maralal Road', ref: 'C79', cls: 'C', towns: ['ArchersPost', 'Wamba', 'Maralal'], security: 'Samburu', surface: 'earth' },
  { name: 'Marigat–Kapedo–Lokichar Road', ref: 'C113', cls: 'D', towns: ['Marigat', 'Nginyang', 'Kapedo', 'Lokori', 'Lokichar'], security: 'Kerio Valley', surface: 'earth' },
  { name: 'Kerio Valley Road', ref: 'C51', cls: 'D', towns: ['Iten', 'Tambach', 'Kapsowar', 'Tot', 'Chesegon', 'Marich'], security: 'Kerio Valley', surface: 'earth' },
  { name: 'Eldoret–Iten Road', ref: 'C51', cls: 'C', towns: ['Eldoret', 'Iten'], surface: 'paved' },
  { name: 'Kabarnet–Marigat Road', ref: 'B4', cls: 'B', towns: ['EldamaRavine', 'Kabarnet', 'Marigat', 'Nginyang'], security: 'Kerio Valley' },
  { name: 'Nanyuki–Rumuruti Road', ref: 'C76', cls: 'C', towns: ['Nanyuki', 'Rumuruti'], surface: 'gravel' },
  { name: 'Kitale–Suam Road', ref: 'B2', cls: 'C', towns: ['Kitale', 'Suam'], surface: 'gravel' },
  { name: 'Bungoma–Lwakhakha Road', ref: 'C33', cls: 'C', towns: ['Bungoma', 'Lwakhakha'], surface: 'gravel' },
  { name: 'Kakamega Road', ref: 'A1', cls: 'B', towns: ['Kisumu', 'Kakamega', 'Eldoret'] },
  { name: 'Busia–Sio Port Road', ref: 'C30', cls: 'D', towns: ['Busia', 'SioPort'], surface: 'earth' },
  { name: 'Migori–Muhuru Bay Road', ref: 'C13', cls: 'D', towns: ['Migori', 'MuhuruBay'], surface: 'earth' },
  { name: 'Kisii–Homa Bay Road', ref: 'C19', cls: 'C', towns: ['Kisii', 'HomaBay', 'Kisumu'], surface: 'paved' },
  { name: 'Emali–Loitokitok Road', ref: 'C102', cls: 'C', towns: ['Emali', 'Loitokitok'], surface: 'paved' },
  { name: 'Nairobi–Machakos–Kitui Road', ref: 'B7', cls: 'B', towns: ['Nairobi', 'Machakos', 'Kitui', 'Mwingi'] },
  { name: 'Machakos–Wote Road', ref: 'C97', cls: 'C', towns: ['Machakos', 'Wote', 'Emali'], surface: 'paved' },
  { name: 'Nanyuki–Meru–Embu Road', ref: 'B6', cls: 'B', towns: ['Nanyuki', 'Meru', 'Embu', 'Muranga', 'Thika'] },
  { name: 'Isiolo–Meru Road', ref: 'A2', cls: 'B', towns: ['Isiolo', 'Meru'] },
  { name: 'Moyale–Sololo Road', ref: 'C82', cls: 'D', towns: ['Moyale', 'Sololo'], security: 'Moyale', surface: 'earth' },
  { name: 'North Horr–Ileret Road', ref: 'D', cls: 'track', towns: ['NorthHorr', 'Ileret'], security: 'Marsabit', surface: 'earth' },
  { name: 'Garsen–Kiunga Road', ref: 'C112', cls: 'D', towns: ['Mokowe', 'Kiunga'], security: 'Boni', surface: 'earth' },
  { name: 'Wajir–Moyale Road', ref: 'B9', cls: 'C', towns: ['Wajir', 'Moyale'], security: 'North Eastern', surface: 'earth' },
  { name: 'Garissa–Dadaab Link', ref: 'C', cls: 'unclassified', towns: ['Dadaab', 'Wajir'], surface: 'earth' },
  { name: 'Lodwar–Lokori Road', ref: 'C', cls: 'D', towns: ['Lodwar', 'Lokori'], security: 'Turkana', surface: 'earth' },
  { name: 'Kitui–Garissa Road', ref: 'B', cls: 'C', towns: ['Kitui', 'Garissa'], surface: 'gravel' },
  { name: 'Nakuru–Nyeri Road', ref: 'B5', cls: 'B', towns: ['Nyahururu', 'Nyeri'] },
]

const SURFACE_BY_CLASS: Record<RoadClass, 'paved' | 'gravel' | 'earth'> = { A: 'paved', B: 'paved', C: 'gravel', D: 'earth', E: 'earth', unclassified: 'earth', track: 'earth' }

function condition(surface: string, security: boolean): string {
  if (surface === 'paved') return weighted([['good', 55], ['fair', 30], ['poor', 13], ['impassable', 2]])
  if (security) return weighted([['good', 8], ['fair', 22], ['poor', 45], ['impassable', 25]])
  return weighted([['good', 20], ['fair', 40], ['poor', 30], ['impassable', 10]])
}

/** Splits the leg a→b into segments of ~5–13 km with a gentle deterministic wiggle; endpoints are exact. */
function leg(a: LonLat, b: LonLat): LonLat[][] {
  const km = distance(a, b)
  const n = Math.max(1, Math.round(km / (5 + rand() * 8)))
  const pts: LonLat[] = [a]
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]]
  const len = Math.hypot(dx, dy) || 1
  const [nx, ny] = [-dy / len, dx / len]
  const bend = (rand() - 0.5) * 0.12 * len
  for (let i = 1; i < n * 3; i++) {
    const t = i / (n * 3)
    const off = bend * Math.sin(Math.PI * t) + (rand() - 0.5) * 0.004
    pts.push([round(a[0] + dx * t + nx * off), round(a[1] + dy * t + ny * off)])
  }
  pts.push(b)
  const segs: LonLat[][] = []
  for (let i = 0; i < n; i++) segs.push(pts.slice(i * 3, i * 3 + 4))
  return segs
}

function roads() {
  const out: Feature[] = []
  for (const r of ROUTES) {
    const surface = r.surface ?? SURFACE_BY_CLASS[r.cls]
    for (let i = 0; i + 1 < r.towns.length; i++) {
      for (const coords of leg(town(r.towns[i]!), town(r.towns[i + 1]!))) {
        const security = Boolean(r.security)
        const segSurface = security && surface === 'paved' && rand() < 0.4 ? 'gravel' : surface
        const status = security ? weighted([['existing', 70], ['planned', 12], ['under_construction', 10], ['rehabilitated', 8]]) : weighted([['existing', 88], ['rehabilitated', 9], ['under_construction', 3]])
        out.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: coords },
          properties: {
            name: r.name, ref: r.ref, road_class: r.cls, surface: segSurface, condition: status === 'rehabilitated' ? 'good' : condition(segSurface, security),
            is_security_road: security, corridor: r.security ?? null, status,
          },
        })
      }
    }
  }
  return out
}

// ---------- border posts (real crossings) ----------
const BORDER_POSTS: [string, string, LonLat, string, string][] = [
  ['Busia One Stop Border Post', 'UGA', [34.092, 0.463], 'one_stop_border_post', 'operational'],
  ['Malaba One Stop Border Post', 'UGA', [34.263, 0.637], 'one_stop_border_post', 'operational'],
  ['Namanga One Stop Border Post', 'TZA', [36.79, -2.548], 'one_stop_border_post', 'operational'],
  ['Taveta One Stop Border Post', 'TZA', [37.67, -3.393], 'one_stop_border_post', 'operational'],
  ['Isebania One Stop Border Post', 'TZA', [34.477, -1.24], 'one_stop_border_post', 'operational'],
  ['Lunga Lunga One Stop Border Post', 'TZA', [39.115, -4.553], 'one_stop_border_post', 'partially_operational'],
  ['Moyale One Stop Border Post', 'ETH', [39.06, 3.52], 'one_stop_border_post', 'operational'],
  ['Suam Border Post', 'UGA', [34.728, 1.198], 'border_post', 'not_operational'],
  ['Mandera Border Post', 'SOM', [41.85, 3.935], 'border_post', 'partially_operational'],
  ['Lwakhakha Border Post', 'UGA', [34.598, 0.798], 'border_post', 'operational'],
  ['Loitokitok Border Post', 'TZA', [37.53, -3.02], 'border_post', 'operational'],
  ['Nadapal Border Post', 'SSD', [34.22, 4.38], 'border_post', 'partially_operational'],
  ['Liboi Border Post', 'SOM', [40.885, 0.355], 'border_post', 'not_operational'],
  ['El Wak Border Post', 'SOM', [40.93, 2.81], 'border_post', 'not_operational'],
  ['Kiunga Crossing', 'SOM', [41.48, -1.75], 'crossing_point', 'not_operational'],
  ['Muhuru Bay Crossing', 'TZA', [34.1, -1.01], 'crossing_point', 'partially_operational'],
  ['Sio Port Crossing', 'UGA', [34.02, 0.23], 'crossing_point', 'partially_operational'],
  ['Sololo Crossing', 'ETH', [38.65, 3.55], 'crossing_point', 'planned'],
  ['Ileret Crossing', 'ETH', [36.23, 4.31], 'crossing_point', 'planned'],
  ['Amudat Crossing', 'UGA', [34.93, 1.95], 'crossing_point', 'planned'],
]
function borderPosts() {
  return BORDER_POSTS.map(([name, country, p, kind, status]) => ({
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: nudgeIntoKenya(p) },
    properties: { name, country, kind, condition: status === 'operational' ? pick(['good', 'fair']) : pick(['fair', 'poor', 'impassable']), status },
  }))
}
/** Crossings sit on the line; approximate outlines may put them a few hundred metres outside: step inland. */
function nudgeIntoKenya(p: LonLat): LonLat {
  if (countyAt(p)) return p
  const centre: LonLat = [37.9, 0.4]
  for (let t = 0.002; t < 0.1; t += 0.002) {
    const q: LonLat = [round(p[0] + (centre[0] - p[0]) * t), round(p[1] + (centre[1] - p[1]) * t)]
    if (countyAt(q)) return q
  }
  throw new Error(`cannot place ${p} in Kenya`)
}

// ---------- facilities ----------
const NORTH_REMOTE = new Set(['023', '025', '010', '011', '008', '009', '007', '004', '005', '024', '030'])
const PRISON_TOWNS = ['Nairobi', 'Nairobi', 'Nairobi', 'Mombasa', 'Mombasa', 'Naivasha', 'Naivasha', 'Nakuru', 'Eldoret', 'Kisumu', 'Kakamega', 'Meru', 'Embu', 'Nyeri', 'Thika', 'Machakos', 'Kitui', 'Garissa', 'Lodwar', 'Kitale', 'Kisii', 'Migori', 'HomaBay', 'Bungoma', 'Busia', 'Kericho', 'Narok', 'Kajiado', 'Voi', 'Malindi', 'Kilifi', 'Isiolo', 'Marsabit', 'Wajir', 'Mandera', 'Maralal', 'Kapenguria', 'Kabarnet', 'Muranga', 'Nanyuki', 'Hola', 'Mokowe', 'Siaya', 'Bomet', 'Nyahururu', 'Wote', 'Iten', 'MtitoAndei']
function facilities() {
  const out: Feature[] = []
  const add = (name: string, kind: string, p: LonLat, extra: Record<string, unknown> = {}) =>
    out.push({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: {
      name, kind, status: weighted([['operational', 90], ['under_construction', 5], ['planned', 3], ['closed', 2]]),
      condition: weighted([['good', 30], ['fair', 40], ['poor', 25], ['impassable', 5]]),
      capacity: null, occupancy: null, digitised: null, live_capture_units: null,
      staff: 5 + Math.floor(rand() * 60), vehicles: Math.floor(rand() * 5), ...extra } })
  const label = (n: string) => n.replace(/([a-z])([A-Z])/g, '$1 $2').replace('Muranga', "Murang'a")
  for (const [n, p] of Object.entries(T)) add(`${label(n)} Police Station`, 'police_station', near(p, 0.5), { staff: 30 + Math.floor(rand() * 120), vehicles: 1 + Math.floor(rand() * 6), status: 'operational' })
  // Police posts: dense in the populous south-west, sparse in the arid north, so coverage gaps exist.
  for (const c of COUNTIES) {
    const n = NORTH_REMOTE.has(c.code) ? 3 : c.code === '047' ? 15 : 8
    for (let i = 0; i < n; i++) add(`${c.name} ${['Centre', 'Market', 'Junction', 'Hill', 'Valley', 'Bridge'][i % 6]} Police Post ${i + 1}`, 'police_post', pointIn(c))
  }
  for (const code of ['023', '024', '025', '030', '028', '010', '008', '009', '007', '005', '004']) {
    const c = byCode.get(code)!
    for (let i = 0; i < 3; i++) add(`${c.name} APS Camp ${i + 1}`, 'aps_camp', pointIn(c))
  }
  for (const [name, , p] of BORDER_POSTS) add(`${name.replace(/ (One Stop )?Border Post| Crossing/, '')} Border Police Post`, 'border_police_post', near(nudgeIntoKenya(p), 1))
  // Prisons: ~30,000 places holding ~62,000 inmates (national forum report), spread over the prison towns.
  PRISON_TOWNS.forEach((t, i) => {
    const capacity = 200 + Math.floor(rand() * 900)
    add(`${label(t)} ${['Main', 'Medium', "Women's", 'GK'][i % 4]} Prison`, 'prison', near(town(t), 2), {
      capacity, occupancy: Math.round(capacity * (1.5 + rand() * 0.9)), status: 'operational', staff: 40 + Math.floor(rand() * 200),
    })
  })
  // Registration centres: 1,345, of which 882 still manual.
  const counties = COUNTIES.map((c) => [c, c.code === '047' ? 6 : NORTH_REMOTE.has(c.code) ? 1 : 3] as [County, number])
  for (let i = 0; i < 1345; i++) {
    const c = weighted(counties)
    const digitised = i % 1345 < 463
    add(`${c.name} Registration Centre ${i + 1}`, 'registration_centre', pointIn(c), { digitised, live_capture_units: digitised ? 1 + Math.floor(rand() * 2) : 0, status: 'operational' })
  }
  for (const t of ['Nairobi', 'Mombasa', 'Kisumu', 'Nakuru', 'Eldoret', 'Garissa', 'Lodwar', 'Nyeri', 'Kakamega', 'Machakos']) add(`${label(t)} IC3 Centre`, 'ic3_centre', near(town(t), 1))
  for (const t of ['Nairobi', 'Mombasa', 'Kisumu']) add(`${label(t)} Forensic Laboratory`, 'forensic_lab', near(town(t), 1))
  return out
}

// ---------- administrative units ----------
const LEVELS = [['sub_county', 412], ['division', 995], ['location', 4003], ['sub_location', 2000]] as const
function adminUnits() {
  const out: Feature[] = []
  let id = 0
  let parents: { id: number; p: LonLat; county: County }[] = []
  for (const [level, total] of LEVELS) {
    const next: typeof parents = []
    for (let i = 0; i < total; i++) {
      const parent = level === 'sub_county' ? undefined : parents[i % parents.length]!
      const county = parent?.county ?? COUNTIES[i % COUNTIES.length]!
      const p = parent ? near(parent.p, level === 'division' ? 15 : level === 'location' ? 8 : 4, county) : pointIn(county)
      const remote = NORTH_REMOTE.has(county.code)
      const inactive = rand() < (remote ? 0.55 : 0.22) * (level === 'sub_county' ? 0.2 : 1)
      id++
      out.push({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: {
        id, name: `${county.name} ${level.replace('_', '-')} ${i + 1}`, level, parent_id: parent?.id ?? null, gazetted: true,
        status: inactive ? 'inactive' : 'active', has_office: !inactive && rand() < 0.85, staff: inactive ? 0 : 1 + Math.floor(rand() * 8),
        motorcycles: inactive ? 0 : Math.floor(rand() * 3), condition: inactive ? null : weighted([['good', 30], ['fair', 45], ['poor', 25]]),
      } })
      next.push({ id, p, county })
    }
    parents = next
  }
  return out
}

// ---------- incidents ----------
const THEMES = ['terrorism', 'organised_gangs', 'cross_border_smuggling', 'illicit_alcohol_drugs', 'small_arms', 'cattle_rustling_banditry', 'sgbv', 'boda_boda', 'land_dispute', 'other'] as const
type Theme = (typeof THEMES)[number]
/** Hotspot centres per theme: [lon, lat, spread km, weight]. */
const HOTSPOTS: Record<Theme, [number, number, number, number][]> = {
  terrorism: [[41.7, 3.8, 25, 3], [40.9, 2.8, 30, 2], [40.9, -1.9, 25, 3], [39.65, -0.45, 20, 2], [39.6, -4.05, 10, 1]],
  organised_gangs: [[39.66, -4.04, 8, 3], [36.88, -1.3, 10, 4], [34.75, 0.28, 12, 2], [34.76, -0.09, 10, 2]],
  cross_border_smuggling: [[34.1, 0.46, 8, 2], [34.27, 0.63, 8, 2], [34.05, -0.5, 20, 2], [40.9, -2.1, 30, 1], [39.1, -4.5, 10, 2], [41.8, 3.9, 15, 1]],
  illicit_alcohol_drugs: [[36.85, -1.28, 15, 4], [37.0, -0.6, 25, 3], [39.7, -4.0, 12, 3], [34.6, 0.5, 20, 1]],
  small_arms: [[35.6, 2.4, 40, 3], [35.8, 1.2, 25, 3], [40.2, 2.0, 40, 2], [37.9, 2.3, 35, 1]],
  cattle_rustling_banditry: [[35.55, 1.1, 18, 4], [35.95, 1.05, 18, 4], [35.4, 1.8, 25, 3], [36.8, 1.6, 30, 3], [37.6, 1.0, 25, 2], [38.0, 2.4, 35, 2]],
  sgbv: [[36.82, -1.29, 15, 3], [34.76, -0.09, 20, 2], [37.0, -0.5, 30, 2], [39.7, -4.0, 15, 1]],
  boda_boda: [[36.82, -1.29, 12, 3], [34.75, 0.28, 20, 2], [35.27, 0.51, 15, 2], [39.66, -4.04, 10, 2]],
  land_dispute: [[36.0, -0.4, 40, 2], [39.8, -3.5, 30, 2], [34.8, -0.7, 20, 1], [37.5, -0.2, 30, 1]],
  other: [[36.82, -1.29, 40, 1], [35.3, 0.5, 60, 1], [38.0, -1.5, 80, 1]],
}
const THEME_WEIGHT: [Theme, number][] = [['terrorism', 6], ['organised_gangs', 10], ['cross_border_smuggling', 8], ['illicit_alcohol_drugs', 14], ['small_arms', 7], ['cattle_rustling_banditry', 18], ['sgbv', 12], ['boda_boda', 10], ['land_dispute', 8], ['other', 7]]
const START = Date.UTC(2024, 10, 1)
const END = Date.UTC(2026, 10, 1)
function incidents() {
  const out: Feature[] = []
  for (let i = 0; i < 5000; i++) {
    const theme = weighted(THEME_WEIGHT)
    let p: LonLat
    if (rand() < 0.85) {
      const [lon, lat, sd] = weighted(HOTSPOTS[theme].map((h) => [h, h[3]] as [typeof h, number]))
      p = near([lon, lat], sd)
      if (!countyAt(p)) p = pointIn(pick(COUNTIES))
    } else {
      p = pointIn(pick(COUNTIES))
    }
    // Banditry peaks in the dry seasons (Jan–Mar, Jul–Sep); a mild upward trend over the two years.
    let t: number
    for (;;) {
      t = START + rand() * (END - START)
      const m = new Date(t).getUTCMonth()
      const dry = [0, 1, 2, 6, 7, 8].includes(m)
      const season = theme === 'cattle_rustling_banditry' ? (dry ? 1 : 0.45) : 1
      const trend = 0.8 + 0.4 * ((t - START) / (END - START))
      if (rand() < season * trend / 1.2) break
    }
    const severity = theme === 'terrorism' || theme === 'cattle_rustling_banditry' ? weighted([[2, 2], [3, 4], [4, 3], [5, 2]]) : weighted([[1, 3], [2, 4], [3, 3], [4, 1]])
    const fatalities = severity >= 4 ? Math.floor(rand() * (severity === 5 ? 8 : 3)) : 0
    out.push({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: {
      name: `${theme.replace(/_/g, ' ')} report ${i + 1}`, occurred_at: new Date(Math.floor(t / 60000) * 60000).toISOString().replace('.000Z', 'Z'),
      theme, severity, fatalities, description: `Sample incident (${theme.replace(/_/g, ' ')}), severity ${severity}.`,
      verified: rand() < 0.7, status: weighted([['open', 30], ['actioned', 40], ['closed', 30]]),
    } })
  }
  return out.sort((a, b) => String(a.properties!.occurred_at).localeCompare(String(b.properties!.occurred_at)))
}

// ---------- landing sites and helipads ----------
function airstrips() {
  const sites: [string, string, string][] = [['Kapedo', 'landing_site', 'earth'], ['Lokori', 'landing_site', 'earth'], ['Tot', 'landing_site', 'gravel'], ['Chesegon', 'landing_site', 'earth'],
    ['Baragoi', 'landing_site', 'earth'], ['SouthHorr', 'landing_site', 'earth'], ['Kainuk', 'landing_site', 'gravel'], ['Nginyang', 'landing_site', 'earth'],
    ['ElWak', 'landing_site', 'earth'], ['Kiunga', 'landing_site', 'earth'], ['Sololo', 'landing_site', 'earth'], ['Ileret', 'landing_site', 'earth'],
    ['Nairobi', 'helipad', 'paved'], ['Mombasa', 'helipad', 'paved'], ['Lodwar', 'helipad', 'paved'], ['Garissa', 'helipad', 'paved'], ['Marsabit', 'helipad', 'paved']]
  return sites.map(([t, kind, surface]) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: near(town(t), 2) }, properties: {
    name: `${t.replace(/([a-z])([A-Z])/g, '$1 $2')} ${kind === 'helipad' ? 'Police Helipad' : 'Landing Site'}`, kind, ident: null, iata_code: null, surface,
    runway_length_m: kind === 'helipad' ? null : 600 + Math.floor(rand() * 8) * 100, elevation_m: null,
    condition: weighted([['good', 2], ['fair', 3], ['poor', 3], ['impassable', 1]]), status: weighted([['operational', 6], ['restricted', 2], ['closed', 1]]),
  } }))
}

// ---------- write ----------
function write(name: string, features: Feature[]) {
  const body = features.map((f) => JSON.stringify(f)).join(',\n')
  writeFileSync(join(OUT, `${name}.geojson`), `{"type":"FeatureCollection","features":[\n${body}\n]}\n`)
  console.log(`${name}: ${features.length}`)
}
mkdirSync(OUT, { recursive: true })
write('roads', roads())
write('border_posts', borderPosts())
write('facilities', facilities())
write('admin_units', adminUnits())
write('incidents', incidents())
write('airstrips', airstrips())
