// What the report pages' small map draws (web/src/reports/ReportMap.tsx, a lazy chunk), kept apart so the pages and
// the legend can use it without loading the map.

export interface MapPoint {
  id: string
  lon: number
  lat: number
  kind: PointKind
  /** Drawn as text (a place's name); never HTML. */
  label?: string
}
export type PointKind = 'place' | 'report' | 'nearby' | 'incident'

/** One colour per kind, shared with the legend under the moderation map. */
export const POINT_COLORS: Record<PointKind, string> = {
  place: '#222222',
  report: '#d7191c',
  nearby: '#f49a3c',
  incident: '#2c7bb6',
}
