import { Suspense, lazy, useState } from 'react'
import { RIGHTS } from '../../../contract/rights.ts'
import { ApiError, type User } from '../api/client.ts'
import { useI18n } from '../i18n/index.tsx'
import { flightAction, useFlight, type FlightDetail } from './api.ts'
import type { Focus } from './RouteMap.tsx'
import { actionName, evidenceText, factorName, fill, outcomeName, reassessmentText, statusName } from './words.ts'

// The request page: legs, the recommendation with its reasons, each leg's factors with their evidence on the map, the
// conditions and agencies, the workflow buttons and the history.

// The legs' map (MapLibre) is a chunk of its own, loaded with the first request page.
const RouteMap = lazy(() => import('./RouteMap.tsx').then((m) => ({ default: m.RouteMap })))

export function FlightPage({ id, user }: { id: number; user: User }) {
  const i18n = useI18n()
  const { t } = i18n
  const flight = useFlight(id)
  const f: FlightDetail | null = flight.data ?? null
  const [actionError, setError] = useState<string | null>(null)
  const error = actionError ?? flight.error?.message ?? null
  const [reason, setReason] = useState('')
  const [condition, setCondition] = useState('')
  const [focus, setFocus] = useState<Focus | null>(null)
  if (error && !f) return <p className="error">{error}</p>
  if (!f) return <p>{t('app.loading')}</p>
  const reviewer = RIGHTS[user.role].flights === 'review'
  const run = async (
    action: Parameters<typeof flightAction>[1],
    body: { reason?: string; conditions?: string[] } = {},
  ) => {
    setError(null)
    try {
      // The answer is the request's new state; flightAction puts it in the cache, so this page shows it at once.
      await flightAction(f.id, action, { reason: reason || undefined, ...body })
      setReason('')
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }
  const mine = user.organisation === f.organisation || reviewer
  const a = f.assessment
  const agencies = (list: string[]) => list.map((x) => x.toUpperCase()).join(', ') || t('fl.page.none')
  return (
    <article className="flight-page" data-testid="flight-page" data-status={f.status}>
      <h1>
        {fill(t('fl.page.flight'), { id: f.id })}: {f.aircraft_registration} ({f.aircraft_type}) ·{' '}
        <span data-testid="flight-status" data-value={f.status}>
          {statusName(i18n, f.status)}
        </span>
      </h1>
      {f.reassessment_reason && (
        <p className="flag" role="alert" data-testid="reassessment-flag">
          ⚑ {f.reassessment ? reassessmentText(i18n, f.reassessment) : f.reassessment_reason}
        </p>
      )}
      {f.clearance_number && f.valid_from && f.valid_to && (
        <p>
          {t('fl.page.clearance')} <strong data-testid="clearance-number">{f.clearance_number}</strong>,{' '}
          {fill(t('fl.page.valid'), { from: i18n.date(f.valid_from), to: i18n.date(f.valid_to) })}{' '}
          <a href={`/api/flights/${f.id}/letter.pdf`} download data-testid="letter-link">
            {t('fl.page.letter')}
          </a>{' '}
          <a href={`/api/flights/${f.id}/letter.pdf?lang=sw`} download>
            {t('fl.page.letterSw')}
          </a>
        </p>
      )}
      <p>
        {f.organisation} · {f.contact_name} · {f.purpose} ·{' '}
        {fill(t('fl.page.load'), { n: i18n.num(f.passengers), kg: i18n.num(f.cargo_kg) })}
      </p>
      <div className="flight-columns">
        <div>
          <h2>{t('fl.page.legs')}</h2>
          <ol data-testid="flight-legs">
            {f.legs.map((l) => (
              <li key={l.seq}>
                {l.from.name} {l.from.ident && `(${l.from.ident})`} → {l.to.name} {l.to.ident && `(${l.to.ident})`}:{' '}
                {i18n.date(l.departs_at)} – {i18n.date(l.arrives_at)}
              </li>
            ))}
          </ol>
          {a && (
            <>
              <h2>
                {t('fl.page.recommendation')}:{' '}
                <span data-testid="recommendation" data-value={a.recommendation}>
                  {outcomeName(i18n, a.recommendation)}
                </span>
              </h2>
              <ul className="reasons">
                {a.reasons
                  .filter((r) => r.outcome !== 'clear')
                  .map((r, i) => (
                    <li key={i}>
                      {fill(t('fl.page.leg'), { n: r.leg })}: {outcomeName(i18n, r.outcome)}: {r.reason}
                    </li>
                  ))}
              </ul>
              {a.legs.map((leg) => (
                <details key={leg.seq} open={leg.seq === 1} data-testid={`factors-${leg.seq}`}>
                  <summary>{fill(t('fl.page.legFactors'), { n: leg.seq })}</summary>
                  <table className="factors">
                    <thead>
                      <tr>
                        <th>{t('fl.page.factor')}</th>
                        <th>{t('fl.page.value')}</th>
                        <th>{t('fl.page.evidence')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {leg.factors
                        .filter((x) => x.code !== 'legs')
                        .map((x) => {
                          const key = `${leg.seq}:${x.code}`
                          const shown = x.evidence.filter((e) => e.geometry)
                          return (
                            <tr key={x.code} data-factor={x.code} className={focus?.key === key ? 'focused' : ''}>
                              <td>{factorName(i18n, x)}</td>
                              <td>{i18n.num(x.value, 1)}</td>
                              <td>
                                {shown.length > 0 && (
                                  <button
                                    type="button"
                                    className="show-on-map"
                                    data-testid={`show-${leg.seq}-${x.code}`}
                                    onClick={() =>
                                      setFocus({
                                        key,
                                        geometries: shown.map((e) => e.geometry as Focus['geometries'][number]),
                                      })
                                    }
                                  >
                                    {t('fl.page.showOnMap')}
                                  </button>
                                )}
                                {x.evidence.slice(0, 5).map((e, i) => (
                                  <button
                                    key={i}
                                    type="button"
                                    className="evidence"
                                    disabled={!e.geometry}
                                    onClick={() =>
                                      setFocus({
                                        key: `${key}:${i}`,
                                        geometries: [e.geometry as Focus['geometries'][number]],
                                      })
                                    }
                                  >
                                    {evidenceText(i18n, e)}
                                  </button>
                                ))}
                              </td>
                            </tr>
                          )
                        })}
                    </tbody>
                  </table>
                </details>
              ))}
            </>
          )}
        </div>
        <Suspense fallback={<div className="route-map" aria-busy="true" />}>
          <RouteMap flight={f} focus={focus} label={t('fl.page.mapLabel')} />
        </Suspense>
      </div>
      <section className="flight-actions">
        <h2>{t('fl.page.conditions')}</h2>
        <ul data-testid="conditions">
          {f.conditions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <p>
          {t('fl.page.agencies')}: {agencies(a?.agencies ?? [])}; {t('fl.page.waiting')}:{' '}
          <span data-testid="pending-agencies" data-value={f.pending_agencies.join(',')}>
            {agencies(f.pending_agencies)}
          </span>
        </p>
        <label>
          {t('fl.page.reason')} <input value={reason} onChange={(e) => setReason(e.target.value)} name="reason" />
        </label>
        <div className="buttons">
          {mine && f.status === 'draft' && (
            <button type="button" onClick={() => void run('submit')} data-action="submit">
              {t('fl.action.submit')}
            </button>
          )}
          {reviewer && (f.status === 'submitted' || f.reassessment_reason) && (
            <button type="button" onClick={() => void run('review')} data-action="review">
              {t('fl.action.review')}
            </button>
          )}
          {user.agency && f.pending_agencies.includes(user.agency) && (
            <button type="button" onClick={() => void run('concur')} data-action="concur">
              {t('fl.action.concur')} ({user.agency.toUpperCase()})
            </button>
          )}
          {reviewer && f.status === 'under_review' && (
            <>
              <input
                placeholder={t('fl.page.condition')}
                aria-label={t('fl.page.condition')}
                value={condition}
                onChange={(e) => setCondition(e.target.value)}
                name="condition"
              />
              {/* A typed condition goes with the clearance: clearing never drops what the officer wrote. */}
              <button
                type="button"
                onClick={() =>
                  void run('clear', condition.trim() ? { conditions: [condition.trim()] } : {}).then(() =>
                    setCondition(''),
                  )
                }
                data-action="clear"
              >
                {condition.trim() ? t('fl.action.clearWith') : t('fl.action.clear')}
              </button>
              <button type="button" onClick={() => void run('decline')} data-action="decline">
                {t('fl.action.decline')}
              </button>
            </>
          )}
          {mine && ['draft', 'submitted', 'under_review', 'cleared', 'cleared_with_conditions'].includes(f.status) && (
            <button type="button" onClick={() => void run('withdraw')} data-action="withdraw">
              {t('fl.action.withdraw')}
            </button>
          )}
        </div>
        {error && (
          <p className="error" role="alert" data-testid="flight-error">
            {error}
          </p>
        )}
      </section>
      <section>
        <h2>{t('fl.page.history')}</h2>
        <ul data-testid="transitions">
          {f.transitions.map((x, i) => (
            <li key={i}>
              {i18n.date(x.at)}: {x.actor} · {actionName(i18n, x.action)} ({statusName(i18n, x.from_status)} →{' '}
              {statusName(i18n, x.to_status)}){x.reason ? `: ${x.reason}` : ''}
            </li>
          ))}
          {f.versions
            .filter((v) => v.changes.length)
            .map((v) => (
              <li key={`v${v.version}`}>
                {fill(t('fl.page.version'), {
                  v: v.version,
                  who: v.actor,
                  fields: v.changes.map((c) => c.field).join(', '),
                })}
              </li>
            ))}
        </ul>
      </section>
    </article>
  )
}
