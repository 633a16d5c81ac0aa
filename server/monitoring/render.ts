import { DEFINITIONS } from '../../contract/scorecards.ts'
import { INDICATOR_LABELS, LIGHT_LABELS, WORDS, formatChange, formatValue, type Lang } from './labels.ts'
import type { IndicatorResult } from './scorecards.ts'

// One indicator result as the words printed in the PDF and the CSV: the same text in both.

export interface Printed {
  name: string
  value: string
  /** The counts behind the value, e.g. "76 of 234". */
  detail: string
  target: string
  change: string
  status: string
  /** Computed (partly) from invented sample records. */
  sample: boolean
}

const n = (v: number | undefined, lang: Lang, digits = 0) =>
  new Intl.NumberFormat(lang === 'sw' ? 'sw-KE' : 'en-KE', { maximumFractionDigits: digits }).format(v ?? 0)

function detailText(r: IndicatorResult, lang: Lang): string {
  const d = r.detail
  const of = WORDS.rankOf[lang]
  if (r.value === null) return ''
  switch (r.id) {
    case 'units_operational':
      return `${n(d.active, lang)} ${of} ${n(d.gazetted, lang)}`
    case 'security_roads_rehabilitated':
      return `${n(d.rehabilitatedKm, lang, 1)} ${of} ${n(d.networkKm, lang, 1)} km`
    case 'border_posts_operational':
      return `${n(d.operational, lang)} ${of} ${n(d.posts, lang)}`
    case 'registration_digitised':
      return `${n(d.digitised, lang)} ${of} ${n(d.centres, lang)}`
    case 'live_capture_units':
      return `${n(d.liveCaptureUnits, lang)} / ${n(d.centres, lang)}`
    case 'prison_occupancy':
      return `${n(d.inmates, lang)} / ${n(d.capacity, lang)}`
    case 'incidents':
      return ''
  }
}

function targetText(r: IndicatorResult, lang: Lang): string {
  const def = DEFINITIONS[r.id]
  const bound = def.direction === 'higher' ? WORDS.atLeast[lang] : WORDS.atMost[lang]
  if (r.id === 'security_roads_rehabilitated') {
    const share = `${n(r.target, lang, 1)} % ${WORDS.ofNetwork[lang]} ${n(r.detail.networkKm, lang, 1)} km`
    return r.targetValue === null
      ? `${bound} ${n(r.target, lang, 1)} %`
      : `${bound} ${formatValue('km', r.targetValue, lang)} (${share})`
  }
  if (r.id === 'incidents') {
    const vs = lang === 'sw' ? 'dhidi ya robo iliyopita' : 'on last quarter'
    const pctText = `${formatValue('percent_change', r.target, lang)} ${vs}`
    return r.targetValue === null ? `${bound} ${pctText}` : `${bound} ${n(r.targetValue, lang)} (${pctText})`
  }
  return `${bound} ${formatValue(def.unit, r.target, lang)}`
}

export function printed(r: IndicatorResult, lang: Lang): Printed {
  const def = DEFINITIONS[r.id]
  let change = formatChange(def.unit, r.change, lang)
  if (r.id === 'incidents' && r.change !== null && r.score !== null)
    change += ` (${formatValue('percent_change', r.score, lang)})`
  return {
    name: INDICATOR_LABELS[r.id][lang].name,
    value: formatValue(def.unit, r.value, lang),
    detail: detailText(r, lang),
    target: targetText(r, lang),
    change,
    status: LIGHT_LABELS[r.status][lang],
    sample: r.sampleRecords > 0,
  }
}
