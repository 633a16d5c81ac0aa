import { api } from '../api/client.ts'
import { csvCell } from '../map/export.ts'

// The analyses over HTTP: a run answers at once (200) or with a job to poll (202) for long runs.

export interface Share {
  targets: number
  covered: number
  weight: number
  covered_weight: number
  share: number
}
export interface Why {
  /** Brought within the threshold, or faster but still beyond it (an upgrade never slows a target). */
  effect: 'covered' | 'faster' | 'slower'
  kind: string
  id: number
  name: string
  weight: number
  lon: number
  lat: number
  minutes_before: number | null
  minutes_after: number | null
  source_id: number | null
  source_kind: string | null
  source_name: string | null
}
export interface PriorityPick {
  rank: number
  road_id: number
  name: string
  county_code: string | null
  region_code: string | null
  road_class: string
  surface: string
  condition: string
  status: string
  km: number
  cost: number
  gain: number
  gain_per_unit: number | null
  cumulative_cost: number
  cumulative_share: number
  guaranteed: boolean
  why: Why[]
  geometry: { type: 'LineString'; coordinates: number[][] }
}
export interface PriorityResult {
  budget: { unit: 'km' | 'kes'; amount: number; spent: number }
  before: Share
  after: Share
  candidates: number
  picks: PriorityPick[]
  curve: { cost: number; share: number }[]
  computed_ms: number
  rank_ms: number
}
export interface GeoJsonCollection {
  type: 'FeatureCollection'
  features: { type: 'Feature'; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[]
}
/** Uncovered weight by cause: beyond any road, on a piece of network no post reaches, or too far along it. */
export interface GapCauses {
  uncovered_weight: number
  offroad_weight: number
  no_source_weight: number
  too_far_weight: number
}
export interface CoverageResult {
  summary: { national: Share }
  gap_causes: {
    national: GapCauses
    regions: (GapCauses & { code: string })[]
    counties: (GapCauses & { code: string })[]
  }
  gaps: GeoJsonCollection
  network: {
    edges: number
    components: number
    usable_components: number
    defects: {
      crossings: number
      dead_ends: number
      unjoined_crossings: { lon: number; lat: number }[]
      dead_ends_near: { lon: number; lat: number }[]
    }
  }
}

type Job = { job: { id: string; status: string; phase: string; done: number | null; total: number | null } }

export async function runAnalysis<T>(
  name: 'coverage' | 'service-areas' | 'road-priorities' | 'patrol-corridors',
  params: object,
  onPhase?: (phase: string) => void,
): Promise<T> {
  let res = await api<T | Job>(`/api/analysis/${name}`, { method: 'POST', json: params })
  while (res && typeof res === 'object' && 'job' in res && (res as Job).job.status === 'running') {
    onPhase?.((res as Job).job.phase)
    await new Promise((r) => setTimeout(r, 400))
    res = await api<T | Job>(`/api/analysis/jobs/${(res as Job).job.id}`)
  }
  return res as T
}

/** The ranking as CSV: one row per pick, with the targets it brings in. */
export function rankingCsv(r: PriorityResult): string {
  const head = [
    'rank',
    'road_id',
    'name',
    'county_code',
    'road_class',
    'surface',
    'condition',
    'status',
    'km',
    `cost_${r.budget.unit}`,
    'gain',
    'cumulative_cost',
    'cumulative_share',
    'guaranteed',
    'targets_brought_in',
  ]
  const rows = r.picks.map((p) => [
    p.rank,
    p.road_id,
    p.name,
    p.county_code,
    p.road_class,
    p.surface,
    p.condition,
    p.status,
    p.km,
    p.cost,
    p.gain,
    p.cumulative_cost,
    p.cumulative_share.toFixed(4),
    p.guaranteed,
    p.why.map((w) => `${w.kind} ${w.id}`).join('; '),
  ])
  return [head, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

export function rankingGeoJson(r: PriorityResult): GeoJsonCollection {
  return {
    type: 'FeatureCollection',
    features: r.picks.map(({ geometry, why, ...props }) => ({
      type: 'Feature',
      geometry,
      properties: {
        ...props,
        targets_brought_in: why.map((w) => ({
          kind: w.kind,
          id: w.id,
          minutes_before: w.minutes_before,
          minutes_after: w.minutes_after,
        })),
      },
    })),
  }
}
