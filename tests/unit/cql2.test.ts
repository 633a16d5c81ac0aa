import { describe, expect, it } from 'vitest'
import { COLLECTIONS } from '../../server/assets/collections.ts'
import { FilterError, type Expr } from '../../server/cql2/ast.ts'
import { parseCql2Json } from '../../server/cql2/json.ts'
import { checkFilter, filterSql } from '../../server/cql2/sql.ts'
import { parseCql2Text } from '../../server/cql2/text.ts'
import { paramList } from '../../server/db/sql.ts'

// The CQL2 grammar, production by production: the text and JSON encodings give the same tree, and the SQL carries
// every value as a parameter.

const prop = (name: string) => ({ kind: 'property', name }) as const
const str = (value: string) => ({ kind: 'string', value }) as const
const num = (value: number) => ({ kind: 'number', value }) as const

const pairs: [string, unknown, Expr][] = [
  [
    "status = 'operational'",
    { op: '=', args: [{ property: 'status' }, 'operational'] },
    { op: 'compare', cmp: '=', left: prop('status'), right: str('operational') },
  ],
  [
    'capacity >= 100',
    { op: '>=', args: [{ property: 'capacity' }, 100] },
    { op: 'compare', cmp: '>=', left: prop('capacity'), right: num(100) },
  ],
  [
    "name LIKE 'Ka%'",
    { op: 'like', args: [{ property: 'name' }, 'Ka%'] },
    { op: 'like', value: prop('name'), pattern: str('Ka%') },
  ],
  [
    'staff BETWEEN 2 AND 10',
    { op: 'between', args: [{ property: 'staff' }, 2, 10] },
    { op: 'between', value: prop('staff'), low: num(2), high: num(10) },
  ],
  [
    "kind IN ('prison', 'police_post')",
    { op: 'in', args: [{ property: 'kind' }, ['prison', 'police_post']] },
    { op: 'in', value: prop('kind'), list: [str('prison'), str('police_post')] },
  ],
  ['capacity IS NULL', { op: 'isNull', args: [{ property: 'capacity' }] }, { op: 'isNull', value: prop('capacity') }],
  [
    'NOT capacity IS NULL',
    { op: 'not', args: [{ op: 'isNull', args: [{ property: 'capacity' }] }] },
    { op: 'not', arg: { op: 'isNull', value: prop('capacity') } },
  ],
  [
    'S_INTERSECTS(geometry, BBOX(36, -2, 37, -1))',
    { op: 's_intersects', args: [{ property: 'geometry' }, { bbox: [36, -2, 37, -1] }] },
    {
      op: 'spatial',
      fn: 's_intersects',
      left: prop('geometry'),
      right: {
        kind: 'geometry',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [36, -2],
              [37, -2],
              [37, -1],
              [36, -1],
              [36, -2],
            ],
          ],
        },
      },
    },
  ],
  [
    "T_INTERSECTS(occurred_at, INTERVAL('2025-01-01', '..'))",
    { op: 't_intersects', args: [{ property: 'occurred_at' }, { interval: ['2025-01-01', '..'] }] },
    {
      op: 'temporal',
      fn: 't_intersects',
      left: prop('occurred_at'),
      right: { kind: 'interval', start: { kind: 'date', value: '2025-01-01' } },
    },
  ],
]

describe('CQL2 parsing', () => {
  it.each(pairs)('%s reads the same in text and in JSON', (text, json, tree) => {
    expect(parseCql2Text(text)).toEqual(tree)
    expect(parseCql2Json(json as object)).toEqual(tree)
  })

  it('binds AND tighter than OR, and parentheses override it', () => {
    const e = parseCql2Text('a = 1 OR b = 2 AND c = 3')
    expect(e.op).toBe('or')
    const f = parseCql2Text('(a = 1 OR b = 2) AND c = 3')
    expect(f.op).toBe('and')
  })

  it('reads NOT LIKE, NOT BETWEEN, NOT IN and IS NOT NULL as negations', () => {
    for (const text of [
      "name NOT LIKE 'x%'",
      'staff NOT BETWEEN 1 AND 2',
      "kind NOT IN ('prison')",
      'capacity IS NOT NULL',
    ])
      expect(parseCql2Text(text).op).toBe('not')
  })

  it('reads keywords in any case, doubled quotes in strings, quoted property names and WKT literals', () => {
    expect(parseCql2Text("name like 'O''Brien'")).toEqual({ op: 'like', value: prop('name'), pattern: str("O'Brien") })
    expect(parseCql2Text('"name" = \'x\'')).toEqual({ op: 'compare', cmp: '=', left: prop('name'), right: str('x') })
    const poly = parseCql2Text('S_WITHIN(geometry, POLYGON((36 -2, 37 -2, 37 -1, 36 -2)))')
    expect(poly).toMatchObject({ fn: 's_within', right: { geometry: { type: 'Polygon' } } })
    const pts = parseCql2Text('S_INTERSECTS(geometry, MULTIPOINT((36 -1), (37 -2)))')
    expect(pts).toMatchObject({
      right: {
        geometry: {
          type: 'MultiPoint',
          coordinates: [
            [36, -1],
            [37, -2],
          ],
        },
      },
    })
    expect(parseCql2Text('S_DWITHIN(geometry, POINT(36.8 -1.3), 5000)')).toMatchObject({
      fn: 's_dwithin',
      distance: 5000,
    })
  })

  it('names the offending token of a malformed filter', () => {
    const cases: [string, RegExp][] = [
      ["status = 'operational' AND", /end of the filter/],
      ["status == 'x'", /'=' at position 9/],
      ["status = 'open", /unterminated string/],
      ['staff BETWEEN 1 OR 2', /expected AND in BETWEEN, found 'OR'/],
      ['status ~ 1', /unexpected character '~'/],
      ["status = 'x' name = 'y'", /'name' at position 14/],
    ]
    for (const [text, message] of cases) expect(() => parseCql2Text(text), text).toThrow(message)
  })

  it('refuses filters too deep, too long or with too many values, before any work is done', () => {
    expect(() => parseCql2Text(`${'('.repeat(40)}a = 1${')'.repeat(40)}`)).toThrow(/nested deeper/)
    expect(() => parseCql2Text(`a IN (${Array.from({ length: 1200 }, (_, i) => i).join(',')})`)).toThrow(/IN list/)
    expect(() => parseCql2Text(Array.from({ length: 600 }, () => 'a = 1').join(' OR '))).toThrow(/more than 500 terms/)
    expect(() => parseCql2Text('a = 1'.padEnd(30_000, ' '))).toThrow(/longer than/)
    let deep: unknown = { op: '=', args: [{ property: 'a' }, 1] }
    for (let i = 0; i < 40; i++) deep = { op: 'not', args: [deep] }
    expect(() => parseCql2Json(deep)).toThrow(/nested deeper/)
    expect(() => parseCql2Json('{"op": "=", "args": [')).toThrow(/not valid JSON/)
    expect(() => parseCql2Json({ op: 'frobnicate', args: [] })).toThrow(/unknown operator/)
  })
})

describe('CQL2 checking against the queryables', () => {
  const facilities = COLLECTIONS.facilities
  const check = (text: string) => checkFilter(parseCql2Text(text), facilities)

  it('accepts what the collection can answer', () => {
    for (const text of [
      "kind = 'prison' AND capacity > 500",
      "name LIKE '%Police%' OR status <> 'closed'",
      "updated_at > TIMESTAMP('2025-01-01T00:00:00Z')",
      "updated_at = DATE('2026-03-01')",
      'staff = vehicles',
      'S_INTERSECTS(geometry, POINT(36.8 -1.3))',
    ])
      expect(() => check(text), text).not.toThrow()
  })

  it('refuses unknown properties, values outside a domain and mismatched kinds, naming them', () => {
    const cases: [string, RegExp][] = [
      ["colour = 'red'", /'colour' is not a queryable of facilities/],
      ["kind = 'police post'", /'police post' is not a value of kind/],
      ["capacity = 'many'", /cannot compare a number with a text/],
      ['name LIKE 5', /LIKE compares text/],
      ["updated_at > TIMESTAMP('yesterday')", /not an RFC 3339 timestamp/],
      ["geometry = 'x'", /only be used in a spatial function/],
      ['S_INTERSECTS(name, POINT(1 2))', /'name' is not a geometry/],
      ['S_INTERSECTS(geometry, POINT(200 2))', /outside longitude/],
      ['S_INTERSECTS(geometry, POLYGON((1 1, 2 2, 3 1, 1 2)))', /rings must be closed/],
      ["T_BEFORE(name, DATE('2025-01-01'))", /'name' is not a time/],
    ]
    for (const [text, message] of cases) expect(() => check(text), text).toThrow(message)
    expect(() => check("kind = 'x'")).toThrow(FilterError)
  })

  it('compiles to SQL in which every value is a parameter', () => {
    const p = paramList()
    const sql = filterSql(parseCql2Text("name = 'x''; DROP TABLE facilities; --' OR kind IN ('prison')"), facilities, p)
    expect(sql).not.toContain('DROP')
    expect(p.values).toEqual(["x'; DROP TABLE facilities; --", ['prison']])
  })
})
