import { useState } from 'react'
import { runAnalysis, type GeoJsonCollection } from './client.ts'
import { useI18n } from '../i18n/index.tsx'
import { CORRIDOR_COLORS } from '../map/analysis-layers.ts'

// Patrol corridors: round trips from posts through hotspot clusters, best first. The panel owns the parameters and
// the list; the map layers are drawn by the parent with the rest of the analysis.

export interface CorridorResult extends GeoJsonCollection {
  clusters: { id: number; lon: number; lat: number; incidents: number; cells: number; reachable: boolean }[]
  posts: number
}

interface Props {
  scope: Record<string, string>
  season: 'dry' | 'wet'
  result: CorridorResult | null
  highlight: number | null
  onResult(r: CorridorResult): void
  onHighlight(rank: number | null): void
  onFocus(coords: number[][]): void
}

export function CorridorsSection({ scope, season, result, highlight, onResult, onHighlight, onFocus }: Props) {
  const { t, num } = useI18n()
  const [hours, setHours] = useState(4)
  const [buffer, setBuffer] = useState(5)
  const [k, setK] = useState(10)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function run() {
    setBusy(true)
    setError(null)
    try {
      onResult(
        await runAnalysis<CorridorResult>('patrol-corridors', {
          season,
          ...scope,
          patrol_hours: hours,
          buffer_km: buffer,
          k,
        }),
      )
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div data-testid="corridors">
      <form
        className="analysis-form"
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <label>
          {t('corr.hours')}
          <input
            type="number"
            min={0.5}
            max={24}
            step={0.5}
            value={hours}
            onChange={(e) => setHours(Number(e.target.value))}
          />
        </label>
        <label>
          {t('corr.buffer')}
          <input type="number" min={0} max={50} value={buffer} onChange={(e) => setBuffer(Number(e.target.value))} />
        </label>
        <label>
          {t('corr.k')}
          <input type="number" min={1} max={50} value={k} onChange={(e) => setK(Number(e.target.value))} />
        </label>
        <button type="submit" className="primary" disabled={busy} data-testid="corridors-run">
          {busy ? t('prio.running') : t('corr.run')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <p className="muted small">
            {t('corr.summary')
              .replace('{clusters}', String(result.clusters.length))
              .replace('{posts}', String(result.posts))}
          </p>
          <table className="ranking">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('corr.post')}</th>
                <th>{t('corr.hoursShort')}</th>
                <th>km</th>
                <th>{t('corr.weight')}</th>
                <th>{t('corr.score')}</th>
              </tr>
            </thead>
            <tbody>
              {result.features.map((f) => {
                const p = f.properties as {
                  rank: number
                  post_name: string
                  hours: number
                  km: number
                  hotspot_weight: number
                  score: number
                }
                return (
                  <tr
                    key={p.rank}
                    data-testid="corridor-row"
                    className={highlight === p.rank ? 'on' : ''}
                    tabIndex={0}
                    onMouseEnter={() => onHighlight(p.rank)}
                    onMouseLeave={() => onHighlight(null)}
                    onFocus={() => onHighlight(p.rank)}
                    onBlur={() => onHighlight(null)}
                    onClick={() => onFocus((f.geometry.coordinates as number[][][]).flat())}
                  >
                    <td>
                      <span
                        className="swatch line"
                        style={{ ['--c' as string]: CORRIDOR_COLORS[(p.rank - 1) % CORRIDOR_COLORS.length] }}
                      />{' '}
                      {p.rank}
                    </td>
                    <td>{p.post_name}</td>
                    <td>{num(p.hours, 1)}</td>
                    <td>{num(p.km, 1)}</td>
                    <td>{num(p.hotspot_weight)}</td>
                    <td>{num(p.score, 1)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {result.features.length === 0 && <p className="muted">{t('corr.none')}</p>}
          <p className="muted small">{t('corr.method')}</p>
        </>
      )}
    </div>
  )
}
