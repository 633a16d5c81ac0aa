import { useState } from 'react'
import { useI18n } from '../i18n/index.tsx'
import { useClosures, useFlights, type StripOption } from './api.ts'
import { StripPicker } from './StripInput.tsx'
import { dayName, fill, known, statusName, timeOfDay } from './words.ts'

// The calendar of one airstrip: each day (East Africa Time) with the legs that depart or arrive there and the
// closures or restrictions in force that day.

/** The EAT calendar day of an instant, YYYY-MM-DD. */
const eatDay = (iso: string) => new Date(Date.parse(iso) + 3 * 3_600_000).toISOString().slice(0, 10)

/** Every EAT day a window touches (a long closure is shown on its first 62 days). */
function daysOf(from: string, to: string): string[] {
  const out: string[] = []
  const last = eatDay(new Date(Date.parse(to) - 1).toISOString())
  const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
  for (let d = eatDay(from); d <= last && out.length < 62; d = next(d)) out.push(d)
  return out
}

type Entry = { key: string; flight?: number; closure?: boolean; text: string }

export function Calendar({ onOpen }: { onOpen(id: number): void }) {
  const i18n = useI18n()
  const { t, lang } = i18n
  const [strip, setStrip] = useState<StripOption | null>(null)
  const flightAnswer = useFlights(strip ? `airstrip=${strip.id}` : null)
  const closureAnswer = useClosures(strip ? strip.id : null)
  // A new airstrip's calendar starts empty, not with the last one's entries.
  const flights = (!flightAnswer.stale && flightAnswer.data?.flights) || []
  const closures = closureAnswer.data?.closures ?? []
  const days = new Map<string, Entry[]>()
  const add = (day: string, e: Entry) => days.set(day, [...(days.get(day) ?? []), e])
  for (const c of closures)
    for (const day of daysOf(c.starts_at, c.ends_at))
      add(day, {
        key: `c${c.id}`,
        closure: true,
        text: `${known(i18n, `fl.cl.${c.kind}`, c.kind)} ${i18n.date(c.starts_at)} – ${i18n.date(c.ends_at)}: ${c.reason}`,
      })
  for (const f of flights)
    for (const l of f.legs) {
      const uses: [string, string][] = []
      if (l.from.airstrip_id === strip?.id) uses.push([l.departs_at, 'fl.cal.departs'])
      if (l.to.airstrip_id === strip?.id) uses.push([l.arrives_at, 'fl.cal.arrives'])
      for (const [at, key] of uses)
        add(eatDay(at), {
          key: `f${f.id}-${l.seq}-${key}`,
          flight: f.id,
          text: `${fill(known(i18n, key, key), { time: timeOfDay(lang, at) })} · ${f.aircraft_registration} · ${statusName(i18n, f.status)}`,
        })
    }
  return (
    <section data-testid="flight-calendar">
      <h1>{t('fl.cal.title')}</h1>
      <StripPicker
        label={t('fl.cl.airstrip')}
        placeholder={t('fl.cal.search')}
        choose={t('fl.cal.choose')}
        value={strip}
        onChange={setStrip}
      />
      {strip && (
        <ul className="calendar">
          {[...days.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([day, list]) => (
              <li key={day} data-day={day}>
                <strong>{dayName(lang, day)}</strong>
                <ul>
                  {list.map((x) => (
                    <li
                      key={x.key}
                      className={x.closure ? 'closure' : ''}
                      data-closure={x.closure ? 'true' : undefined}
                    >
                      {x.flight !== undefined ? (
                        <button type="button" onClick={() => onOpen(x.flight!)}>
                          {x.text}
                        </button>
                      ) : (
                        x.text
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          {!days.size && <li>{fill(t('fl.cal.empty'), { name: strip.name })}</li>}
        </ul>
      )}
    </section>
  )
}
