import type { Geometry, Position } from 'geojson'
import {
  FilterError,
  LIMITS,
  SPATIAL_FUNCTIONS,
  TEMPORAL_FUNCTIONS,
  type Comparison,
  type Expr,
  type Scalar,
  type Spatial,
  type SpatialFunction,
  type Temporal,
  type TemporalFunction,
} from './ast.ts'

// CQL2-text (OGC 21-065) by recursive descent: the Basic CQL2, advanced comparison (LIKE, BETWEEN, IN), spatial and
// temporal function classes. No TypeScript CQL2 parser is maintained well enough to depend on; this grammar is small
// and every production is covered by tests/unit/cql2.test.ts.

type Token =
  | { t: 'word'; v: string; at: number }
  | { t: 'quoted'; v: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'number'; v: number; raw: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; at: number }

const describe = (tok: Token) =>
  tok.t === 'end'
    ? 'the end of the filter'
    : `'${(tok.t === 'string' ? `'${tok.v}'` : tok.t === 'number' ? tok.raw : tok.v).slice(0, 40)}' at position ${tok.at + 1}`

function tokenize(src: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < src.length) {
    const ch = src[i]!
    if (/\s/.test(ch)) {
      i++
      continue
    }
    const start = i
    if (ch === "'") {
      let v = ''
      i++
      for (;;) {
        if (i >= src.length) throw new FilterError('unterminated string', `position ${start + 1}`)
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            v += "'"
            i += 2
            continue
          }
          i++
          break
        }
        v += src[i++]
      }
      out.push({ t: 'string', v, at: start })
    } else if (ch === '"') {
      const end = src.indexOf('"', i + 1)
      if (end < 0) throw new FilterError('unterminated quoted property name', `position ${start + 1}`)
      out.push({ t: 'quoted', v: src.slice(i + 1, end), at: start })
      i = end + 1
    } else if (/[0-9]/.test(ch) || ((ch === '-' || ch === '+' || ch === '.') && /[0-9.]/.test(src[i + 1] ?? ''))) {
      const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i))
      if (!m) throw new FilterError('malformed number', `position ${start + 1}`)
      out.push({ t: 'number', v: Number(m[0]), raw: m[0], at: start })
      i += m[0].length
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.:]*/.exec(src.slice(i))!
      out.push({ t: 'word', v: m[0], at: start })
      i += m[0].length
    } else {
      const two = src.slice(i, i + 2)
      const op = ['<>', '<=', '>='].includes(two) ? two : '=<>(),'.includes(ch) ? ch : null
      if (!op) throw new FilterError(`unexpected character '${ch}'`, `position ${start + 1}`)
      out.push({ t: 'op', v: op, at: start })
      i += op.length
    }
  }
  out.push({ t: 'end', at: src.length })
  return out
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE'])
const GEOMETRY_WORDS = new Set([
  'POINT',
  'LINESTRING',
  'POLYGON',
  'MULTIPOINT',
  'MULTILINESTRING',
  'MULTIPOLYGON',
  'BBOX',
  'ENVELOPE',
])

/** Parses CQL2-text into the shared syntax tree. */
export function parseCql2Text(src: string): Expr {
  if (src.length > LIMITS.length) throw new FilterError(`the filter is longer than ${LIMITS.length} characters`)
  const toks = tokenize(src)
  let pos = 0
  let nodes = 0
  let coordinates = 0
  const peek = () => toks[pos]!
  const next = () => toks[pos++]!
  const isWord = (tok: Token, w: string): boolean => tok.t === 'word' && tok.v.toUpperCase() === w
  const isOp = (tok: Token, o: string): boolean => tok.t === 'op' && tok.v === o
  const fail = (what: string, tok = peek()): never => {
    throw new FilterError(`${what}, found ${describe(tok)}`)
  }
  const expectOp = (o: string) => {
    if (!isOp(peek(), o)) fail(`expected '${o}'`)
    next()
  }
  const count = () => {
    if (++nodes > LIMITS.nodes) throw new FilterError(`the filter has more than ${LIMITS.nodes} terms`)
  }

  function orExpr(depth: number): Expr {
    if (depth > LIMITS.depth) throw new FilterError(`the filter is nested deeper than ${LIMITS.depth} levels`)
    const args = [andExpr(depth)]
    while (isWord(peek(), 'OR')) {
      next()
      args.push(andExpr(depth))
    }
    return args.length === 1 ? args[0]! : { op: 'or', args }
  }
  function andExpr(depth: number): Expr {
    const args = [notExpr(depth)]
    while (isWord(peek(), 'AND')) {
      next()
      args.push(notExpr(depth))
    }
    return args.length === 1 ? args[0]! : { op: 'and', args }
  }
  function notExpr(depth: number): Expr {
    count()
    if (isWord(peek(), 'NOT')) {
      next()
      return { op: 'not', arg: notExpr(depth + 1) }
    }
    return primary(depth)
  }
  function primary(depth: number): Expr {
    const tok = peek()
    if (isOp(tok, '(')) {
      next()
      const e = orExpr(depth + 1)
      expectOp(')')
      return e
    }
    if (tok.t === 'word') {
      const upper = tok.v.toUpperCase()
      const fn = upper.toLowerCase()
      if ((SPATIAL_FUNCTIONS as readonly string[]).includes(fn) && isOp(toks[pos + 1]!, '(')) {
        next()
        return spatialCall(fn as SpatialFunction)
      }
      if ((TEMPORAL_FUNCTIONS as readonly string[]).includes(fn) && isOp(toks[pos + 1]!, '(')) {
        next()
        return temporalCall(fn as TemporalFunction)
      }
      if ((upper === 'TRUE' || upper === 'FALSE') && !isPredicateNext(toks[pos + 1]!)) {
        next()
        return { op: 'literal', value: upper === 'TRUE' }
      }
    }
    return predicate()
  }
  const isPredicateNext = (tok: Token) =>
    (tok.t === 'op' && ['=', '<>', '<', '>', '<=', '>='].includes(tok.v)) ||
    (tok.t === 'word' && ['LIKE', 'BETWEEN', 'IN', 'IS', 'NOT'].includes(tok.v.toUpperCase()))

  function predicate(): Expr {
    const left = scalar()
    const tok = peek()
    if (tok.t === 'op' && ['=', '<>', '<', '>', '<=', '>='].includes(tok.v)) {
      next()
      return { op: 'compare', cmp: tok.v as Comparison, left, right: scalar() }
    }
    if (isWord(tok, 'IS')) {
      next()
      const negate = isWord(peek(), 'NOT')
      if (negate) next()
      if (!isWord(peek(), 'NULL')) fail('expected NULL after IS')
      next()
      const e: Expr = { op: 'isNull', value: left }
      return negate ? { op: 'not', arg: e } : e
    }
    const negate = isWord(tok, 'NOT')
    if (negate) next()
    const kw = peek()
    let e: Expr
    if (isWord(kw, 'LIKE')) {
      next()
      e = { op: 'like', value: left, pattern: scalar() }
    } else if (isWord(kw, 'BETWEEN')) {
      next()
      const low = scalar()
      if (!isWord(peek(), 'AND')) fail('expected AND in BETWEEN')
      next()
      e = { op: 'between', value: left, low, high: scalar() }
    } else if (isWord(kw, 'IN')) {
      next()
      expectOp('(')
      const list: Scalar[] = [scalar()]
      while (isOp(peek(), ',')) {
        next()
        list.push(scalar())
        if (list.length > LIMITS.inList) throw new FilterError(`an IN list has more than ${LIMITS.inList} values`)
      }
      expectOp(')')
      e = { op: 'in', value: left, list }
    } else {
      return fail(
        negate ? 'expected LIKE, BETWEEN or IN after NOT' : 'expected a comparison, LIKE, BETWEEN, IN or IS',
        kw,
      )
    }
    return negate ? { op: 'not', arg: e } : e
  }

  function scalar(): Scalar {
    const tok = peek()
    if (tok.t === 'string') {
      next()
      return { kind: 'string', value: tok.v }
    }
    if (tok.t === 'number') {
      next()
      return { kind: 'number', value: tok.v }
    }
    if (tok.t === 'quoted') {
      next()
      return { kind: 'property', name: tok.v }
    }
    if (tok.t === 'word') {
      const upper = tok.v.toUpperCase()
      if (upper === 'TIMESTAMP' || upper === 'DATE') {
        next()
        return instantLiteral(upper)
      }
      if (upper === 'TRUE' || upper === 'FALSE') {
        next()
        return { kind: 'boolean', value: upper === 'TRUE' }
      }
      if (KEYWORDS.has(upper)) return fail('expected a property name or a value')
      next()
      return { kind: 'property', name: tok.v }
    }
    return fail('expected a property name or a value')
  }

  function instantLiteral(kind: 'TIMESTAMP' | 'DATE'): Extract<Scalar, { kind: 'timestamp' | 'date' }> {
    expectOp('(')
    const tok = next()
    if (tok.t !== 'string') fail(`expected a quoted ${kind.toLowerCase()}`, tok)
    expectOp(')')
    return kind === 'DATE'
      ? { kind: 'date', value: (tok as { v: string }).v }
      : { kind: 'timestamp', value: (tok as { v: string }).v }
  }

  function spatialCall(fn: SpatialFunction): Expr {
    expectOp('(')
    const left = spatialArg()
    expectOp(',')
    const right = spatialArg()
    let distance: number | undefined
    if (fn === 's_dwithin') {
      expectOp(',')
      const d = next()
      if (d.t !== 'number' || !(d.v >= 0)) fail('expected a distance in metres', d)
      distance = (d as { v: number }).v
    }
    expectOp(')')
    return { op: 'spatial', fn, left, right, ...(distance !== undefined ? { distance } : {}) }
  }
  function spatialArg(): Spatial {
    const tok = peek()
    if (tok.t === 'word' && GEOMETRY_WORDS.has(tok.v.toUpperCase())) return { kind: 'geometry', geometry: geometry() }
    if (tok.t === 'word' || tok.t === 'quoted') {
      next()
      return { kind: 'property', name: tok.v }
    }
    return fail('expected a geometry property or a geometry literal (POINT, POLYGON, BBOX, …)')
  }

  function temporalCall(fn: TemporalFunction): Expr {
    expectOp('(')
    const left = temporalArg()
    expectOp(',')
    const right = temporalArg()
    expectOp(')')
    return { op: 'temporal', fn, left, right }
  }
  function temporalArg(): Temporal {
    const tok = peek()
    if (isWord(tok, 'INTERVAL')) {
      next()
      expectOp('(')
      const start = intervalEnd()
      expectOp(',')
      const end = intervalEnd()
      expectOp(')')
      return { kind: 'interval', ...(start ? { start } : {}), ...(end ? { end } : {}) }
    }
    const s = scalar()
    if (s.kind !== 'property' && s.kind !== 'timestamp' && s.kind !== 'date')
      return fail('expected a time property, TIMESTAMP(…), DATE(…) or INTERVAL(…)', tok)
    return s
  }
  function intervalEnd(): Extract<Scalar, { kind: 'timestamp' | 'date' }> | undefined {
    const tok = peek()
    if (tok.t === 'string') {
      next()
      if (tok.v === '..') return undefined
      return /^\d{4}-\d{2}-\d{2}$/.test(tok.v) ? { kind: 'date', value: tok.v } : { kind: 'timestamp', value: tok.v }
    }
    if (isWord(tok, 'TIMESTAMP') || isWord(tok, 'DATE')) {
      next()
      return instantLiteral(isWord(tok, 'DATE') ? 'DATE' : 'TIMESTAMP')
    }
    return fail("expected an instant or '..'")
  }

  // Well-known text, 2D (a third ordinate is accepted and dropped).
  function geometry(): Geometry {
    const word = (next() as Extract<Token, { t: 'word' }>).v.toUpperCase()
    if (word === 'BBOX' || word === 'ENVELOPE') {
      expectOp('(')
      const n = [number()]
      for (let k = 0; k < 3; k++) {
        expectOp(',')
        n.push(number())
      }
      expectOp(')')
      // BBOX is minx, miny, maxx, maxy; ENVELOPE (CQL2 1.0 draft) is minx, maxx, maxy, miny.
      const [x0, y0, x1, y1] = word === 'BBOX' ? n : [n[0]!, n[3]!, n[1]!, n[2]!]
      return {
        type: 'Polygon',
        coordinates: [
          [
            [x0!, y0!],
            [x1!, y0!],
            [x1!, y1!],
            [x0!, y1!],
            [x0!, y0!],
          ],
        ],
      }
    }
    switch (word) {
      case 'POINT': {
        expectOp('(')
        const p = position()
        expectOp(')')
        return { type: 'Point', coordinates: p }
      }
      case 'LINESTRING':
        return { type: 'LineString', coordinates: positions() }
      case 'POLYGON':
        return { type: 'Polygon', coordinates: rings() }
      case 'MULTIPOINT': {
        expectOp('(')
        const pts: Position[] = []
        for (;;) {
          // Both MULTIPOINT((1 2), (3 4)) and MULTIPOINT(1 2, 3 4) are in use.
          if (isOp(peek(), '(')) {
            next()
            pts.push(position())
            expectOp(')')
          } else pts.push(position())
          if (!isOp(peek(), ',')) break
          next()
        }
        expectOp(')')
        return { type: 'MultiPoint', coordinates: pts }
      }
      case 'MULTILINESTRING':
        return { type: 'MultiLineString', coordinates: rings() }
      default: {
        expectOp('(')
        const polys = [rings()]
        while (isOp(peek(), ',')) {
          next()
          polys.push(rings())
        }
        expectOp(')')
        return { type: 'MultiPolygon', coordinates: polys }
      }
    }
  }
  function number(): number {
    const tok = next()
    if (tok.t !== 'number') fail('expected a number', tok)
    return (tok as { v: number }).v
  }
  function position(): Position {
    if (++coordinates > LIMITS.coordinates)
      throw new FilterError(`geometry literals have more than ${LIMITS.coordinates} coordinates`)
    const x = number()
    const y = number()
    if (peek().t === 'number') next()
    return [x, y]
  }
  function positions(): Position[] {
    expectOp('(')
    const out = [position()]
    while (isOp(peek(), ',')) {
      next()
      out.push(position())
    }
    expectOp(')')
    return out
  }
  function rings(): Position[][] {
    expectOp('(')
    const out = [positions()]
    while (isOp(peek(), ',')) {
      next()
      out.push(positions())
    }
    expectOp(')')
    return out
  }

  const expr = orExpr(0)
  if (peek().t !== 'end') fail('expected AND, OR or the end of the filter')
  return expr
}
