import type { z } from 'zod'
import type {
  CoverageResult as CoverageSchema,
  PriorityResult as PrioritySchema,
} from '../../../contract/analysis-results.ts'
import { api } from '../api/client.ts'
import { csvCell } from '../map/export.ts'

// The analyses over HTTP: a run answers at once (200) or with a job to poll (202) for long runs.

// The answers' types are the server's own schemas (contract/analysis-results.ts), so the two cannot drift.
export type CoverageResult = z.infer<typeof CoverageSchema>
export type PriorityResult = z.infer<typeof PrioritySchema>
export type PriorityPick = PriorityResult['picks'][number]
export type Why = PriorityPick['why'][number]
export type Share = PriorityResult['before']
/** Uncovered weight by cause: beyond any road, on a piece of network no post reaches, or too far along it. */
export type GapCauses = CoverageResult['gap_causes']['national']
export interface GeoJsonCollection {
  type: 'FeatureCollection'
  features: { type: 'Feature'; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[]
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
