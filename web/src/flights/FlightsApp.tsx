import { useCallback, useEffect, useState } from 'react'
import { FLIGHT_STATUSES, type LegInput } from '../../../contract/flights.ts'
import { RIGHTS } from '../../../contract/rights.ts'
import { ApiError, type User } from '../api/client.ts'
import { useI18n } from '../i18n/index.tsx'
import { LanguageSwitch } from '../shell/LanguageSwitch.tsx'
import { createFlight, useFlights, useNotifications, type FlightRow } from './api.ts'
import { Calendar } from './Calendar.tsx'
import { Closures } from './Closures.tsx'
import { StripInput } from './StripInput.tsx'
import { FlightPage } from './FlightPage.tsx'
import { fill, outcomeName, reassessmentText, statusName } from './words.ts'
import './flights.css'

// Humanitarian flight clearance: the operator's own list and request form, the officer's queue, a request page with
// its legs and factors on a map, the agencies' concurrence, and a calendar of flights per airstrip.
// Addresses: /flights, /flights/new, /flights/{id}, /flights/calendar, /flights/closures.

type View =
  { name: 'list' } | { name: 'new' } | { name: 'detail'; id: number } | { name: 'calendar' } | { name: 'closures' }

function parse(path: string): View {
  const [, , second] = path.split('/')
  if (second === 'new') return { name: 'new' }
  if (second === 'calendar') return { name: 'calendar' }
  if (second === 'closures') return { name: 'closures' }
  if (second && /^\d+$/.test(second)) return { name: 'detail', id: Number(second) }
  return { name: 'list' }
}
const pathOf = (v: View) =>
  v.name === 'detail' ? `/flights/${v.id}` : v.name === 'list' ? '/flights' : `/flights/${v.name}`

export function FlightsApp({ user, onExit, onSignOut }: { user: User; onExit?(): void; onSignOut?(): void }) {
  const { t } = useI18n()
  const [view, setView] = useState<View>(() => parse(window.location.pathname))
  useEffect(() => {
    const onPop = () => setView(parse(window.location.pathname))
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])
  const go = useCallback((v: View) => {
    history.pushState(null, '', pathOf(v))
    setView(v)
  }, [])
  const reviewer = RIGHTS[user.role].flights === 'review'
  const files = RIGHTS[user.role].flights !== null
  return (
    <div className="flights">
      <header className="flights-bar">
        <strong>{t('fl.title')}</strong>
        <nav>
          <a
            href="/flights"
            onClick={(e) => (e.preventDefault(), go({ name: 'list' }))}
            data-testid="flights-list-link"
          >
            {reviewer ? t('fl.nav.queue') : t('fl.nav.requests')}
          </a>
          {files && (
            <a href="/flights/new" onClick={(e) => (e.preventDefault(), go({ name: 'new' }))} data-testid="flights-new">
              {t('fl.nav.new')}
            </a>
          )}
          <a href="/flights/calendar" onClick={(e) => (e.preventDefault(), go({ name: 'calendar' }))}>
            {t('fl.nav.calendar')}
          </a>
          {reviewer && (
            <a
              href="/flights/closures"
              onClick={(e) => (e.preventDefault(), go({ name: 'closures' }))}
              data-testid="flights-closures"
            >
              {t('fl.nav.closures')}
            </a>
          )}
          {onExit && (
            <a href="/" onClick={(e) => (e.preventDefault(), onExit())}>
              {t('fl.nav.map')}
            </a>
          )}
        </nav>
        <span className="who">
          {user.display_name}
          {user.organisation ? ` · ${user.organisation}` : ''}
          {user.agency ? ` · ${user.agency.toUpperCase()}` : ''}
        </span>
        <LanguageSwitch />
        {onSignOut && (
          <button type="button" onClick={onSignOut} data-testid="flights-signout">
            {t('user.signout')}
          </button>
        )}
      </header>
      {reviewer && <Notifications onOpen={(id) => go({ name: 'detail', id })} />}
      <main className="flights-main">
        {view.name === 'list' && <FlightList reviewer={reviewer} onOpen={(id) => go({ name: 'detail', id })} />}
        {view.name === 'new' && <NewRequest user={user} onCreated={(id) => go({ name: 'detail', id })} />}
        {view.name === 'detail' && <FlightPage id={view.id} user={user} />}
        {view.name === 'calendar' && <Calendar onOpen={(id) => go({ name: 'detail', id })} />}
        {view.name === 'closures' && reviewer && <Closures />}
      </main>
    </div>
  )
}

function Notifications({ onOpen }: { onOpen(id: number): void }) {
  const i18n = useI18n()
  const notes = (useNotifications().data?.notifications ?? []).filter((n) => !n.read_at).slice(0, 5)
  if (!notes.length) return null
  return (
    <ul className="flight-notes" data-testid="flight-notifications">
      {notes.map((n) => (
        <li key={n.id}>
          <button type="button" onClick={() => n.request_id && onOpen(n.request_id)}>
            {n.facts
              ? `${fill(i18n.t('fl.reassess.note'), {
                  id: n.facts.flight,
                  registration: n.facts.registration,
                  clearance: n.facts.clearance_number ?? '–',
                })} ${reassessmentText(i18n, n.facts.changes)}`
              : n.message}
          </button>
        </li>
      ))}
    </ul>
  )
}

function FlightList({ reviewer, onOpen }: { reviewer: boolean; onOpen(id: number): void }) {
  const i18n = useI18n()
  const { t } = i18n
  const [status, setStatus] = useState('')
  const listed = useFlights(status ? `status=${status}` : '')
  const rows: FlightRow[] | null = listed.data?.flights ?? null
  const error = listed.error?.message ?? null
  return (
    <section>
      <h1>{reviewer ? t('fl.list.queue') : t('fl.list.requests')}</h1>
      <label>
        {t('fl.list.status')}{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="flight-status-filter">
          <option value="">{t('fl.list.all')}</option>
          {FLIGHT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusName(i18n, s)}
            </option>
          ))}
        </select>
      </label>
      {error && <p className="error">{error}</p>}
      <table className="flight-table" data-testid="flight-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('fl.col.operator')}</th>
            <th>{t('fl.col.aircraft')}</th>
            <th>{t('fl.col.departure')}</th>
            <th>{t('fl.col.route')}</th>
            <th>{t('fl.list.status')}</th>
            <th>{t('fl.col.recommendation')}</th>
          </tr>
        </thead>
        <tbody>
          {(rows ?? []).map((f) => (
            <tr key={f.id} data-flight={f.id}>
              <td>
                <a
                  href={`/flights/${f.id}`}
                  onClick={(e) => {
                    e.preventDefault()
                    onOpen(f.id)
                  }}
                >
                  {f.id}
                </a>
              </td>
              <td>{f.organisation}</td>
              <td>{f.aircraft_registration}</td>
              <td>{f.legs[0] ? i18n.date(f.legs[0].departs_at) : '—'}</td>
              <td>
                {f.legs
                  .map((l) => l.from.ident ?? l.from.name)
                  .concat(f.legs.at(-1)?.to.ident ?? f.legs.at(-1)?.to.name ?? [])
                  .join(' → ')}
              </td>
              <td data-value={f.status}>
                {statusName(i18n, f.status)}
                {f.reassessment_reason && <span className="flag"> ⚑ {t('fl.flagShort')}</span>}
              </td>
              <td data-value={f.recommendation ?? ''}>
                {f.recommendation ? outcomeName(i18n, f.recommendation) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/** Local date-time input value (EAT) → instant with offset. */
const eatInstant = (local: string) => `${local}:00+03:00`

function NewRequest({ user, onCreated }: { user: User; onCreated(id: number): void }) {
  const { t } = useI18n()
  const [form, setForm] = useState({
    organisation: user.organisation ?? '',
    contact_name: user.display_name,
    contact_phone: '',
    aircraft_registration: '',
    aircraft_type: '',
    purpose: '',
    passengers: 0,
    cargo_kg: 0,
  })
  const [legs, setLegs] = useState([{ from: '', to: '', departs: '', arrives: '' }])
  const [error, setError] = useState<string | null>(null)
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [k]: e.target.type === 'number' ? Number(e.target.value) : e.target.value })
  const place = (s: string): LegInput['from'] => {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(s)
    if (m) return { lat: Number(m[1]), lon: Number(m[2]) }
    return /^[A-Za-z0-9]{3,4}$/.test(s.trim()) ? { code: s.trim() } : { name: s.trim() }
  }
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      const created = await createFlight({
        ...form,
        organisation: form.organisation || undefined,
        contact_phone: form.contact_phone || null,
        legs: legs.map((l) => ({
          from: place(l.from),
          to: place(l.to),
          departs_at: eatInstant(l.departs),
          arrives_at: eatInstant(l.arrives),
        })),
      })
      onCreated(created.id)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }
  return (
    <form className="flight-form" onSubmit={submit} data-testid="flight-form">
      <h1>{t('fl.form.title')}</h1>
      {!user.organisation && (
        <label>
          {t('fl.form.organisation')}{' '}
          <input name="organisation" value={form.organisation} onChange={set('organisation')} />
        </label>
      )}
      <label>
        {t('fl.form.contact')}{' '}
        <input name="contact_name" value={form.contact_name} onChange={set('contact_name')} required />
      </label>
      <label>
        {t('fl.form.phone')} <input name="contact_phone" value={form.contact_phone} onChange={set('contact_phone')} />
      </label>
      <label>
        {t('fl.form.registration')}{' '}
        <input
          name="aircraft_registration"
          value={form.aircraft_registration}
          onChange={set('aircraft_registration')}
          required
        />
      </label>
      <label>
        {t('fl.form.type')}{' '}
        <input name="aircraft_type" value={form.aircraft_type} onChange={set('aircraft_type')} required />
      </label>
      <label>
        {t('fl.form.purpose')} <input name="purpose" value={form.purpose} onChange={set('purpose')} required />
      </label>
      <label>
        {t('fl.form.passengers')}{' '}
        <input name="passengers" type="number" min={0} value={form.passengers} onChange={set('passengers')} />
      </label>
      <label>
        {t('fl.form.cargo')}{' '}
        <input name="cargo_kg" type="number" min={0} value={form.cargo_kg} onChange={set('cargo_kg')} />
      </label>
      <fieldset>
        <legend>{t('fl.form.legs')}</legend>
        {legs.map((l, i) => (
          <div className="leg-row" key={i} data-leg={i + 1}>
            <StripInput
              name="from"
              label={t('fl.form.from')}
              value={l.from}
              onChange={(v) => setLegs(legs.map((x, j) => (j === i ? { ...x, from: v } : x)))}
            />
            <StripInput
              name="to"
              label={t('fl.form.to')}
              value={l.to}
              onChange={(v) => setLegs(legs.map((x, j) => (j === i ? { ...x, to: v } : x)))}
            />
            <label>
              {t('fl.form.departs')}{' '}
              <input
                type="datetime-local"
                name={`departs-${i + 1}`}
                value={l.departs}
                required
                onChange={(e) => setLegs(legs.map((x, j) => (j === i ? { ...x, departs: e.target.value } : x)))}
              />
            </label>
            <label>
              {t('fl.form.arrives')}{' '}
              <input
                type="datetime-local"
                name={`arrives-${i + 1}`}
                value={l.arrives}
                required
                onChange={(e) => setLegs(legs.map((x, j) => (j === i ? { ...x, arrives: e.target.value } : x)))}
              />
            </label>
          </div>
        ))}
        <button
          type="button"
          data-testid="add-leg"
          onClick={() => setLegs([...legs, { from: legs.at(-1)?.to ?? '', to: '', departs: '', arrives: '' }])}
        >
          {t('fl.form.addLeg')}
        </button>
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" data-testid="flight-create">
        {t('fl.form.save')}
      </button>
    </form>
  )
}
