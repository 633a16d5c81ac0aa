// Suggested target values for the free text real files hold in coded fields ("AP Camp", "Murram", "Tarmac",
// "Impassible"): the same value after case and punctuation are ignored, then known synonyms, abbreviations,
// misspellings and Kiswahili terms. Deliberately no general fuzzy matching: a guess that is wrong would be imported
// silently, while a value left without a suggestion is shown to the user to decide.

/** Lower case, accents dropped, every run of other characters one underscore: "A.P. Camp" → "a_p_camp". */
export function valueKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
}

// Spelling variants folded before the synonyms are looked up, so each synonym is written once.
const SPELLING: [RegExp, string][] = [
  [/centers?\b/g, 'centre'],
  [/organized/g, 'organised'],
  [/laboratory/g, 'lab'],
  [/\bstn\b/g, 'station'],
]
const folded = (key: string) => {
  let s = key.replace(/_/g, ' ')
  for (const [re, to] of SPELLING) s = s.replace(re, to)
  return s.replace(/ /g, '_')
}

/** Domain value → other ways files write it (compared after valueKey and the spelling folds). */
const SYNONYMS: Record<string, string[]> = {
  // facility kinds
  police_station: ['station', 'ps', 'police', 'kituo cha polisi', 'national police station'],
  police_post: ['pp', 'post', 'police patrol base', 'patrol base', 'kituo kidogo cha polisi'],
  aps_camp: [
    'ap camp',
    'a p camp',
    'aps',
    'ap',
    'ap post',
    'administration police camp',
    'administration police post',
    'administration police',
    'kambi ya ap',
    'kambi ya polisi wa utawala',
  ],
  border_police_post: ['bpp', 'border police', 'bpu post', 'border patrol post', 'border patrol unit'],
  prison: ['gk prison', 'jail', 'gaol', 'gereza', 'correctional facility', 'remand home'],
  registration_centre: [
    'registration office',
    'registration',
    'nrb office',
    'national registration bureau',
    'registration of persons',
    'civil registration',
  ],
  ic3_centre: ['ic3', 'integrated command control and communication centre', 'command centre'],
  forensic_lab: ['forensic', 'forensics', 'forensics lab', 'dci lab', 'government chemist'],
  // statuses
  operational: ['active', 'open', 'functional', 'functioning', 'working', 'in use', 'operating', 'inafanya kazi'],
  under_construction: ['construction', 'being built', 'ongoing', 'in construction', 'uc', 'inajengwa'],
  planned: ['proposed', 'plan', 'pipeline', 'future', 'inapangwa', 'mpango'],
  closed: [
    'disused',
    'abandoned',
    'decommissioned',
    'non operational',
    'non functional',
    'shut',
    'imefungwa',
    'closed down',
  ],
  existing: ['built', 'in service', 'iliyopo'],
  rehabilitated: ['rehab', 'rehabilitation', 'upgraded', 'improved', 'reconstructed'],
  partially_operational: ['partial', 'partly operational', 'partially functional', 'limited operation'],
  not_operational: ['non operational', 'non functional', 'inactive'],
  restricted: ['limited', 'restricted use', 'private'],
  active: ['operational', 'functional', 'current'],
  inactive: ['defunct', 'abolished', 'dormant'],
  // conditions
  good: ['g', 'very good', 'excellent', 'nzuri', 'salama'],
  fair: ['f', 'average', 'moderate', 'ok', 'satisfactory', 'wastani'],
  poor: ['p', 'bad', 'very poor', 'mbaya', 'damaged'],
  impassable: [
    'impassible',
    'impasable',
    'imapssable',
    'not passable',
    'unpassable',
    'cut off',
    'washed away',
    'haipitiki',
  ],
  // surfaces
  paved: [
    'tarmac',
    'tarmacked',
    'tarmacadam',
    'bitumen',
    'bituminous',
    'asphalt',
    'concrete',
    'sealed',
    'premix',
    'surface dressed',
    'cobbled',
    'lami',
  ],
  gravel: ['murram', 'marram', 'murrum', 'laterite', 'gravelled', 'graveled', 'kokoto', 'changarawe'],
  earth: ['dirt', 'soil', 'natural', 'earth road', 'natural surface', 'black cotton', 'udongo', 'mchanga', 'sand'],
  grass: ['grassed', 'turf', 'nyasi'],
  unknown: ['unk', 'n a', 'na', 'not known', 'haijulikani'],
  // road classes (KeNHA/KURA/KeRRA classes; refs like "A104" are handled below)
  A: ['class a', 'a road', 'international trunk', 'international trunk road'],
  B: ['class b', 'b road', 'national trunk', 'national trunk road'],
  C: ['class c', 'c road', 'primary', 'primary road'],
  D: ['class d', 'd road', 'secondary', 'secondary road'],
  E: ['class e', 'e road', 'minor', 'minor road'],
  unclassified: ['unclassified road', 'urc', 'ur', 'u', 'other', 'none'],
  track: ['path', 'footpath', 'trail', 'njia'],
  // airstrip kinds (OurAirports' types among them)
  airport: ['aerodrome', 'international airport', 'large airport', 'medium airport', 'uwanja wa ndege'],
  airstrip: ['air strip', 'strip', 'small airport', 'landing strip', 'bush strip'],
  landing_site: ['landing ground', 'landing area', 'seaplane base'],
  helipad: ['heliport', 'helicopter pad', 'heli pad'],
  // border posts
  one_stop_border_post: ['osbp', 'one stop', 'one stop border'],
  border_post: ['border control', 'border station', 'customs post', 'immigration post', 'border crossing'],
  crossing_point: ['crossing', 'informal crossing', 'entry point', 'point of entry', 'ungazetted crossing'],
  // admin levels
  sub_county: ['subcounty', 'district', 'kaunti ndogo', 'wilaya'],
  division: ['tarafa'],
  location: ['kata'],
  sub_location: ['sublocation', 'kata ndogo'],
  // incident themes
  terrorism: ['terror', 'terrorist attack', 'terrorist', 'violent extremism', 'ugaidi'],
  organised_gangs: ['gang', 'gangs', 'organised crime', 'organised criminal gang', 'criminal gang', 'magenge'],
  cross_border_smuggling: ['smuggling', 'contraband', 'magendo', 'cross border crime'],
  illicit_alcohol_drugs: [
    'drugs',
    'narcotics',
    'illicit brew',
    'illicit alcohol',
    'chang aa',
    'changaa',
    'bhang',
    'dawa za kulevya',
    'pombe haramu',
    'alcohol and drugs',
  ],
  small_arms: ['firearms', 'illegal firearms', 'salw', 'small arms and light weapons', 'guns', 'silaha'],
  cattle_rustling_banditry: [
    'cattle rustling',
    'banditry',
    'stock theft',
    'livestock theft',
    'rustling',
    'wizi wa mifugo',
    'ujambazi',
  ],
  sgbv: ['gbv', 'gender based violence', 'sexual and gender based violence', 'sexual violence', 'rape', 'defilement'],
  boda_boda: ['boda', 'bodaboda', 'motorcycle', 'motorbike', 'piki piki'],
  land_dispute: ['land', 'land conflict', 'land disputes', 'boundary dispute', 'mzozo wa ardhi'],
  other: ['others', 'misc', 'miscellaneous', 'nyingine'],
  // incident statuses
  open: ['reported', 'pending', 'new', 'wazi'],
  actioned: ['in progress', 'under investigation', 'investigating', 'acted on', 'responded'],
}

const synonymIndex = new Map<string, string[]>()
for (const [target, words] of Object.entries(SYNONYMS)) {
  for (const w of [target, ...words]) {
    const k = folded(valueKey(w))
    synonymIndex.set(k, [...(synonymIndex.get(k) ?? []), target])
  }
}

/** A road's class from its number: "A1", "B4", "C51", "a 104", "D-321" (Kenya's classes are the ref's letter). */
export function roadClassFromRef(ref: string): string | null {
  const m = /^\s*([A-Ea-e])\s*-?\s*\d+[A-Za-z]?\s*$/.exec(ref)
  return m ? m[1]!.toUpperCase() : null
}

/** The domain value a file's value most likely means, or null when no rule says (the user decides). */
export function suggestValue(domain: readonly string[], raw: string): string | null {
  const s = raw.trim()
  if (s === '') return null
  const exact = domain.find((d) => d === s)
  if (exact) return exact
  const key = valueKey(s)
  const byKey = domain.find((d) => valueKey(d) === key)
  if (byKey) return byKey
  const candidates = [folded(key)]
  // Plurals: "Police Stations", "AP Camps".
  if (key.endsWith('s')) candidates.push(folded(key.slice(0, -1)))
  for (const k of candidates) {
    const d = domain.find((x) => valueKey(x) === k)
    if (d) return d
    const hits = (synonymIndex.get(k) ?? []).filter((t) => domain.includes(t))
    // Two domain values claiming the same word is no suggestion.
    if (hits.length === 1) return hits[0]!
  }
  if (domain.includes('A') && domain.includes('E')) {
    const cls = roadClassFromRef(s)
    if (cls) return cls
  }
  return null
}

/** Rules that derive a field's value from another column. */
export const DERIVE_RULES = {
  road_class_from_ref: { title: 'Road class from the road number (A1 → A, C51 → C)', apply: roadClassFromRef },
} as const
export type DeriveRule = keyof typeof DERIVE_RULES

/** Orders strings by code point, the same on every database and locale. */
export const codepoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
