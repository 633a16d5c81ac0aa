import type { Geometry } from 'geojson'

// The abstract syntax of a CQL2 filter (OGC API – Features Part 3), shared by the text and JSON parsers and the SQL
// compiler. Both encodings parse into this one tree, so every check and every SQL fragment exists once.

export type Comparison = '=' | '<>' | '<' | '>' | '<=' | '>='

export const SPATIAL_FUNCTIONS = [
  's_intersects',
  's_within',
  's_contains',
  's_disjoint',
  's_crosses',
  's_touches',
  's_overlaps',
  's_equals',
  's_dwithin',
] as const
export type SpatialFunction = (typeof SPATIAL_FUNCTIONS)[number]

export const TEMPORAL_FUNCTIONS = [
  't_after',
  't_before',
  't_contains',
  't_disjoint',
  't_during',
  't_equals',
  't_finishedby',
  't_finishes',
  't_intersects',
  't_meets',
  't_metby',
  't_overlappedby',
  't_overlaps',
  't_startedby',
  't_starts',
] as const
export type TemporalFunction = (typeof TEMPORAL_FUNCTIONS)[number]

export type Scalar =
  | { kind: 'property'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'timestamp'; value: string }
  | { kind: 'date'; value: string }

export type Temporal =
  | Extract<Scalar, { kind: 'property' | 'timestamp' | 'date' }>
  /** Open ends are undefined ('..'). */
  | {
      kind: 'interval'
      start?: Extract<Scalar, { kind: 'timestamp' | 'date' }>
      end?: Extract<Scalar, { kind: 'timestamp' | 'date' }>
    }

export type Spatial = { kind: 'property'; name: string } | { kind: 'geometry'; geometry: Geometry }

export type Expr =
  | { op: 'and' | 'or'; args: Expr[] }
  | { op: 'not'; arg: Expr }
  | { op: 'literal'; value: boolean }
  | { op: 'compare'; cmp: Comparison; left: Scalar; right: Scalar }
  | { op: 'like'; value: Scalar; pattern: Scalar }
  | { op: 'between'; value: Scalar; low: Scalar; high: Scalar }
  | { op: 'in'; value: Scalar; list: Scalar[] }
  | { op: 'isNull'; value: Scalar }
  | { op: 'spatial'; fn: SpatialFunction; left: Spatial; right: Spatial; distance?: number }
  | { op: 'temporal'; fn: TemporalFunction; left: Temporal; right: Temporal }

/** A filter that cannot be understood; `at` is the offending token (text) or JSON path. */
export class FilterError extends Error {
  constructor(
    message: string,
    readonly at?: string,
  ) {
    super(at ? `${message} (at ${at})` : message)
  }
}

/** Bounds that keep one request's filter cheap to parse and to plan, whatever it contains. */
export const LIMITS = { length: 20_000, depth: 24, nodes: 500, inList: 1000, coordinates: 20_000 } as const
