// The sample road network: routes along the real national corridors and the security corridors of the national
// forum report (Turkana, Kerio Valley, Samburu, Maralal, plus Upper Eastern, North Eastern, Lamu–Boni, West Pokot),
// drawn between real towns (towns.ts) through a few approximate intermediate waypoints, with a small deterministic
// wiggle. Every route is cut at every town it passes through and then into segments of about 4–18 km; consecutive
// segments share their end coordinates exactly and every road meeting at a town uses the town's exact coordinates,
// so the segments form one connected routing graph. Condition and status are invented per segment (in runs, as
// real roads are built and decay in stretches).

import type { Feature, LineString } from 'geojson'
import type { CONDITIONS, ROAD_CLASSES, ROAD_STATUSES, ROAD_SURFACES } from '../../contract/domains.ts'
import { km, roundPt, type Geo, type LonLat } from './geo.ts'
import type { Rng } from './random.ts'
import type { Town } from './towns.ts'

type RoadClass = (typeof ROAD_CLASSES)[number]
type Surface = (typeof ROAD_SURFACES)[number]
type Condition = (typeof CONDITIONS)[number]
type RoadStatus = (typeof ROAD_STATUSES)[number]

interface Route {
  name: string
  ref: string | null
  cls: RoadClass
  /** Town names, and [lon, lat] waypoints between them. Starts and ends at a town. */
  via: (string | LonLat)[]
  surface?: Surface
  /** Security corridor: the route is a security road. */
  corridor?: string
  /** Share of the route's segments that are planned (a road not yet built, only a track today). */
  planned?: number
}

const CORRIDORS = {
  turkana: 'Turkana',
  kerio: 'Kerio Valley',
  samburu: 'Samburu',
  maralal: 'Maralal',
  upperEastern: 'Upper Eastern',
  northEastern: 'North Eastern',
  boni: 'Lamu–Boni',
  pokot: 'West Pokot',
  laikipia: 'Laikipia–Tiaty',
} as const

/** Routes, trunk roads first (a town pair already drawn by an earlier route is not drawn again). */
export const ROUTES: readonly Route[] = [
  // ---- national trunk roads (A and B, paved) ----
  {
    name: 'Mombasa–Nairobi Road',
    ref: 'A109',
    cls: 'A',
    via: [
      'Mombasa',
      'Mariakani',
      'Mackinnon Road',
      'Maungu',
      'Voi',
      [38.42, -3.07],
      'Mtito Andei',
      'Kibwezi',
      'Makindu',
      'Emali',
      'Sultan Hamud',
      [37.13, -1.73],
      'Athi River',
      'Nairobi',
    ],
  },
  {
    name: 'Nairobi–Nakuru–Malaba Road',
    ref: 'A104',
    cls: 'A',
    via: [
      'Nairobi',
      [36.74, -1.25],
      'Limuru',
      [36.6, -0.95],
      'Naivasha',
      'Gilgil',
      'Nakuru',
      [35.9, -0.24],
      'Mau Summit',
      'Timboroa',
      'Burnt Forest',
      'Eldoret',
      'Turbo',
      'Webuye',
      'Bungoma',
      'Malaba',
    ],
  },
  {
    name: 'Nairobi–Namanga Road',
    ref: 'A104',
    cls: 'A',
    via: ['Athi River', 'Isinya', 'Kajiado', [36.8, -2.2], 'Namanga'],
  },
  {
    name: 'Nairobi–Isiolo–Moyale Road',
    ref: 'A2',
    cls: 'A',
    via: [
      'Nairobi',
      [36.93, -1.21],
      'Thika',
      'Kenol',
      'Sagana',
      'Karatina',
      [37.03, -0.33],
      'Naro Moru',
      'Nanyuki',
      'Timau',
      [37.45, 0.23],
      'Isiolo',
      'Archers Post',
      [37.85, 1.0],
      'Laisamis',
      [37.86, 1.98],
      'Marsabit',
      [38.2, 2.93],
      'Turbi',
      'Sololo',
      'Moyale',
    ],
  },
  {
    name: 'Thika–Garissa Road',
    ref: 'A3',
    cls: 'A',
    via: ['Thika', [37.3, -1.12], 'Matuu', [37.8, -1.05], 'Mwingi', [38.4, -0.8], [38.95, -0.56], 'Garissa'],
  },
  {
    name: 'Isebania–Kisii–Kisumu Road',
    ref: 'A1',
    cls: 'A',
    via: ['Isebania', 'Migori', 'Rongo', 'Kisii', [34.85, -0.45], 'Katito', 'Ahero', 'Kisumu'],
  },
  {
    name: 'Kisumu–Kakamega–Kitale Road',
    ref: 'A1',
    cls: 'A',
    via: ['Kisumu', [34.76, 0.0], 'Mbale', 'Kakamega', 'Malava', 'Webuye', 'Kiminini', 'Kitale'],
  },
  { name: 'Kitale–Marich Road', ref: 'A1', cls: 'A', via: ['Kitale', 'Kapenguria', 'Chepareria', 'Ortum', 'Marich'] },
  {
    name: 'Nakuru–Kericho–Kisumu Road',
    ref: 'B1',
    cls: 'B',
    via: ['Mau Summit', 'Londiani', 'Kericho', 'Muhoroni', [35.05, -0.17], 'Ahero'],
  },
  {
    name: 'Kisumu–Busia Road',
    ref: 'B1',
    cls: 'B',
    via: ['Kisumu', 'Maseno', [34.59, 0.02], 'Yala', [34.29, 0.18], 'Bumala', 'Busia'],
  },
  {
    name: 'Mombasa–Lunga Lunga Road',
    ref: 'A14',
    cls: 'A',
    via: ['Mombasa', [39.63, -4.1], 'Ukunda', 'Msambweni', [39.32, -4.52], 'Lunga Lunga'],
  },
  { name: 'Voi–Taveta Road', ref: 'A23', cls: 'A', via: ['Voi', 'Mwatate', [38.0, -3.45], 'Taveta'] },
  {
    name: 'Mombasa–Malindi–Garsen Road',
    ref: 'B8',
    cls: 'B',
    via: [
      'Mombasa',
      'Mtwapa',
      [39.81, -3.78],
      'Kilifi',
      [39.98, -3.36],
      'Malindi',
      [40.14, -3.04],
      [40.15, -2.86],
      'Garsen',
    ],
  },
  { name: 'Eldoret–Kitale Road', ref: 'B2', cls: 'B', via: ['Eldoret', [35.17, 0.72], "Moi's Bridge", 'Kitale'] },
  {
    name: 'Nakuru–Marigat–Kabarnet Road',
    ref: 'B4',
    cls: 'B',
    via: ['Nakuru', 'Mogotio', [35.98, 0.25], 'Marigat', 'Kabarnet'],
  },
  { name: 'Nakuru–Nyahururu Road', ref: 'B5', cls: 'B', via: ['Nakuru', 'Subukia', 'Nyahururu'] },
  { name: 'Nyahururu–Nyeri Road', ref: 'B5', cls: 'B', via: ['Nyahururu', [36.6, -0.12], [36.8, -0.3], 'Nyeri'] },
  {
    name: 'Sagana–Embu–Meru Road',
    ref: 'B6',
    cls: 'B',
    via: ['Sagana', 'Kutus', 'Embu', [37.55, -0.42], 'Chuka', [37.63, -0.2], 'Meru'],
  },
  { name: 'Meru–Isiolo Road', ref: 'B6', cls: 'B', via: ['Meru', [37.58, 0.15], 'Isiolo'] },
  {
    name: 'Machakos–Kitui–Mwingi Road',
    ref: 'B7',
    cls: 'B',
    via: ['Athi River', [37.1, -1.5], 'Machakos', [37.55, -1.4], 'Kitui', [38.03, -1.15], 'Mwingi'],
  },
  {
    name: 'Mai Mahiu–Narok–Bomet Road',
    ref: 'B3',
    cls: 'B',
    via: [
      'Mai Mahiu',
      [36.3, -1.05],
      [36.1, -1.08],
      'Narok',
      [35.66, -1.0],
      [35.42, -0.94],
      'Bomet',
      'Litein',
      'Kericho',
    ],
  },
  {
    name: 'Garissa–Hola–Garsen Road',
    ref: 'B8',
    cls: 'B',
    surface: 'gravel',
    via: ['Garissa', [39.7, -0.7], 'Bura', 'Hola', [40.05, -1.9], 'Garsen'],
  },
  {
    name: 'Garsen–Lamu Road',
    ref: 'B8',
    cls: 'B',
    corridor: CORRIDORS.boni,
    via: ['Garsen', 'Witu', 'Mkunumbi', 'Mokowe'],
  },
  {
    name: 'Emali–Loitokitok Road',
    ref: 'C102',
    cls: 'C',
    surface: 'paved',
    via: ['Emali', [37.5, -2.45], 'Kimana', 'Loitokitok'],
  },

  // ---- secondary roads (C and D) joining towns ----
  {
    name: 'Garissa–Dadaab–Liboi Road',
    ref: 'A3',
    cls: 'B',
    surface: 'gravel',
    corridor: CORRIDORS.northEastern,
    via: ['Garissa', [40.0, -0.2], 'Dadaab', 'Liboi'],
  },
  {
    name: 'Isiolo–Modogashe–Wajir Road',
    ref: 'A13',
    cls: 'B',
    surface: 'gravel',
    via: ['Isiolo', [38.0, 0.42], 'Garba Tula', [38.85, 0.65], 'Modogashe', 'Habaswein', [39.75, 1.4], 'Wajir'],
  },
  {
    name: 'Garissa–Modogashe Road',
    ref: 'B9',
    cls: 'C',
    surface: 'gravel',
    via: ['Garissa', [39.45, 0.1], 'Modogashe'],
  },
  {
    name: "Kenol–Murang'a–Nyeri Road",
    ref: 'C70',
    cls: 'C',
    surface: 'paved',
    via: ['Kenol', "Murang'a", 'Othaya', 'Nyeri'],
  },
  {
    name: 'Kutus–Kerugoya–Karatina Road',
    ref: 'C74',
    cls: 'C',
    surface: 'paved',
    via: ['Kutus', 'Kerugoya', 'Karatina'],
  },
  { name: 'Timau–Meru Road', ref: 'C90', cls: 'C', surface: 'paved', via: ['Timau', [37.45, 0.08], 'Meru'] },
  { name: 'Meru–Maua Road', ref: 'C91', cls: 'C', surface: 'paved', via: ['Meru', [37.8, 0.15], 'Maua'] },
  { name: 'Embu–Ishiara–Mwingi Road', ref: 'C92', cls: 'C', via: ['Embu', 'Ishiara', [37.95, -0.7], 'Mwingi'] },
  {
    name: 'Machakos–Wote–Makindu Road',
    ref: 'C97',
    cls: 'C',
    surface: 'paved',
    via: ['Machakos', [37.45, -1.66], 'Wote', 'Makindu'],
  },
  { name: 'Kitui–Mutomo–Kibwezi Road', ref: 'C95', cls: 'C', via: ['Kitui', 'Mutomo', [38.1, -2.2], 'Kibwezi'] },
  {
    name: 'Loitokitok–Taveta Road',
    ref: 'C103',
    cls: 'C',
    via: ['Loitokitok', [37.6, -2.99], [37.7, -3.15], [37.73, -3.3], 'Taveta'],
  },
  { name: 'Namanga–Amboseli–Kimana Road', ref: 'C103', cls: 'C', via: ['Namanga', [37.1, -2.65], 'Kimana'] },
  {
    name: 'Nairobi–Ngong–Magadi Road',
    ref: 'C58',
    cls: 'C',
    surface: 'paved',
    via: ['Nairobi', 'Ngong', [36.68, -1.43], [36.45, -1.7], 'Magadi'],
  },
  { name: 'Nairobi–Kikuyu–Mai Mahiu Road', ref: 'B3', cls: 'B', via: ['Nairobi', 'Kikuyu', [36.6, -1.1], 'Mai Mahiu'] },
  { name: 'Naivasha–Mai Mahiu Road', ref: 'C88', cls: 'C', surface: 'paved', via: ['Naivasha', 'Mai Mahiu'] },
  {
    name: 'Gilgil–Ol Kalou–Nyahururu Road',
    ref: 'C77',
    cls: 'C',
    surface: 'paved',
    via: ['Gilgil', 'Ol Kalou', 'Nyahururu'],
  },
  { name: 'Nyahururu–Rumuruti Road', ref: 'C77', cls: 'C', surface: 'paved', via: ['Nyahururu', 'Rumuruti'] },
  { name: 'Nanyuki–Rumuruti Road', ref: 'C76', cls: 'C', via: ['Nanyuki', [36.85, 0.12], 'Rumuruti'] },
  { name: 'Nanyuki–Doldol Road', ref: null, cls: 'D', via: ['Nanyuki', 'Doldol'] },
  {
    name: 'Mogotio–Eldama Ravine–Timboroa Road',
    ref: 'C55',
    cls: 'C',
    surface: 'paved',
    via: ['Mogotio', 'Eldama Ravine', 'Timboroa'],
  },
  {
    name: 'Eldoret–Iten–Kabarnet Road',
    ref: 'C51',
    cls: 'C',
    surface: 'paved',
    via: ['Eldoret', [35.4, 0.6], 'Iten', [35.62, 0.58], 'Kabarnet'],
  },
  { name: 'Iten–Tambach Road', ref: 'C51', cls: 'C', surface: 'paved', via: ['Iten', 'Tambach'] },
  {
    name: 'Kakamega–Kapsabet–Eldoret Road',
    ref: 'C39',
    cls: 'C',
    surface: 'paved',
    via: ['Kakamega', [34.95, 0.25], 'Kapsabet', [35.2, 0.38], 'Eldoret'],
  },
  {
    name: 'Kapsabet–Nandi Hills–Kericho Road',
    ref: 'C36',
    cls: 'C',
    via: ['Kapsabet', 'Nandi Hills', [35.2, -0.1], 'Kericho'],
  },
  { name: 'Kitale–Endebess–Suam Road', ref: 'B2', cls: 'C', via: ['Kitale', 'Endebess', 'Suam'] },
  { name: 'Bungoma–Chwele–Lwakhakha Road', ref: 'C33', cls: 'C', via: ['Bungoma', 'Chwele', 'Lwakhakha'] },
  {
    name: 'Bungoma–Kimilili–Kapsokwony Road',
    ref: 'C42',
    cls: 'C',
    surface: 'paved',
    via: ['Bungoma', 'Kimilili', 'Kapsokwony'],
  },
  { name: 'Kimilili–Kiminini Road', ref: 'C43', cls: 'C', via: ['Kimilili', 'Kiminini'] },
  {
    name: 'Kakamega–Mumias–Bumala Road',
    ref: 'C32',
    cls: 'C',
    surface: 'paved',
    via: ['Kakamega', 'Mumias', 'Bumala'],
  },
  { name: 'Busia–Malaba Road', ref: 'C31', cls: 'C', surface: 'paved', via: ['Busia', [34.19, 0.55], 'Malaba'] },
  { name: 'Busia–Funyula–Port Victoria Road', ref: 'C30', cls: 'C', via: ['Busia', 'Funyula', 'Port Victoria'] },
  { name: 'Funyula–Sio Port Road', ref: null, cls: 'D', via: ['Funyula', 'Sio Port'] },
  { name: 'Yala–Siaya–Bondo Road', ref: 'C27', cls: 'C', surface: 'paved', via: ['Yala', 'Siaya', 'Bondo'] },
  {
    name: 'Kisumu–Bondo–Usenge Road',
    ref: 'C27',
    cls: 'C',
    surface: 'paved',
    via: ['Kisumu', [34.55, -0.08], 'Ndori', 'Bondo', 'Usenge'],
  },
  {
    name: 'Katito–Homa Bay–Mbita Road',
    ref: 'C19',
    cls: 'C',
    surface: 'paved',
    via: ['Katito', 'Kendu Bay', 'Homa Bay', [34.32, -0.46], 'Mbita'],
  },
  { name: 'Kisii–Oyugis–Kendu Bay Road', ref: 'C20', cls: 'C', via: ['Kisii', 'Oyugis', 'Kendu Bay'] },
  { name: 'Homa Bay–Rongo Road', ref: 'C18', cls: 'C', via: ['Homa Bay', [34.5, -0.62], 'Rongo'] },
  { name: 'Kisii–Nyamira–Kericho Road', ref: 'C21', cls: 'C', via: ['Kisii', 'Nyamira', [35.08, -0.46], 'Kericho'] },
  {
    name: 'Kisii–Keroka–Sotik–Bomet Road',
    ref: 'C23',
    cls: 'C',
    surface: 'paved',
    via: ['Kisii', 'Keroka', 'Sotik', 'Bomet'],
  },
  {
    name: 'Kisii–Kilgoris–Lolgorien Road',
    ref: 'C17',
    cls: 'C',
    via: ['Kisii', [34.85, -0.85], 'Kilgoris', 'Lolgorien', 'Kehancha', 'Isebania'],
  },
  { name: 'Narok–Kilgoris Road', ref: 'C12', cls: 'C', via: ['Narok', [35.45, -1.15], [35.15, -1.05], 'Kilgoris'] },
  { name: 'Migori–Muhuru Bay Road', ref: 'C13', cls: 'D', via: ['Migori', [34.3, -1.05], 'Muhuru Bay'] },
  {
    name: 'Ukunda–Kwale–Kinango–Mariakani Road',
    ref: 'C106',
    cls: 'C',
    via: ['Ukunda', 'Kwale', 'Kinango', 'Mariakani'],
  },
  { name: 'Lunga Lunga–Vanga Road', ref: null, cls: 'D', via: ['Lunga Lunga', 'Vanga'] },
  {
    name: 'Kilifi–Bamba–Mariakani Road',
    ref: 'C107',
    cls: 'C',
    via: ['Kilifi', [39.8, -3.55], [39.68, -3.55], 'Bamba', 'Mariakani'],
  },
  { name: 'Mpeketoni Road', ref: 'C112', cls: 'C', via: ['Mkunumbi', 'Mpeketoni'] },
  {
    name: 'Garissa–Masalani–Ijara Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.northEastern,
    via: ['Garissa', [39.95, -1.0], 'Masalani', 'Ijara'],
  },
  {
    name: 'Isiolo–Merti Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.upperEastern,
    via: ['Isiolo', [38.2, 0.75], 'Merti'],
  },

  // ---- security roads and patrol corridors ----
  // Turkana
  {
    name: 'Marich–Lodwar–Nadapal Road',
    ref: 'A1',
    cls: 'A',
    corridor: CORRIDORS.turkana,
    via: ['Marich', 'Kainuk', 'Lokichar', [35.62, 2.75], 'Lodwar', [35.25, 3.4], 'Kakuma', 'Lokichoggio', 'Nadapal'],
  },
  {
    name: 'Lodwar–Kalokol–Lokitaung–Todenyang Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.turkana,
    via: ['Lodwar', 'Kalokol', [35.75, 3.9], 'Lokitaung', 'Todenyang'],
  },
  {
    name: 'Kakuma–Lokitaung Road',
    ref: null,
    cls: 'E',
    corridor: CORRIDORS.turkana,
    planned: 0.5,
    via: ['Kakuma', [35.3, 4.0], 'Lokitaung'],
  },
  {
    name: 'Kainuk–Katilu–Lokichar Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.turkana,
    via: ['Kainuk', [35.45, 2.0], 'Katilu', 'Lokichar'],
  },
  {
    name: 'Kapedo–Lokori–Lokichar Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.turkana,
    planned: 0.2,
    via: ['Kapedo', [36.1, 1.55], 'Lokori', [35.85, 2.2], 'Lokichar'],
  },
  // Kerio Valley (Elgeyo-Marakwet, Baringo, West Pokot)
  {
    name: 'Kerio Valley Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.kerio,
    via: ['Tambach', [35.6, 0.7], [35.63, 0.85], 'Tot', 'Chesegon', 'Marich'],
  },
  {
    name: 'Iten–Kapsowar–Tot Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.kerio,
    via: ['Iten', [35.53, 0.82], 'Kapsowar', 'Tot'],
  },
  {
    name: 'Tot–Kolowa–Chemolingot Road',
    ref: null,
    cls: 'E',
    corridor: CORRIDORS.kerio,
    planned: 0.5,
    via: ['Tot', 'Kolowa', [35.95, 1.1], 'Chemolingot'],
  },
  {
    name: 'Chesegon–Kolowa Road',
    ref: null,
    cls: 'E',
    corridor: CORRIDORS.kerio,
    planned: 0.3,
    via: ['Chesegon', [35.62, 1.28], 'Kolowa'],
  },
  {
    name: 'Kabarnet–Barwessa–Kolowa Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.kerio,
    via: ['Kabarnet', [35.8, 0.65], 'Barwessa', 'Kolowa'],
  },
  {
    name: 'Marigat–Chemolingot–Kapedo Road',
    ref: null,
    cls: 'C',
    surface: 'gravel',
    corridor: CORRIDORS.kerio,
    via: ['Marigat', [36.0, 0.75], 'Nginyang', 'Chemolingot', 'Kapedo'],
  },
  {
    name: 'Chemolingot–Tangulbei–Rumuruti Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.laikipia,
    via: ['Chemolingot', [36.25, 0.85], [36.42, 0.58], 'Rumuruti'],
  },
  // Samburu and Maralal
  {
    name: 'Rumuruti–Maralal Road',
    ref: 'C77',
    cls: 'C',
    surface: 'gravel',
    corridor: CORRIDORS.maralal,
    via: ['Rumuruti', [36.6, 0.55], 'Suguta Marmar', 'Maralal'],
  },
  {
    name: 'Nginyang–Amaya–Maralal Road',
    ref: null,
    cls: 'E',
    corridor: CORRIDORS.maralal,
    planned: 0.85,
    via: ['Nginyang', [36.3, 0.95], [36.5, 1.02], 'Maralal'],
  },
  {
    name: 'Maralal–Baragoi–Loiyangalani Road',
    ref: 'C77',
    cls: 'D',
    corridor: CORRIDORS.samburu,
    via: ['Maralal', [36.72, 1.35], 'Baragoi', 'South Horr', [36.85, 2.45], 'Loiyangalani'],
  },
  {
    name: 'Archers Post–Wamba–Maralal Road',
    ref: 'C79',
    cls: 'C',
    corridor: CORRIDORS.samburu,
    via: ['Archers Post', 'Wamba', [37.05, 1.05], 'Maralal'],
  },
  // Upper Eastern (Marsabit, Isiolo)
  {
    name: 'South Horr–Kargi–Marsabit Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.upperEastern,
    via: ['South Horr', [37.2, 2.3], 'Kargi', 'Marsabit'],
  },
  {
    name: 'Marsabit–Kalacha–North Horr Road',
    ref: 'C82',
    cls: 'D',
    corridor: CORRIDORS.upperEastern,
    via: ['Marsabit', [37.7, 2.7], 'Kalacha', 'North Horr'],
  },
  {
    name: 'Loiyangalani–North Horr Road',
    ref: null,
    cls: 'track',
    corridor: CORRIDORS.upperEastern,
    via: ['Loiyangalani', [36.9, 3.05], 'North Horr'],
  },
  {
    name: 'North Horr–Ileret Road',
    ref: null,
    cls: 'track',
    corridor: CORRIDORS.upperEastern,
    via: ['North Horr', [36.7, 3.8], 'Ileret'],
  },
  // North Eastern
  {
    name: 'Wajir–El Wak–Mandera Road',
    ref: 'A13',
    cls: 'C',
    surface: 'gravel',
    corridor: CORRIDORS.northEastern,
    via: ['Wajir', 'Tarbaj', [40.63, 2.69], 'El Wak', [41.05, 3.0], 'Lafey', [41.55, 3.55], 'Mandera'],
  },
  {
    name: 'Wajir–Buna–Moyale Road',
    ref: 'B9',
    cls: 'C',
    corridor: CORRIDORS.northEastern,
    via: ['Wajir', 'Griftu', 'Eldas', 'Buna', [39.25, 3.15], 'Moyale'],
  },
  {
    name: 'Mandera–Rhamu–Takaba–El Wak Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.northEastern,
    via: ['Mandera', [41.5, 3.95], 'Rhamu', [40.8, 3.95], 'Banissa', 'Takaba', [40.5, 3.1], 'El Wak'],
  },
  {
    name: 'Buna–Bute–Takaba Road',
    ref: null,
    cls: 'E',
    corridor: CORRIDORS.northEastern,
    planned: 0.6,
    via: ['Buna', 'Bute', [39.8, 3.4], 'Takaba'],
  },
  {
    name: 'Dadaab–Wajir Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.northEastern,
    via: ['Dadaab', [40.3, 0.9], 'Wajir'],
  },
  // Lamu–Boni
  {
    name: 'Mokowe–Kiunga Road',
    ref: 'C112',
    cls: 'D',
    corridor: CORRIDORS.boni,
    planned: 0.15,
    via: ['Mokowe', [40.8, -2.1], [40.8, -1.9], [41.05, -1.78], [41.3, -1.77], 'Kiunga'],
  },
  // West Pokot
  {
    name: 'Kapenguria–Kacheliba–Alale Road',
    ref: null,
    cls: 'D',
    corridor: CORRIDORS.pokot,
    via: ['Kapenguria', [35.05, 1.35], 'Kacheliba', [35.08, 1.8], 'Alale'],
  },
]

const SURFACE_BY_CLASS: Record<RoadClass, Surface> = {
  A: 'paved',
  B: 'paved',
  C: 'gravel',
  D: 'earth',
  E: 'earth',
  unclassified: 'earth',
  track: 'earth',
}

export interface RoadsResult {
  features: Feature<LineString>[]
  /** Vertices that fell outside every county after the wiggle (pulled back onto the straight line or inland) or were
   * added to keep an edge on land. */
  repairedVertices: number
}

/** Condition distribution by surface and whether the road is a security road. */
function conditionWeights(surface: Surface, security: boolean): [Condition, number][] {
  if (surface === 'paved')
    return security
      ? [
          ['good', 35],
          ['fair', 40],
          ['poor', 20],
          ['impassable', 5],
        ]
      : [
          ['good', 50],
          ['fair', 35],
          ['poor', 13],
          ['impassable', 2],
        ]
  if (surface === 'gravel')
    return security
      ? [
          ['good', 10],
          ['fair', 35],
          ['poor', 40],
          ['impassable', 15],
        ]
      : [
          ['good', 22],
          ['fair', 45],
          ['poor', 28],
          ['impassable', 5],
        ]
  return security
    ? [
        ['good', 5],
        ['fair', 20],
        ['poor', 45],
        ['impassable', 30],
      ]
    : [
        ['good', 12],
        ['fair', 38],
        ['poor', 38],
        ['impassable', 12],
      ]
}

/**
 * A wiggly polyline from a to b: vertices every ~1.5–2.5 km, offset sideways by a smooth bend (two sine terms, up to
 * ~4% of the leg, at most 2.5 km) plus a little noise; a and b themselves are kept exactly. Vertices outside Kenya
 * are put back on the straight line, or moved inland.
 */
function wiggle(a: LonLat, b: LonLat, rng: Rng, geo: Geo, repaired: { n: number }): LonLat[] {
  const d = km(a, b)
  const n = Math.max(1, Math.round(d / (1.5 + rng.next())))
  const amp1 = Math.min(2.5, d * 0.04) * (rng.next() * 2 - 1)
  const amp2 = Math.min(1, d * 0.015) * (rng.next() * 2 - 1)
  const phase = rng.next() * Math.PI
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]]
  const len = Math.hypot(dx, dy) || 1
  const [nx, ny] = [-dy / len, dx / len]
  const pts: LonLat[] = []
  for (let i = 1; i < n; i++) {
    const t = i / n
    const offKm =
      amp1 * Math.sin(Math.PI * t) +
      amp2 * Math.sin(2 * Math.PI * t + phase) * Math.sin(Math.PI * t) +
      (rng.next() - 0.5) * 0.15
    const straight: LonLat = [a[0] + dx * t, a[1] + dy * t]
    let p = roundPt([straight[0] + (nx * offKm) / 111.32, straight[1] + (ny * offKm) / 110.57])
    if (!geo.countyAt(p)) {
      repaired.n++
      p = roundPt(straight)
      if (!geo.countyAt(p)) p = geo.nudgeInside(p, 10)
    }
    pts.push(p)
  }
  return pts
}

/**
 * Where an edge of the line leaves Kenya between two inside vertices (a creek, a bend of the border), inserts the
 * nearest inside point of its middle, recursively, so that the drawn line stays on land.
 */
function keepInside(line: LonLat[], geo: Geo, repaired: { n: number }): LonLat[] {
  const out: LonLat[] = [line[0]!]
  const edge = (a: LonLat, b: LonLat, depth: number) => {
    const at = (t: number): LonLat => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]
    const leaves = depth < 5 && [0.25, 0.5, 0.75].some((t) => !geo.countyAt(at(t)))
    if (leaves) {
      // Step sideways from the middle (perpendicular to the edge, alternating sides) until on land.
      const [dx, dy] = [b[0] - a[0], b[1] - a[1]]
      const len = Math.hypot(dx, dy) || 1
      const m = at(0.5)
      let mid: LonLat | undefined
      for (let d = 0.1; d <= 10 && !mid; d += 0.1) {
        for (const side of [1, -1]) {
          const q = roundPt([m[0] + (side * -dy * d) / len / 111.32, m[1] + (side * dx * d) / len / 110.57])
          if (!mid && geo.countyAt(q)) mid = q
        }
      }
      if (mid && (mid[0] !== a[0] || mid[1] !== a[1]) && (mid[0] !== b[0] || mid[1] !== b[1])) {
        repaired.n++
        edge(a, mid, depth + 1)
        edge(mid, b, depth + 1)
        return
      }
    }
    out.push(b)
  }
  for (let i = 1; i < line.length; i++) edge(line[i - 1]!, line[i]!, 0)
  return out
}

/** Removes the vertices of any small loop (two non-adjacent edges that cross), so that every line is simple. */
function removeLoops(line: LonLat[]): LonLat[] {
  const cross = (p: LonLat, q: LonLat, r: LonLat, s: LonLat) => {
    const o = (a: LonLat, b: LonLat, c: LonLat) =>
      Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]))
    return o(p, q, r) !== o(p, q, s) && o(r, s, p) !== o(r, s, q)
  }
  const out = [...line]
  for (let again = true; again;) {
    again = false
    search: for (let i = 0; i + 1 < out.length; i++) {
      for (let j = i + 2; j + 1 < out.length; j++) {
        if (cross(out[i]!, out[i + 1]!, out[j]!, out[j + 1]!)) {
          out.splice(i + 1, j - i)
          again = true
          break search
        }
      }
    }
  }
  return out
}

export function buildRoads(geo: Geo, towns: ReadonlyMap<string, Town>, rng: Rng): RoadsResult {
  const features: Feature<LineString>[] = []
  const drawn = new Set<string>()
  const repaired = { n: 0 }
  const townAt = (name: string): LonLat => {
    const tn = towns.get(name)
    if (!tn) throw new Error(`roads: unknown town ${name}`)
    return tn.at
  }
  for (const route of ROUTES) {
    const first = route.via[0]
    const last = route.via[route.via.length - 1]
    if (typeof first !== 'string' || typeof last !== 'string')
      throw new Error(`${route.name} must start and end at a town`)
    // Cut the route at its towns: legs of town, waypoints…, town.
    const legs: { from: string; to: string; points: LonLat[] }[] = []
    let from = first
    let points: LonLat[] = [townAt(first)]
    for (const v of route.via.slice(1)) {
      if (typeof v === 'string') {
        points.push(townAt(v))
        legs.push({ from, to: v, points })
        from = v
        points = [townAt(v)]
      } else {
        if (!geo.countyAt(v)) throw new Error(`${route.name}: waypoint ${v.join(', ')} lies outside Kenya`)
        points.push(roundPt(v))
      }
    }
    const security = Boolean(route.corridor)
    const surface = route.surface ?? SURFACE_BY_CLASS[route.cls]
    // Segments of this route, in order, before attributes.
    const segs: { coords: LonLat[]; from: string; to: string; part: number; parts: number }[] = []
    for (const leg of legs) {
      const key = [leg.from, leg.to].sort().join('|')
      if (drawn.has(key)) continue
      drawn.add(key)
      const line: LonLat[] = [leg.points[0]!]
      for (let i = 1; i < leg.points.length; i++) {
        line.push(...wiggle(leg.points[i - 1]!, leg.points[i]!, rng, geo, repaired), leg.points[i]!)
      }
      const kept = removeLoops(keepInside(line, geo, repaired))
      line.splice(0, line.length, ...kept)
      // Cumulative length, then cut at the vertices nearest to equal shares of ~6–12 km.
      const cum = [0]
      for (let i = 1; i < line.length; i++) cum.push(cum[i - 1]! + km(line[i - 1]!, line[i]!))
      const total = cum[cum.length - 1]!
      const parts = Math.max(1, Math.min(line.length - 1, Math.round(total / (6 + rng.next() * 6))))
      const cuts = [0]
      for (let k = 1; k < parts; k++) {
        const target = (total * k) / parts
        let best = cuts[cuts.length - 1]! + 1
        for (let i = best; i < line.length - 1; i++)
          if (Math.abs(cum[i]! - target) < Math.abs(cum[best]! - target)) best = i
        if (best < line.length - 1) cuts.push(best)
      }
      cuts.push(line.length - 1)
      for (let k = 1; k < cuts.length; k++) {
        segs.push({
          coords: line.slice(cuts[k - 1]!, cuts[k]! + 1),
          from: leg.from,
          to: leg.to,
          part: k,
          parts: cuts.length - 1,
        })
      }
    }
    if (segs.length === 0) continue

    // Status in runs: projects of 2–6 consecutive segments; planned routes are mostly planned.
    const status: RoadStatus[] = segs.map(() => 'existing')
    const projects = security
      ? ([
          ['under_construction', 0.14],
          ['rehabilitated', 0.12],
          ['planned', 0.08],
        ] as const)
      : ([
          ['rehabilitated', 0.1],
          ['under_construction', 0.04],
        ] as const)
    for (const [st, share] of projects) {
      let want = Math.round(segs.length * share * (0.5 + rng.next()))
      while (want > 0) {
        const run = Math.min(want, rng.int(2, 6))
        const start = rng.int(0, Math.max(0, segs.length - run))
        for (let i = start; i < start + run && i < segs.length; i++) if (status[i] === 'existing') status[i] = st
        want -= run
      }
    }
    if (route.planned) {
      // The unbuilt stretch is one run from a random start.
      const run = Math.max(1, Math.round(segs.length * route.planned))
      const start = rng.int(0, segs.length - run)
      for (let i = start; i < start + run; i++) status[i] = 'planned'
    }

    // Condition as a Markov chain along the route: stretches of similar condition.
    const weights = conditionWeights(surface, security)
    let cond: Condition = rng.weighted(weights)
    segs.forEach((s, i) => {
      if (rng.chance(0.4)) cond = rng.weighted(weights)
      // A security road on a paved trunk (the A1 in Turkana) has gravel stretches.
      const segSurface: Surface =
        route.planned && status[i] === 'planned'
          ? 'earth'
          : security && surface === 'paved' && rng.chance(0.3)
            ? 'gravel'
            : surface
      const st = status[i]!
      const condition: Condition =
        st === 'rehabilitated'
          ? rng.chance(0.85)
            ? 'good'
            : 'fair'
          : st === 'planned'
            ? rng.chance(0.6)
              ? 'impassable'
              : 'poor'
            : st === 'under_construction'
              ? rng.chance(0.5)
                ? 'poor'
                : 'fair'
              : cond
      features.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: s.coords },
        properties: {
          name: `${route.name} (${s.from}–${s.to}${s.parts > 1 ? `, ${s.part}/${s.parts}` : ''})`,
          ref: route.ref,
          road_class: route.cls,
          surface: segSurface,
          condition,
          is_security_road: security,
          corridor: route.corridor ?? null,
          status: st,
        },
      })
    })
  }
  return { features, repairedVertices: repaired.n }
}
