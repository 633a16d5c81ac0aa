import { useEffect, useState } from 'react'
import type { AnalysisConfig } from '../../../contract/analysis-speeds.ts'
import { ApiError } from '../api/client.ts'
import { saveSpeeds, useSpeeds } from '../api/analysis.ts'
import { useI18n } from '../i18n/index.tsx'

// The speed and cost tables the analyses run on: read by every analyst, edited by planners and admins. Saved as a
// whole with the version that was read (If-Match), so two people's edits never silently overwrite each other.

const CLASSES = ['A', 'B', 'C', 'D', 'E', 'unclassified', 'track'] as const
const SURFACES = ['paved', 'gravel', 'earth'] as const
const CONDITIONS = ['good', 'fair', 'poor', 'impassable'] as const

type Config = AnalysisConfig

export function SpeedTable({ editable, onSaved }: { editable: boolean; onSaved(): void }) {
  const { t, v, num } = useI18n()
  const answer = useSpeeds()
  const stored = answer.data
  const [draft, setDraft] = useState<Config | null>(null)
  const [condition, setCondition] = useState<(typeof CONDITIONS)[number]>('good')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  // The draft starts from the tables as read, and again whenever they are read anew (after a save).
  useEffect(() => {
    if (stored) setDraft(stored.config)
  }, [stored])
  useEffect(() => {
    if (answer.error) setMessage({ ok: false, text: answer.error.message })
  }, [answer.error])
  if (!draft || !stored) return <p className="muted">{t('app.loading')}</p>

  const speed = (k: string, s: string) =>
    draft.speeds.find((r) => r.road_class === k && r.surface === s && r.condition === condition)!.kmh
  const setSpeed = (k: string, s: string, kmh: number) =>
    setDraft({
      ...draft,
      speeds: draft.speeds.map((r) =>
        r.road_class === k && r.surface === s && r.condition === condition ? { ...r, kmh } : r,
      ),
    })
  const changed = JSON.stringify(draft) !== JSON.stringify(stored.config)

  async function save() {
    try {
      const saved = await saveSpeeds(draft!, stored!.version)
      setDraft(saved.config)
      setMessage({ ok: true, text: t('speeds.saved') })
      onSaved()
    } catch (e) {
      setMessage({
        ok: false,
        text: e instanceof ApiError && e.status === 412 ? t('speeds.stale') : (e as Error).message,
      })
    }
  }

  return (
    <div className="speed-table" data-testid="speed-table">
      <p className="muted small">
        {t('speeds.lead')} {t('speeds.version')} {stored.version}
        {stored.updated_by ? ` · ${stored.updated_by}` : ` · ${t('speeds.defaults')}`}
      </p>
      <label className="inline-field">
        {t('speeds.condition')}
        <select value={condition} onChange={(e) => setCondition(e.target.value as never)}>
          {CONDITIONS.map((c) => (
            <option key={c} value={c}>
              {v(c)}
            </option>
          ))}
        </select>
      </label>
      <table className="ranking">
        <thead>
          <tr>
            <th>{t('speeds.class')}</th>
            {SURFACES.map((s) => (
              <th key={s}>{v(s)} km/h</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {CLASSES.map((k) => (
            <tr key={k}>
              <td>{v(k)}</td>
              {SURFACES.map((s) => (
                <td key={s}>
                  {editable ? (
                    <input
                      type="number"
                      min={0}
                      max={200}
                      aria-label={`${v(k)} ${v(s)} ${v(condition)}`}
                      value={speed(k, s)}
                      onChange={(e) => setSpeed(k, s, Number(e.target.value))}
                    />
                  ) : (
                    num(speed(k, s))
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="analysis-form">
        {SURFACES.map((s) => (
          <label key={s}>
            {t('speeds.wet')} · {v(s)}
            <input
              type="number"
              min={0}
              max={1}
              step={0.05}
              disabled={!editable}
              value={draft.wet_season[s]}
              onChange={(e) => setDraft({ ...draft, wet_season: { ...draft.wet_season, [s]: Number(e.target.value) } })}
            />
          </label>
        ))}
        <label>
          {t('speeds.offroad')}
          <input
            type="number"
            min={0.5}
            max={60}
            step={0.5}
            disabled={!editable}
            value={draft.offroad_kmh}
            onChange={(e) => setDraft({ ...draft, offroad_kmh: Number(e.target.value) })}
          />
        </label>
        <label>
          {t('speeds.snap')}
          <input
            type="number"
            min={0}
            max={500}
            disabled={!editable}
            value={draft.snap_m}
            onChange={(e) => setDraft({ ...draft, snap_m: Number(e.target.value) })}
          />
        </label>
      </div>
      {editable && (
        <div className="exports">
          <button
            type="button"
            className="primary"
            disabled={!changed}
            onClick={() => void save()}
            data-testid="speeds-save"
          >
            {t('speeds.save')}
          </button>
          <button type="button" disabled={!changed} onClick={() => setDraft(stored.config)}>
            {t('speeds.reset')}
          </button>
        </div>
      )}
      {message && (
        <p className={message.ok ? 'muted' : 'error'} role="status">
          {message.text}
        </p>
      )}
    </div>
  )
}
