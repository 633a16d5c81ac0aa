import { useCallback, useEffect, useState } from 'react'
import { FLIGHT_STATUSES, type LegInput } from '../../../contract/flights.ts'
import { RIGHTS } from '../../../contract/rights.ts'
import { ApiError, type User } from '../api/client.ts'
import {
  createFlight,
  findStrips,
  flightAction,
  getFlight,
  listFlights,
  notifications,
  type FlightDetail,
  type FlightRow,
  type Note,
} from './api.ts'
import { RouteMap } from './RouteMap.tsx'
import './flights.css'

// Humanitarian flight clearance: the operator's own list and request form, the officer's queue, a request page with
// its legs and factors on a map, the agencies' concurrence, and a calendar of flights per airstrip.
// Addresses: /flights, /flights/new, /flights/{id}, /flights/calendar.

type View = { name: 'list' } | { name: 'new' } | { name: 'detail'; id: number } | { name: 'calendar' }

function parse(path: string): View {
  const [, , second] = path.split('/')
  if (second === 'new') return { name: 'new' }
  if (second === 'calendar') return { name: 'calendar' }
  if (second && /^\d+$/.test(second)) return { name: 'detail', id: Number(second) }
  return { name: 'list' }
}
const pathOf = (v: View) =>
  v.name === 'detail' ? `/flights/${v.id}` : v.name === 'list' ? '/flights' : `/flights/${v.name}`

const label = (s: string) => s.replace(/_/g, ' ')

export function FlightsApp({ user, onExit, onSignOut }: { user: User; onExit?(): void; onSignOut?(): void }) {
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
        <strong>Humanitarian flight clearance</strong>
        <nav>
          <a
            href="/flights"
            onClick={(e) => (e.preventDefault(), go({ name: 'list' }))}
            data-testid="flights-list-link"
          >
            {reviewer ? 'Queue' : 'Requests'}
          </a>
          {files && (
            <a href="/flights/new" onClick={(e) => (e.preventDefault(), go({ name: 'new' }))} data-testid="flights-new">
              New request
            </a>
          )}
          <a href="/flights/calendar" onClick={(e) => (e.preventDefault(), go({ name: 'calendar' }))}>
            Airstrip calendar
          </a>
          {onExit && (
            <a href="/" onClick={(e) => (e.preventDefault(), onExit())}>
              Map
            </a>
          )}
        </nav>
        <span className="who">
          {user.display_name}
          {user.organisation ? ` · ${user.organisation}` : ''}
          {user.agency ? ` · ${user.agency.toUpperCase()}` : ''}
        </span>
        {onSignOut && (
          <button type="button" onClick={onSignOut} data-testid="flights-signout">
            Sign out
          </button>
        )}
      </header>
      {reviewer && <Notifications onOpen={(id) => go({ name: 'detail', id })} />}
      <main className="flights-main">
        {view.name === 'list' && <FlightList reviewer={reviewer} onOpen={(id) => go({ name: 'detail', id })} />}
        {view.name === 'new' && <NewRequest user={user} onCreated={(id) => go({ name: 'detail', id })} />}
        {view.name === 'detail' && <FlightPage id={view.id} user={user} />}
        {view.name === 'calendar' && <Calendar onOpen={(id) => go({ name: 'detail', id })} />}
      </main>
    </div>
  )
}

function Notifications({ onOpen }: { onOpen(id: number): void }) {
  const [notes, setNotes] = useState<Note[]>([])
  useEffect(() => {
    notifications().then(
      (r) => setNotes(r.notifications.filter((n) => !n.read_at).slice(0, 5)),
      () => setNotes([]),
    )
  }, [])
  if (!notes.length) return null
  return (
    <ul className="flight-notes" data-testid="flight-notifications">
      {notes.map((n) => (
        <li key={n.id}>
          <button type="button" onClick={() => n.request_id && onOpen(n.request_id)}>
            {n.message}
          </button>
        </li>
      ))}
    </ul>
  )
}

function FlightList({ reviewer, onOpen }: { reviewer: boolean; onOpen(id: number): void }) {
  const [status, setStatus] = useState('')
  const [rows, setRows] = useState<FlightRow[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    listFlights(status ? `status=${status}` : '').then(
      (r) => setRows(r.flights),
      (e: Error) => setError(e.message),
    )
  }, [status])
  return (
    <section>
      <h1>{reviewer ? 'Review queue' : 'Flight requests'}</h1>
      <label>
        Status{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="flight-status-filter">
          <option value="">all</option>
          {FLIGHT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
      </label>
      {error && <p className="error">{error}</p>}
      <table className="flight-table" data-testid="flight-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Operator</th>
            <th>Aircraft</th>
            <th>First departure (EAT)</th>
            <th>Route</th>
            <th>Status</th>
            <th>Recommendation</th>
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
              <td>{f.legs[0]?.departs_eat}</td>
              <td>
                {f.legs
                  .map((l) => l.from.ident ?? l.from.name)
                  .concat(f.legs.at(-1)?.to.ident ?? f.legs.at(-1)?.to.name ?? [])
                  .join(' → ')}
              </td>
              <td>
                {label(f.status)}
                {f.reassessment_reason && <span className="flag"> ⚑ re-assess</span>}
              </td>
              <td>{f.recommendation ? label(f.recommendation) : '—'}</td>
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
      <h1>New flight request</h1>
      {!user.organisation && (
        <label>
          Operator organisation <input name="organisation" value={form.organisation} onChange={set('organisation')} />
        </label>
      )}
      <label>
        Contact <input name="contact_name" value={form.contact_name} onChange={set('contact_name')} required />
      </label>
      <label>
        Phone <input name="contact_phone" value={form.contact_phone} onChange={set('contact_phone')} />
      </label>
      <label>
        Aircraft registration{' '}
        <input
          name="aircraft_registration"
          value={form.aircraft_registration}
          onChange={set('aircraft_registration')}
          required
        />
      </label>
      <label>
        Aircraft type <input name="aircraft_type" value={form.aircraft_type} onChange={set('aircraft_type')} required />
      </label>
      <label>
        Purpose <input name="purpose" value={form.purpose} onChange={set('purpose')} required />
      </label>
      <label>
        Passengers{' '}
        <input name="passengers" type="number" min={0} value={form.passengers} onChange={set('passengers')} />
      </label>
      <label>
        Cargo (kg) <input name="cargo_kg" type="number" min={0} value={form.cargo_kg} onChange={set('cargo_kg')} />
      </label>
      <fieldset>
        <legend>Legs: airstrip code (ICAO/IATA), name, or "lat, lon"; times in East Africa Time</legend>
        {legs.map((l, i) => (
          <div className="leg-row" key={i} data-leg={i + 1}>
            <StripInput
              label="From"
              value={l.from}
              onChange={(v) => setLegs(legs.map((x, j) => (j === i ? { ...x, from: v } : x)))}
            />
            <StripInput
              label="To"
              value={l.to}
              onChange={(v) => setLegs(legs.map((x, j) => (j === i ? { ...x, to: v } : x)))}
            />
            <label>
              Departs{' '}
              <input
                type="datetime-local"
                name={`departs-${i + 1}`}
                value={l.departs}
                required
                onChange={(e) => setLegs(legs.map((x, j) => (j === i ? { ...x, departs: e.target.value } : x)))}
              />
            </label>
            <label>
              Arrives{' '}
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
          Add leg
        </button>
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" data-testid="flight-create">
        Save draft
      </button>
    </form>
  )
}

function StripInput({ label: text, value, onChange }: { label: string; value: string; onChange(v: string): void }) {
  const [options, setOptions] = useState<{ ident: string | null; name: string }[]>([])
  const id = `strips-${text}-${Math.abs(hash(value + text))}`
  useEffect(() => {
    if (value.trim().length < 2) return setOptions([])
    const t = setTimeout(
      () =>
        findStrips(value).then(
          (r) => setOptions(r.airstrips),
          () => setOptions([]),
        ),
      250,
    )
    return () => clearTimeout(t)
  }, [value])
  return (
    <label>
      {text}{' '}
      <input name={text.toLowerCase()} list={id} value={value} required onChange={(e) => onChange(e.target.value)} />
      <datalist id={id}>
        {options.map((o) => (
          <option key={`${o.ident}-${o.name}`} value={o.ident ?? o.name}>
            {o.name}
          </option>
        ))}
      </datalist>
    </label>
  )
}
const hash = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0)

function FlightPage({ id, user }: { id: number; user: User }) {
  const [f, setF] = useState<FlightDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [condition, setCondition] = useState('')
  const [focus, setFocus] = useState<unknown>(null)
  const load = useCallback(() => {
    getFlight(id).then(setF, (e: Error) => setError(e.message))
  }, [id])
  useEffect(load, [load])
  if (error && !f) return <p className="error">{error}</p>
  if (!f) return <p>Loading…</p>
  const reviewer = RIGHTS[user.role].flights === 'review'
  const run = async (
    action: Parameters<typeof flightAction>[1],
    body: { reason?: string; conditions?: string[] } = {},
  ) => {
    setError(null)
    try {
      setF(await flightAction(f.id, action, { reason: reason || undefined, ...body }))
      setReason('')
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }
  const mine = user.organisation === f.organisation || reviewer
  const a = f.assessment
  return (
    <article className="flight-page" data-testid="flight-page" data-status={f.status}>
      <h1>
        Flight {f.id}: {f.aircraft_registration} ({f.aircraft_type}) ·{' '}
        <span data-testid="flight-status">{label(f.status)}</span>
      </h1>
      {f.reassessment_reason && (
        <p className="flag" role="alert" data-testid="reassessment-flag">
          ⚑ {f.reassessment_reason}
        </p>
      )}
      {f.clearance_number && (
        <p>
          Clearance <strong data-testid="clearance-number">{f.clearance_number}</strong>, valid {f.valid_from} –{' '}
          {f.valid_to}{' '}
          <a href={`/api/flights/${f.id}/letter.pdf`} download data-testid="letter-link">
            Letter (PDF)
          </a>{' '}
          <a href={`/api/flights/${f.id}/letter.pdf?lang=sw`} download>
            Barua (Kiswahili)
          </a>
        </p>
      )}
      <p>
        {f.organisation} · {f.contact_name} · {f.purpose} · {f.passengers} passengers, {f.cargo_kg} kg
      </p>
      <div className="flight-columns">
        <div>
          <h2>Legs</h2>
          <ol data-testid="flight-legs">
            {f.legs.map((l) => (
              <li key={l.seq}>
                {l.from.name} {l.from.ident && `(${l.from.ident})`} → {l.to.name} {l.to.ident && `(${l.to.ident})`}:{' '}
                {l.departs_eat} – {l.arrives_eat}
              </li>
            ))}
          </ol>
          {a && (
            <>
              <h2>
                Recommendation: <span data-testid="recommendation">{label(a.recommendation)}</span>
              </h2>
              <ul className="reasons">
                {a.reasons
                  .filter((r) => r.outcome !== 'clear')
                  .map((r, i) => (
                    <li key={i}>
                      Leg {r.leg}: {label(r.outcome)}: {r.reason}
                    </li>
                  ))}
              </ul>
              {a.legs.map((leg) => (
                <details key={leg.seq} open={leg.seq === 1} data-testid={`factors-${leg.seq}`}>
                  <summary>Leg {leg.seq} factors</summary>
                  <table className="factors">
                    <tbody>
                      {leg.factors
                        .filter((x) => x.code !== 'legs')
                        .map((x) => (
                          <tr key={x.code} data-factor={x.code}>
                            <td>{x.label}</td>
                            <td>{x.value}</td>
                            <td>
                              {x.evidence.slice(0, 5).map((e, i) => (
                                <button key={i} type="button" className="evidence" onClick={() => setFocus(e.geometry)}>
                                  {e.label}
                                </button>
                              ))}
                            </td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </details>
              ))}
            </>
          )}
        </div>
        <RouteMap flight={f} focus={focus} />
      </div>
      <section className="flight-actions">
        <h2>Conditions</h2>
        <ul data-testid="conditions">
          {f.conditions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <p>
          Agencies to concur: {a?.agencies.join(', ') || 'none'}; still waiting for:{' '}
          <span data-testid="pending-agencies">{f.pending_agencies.join(', ') || 'none'}</span>
        </p>
        <label>
          Reason / note <input value={reason} onChange={(e) => setReason(e.target.value)} name="reason" />
        </label>
        <div className="buttons">
          {mine && f.status === 'draft' && (
            <button type="button" onClick={() => void run('submit')} data-action="submit">
              Submit
            </button>
          )}
          {reviewer && (f.status === 'submitted' || f.reassessment_reason) && (
            <button type="button" onClick={() => void run('review')} data-action="review">
              Start review
            </button>
          )}
          {user.agency && f.pending_agencies.includes(user.agency) && (
            <button type="button" onClick={() => void run('concur')} data-action="concur">
              Concur ({user.agency.toUpperCase()})
            </button>
          )}
          {reviewer && f.status === 'under_review' && (
            <>
              <input
                placeholder="Condition"
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
                {condition.trim() ? 'Clear with this condition' : 'Clear'}
              </button>
              <button type="button" onClick={() => void run('decline')} data-action="decline">
                Decline
              </button>
            </>
          )}
          {mine && ['draft', 'submitted', 'under_review', 'cleared', 'cleared_with_conditions'].includes(f.status) && (
            <button type="button" onClick={() => void run('withdraw')} data-action="withdraw">
              Withdraw
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
        <h2>History</h2>
        <ul data-testid="transitions">
          {f.transitions.map((t, i) => (
            <li key={i}>
              {t.at}: {t.actor} {t.action} ({label(t.from_status)} → {label(t.to_status)})
              {t.reason ? `: ${t.reason}` : ''}
            </li>
          ))}
          {f.versions
            .filter((v) => v.changes.length)
            .map((v) => (
              <li key={`v${v.version}`}>
                Version {v.version} by {v.actor}: {v.changes.map((c) => c.field).join(', ')}
              </li>
            ))}
        </ul>
      </section>
    </article>
  )
}

function Calendar({ onOpen }: { onOpen(id: number): void }) {
  const [q, setQ] = useState('')
  const [strip, setStrip] = useState<{ id: number; name: string } | null>(null)
  const [options, setOptions] = useState<{ id: number; name: string; ident: string | null }[]>([])
  const [rows, setRows] = useState<FlightRow[]>([])
  useEffect(() => {
    findStrips(q).then(
      (r) => setOptions(r.airstrips),
      () => setOptions([]),
    )
  }, [q])
  useEffect(() => {
    if (strip)
      listFlights(`airstrip=${strip.id}`).then(
        (r) => setRows(r.flights),
        () => setRows([]),
      )
  }, [strip])
  // Each leg at the strip, by its EAT day.
  const days = new Map<string, { id: number; text: string }[]>()
  for (const f of rows)
    for (const l of f.legs) {
      const uses = [
        l.from.airstrip_id === strip?.id ? `departs ${l.departs_eat.slice(11)}` : null,
        l.to.airstrip_id === strip?.id ? `arrives ${l.arrives_eat.slice(11)}` : null,
      ].filter(Boolean)
      for (const u of uses) {
        const day = (u!.startsWith('departs') ? l.departs_eat : l.arrives_eat).slice(0, 10)
        days.set(day, [
          ...(days.get(day) ?? []),
          { id: f.id, text: `${u} · ${f.aircraft_registration} · ${label(f.status)}` },
        ])
      }
    }
  return (
    <section data-testid="flight-calendar">
      <h1>Flights per airstrip</h1>
      <input placeholder="Airstrip name or code" value={q} onChange={(e) => setQ(e.target.value)} />
      <select
        value={strip?.id ?? ''}
        onChange={(e) => {
          const o = options.find((x) => x.id === Number(e.target.value))
          setStrip(o ? { id: o.id, name: o.name } : null)
        }}
      >
        <option value="">choose…</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name} {o.ident ? `(${o.ident})` : ''}
          </option>
        ))}
      </select>
      {strip && (
        <ul className="calendar">
          {[...days.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([day, list]) => (
              <li key={day}>
                <strong>{day}</strong>
                <ul>
                  {list.map((x, i) => (
                    <li key={i}>
                      <button type="button" onClick={() => onOpen(x.id)}>
                        {x.text}
                      </button>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          {!days.size && <li>No flights at {strip.name}.</li>}
        </ul>
      )}
    </section>
  )
}
