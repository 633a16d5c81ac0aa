import { FACTOR_PARAMS, type Factor } from '../../../contract/flights.ts'
import { en, type MessageKey } from '../i18n/en.ts'
import type { useI18n } from '../i18n/index.tsx'

// The flight screens' wording: statuses, outcomes, factors and their evidence in the current language. The server
// sends English labels too (for API clients); the screens word them from codes and the evidence's facts instead.

type I18n = ReturnType<typeof useI18n>
type Evidence = Factor['evidence'][number]

/** `{name}` placeholders filled in. */
export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m))

/** The message of `key` when there is one, else the raw value (a code this version does not know). */
export function known(i18n: I18n, key: string, raw: string): string {
  return key in en ? i18n.t(key as MessageKey) : raw
}

export const statusName = (i18n: I18n, s: string) => known(i18n, `fl.status.${s}`, s)
export const outcomeName = (i18n: I18n, o: string) => known(i18n, `fl.outcome.${o}`, o)
export const actionName = (i18n: I18n, a: string) => known(i18n, `fl.action.${a}`, a)

const P = FACTOR_PARAMS
const FACTOR_VALUES: Record<string, Record<string, number>> = {
  serious_incidents: { sev: P.seriousSeverity, km: P.incidentRadiusKm, days: P.seriousDays },
  incidents: { km: P.incidentRadiusKm, days: P.incidentDays },
  hot_cells: { km: P.hotBufferKm, days: P.hotDays },
  conflicts: { min: P.conflictMinutes },
}

export function factorName(i18n: I18n, f: Factor): string {
  return fill(known(i18n, `fl.factor.${f.code}`, f.label), FACTOR_VALUES[f.code] ?? {})
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v))

/** One piece of evidence in words; an assessment stored before evidence carried its facts keeps the server's label. */
export function evidenceText(i18n: I18n, e: Evidence): string {
  const f = e.facts
  if (!f) return e.label
  const s = (k: string) => String(f[k] ?? '')
  switch (e.kind) {
    case 'airstrip':
      return fill(i18n.t('fl.ev.airstrip'), {
        name: s('name'),
        status: i18n.v(f.status),
        condition: f.condition ? i18n.v(f.condition) : i18n.t('fl.ev.unknown'),
        age: f.age_days === null ? i18n.t('fl.ev.never') : fill(i18n.t('fl.ev.daysAgo'), { n: s('age_days') }),
      })
    case 'site':
      return fill(i18n.t('fl.ev.site'), { name: s('name') })
    case 'incident':
      return fill(i18n.t('fl.ev.incident'), {
        date: i18n.date(s('occurred_at')),
        theme: i18n.v(f.theme),
        sev: s('severity'),
        km: i18n.num(num(f.km), 1),
        name: s('name'),
      })
    case 'hot_cell': {
      const text = fill(i18n.t('fl.ev.hot_cell'), { z: i18n.num(num(f.z), 2), n: s('count') })
      return f.trend ? `${text}, ${known(i18n, `hotspots.trend.${s('trend')}`, s('trend'))}` : text
    }
    case 'border':
      return fill(i18n.t('fl.ev.border'), { km: i18n.num(num(f.km), 1) })
    case 'closure':
      return fill(i18n.t('fl.ev.closure'), {
        name: s('name'),
        kind: known(i18n, `fl.cl.${s('kind')}`, s('kind')),
        from: i18n.date(s('starts_at')),
        to: i18n.date(s('ends_at')),
        reason: s('reason'),
      })
    case 'flight':
      return fill(i18n.t('fl.ev.flight'), {
        id: s('id'),
        reg: s('registration'),
        seq: s('seq'),
        name: s('name'),
        at: i18n.date(s('at')),
      })
    default:
      return e.label
  }
}

/** A calendar day (EAT) in words. */
export function dayName(lang: string, isoOrDay: string): string {
  const instant = isoOrDay.length === 10 ? `${isoOrDay}T12:00:00+03:00` : isoOrDay
  return new Intl.DateTimeFormat(lang === 'sw' ? 'sw-KE' : 'en-KE', {
    dateStyle: 'full',
    timeZone: 'Africa/Nairobi',
  }).format(new Date(instant))
}

/** A time of day (EAT). */
export function timeOfDay(lang: string, iso: string): string {
  return new Intl.DateTimeFormat(lang === 'sw' ? 'sw-KE' : 'en-KE', {
    timeStyle: 'short',
    timeZone: 'Africa/Nairobi',
  }).format(new Date(iso))
}
