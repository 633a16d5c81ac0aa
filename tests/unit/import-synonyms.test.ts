import { describe, expect, it } from 'vitest'
import * as D from '../../contract/domains.ts'
import { roadClassFromRef, suggestValue, valueKey } from '../../server/imports/synonyms.ts'

// The suggestions an import makes for free-text values of coded fields.

describe('suggested values', () => {
  it.each([
    [D.FACILITY_KINDS, 'AP Camp', 'aps_camp'],
    [D.FACILITY_KINDS, 'A.P. camps', 'aps_camp'],
    [D.FACILITY_KINDS, 'Police Post', 'police_post'],
    [D.FACILITY_KINDS, 'POLICE STATION', 'police_station'],
    [D.FACILITY_KINDS, 'Police Stn.', 'police_station'],
    [D.FACILITY_KINDS, 'Police Stations', 'police_station'],
    [D.FACILITY_KINDS, 'IC3 Center', 'ic3_centre'],
    [D.FACILITY_KINDS, 'Forensic Laboratory', 'forensic_lab'],
    [D.FACILITY_KINDS, 'Gereza', 'prison'],
    [D.FACILITY_STATUSES, 'Functional', 'operational'],
    [D.FACILITY_STATUSES, 'Under construction', 'under_construction'],
    [D.FACILITY_STATUSES, 'Inajengwa', 'under_construction'],
    [D.ROAD_SURFACES, 'Murram', 'gravel'],
    [D.ROAD_SURFACES, 'Tarmac', 'paved'],
    [D.ROAD_SURFACES, 'bitumen', 'paved'],
    [D.ROAD_SURFACES, 'Lami', 'paved'],
    [D.ROAD_SURFACES, 'Udongo', 'earth'],
    [D.CONDITIONS, 'Impassible', 'impassable'],
    [D.CONDITIONS, 'Mbaya', 'poor'],
    [D.CONDITIONS, 'Good', 'good'],
    [D.ROAD_CLASSES, 'A104', 'A'],
    [D.ROAD_CLASSES, 'c', 'C'],
    [D.ROAD_CLASSES, 'National trunk road', 'B'],
    [D.AIRSTRIP_KINDS, 'small_airport', 'airstrip'],
    [D.AIRSTRIP_KINDS, 'heliport', 'helipad'],
    [D.BORDER_POST_KINDS, 'OSBP', 'one_stop_border_post'],
    [D.ADMIN_STATUSES, 'Operational', 'active'],
    [D.INCIDENT_THEMES, 'Cattle rustling', 'cattle_rustling_banditry'],
    [D.INCIDENT_THEMES, "Chang'aa", 'illicit_alcohol_drugs'],
    [D.INCIDENT_THEMES, 'Organized crime', 'organised_gangs'],
  ])('%#: "%s" in %j', (domain, raw, want) => {
    expect(suggestValue(domain, raw)).toBe(want)
  })

  it('suggests nothing it cannot tell, rather than guessing', () => {
    expect(suggestValue(D.FACILITY_KINDS, 'police_statoin')).toBeNull()
    expect(suggestValue(D.FACILITY_KINDS, 'Chief’s camp')).toBeNull()
    expect(suggestValue(D.ROAD_SURFACES, '')).toBeNull()
    // "closed" is no surface, and a word two domain values claim is no suggestion either.
    expect(suggestValue(D.ROAD_SURFACES, 'closed')).toBeNull()
    expect(suggestValue(['police_post', 'border_police_post', 'aps_camp'], 'post')).toBe('police_post')
  })

  it('keys values without case, accents or punctuation', () => {
    expect(valueKey("  Murang'a  ")).toBe('muranga')
    expect(valueKey('Élgeyo-Marakwet')).toBe('elgeyo_marakwet')
  })

  it('reads a road class from a road number', () => {
    expect(['A1', 'B4', 'C51', 'd 321', 'E-1234', 'A104a'].map(roadClassFromRef)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'A',
    ])
    expect(['KWS1', 'U12', '12', ''].map(roadClassFromRef)).toEqual([null, null, null, null])
  })
})
