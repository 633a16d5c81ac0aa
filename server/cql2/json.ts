import type { Geometry } from 'geojson'
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

// CQL2-JSON (OGC 21-065, JSON encoding) into the same syntax tree as CQL2-text.

const COMPARISONS = ['=', '<>', '<', '>', '<=', '>=']
const GEOMETRY_TYPES = ['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon']

type J = unknown
const isObj = (v: J): v is Record<string, J> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function parseCql2Json(input: string | J): Expr {
  let doc: J = input
  if (typeof input === 'string') {
    if (input.length > LIMITS.length) throw new FilterError(`the filter is longer than ${LIMITS.length} characters`)
    try {
      doc = JSON.parse(input)
    } catch {
      throw new FilterError('the filter is not valid JSON')
    }
  }
  let nodes = 0
  let coordinates = 0

  function expr(v: J, path: string, depth: number): Expr {
    if (depth > LIMITS.depth) throw new FilterError(`the filter is nested deeper than ${LIMITS.depth} levels`, path)
    if (++nodes > LIMITS.nodes) throw new FilterError(`the filter has more than ${LIMITS.nodes} terms`, path)
    if (typeof v === 'boolean') return { op: 'literal', value: v }
    if (!isObj(v) || typeof v.op !== 'string' || !Array.isArray(v.args))
      throw new FilterError('expected {"op": …, "args": […]}', path)
    const op = v.op.toLowerCase()
    const args = v.args
    const arity = (n: number) => {
      if (args.length !== n) throw new FilterError(`"${v.op}" takes ${n} arguments, not ${args.length}`, path)
    }
    const at = (i: number) => `${path}.args[${i}]`
    if (op === 'and' || op === 'or') {
      if (args.length < 2) throw new FilterError(`"${op}" takes at least 2 arguments`, path)
      return { op, args: args.map((a, i) => expr(a, at(i), depth + 1)) }
    }
    if (op === 'not') {
      arity(1)
      return { op: 'not', arg: expr(args[0], at(0), depth + 1) }
    }
    if (COMPARISONS.includes(op)) {
      arity(2)
      return { op: 'compare', cmp: op as Comparison, left: scalar(args[0], at(0)), right: scalar(args[1], at(1)) }
    }
    if (op === 'like') {
      arity(2)
      return { op: 'like', value: scalar(args[0], at(0)), pattern: scalar(args[1], at(1)) }
    }
    if (op === 'between') {
      arity(3)
      return { op: 'between', value: scalar(args[0], at(0)), low: scalar(args[1], at(1)), high: scalar(args[2], at(2)) }
    }
    if (op === 'in') {
      arity(2)
      const list = args[1]
      if (!Array.isArray(list) || list.length === 0) throw new FilterError('"in" takes a non-empty list', at(1))
      if (list.length > LIMITS.inList) throw new FilterError(`an IN list has more than ${LIMITS.inList} values`, at(1))
      return { op: 'in', value: scalar(args[0], at(0)), list: list.map((x, i) => scalar(x, `${at(1)}[${i}]`)) }
    }
    if (op === 'isnull') {
      arity(1)
      return { op: 'isNull', value: scalar(args[0], at(0)) }
    }
    if ((SPATIAL_FUNCTIONS as readonly string[]).includes(op)) {
      const fn = op as SpatialFunction
      arity(fn === 's_dwithin' ? 3 : 2)
      const distance = fn === 's_dwithin' ? args[2] : undefined
      if (fn === 's_dwithin' && (typeof distance !== 'number' || !(distance >= 0)))
        throw new FilterError('expected a distance in metres', at(2))
      return {
        op: 'spatial',
        fn,
        left: spatial(args[0], at(0)),
        right: spatial(args[1], at(1)),
        ...(typeof distance === 'number' ? { distance } : {}),
      }
    }
    if ((TEMPORAL_FUNCTIONS as readonly string[]).includes(op)) {
      arity(2)
      return {
        op: 'temporal',
        fn: op as TemporalFunction,
        left: temporal(args[0], at(0)),
        right: temporal(args[1], at(1)),
      }
    }
    throw new FilterError(`unknown operator "${String(v.op).slice(0, 40)}"`, path)
  }

  function scalar(v: J, path: string): Scalar {
    if (typeof v === 'string') return { kind: 'string', value: v }
    if (typeof v === 'number' && Number.isFinite(v)) return { kind: 'number', value: v }
    if (typeof v === 'boolean') return { kind: 'boolean', value: v }
    if (isObj(v)) {
      if (typeof v.property === 'string') return { kind: 'property', name: v.property }
      if (typeof v.timestamp === 'string') return { kind: 'timestamp', value: v.timestamp }
      if (typeof v.date === 'string') return { kind: 'date', value: v.date }
    }
    throw new FilterError('expected a property, a string, a number, a boolean, a timestamp or a date', path)
  }

  function temporal(v: J, path: string): Temporal {
    if (isObj(v) && Array.isArray(v.interval)) {
      if (v.interval.length !== 2) throw new FilterError('an interval has two ends', path)
      const end = (x: J, p: string) => {
        if (x === '..') return undefined
        const s =
          typeof x === 'string'
            ? { kind: /^\d{4}-\d{2}-\d{2}$/.test(x) ? 'date' : 'timestamp', value: x }
            : scalar(x, p)
        if (s.kind !== 'timestamp' && s.kind !== 'date') throw new FilterError("expected an instant or '..'", p)
        return s as Extract<Scalar, { kind: 'timestamp' | 'date' }>
      }
      const start = end(v.interval[0], `${path}.interval[0]`)
      const stop = end(v.interval[1], `${path}.interval[1]`)
      return { kind: 'interval', ...(start ? { start } : {}), ...(stop ? { end: stop } : {}) }
    }
    const s = scalar(v, path)
    if (s.kind !== 'property' && s.kind !== 'timestamp' && s.kind !== 'date')
      throw new FilterError('expected a time property, a timestamp, a date or an interval', path)
    return s
  }

  function spatial(v: J, path: string): Spatial {
    if (isObj(v) && typeof v.property === 'string') return { kind: 'property', name: v.property }
    if (isObj(v) && Array.isArray(v.bbox)) {
      const b = v.bbox
      if ((b.length !== 4 && b.length !== 6) || !b.every((n) => typeof n === 'number' && Number.isFinite(n)))
        throw new FilterError('a bbox has 4 (or 6) numbers', path)
      const [x0, y0, x1, y1] = (b.length === 6 ? [b[0], b[1], b[3], b[4]] : b) as number[]
      return {
        kind: 'geometry',
        geometry: {
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
        },
      }
    }
    if (isObj(v) && typeof v.type === 'string' && GEOMETRY_TYPES.includes(v.type)) {
      countCoordinates(v.coordinates, path)
      return { kind: 'geometry', geometry: v as unknown as Geometry }
    }
    throw new FilterError('expected a geometry property, a GeoJSON geometry or a bbox', path)
  }

  // Shapes are checked again in SQL (ST_GeomFromGeoJSON); here only that the nesting holds finite numbers.
  function countCoordinates(c: J, path: string, depth = 0) {
    if (depth > 4 || !Array.isArray(c)) throw new FilterError('malformed coordinates', path)
    if (c.length > 0 && typeof c[0] === 'number') {
      if (c.length < 2 || c.length > 3 || !c.every((n) => typeof n === 'number' && Number.isFinite(n)))
        throw new FilterError('a position has 2 or 3 finite numbers', path)
      if (++coordinates > LIMITS.coordinates)
        throw new FilterError(`geometry literals have more than ${LIMITS.coordinates} coordinates`, path)
      return
    }
    for (const x of c) countCoordinates(x, path, depth + 1)
  }

  return expr(doc, '$', 0)
}
