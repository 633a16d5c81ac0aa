import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import * as D from '../../contract/domains.ts'
import {
  RIGHTS,
  ROLE_LAYERS,
  areaProblems,
  countyInArea,
  roleDefaultLayer,
  roleKeepsOffline,
  rolePublicOnly,
  roleSeesSensitiveActions,
  userArea,
  type AreaHolder,
} from '../../contract/rights.ts'
import { areaOf, canRead, type Principal } from '../../server/access/permissions.ts'
import { NewUser } from '../../server/access/users.ts'
import { COLLECTIONS } from '../../server/assets/collections.ts'
import { publicOnly } from '../../server/monitoring/access.ts'
import { LAYERS, defaultVisible } from '../../web/src/map/layers.ts'
import { editableFields } from '../../web/src/state/rights.ts'

// The role rules live in contract/rights.ts as data per role; the server and the web both derive their answers from
// it, so these tests pin each role's rules and check that the two sides answer alike.

const principal = (role: D.Role, regions: D.RegionCode[] = [], counties: string[] = []): Principal => ({
  username: `u.${role}`,
  role,
  regions,
  counties,
  organisation: role === 'operator' ? 'Sky Relief' : null,
  agency: null,
  readOnly: false,
  via: 'session',
})

/** An account with the area lists its role needs (a moderator by counties). */
function holder(role: D.Role): AreaHolder & Principal {
  const area = RIGHTS[role].area
  return principal(
    role,
    area === 'regions' ? ['rift_valley'] : [],
    area === 'counties' || area === 'regions_or_counties' ? ['023'] : [],
  )
}

describe("each role's rules (contract/rights.ts)", () => {
  it('binds each role to its area', () => {
    expect(Object.fromEntries(D.ROLES.map((r) => [r, RIGHTS[r].area]))).toEqual({
      admin: 'national',
      planner: 'national',
      commissioner: 'regions',
      field_officer: 'counties',
      viewer: 'national',
      moderator: 'regions_or_counties',
      operator: 'none',
      flight_officer: 'national',
    })
    expect(userArea(holder('commissioner'))).toEqual({ kind: 'regions', regions: ['rift_valley'] })
    expect(userArea(holder('field_officer'))).toEqual({ kind: 'counties', counties: ['023'] })
    expect(userArea(principal('moderator', ['rift_valley']))).toEqual({ kind: 'regions', regions: ['rift_valley'] })
    expect(userArea(principal('moderator', [], ['023']))).toEqual({ kind: 'counties', counties: ['023'] })
    expect(userArea(holder('operator'))).toEqual({ kind: 'counties', counties: [] })
    // A national role is national whatever lists it carries.
    expect(userArea(principal('planner', ['coast'], ['001']))).toEqual({ kind: 'national' })
  })

  it('places a county in an area by its code or its region', () => {
    const turkana = { code: '023', region_code: 'rift_valley' }
    expect(countyInArea({ kind: 'national' }, turkana)).toBe(true)
    expect(countyInArea({ kind: 'regions', regions: ['rift_valley'] }, turkana)).toBe(true)
    expect(countyInArea({ kind: 'regions', regions: ['coast'] }, turkana)).toBe(false)
    expect(countyInArea({ kind: 'counties', counties: ['023'] }, turkana)).toBe(true)
    expect(countyInArea({ kind: 'counties', counties: [] }, turkana)).toBe(false)
  })

  it('lands the commissioner on the dashboard, keeps offline packages for field officers only', () => {
    expect(D.ROLES.filter((r) => RIGHTS[r].start === 'dashboard')).toEqual(['commissioner'])
    expect(D.ROLES.filter(roleKeepsOffline)).toEqual(['field_officer'])
  })

  it('shows public scorecards to the roles that may not read incidents, and to public roles', () => {
    expect(D.ROLES.filter(rolePublicOnly)).toEqual(['field_officer', 'viewer', 'operator'])
    expect(D.ROLES.filter((r) => !roleSeesSensitiveActions(r))).toEqual(['viewer', 'operator'])
  })

  it('turns on the role-dependent layers per role', () => {
    const on = (layer: string) => D.ROLES.filter((r) => roleDefaultLayer(r, layer))
    expect(on('incidents')).toEqual(['admin', 'planner', 'commissioner'])
    expect(on('admin_units')).toEqual(['field_officer'])
    expect(on('community_structures')).toEqual(['moderator'])
    expect(roleDefaultLayer('viewer', 'roads')).toBeUndefined()
  })

  it('names what is wrong with an account’s area lists', () => {
    expect(areaProblems(principal('commissioner'))).toEqual([
      { path: 'regions', message: 'a commissioner needs at least one region' },
    ])
    expect(areaProblems(principal('field_officer'))).toEqual([
      { path: 'counties', message: 'a field officer needs at least one county' },
    ])
    expect(areaProblems(principal('moderator', ['coast'], ['001']))).toEqual([
      { path: 'regions', message: 'a moderator has counties or regions, not both' },
    ])
    expect(areaProblems(principal('viewer', ['coast'], ['001']))).toEqual([
      { path: 'regions', message: 'only commissioners and moderators are bound to regions' },
      { path: 'counties', message: 'only field officers and moderators are bound to counties' },
    ])
    for (const r of D.ROLES) expect(areaProblems(holder(r))).toEqual([])
  })
})

describe('the server and the web derive the same answers', () => {
  it('scopes each role to the same area (server areaOf, web userArea)', () => {
    for (const r of D.ROLES) expect(areaOf(holder(r))).toEqual(userArea(holder(r)))
    expect(areaOf(principal('moderator', ['coast']))).toEqual(userArea(principal('moderator', ['coast'])))
  })

  it('gives the same roles public scorecards (server publicOnly, web rolePublicOnly)', () => {
    for (const r of D.ROLES) {
      expect(publicOnly(holder(r), false)).toBe(rolePublicOnly(r))
      // What the server bases it on: a role that may read incidents sees the sensitive indicators, unless public.
      expect(rolePublicOnly(r)).toBe(RIGHTS[r].public || !canRead(holder(r), COLLECTIONS.incidents))
      expect(publicOnly(holder(r), true)).toBe(true)
    }
  })

  it('accepts and refuses the same accounts (server NewUser, contract areaProblems)', () => {
    const lists: [D.RegionCode[], string[]][] = [
      [[], []],
      [['coast'], []],
      [[], ['001']],
      [['coast'], ['001']],
    ]
    for (const role of D.ROLES)
      for (const [regions, counties] of lists) {
        const parsed = NewUser.safeParse({
          username: 'someone',
          password: 'a long enough password',
          role,
          regions,
          counties,
          organisation: RIGHTS[role].flights === 'own' ? 'Sky Relief' : null,
        })
        const problems = areaProblems({ role, regions, counties })
        expect(parsed.success, `${role} ${regions} ${counties}`).toBe(problems.length === 0)
        if (!parsed.success) expect(parsed.error.issues.map((i) => i.message)).toEqual(problems.map((p) => p.message))
      }
  })

  it('turns on the layers the role says (web defaultVisible)', () => {
    for (const r of D.ROLES)
      for (const l of LAYERS) {
        const expected = (ROLE_LAYERS as readonly string[]).includes(l.id)
          ? (RIGHTS[r].defaultLayers as readonly string[]).includes(l.id)
          : l.visible
        expect(defaultVisible(l, r), `${r} ${l.id}`).toBe(expected)
      }
  })

  it('lets only a role with full writes rename regions and counties (web editableFields)', () => {
    const user = (role: D.Role) => ({ ...holder(role), display_name: role })
    expect(D.ROLES.filter((r) => editableFields(user(r), 'counties').length)).toEqual(['admin'])
    expect(editableFields(user('admin'), 'regions')).toEqual(['name'])
  })
})

describe('the lint rule that keeps role rules out of the web', () => {
  it('refuses a comparison with every role name in web/src', { timeout: 60_000 }, async () => {
    const eslint = new ESLint()
    for (const role of D.ROLES) {
      const code = `export const f = (r: string) => r === '${role}'\n`
      const [result] = await eslint.lintText(code, { filePath: 'web/src/shell/probe.ts' })
      expect(
        result!.messages.map((m) => m.ruleId),
        role,
      ).toContain('no-restricted-syntax')
    }
    // Role-less comparisons (a collection id that begins like a role) stay allowed.
    const [other] = await eslint.lintText(`export const f = (c: string) => c === 'admin_units'\n`, {
      filePath: 'web/src/shell/probe.ts',
    })
    expect(other!.messages.filter((m) => m.ruleId === 'no-restricted-syntax')).toEqual([])
  })
})
