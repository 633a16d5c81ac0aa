import type { Geometry, Position } from 'geojson'
import type { Collection, Field } from '../assets/collections.ts'
import type { ParamList } from '../db/sql.ts'
import { FilterError, type Expr, type Scalar, type Spatial, type Temporal } from './ast.ts'

// Checks a CQL2 syntax tree against a collection's queryables and compiles it to SQL. Identifiers come only from the
// collection registry; every value travels as a parameter. Calendar dates are East Africa Time days.

/** Names a filter may use for the geometry. */
const GEOMETRY_NAMES = ['geometry', 'geom']
const TZ = 'Africa/Nairobi'
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/i
const DATE = /^\d{4}-\d{2}-\d{2}$/

export interface FilterCrs {
  srid: number
  /** EPSG:4326 as the EPSG defines it: latitude first. */
  latFirst: boolean
}
export const CRS84_FILTER: FilterCrs = { srid: 4326, latFirst: false }

type ScalarType = 'text' | 'number' | 'boolean' | 'timestamp' | 'date'

const fieldOf = (c: Collection, name: string): Field => {
  const f = c.fields.find((x) => x.name === name)
  if (!f) {
    const names = [...c.fields.map((x) => x.name), 'geometry'].join(', ')
    throw new FilterError(`'${name.slice(0, 60)}' is not a queryable of ${c.id} (queryables: ${names})`)
  }
  return f
}

const typeOf = (c: Collection, s: Scalar): ScalarType => {
  switch (s.kind) {
    case 'property': {
      if (GEOMETRY_NAMES.includes(s.name))
        throw new FilterError(`the geometry can only be used in a spatial function (S_INTERSECTS, …)`)
      const t = fieldOf(c, s.name).type
      return t === 'integer' ? 'number' : t
    }
    case 'string':
      return 'text'
    case 'timestamp':
      if (!TIMESTAMP.test(s.value) || Number.isNaN(Date.parse(s.value)))
        throw new FilterError(`'${s.value.slice(0, 40)}' is not an RFC 3339 timestamp such as 2026-01-31T12:00:00Z`)
      return 'timestamp'
    case 'date':
      if (!DATE.test(s.value) || Number.isNaN(Date.parse(s.value)))
        throw new FilterError(`'${s.value.slice(0, 40)}' is not a date such as 2026-01-31`)
      return 'date'
    default:
      return s.kind
  }
}

const comparable = (a: ScalarType, b: ScalarType) =>
  a === b || ((a === 'timestamp' || a === 'date') && (b === 'timestamp' || b === 'date'))

function checkDomain(c: Collection, prop: Scalar, values: Scalar[]) {
  if (prop.kind !== 'property') return
  const domain = fieldOf(c, prop.name).domain
  if (!domain) return
  for (const v of values)
    if (v.kind === 'string' && !domain.includes(v.value))
      throw new FilterError(`'${v.value.slice(0, 40)}' is not a value of ${prop.name} (one of: ${domain.join(', ')})`)
}

function checkPosition(p: Position, crs: FilterCrs) {
  const [a, b] = p
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new FilterError('geometry coordinates must be finite numbers')
  if (crs.srid === 4326) {
    const [lon, lat] = crs.latFirst ? [b!, a!] : [a!, b!]
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
      throw new FilterError('geometry coordinates are outside longitude -180..180 / latitude -90..90')
  }
}

/** Enough of a geometry's structure to be sure PostGIS will build it (it answers an internal error otherwise). */
function checkGeometry(g: Geometry, crs: FilterCrs) {
  const line = (ps: Position[], min: number) => {
    if (!Array.isArray(ps) || ps.length < min) throw new FilterError(`a ${g.type} part needs at least ${min} positions`)
    ps.forEach((p) => checkPosition(p, crs))
  }
  const ring = (ps: Position[]) => {
    line(ps, 4)
    const [a, b] = [ps[0]!, ps[ps.length - 1]!]
    if (a[0] !== b[0] || a[1] !== b[1]) throw new FilterError('polygon rings must be closed (first position = last)')
  }
  switch (g.type) {
    case 'Point':
      return checkPosition(g.coordinates, crs)
    case 'MultiPoint':
      return line(g.coordinates, 1)
    case 'LineString':
      return line(g.coordinates, 2)
    case 'MultiLineString':
      return g.coordinates.forEach((l) => line(l, 2))
    case 'Polygon':
      return g.coordinates.forEach(ring)
    case 'MultiPolygon':
      return g.coordinates.forEach((poly) => poly.forEach(ring))
    default:
      throw new FilterError(`geometry type ${g.type} is not supported in filters`)
  }
}

const checkSpatial = (c: Collection, s: Spatial, crs: FilterCrs) => {
  if (s.kind === 'geometry') return checkGeometry(s.geometry, crs)
  if (!GEOMETRY_NAMES.includes(s.name)) {
    fieldOf(c, s.name)
    throw new FilterError(`'${s.name}' is not a geometry: spatial functions take 'geometry'`)
  }
}

const checkTemporal = (c: Collection, t: Temporal) => {
  if (t.kind === 'interval') {
    for (const end of [t.start, t.end]) if (end) typeOf(c, end)
    return
  }
  const type = typeOf(c, t)
  if (type !== 'timestamp' && type !== 'date') throw new FilterError(`'${(t as { name: string }).name}' is not a time`)
}

/** Throws a FilterError naming the first thing in the filter the collection cannot answer. */
export function checkFilter(e: Expr, c: Collection, crs: FilterCrs = CRS84_FILTER): void {
  switch (e.op) {
    case 'and':
    case 'or':
      return e.args.forEach((a) => checkFilter(a, c, crs))
    case 'not':
      return checkFilter(e.arg, c, crs)
    case 'literal':
      return
    case 'compare': {
      const [a, b] = [typeOf(c, e.left), typeOf(c, e.right)]
      if (!comparable(a, b)) throw new FilterError(`cannot compare a ${a} with a ${b}`)
      if (e.cmp === '=' || e.cmp === '<>') {
        checkDomain(c, e.left, [e.right])
        checkDomain(c, e.right, [e.left])
      }
      return
    }
    case 'like':
      if (typeOf(c, e.value) !== 'text' || typeOf(c, e.pattern) !== 'text')
        throw new FilterError('LIKE compares text with a text pattern')
      return
    case 'between': {
      const types = [e.value, e.low, e.high].map((s) => typeOf(c, s))
      if (!types.every((t) => comparable(t, types[0]!)) || types[0] === 'text' || types[0] === 'boolean')
        throw new FilterError('BETWEEN takes numbers or times of one kind')
      return
    }
    case 'in': {
      const t = typeOf(c, e.value)
      for (const x of e.list)
        if (!comparable(t, typeOf(c, x))) throw new FilterError(`IN lists values of the kind ${t}`)
      checkDomain(c, e.value, e.list)
      return
    }
    case 'isNull':
      typeOf(c, e.value)
      return
    case 'spatial':
      checkSpatial(c, e.left, crs)
      checkSpatial(c, e.right, crs)
      return
    case 'temporal':
      checkTemporal(c, e.left)
      checkTemporal(c, e.right)
      return
  }
}

const SQL_TYPE: Record<Exclude<ScalarType, 'date'>, string> = {
  text: 'text',
  number: 'float8',
  boolean: 'boolean',
  timestamp: 'timestamptz',
}
const SPATIAL_SQL = {
  s_intersects: 'ST_Intersects',
  s_within: 'ST_Within',
  s_contains: 'ST_Contains',
  s_disjoint: 'ST_Disjoint',
  s_crosses: 'ST_Crosses',
  s_touches: 'ST_Touches',
  s_overlaps: 'ST_Overlaps',
  s_equals: 'ST_Equals',
} as const

/** The SQL of a checked filter (call checkFilter first), for the row alias `alias`. */
export function filterSql(e: Expr, c: Collection, p: ParamList, alias = 't', crs: FilterCrs = CRS84_FILTER): string {
  const column = (name: string) => `${alias}.${fieldOf(c, name).name}`
  // A date against a time compares the time's East Africa Time calendar day.
  const scalar = (s: Scalar, other?: Scalar): string => {
    switch (s.kind) {
      case 'property': {
        const sql = column(s.name)
        return other?.kind === 'date' ? `(${sql} AT TIME ZONE '${TZ}')::date` : sql
      }
      case 'date':
        return `${p.add(s.value)}::date`
      case 'string':
        return `${p.add(s.value)}::text`
      case 'number':
        return `${p.add(s.value)}::float8`
      case 'boolean':
        return `${p.add(s.value)}::boolean`
      case 'timestamp':
        return `${p.add(new Date(s.value).toISOString())}::timestamptz`
    }
  }
  const geometry = (s: Spatial): string => {
    if (s.kind === 'property') return `${alias}.geom`
    let g = `ST_SetSRID(ST_GeomFromGeoJSON(${p.add(JSON.stringify(s.geometry))}::text), ${crs.srid})`
    if (crs.latFirst) g = `ST_FlipCoordinates(${g})`
    return crs.srid === 4326 ? g : `ST_Transform(${g}, 4326)`
  }
  // Each side of a temporal function as a closed interval [start, end]. Ends are built only when used: a parameter
  // that appears nowhere in the statement has no type, and the statement fails.
  const interval = (t: Temporal): [() => string, () => string] => {
    const instant = (s: Extract<Scalar, { kind: 'timestamp' | 'date' }>, end: boolean) =>
      s.kind === 'timestamp'
        ? scalar(s)
        : end
          ? `((${p.add(s.value)}::date + 1)::timestamp AT TIME ZONE '${TZ}' - interval '1 microsecond')`
          : `(${p.add(s.value)}::date::timestamp AT TIME ZONE '${TZ}')`
    if (t.kind === 'interval')
      return [
        () => (t.start ? instant(t.start, false) : `'-infinity'::timestamptz`),
        () => (t.end ? instant(t.end, true) : `'infinity'::timestamptz`),
      ]
    if (t.kind === 'property') return [() => column(t.name), () => column(t.name)]
    return [() => instant(t, false), () => instant(t, true)]
  }
  switch (e.op) {
    case 'and':
    case 'or':
      return `(${e.args.map((a) => filterSql(a, c, p, alias, crs)).join(e.op === 'and' ? ' AND ' : ' OR ')})`
    case 'not':
      return `(NOT ${filterSql(e.arg, c, p, alias, crs)})`
    case 'literal':
      return e.value ? 'TRUE' : 'FALSE'
    case 'compare':
      return `(${scalar(e.left, e.right)} ${e.cmp} ${scalar(e.right, e.left)})`
    case 'like':
      return `(${scalar(e.value)} LIKE ${scalar(e.pattern)})`
    case 'between':
      return `(${scalar(e.value, e.low)} BETWEEN ${scalar(e.low, e.value)} AND ${scalar(e.high, e.value)})`
    case 'in': {
      // One array parameter however long the list: the statement stays small and its plan reusable.
      const first = e.list[0]!
      const literalsOnly = e.list.every((x) => x.kind === first.kind && x.kind !== 'property')
      if (literalsOnly && first.kind !== 'date') {
        const type = SQL_TYPE[first.kind === 'string' ? 'text' : (first.kind as 'number' | 'boolean' | 'timestamp')]
        const values = e.list.map((x) =>
          x.kind === 'timestamp' ? new Date(x.value).toISOString() : (x as { value: unknown }).value,
        )
        return `(${scalar(e.value)} = ANY(${p.add(values)}::${type}[]))`
      }
      return `(${scalar(e.value, first)} IN (${e.list.map((x) => scalar(x, e.value)).join(', ')}))`
    }
    case 'isNull':
      return `(${scalar(e.value)} IS NULL)`
    case 'spatial': {
      const [a, b] = [geometry(e.left), geometry(e.right)]
      if (e.fn === 's_dwithin')
        return `ST_DWithin((${a})::geography, (${b})::geography, ${p.add(e.distance ?? 0)}::float8)`
      return `${SPATIAL_SQL[e.fn]}(${a}, ${b})`
    }
    case 'temporal': {
      const [[as, ae], [bs, be]] = [interval(e.left), interval(e.right)]
      switch (e.fn) {
        case 't_intersects':
          return `(${as()} <= ${be()} AND ${ae()} >= ${bs()})`
        case 't_disjoint':
          return `(${as()} > ${be()} OR ${ae()} < ${bs()})`
        case 't_before':
          return `(${ae()} < ${bs()})`
        case 't_after':
          return `(${as()} > ${be()})`
        case 't_during':
          return `(${as()} > ${bs()} AND ${ae()} < ${be()})`
        case 't_equals':
          return `(${as()} = ${bs()} AND ${ae()} = ${be()})`
        case 't_contains':
          return `(${as()} < ${bs()} AND ${ae()} > ${be()})`
        case 't_finishedby':
          return `(${as()} < ${bs()} AND ${ae()} = ${be()})`
        case 't_finishes':
          return `(${as()} > ${bs()} AND ${ae()} = ${be()})`
        case 't_meets':
          return `(${ae()} = ${bs()})`
        case 't_metby':
          return `(${as()} = ${be()})`
        case 't_overlappedby':
          return `(${as()} > ${bs()} AND ${as()} < ${be()} AND ${ae()} > ${be()})`
        case 't_overlaps':
          return `(${as()} < ${bs()} AND ${ae()} > ${bs()} AND ${ae()} < ${be()})`
        case 't_startedby':
          return `(${as()} = ${bs()} AND ${ae()} > ${be()})`
        case 't_starts':
          return `(${as()} = ${bs()} AND ${ae()} < ${be()})`
      }
    }
  }
}
