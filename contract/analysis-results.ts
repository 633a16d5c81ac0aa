import { z } from 'zod'
import { CorridorParams, CoverageParams, PriorityParams, ServiceAreaParams } from './analysis-params.ts'

// The shapes of the analyses' answers, for the OpenAPI document.

const Share = z.object({
  targets: z.number(),
  covered: z.number(),
  weight: z.number(),
  covered_weight: z.number(),
  share: z.number(),
})
const GroupShare = Share.extend({ code: z.string() })
const SourceRef = {
  source_id: z
    .number()
    .nullable()
    .meta({ description: 'Nearest source; null when none reaches it, or it lies outside your area' }),
  source_kind: z.string().nullable(),
  source_name: z.string().nullable(),
}
const Versions = {
  speeds_version: z.number(),
  data_versions: z.record(z.string(), z.number()),
  computed_ms: z.number(),
}
const Geometry = z.object({ type: z.string(), coordinates: z.array(z.unknown()) })

export const Network = z.object({
  nodes: z.number(),
  edges: z.number(),
  km: z.number(),
  snap_m: z.number(),
  snapped_endpoints: z.number(),
  build_ms: z.number(),
  components: z.number().meta({ description: 'Connected pieces of the whole network' }),
  largest_component_share: z.number(),
  usable_components: z.number().meta({ description: 'Connected pieces once impassable and unbuilt roads are removed' }),
  isolated: z
    .array(z.object({ edges: z.number(), km: z.number(), road_ids: z.array(z.number()) }))
    .meta({ description: 'The largest pieces cut off from the main network' }),
  stranded: z
    .array(
      z.object({
        edges: z.number(),
        km: z.number(),
        sources: z.number(),
        source_ids: z.array(z.number()),
        targets: z.number(),
        target_weight: z.number(),
        road_ids: z.array(z.number()),
      }),
    )
    .meta({
      description: 'Usable pieces other than the main one that hold sources or targets (what is stranded there)',
    }),
  stranded_pieces: z.number(),
  defects: z
    .object({
      crossings: z.number().meta({ description: 'Places two roads cross with no shared node: no turn possible' }),
      junctions: z.number(),
      unjoined_crossings: z.array(z.object({ lon: z.number(), lat: z.number(), road_ids: z.array(z.number()) })),
      dead_ends: z.number().meta({ description: 'Dead ends within 500 m of another road' }),
      dead_ends_near: z.array(
        z.object({
          lon: z.number(),
          lat: z.number(),
          road_id: z.number(),
          near_road_id: z.number(),
          gap_m: z.number(),
        }),
      ),
      layers: z.array(
        z.object({
          layer: z.string(),
          roads: z.number(),
          crossings: z.number(),
          junctions: z.number(),
          flagged: z
            .boolean()
            .meta({ description: 'Crosses the other layers far more often than it meets them: not noded' }),
        }),
      ),
    })
    .meta({ description: 'Topology defects measured in PostGIS (at most 200 of each listed; counts complete)' }),
})

const CauseTotals = z.object({
  uncovered_weight: z.number(),
  offroad_weight: z.number().meta({
    description: 'Weight whose off-road leg alone exceeds the threshold: posts, not roads, would close it',
  }),
  no_source_weight: z
    .number()
    .meta({ description: 'Weight on a part of the road network no source reaches, even with every road upgraded' }),
  too_far_weight: z.number().meta({ description: 'Weight too far along the network: upgrades may close it' }),
  offroad_targets: z.number(),
  no_source_targets: z.number(),
  too_far_targets: z.number(),
})
const GroupCauses = CauseTotals.extend({ code: z.string() })

export const CoverageResult = z.object({
  params: CoverageParams,
  network: Network,
  sources: z.object({ count: z.number(), attached: z.number() }),
  summary: z.object({ national: Share, regions: z.array(GroupShare), counties: z.array(GroupShare) }),
  gap_causes: z.object({ national: CauseTotals, regions: z.array(GroupCauses), counties: z.array(GroupCauses) }),
  targets: z.array(
    z.object({
      kind: z.string(),
      id: z.number(),
      name: z.string(),
      county_code: z.string().nullable(),
      region_code: z.string().nullable(),
      weight: z.number(),
      minutes: z
        .number()
        .nullable()
        .meta({ description: 'Travel minutes from the nearest source; null = unreachable' }),
      covered: z.boolean(),
      offroad_km: z.number().nullable().meta({ description: 'Distance to the nearest road; null = none in reach' }),
      cause: z
        .enum(['offroad', 'no_source', 'too_far'])
        .nullable()
        .meta({ description: 'Why an uncovered target is not covered; null when covered' }),
      ...SourceRef,
    }),
  ),
  gaps: z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        geometry: Geometry,
        properties: z.object({
          score: z.number().meta({ description: 'Σ target weight × minutes beyond the threshold' }),
          targets: z.number(),
          uncovered: z.number(),
          uncovered_weight: z.number(),
          worst_minutes: z.number().nullable(),
        }),
      }),
    ),
  }),
  ...Versions,
})

export const ServiceAreaResult = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: Geometry,
      properties: z.object({ band_min: z.number(), from_min: z.number(), km: z.number() }),
    }),
  ),
  params: ServiceAreaParams,
  sources: z.number(),
  ...Versions,
})

export const PriorityResult = z.object({
  params: PriorityParams,
  budget: z.object({ unit: z.enum(['km', 'kes']), amount: z.number(), spent: z.number() }),
  before: Share,
  after: Share,
  counties: z.array(GroupShare.extend({ before: z.number().nullable() })),
  candidates: z.number(),
  evaluations: z.number(),
  picks: z.array(
    z.object({
      rank: z.number(),
      road_id: z.number(),
      name: z.string(),
      county_code: z.string().nullable(),
      region_code: z.string().nullable(),
      road_class: z.string(),
      surface: z.string(),
      condition: z.string(),
      status: z.string(),
      km: z.number(),
      cost: z.number(),
      gain: z.number().meta({
        description: 'Covered weight after this pick and the earlier ones, minus after the earlier ones alone',
      }),
      gain_per_unit: z.number().nullable(),
      cumulative_cost: z.number(),
      cumulative_share: z.number(),
      guaranteed: z.boolean().meta({ description: 'Picked for the minimum per county' }),
      why: z.array(
        z.object({
          effect: z
            .enum(['covered', 'faster', 'slower'])
            .meta({ description: 'Brought within the threshold, faster but still beyond it, or slower' }),
          kind: z.string(),
          id: z.number(),
          name: z.string(),
          weight: z.number(),
          lon: z.number(),
          lat: z.number(),
          minutes_before: z.number().nullable(),
          minutes_after: z.number().nullable(),
          ...SourceRef,
        }),
      ),
      geometry: z
        .discriminatedUnion('type', [
          z.object({ type: z.literal('LineString'), coordinates: z.array(z.array(z.number())) }),
          z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(z.array(z.number()))) }),
        ])
        .meta({
          description:
            'The road, cut to your area: a MultiLineString where it leaves and re-enters it (km and cost are of the whole road)',
        }),
    }),
  ),
  curve: z.array(z.object({ cost: z.number(), share: z.number() })),
  rank_ms: z.number(),
  ...Versions,
})

export const CorridorResult = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: Geometry,
      properties: z.object({
        rank: z.number(),
        post_id: z.number(),
        post_name: z.string(),
        post_kind: z.string(),
        hours: z.number(),
        km: z.number(),
        hotspot_weight: z
          .number()
          .meta({ description: 'Incidents in hot cells within the buffer, not counted by a higher pick' }),
        score: z.number().meta({ description: 'hotspot_weight per hour of patrol' }),
        clusters_visited: z.array(z.number()),
        clusters_within: z.array(z.number()),
        cells_within: z.number().meta({ description: 'Hot cells within the buffer of the route’s roads' }),
        offroad_km: z.number().meta({ description: 'Walked between the post and its road, both ways' }),
      }),
    }),
  ),
  clusters: z.array(
    z.object({
      id: z.number(),
      lon: z.number(),
      lat: z.number(),
      incidents: z.number(),
      cells: z.number(),
      hexagons: z.array(Geometry).meta({ description: 'The cluster’s hot cells' }),
      reachable: z.boolean().meta({ description: 'A road passes within the buffer of one of its cells' }),
      no_corridor: z
        .enum(['offroad_only', 'unreachable_this_season', 'no_post_within_patrol', 'outranked'])
        .nullable()
        .meta({ description: 'Why no returned corridor patrols it; null when one does' }),
    }),
  ),
  shortfall: z
    .object({ asked: z.number(), returned: z.number(), why: z.string() })
    .nullable()
    .meta({ description: 'Set when fewer corridors than asked are returned' }),
  params: CorridorParams,
  posts: z.number(),
  ...Versions,
})

export const JobBody = z.object({
  job: z.object({
    id: z.string(),
    kind: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    phase: z.string(),
    done: z.number().nullable(),
    total: z.number().nullable(),
    started_at: z.string(),
    error: z.string().nullable(),
  }),
})
