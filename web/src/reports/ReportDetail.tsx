import { Suspense, lazy, useEffect, useMemo, useState } from 'react'
import type { ReportStatus } from '../../../contract/reports.ts'
import { usePlaces } from '../api/places.ts'
import { reportAction, useReport } from '../api/reports.ts'
import { useI18n } from '../i18n/index.tsx'
import { POINT_COLORS, type MapPoint } from './map-points.ts'

// One report opened in the moderation queue: a map of it with the reports and incidents around it, the reporter's
// earlier reports (matched by the keyed hash of their phone, never shown), and the actions that need a choice:
// merge into a nearby report or incident, escalate to a police station or post of the area with a due time.

const ReportMap = lazy(() => import('./ReportMap.tsx'))

const NO_PLACES: never[] = []

/** Towns within this many degrees of the report (about 30 km) are drawn for orientation. */
const PLACES_DEG = 0.3

/** datetime-local's value for a time some hours from now, in the browser's zone. */
const localIn = (hours: number) => {
  const d = new Date(Date.now() + hours * 3_600_000)
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}

export function ReportDetail({ id, onDone }: { id: number; onDone(): void }) {
  const { t, v, date } = useI18n()
  const report = useReport(id)
  const detail = report.data ?? null
  const [actionError, setError] = useState<string | null>(null)
  const error = actionError ?? report.error?.message ?? null
  const [station, setStation] = useState('')
  const [due, setDue] = useState(() => localIn(24))
  // Towns for orientation on the report's map (the gazetteer the main map labels); none when they fail.
  const places = usePlaces().data?.features ?? NO_PLACES

  // The first station of the area is offered until the moderator picks another.
  const firstStation = detail?.stations[0]?.id
  useEffect(() => {
    setStation(firstStation === undefined ? '' : String(firstStation))
  }, [id, firstStation])

  const points = useMemo<MapPoint[]>(
    () =>
      detail
        ? [
            ...detail.nearby_reports.map((n) => ({ id: `r${n.id}`, lon: n.lon, lat: n.lat, kind: 'nearby' as const })),
            ...detail.recent_incidents.map((n) => ({
              id: `i${n.id}`,
              lon: n.lon,
              lat: n.lat,
              kind: 'incident' as const,
            })),
            ...places.flatMap((f) => {
              const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates as [number, number]
              return Math.abs(lon - detail.lon) < PLACES_DEG && Math.abs(lat - detail.lat) < PLACES_DEG
                ? [{ id: `p${f.id}`, lon, lat, kind: 'place' as const, label: String(f.properties.name) }]
                : []
            }),
          ]
        : [],
    [detail, places],
  )

  const act = async (action: 'merge' | 'escalate', body: unknown) => {
    setError(null)
    try {
      await reportAction(id, action, body)
      onDone()
    } catch (e) {
      setError((e as Error).message)
    }
  }

  if (!detail) return error ? <p role="alert">{error}</p> : <p className="muted">…</p>
  const open = detail.status === 'received' || detail.status === 'escalated'
  const km = (m: number) => `${(m / 1000).toFixed(1)} km`

  return (
    <div className="report-detail" data-testid="report-detail">
      <div>
        <Suspense fallback={<div className="report-map" />}>
          <ReportMap pin={{ lon: detail.lon, lat: detail.lat }} points={points} label="moderation.mapLabel" />
        </Suspense>
        <ul className="report-legend">
          {(['report', 'nearby', 'incident'] as const).map((k) => (
            <li key={k}>
              <span className="dot" style={{ background: POINT_COLORS[k] }} /> {t(`moderation.legend.${k}`)}
            </li>
          ))}
        </ul>
      </div>
      <div>
        {error && <p role="alert">{error}</p>}
        <h3>{t('moderation.nearby')}</h3>
        {detail.nearby_reports.length === 0 && <p className="muted">{t('moderation.none')}</p>}
        <ul>
          {detail.nearby_reports.map((n) => (
            <li key={`r${n.id}`} data-testid="nearby-report">
              {n.reference} · {v(n.theme)} · {t(`report.status.${n.status as ReportStatus}`)} · {km(n.distance_m)}{' '}
              {open && n.status !== 'rejected' && (
                <button type="button" onClick={() => void act('merge', { report_id: n.id })}>
                  {t('moderation.mergeInto')}
                </button>
              )}
            </li>
          ))}
        </ul>
        <h3>{t('moderation.incidents')}</h3>
        {detail.recent_incidents.length === 0 && <p className="muted">{t('moderation.none')}</p>}
        <ul>
          {detail.recent_incidents.map((n) => (
            <li key={`i${n.id}`} data-testid="nearby-incident">
              #{n.id} · {v(n.theme)} · {date(n.at)} · {km(n.distance_m)}{' '}
              {open && (
                <button type="button" onClick={() => void act('merge', { incident_id: n.id })}>
                  {t('moderation.mergeInto')}
                </button>
              )}
            </li>
          ))}
        </ul>
        <h3>{t('moderation.earlier')}</h3>
        {detail.earlier.length === 0 && <p className="muted">{t('moderation.none')}</p>}
        <ul>
          {detail.earlier.map((e) => (
            <li key={e.id} data-testid="earlier-report">
              {e.reference} · {v(e.theme)} · {t(`report.status.${e.status as ReportStatus}`)} · {date(e.received_at)}
            </li>
          ))}
        </ul>
        {open && (
          <form
            className="report-escalate"
            onSubmit={(e) => {
              e.preventDefault()
              void act('escalate', { facility_id: Number(station), due_at: new Date(due).toISOString() })
            }}
          >
            <h3>{t('moderation.escalate')}</h3>
            {detail.stations.length === 0 ? (
              <p className="muted">{t('moderation.noStations')}</p>
            ) : (
              <>
                <label>
                  {t('moderation.station')}{' '}
                  <select value={station} onChange={(e) => setStation(e.target.value)} name="station">
                    {detail.stations.map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.name} ({v(f.kind)}, {km(f.distance_m)})
                      </option>
                    ))}
                  </select>
                </label>{' '}
                <label>
                  {t('moderation.due')}{' '}
                  <input type="datetime-local" required value={due} onChange={(e) => setDue(e.target.value)} />
                </label>{' '}
                <button type="submit">{t('moderation.escalate')}</button>
              </>
            )}
          </form>
        )}
      </div>
    </div>
  )
}
