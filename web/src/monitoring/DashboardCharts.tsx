import { useI18n, type MessageKey } from '../i18n/index.tsx'

// Small charts for the monitoring screens, drawn as SVG (no charting library): traffic-light chips that carry their
// words (never colour alone), progress bars, trend sparklines, month bars and horizontal bars.

export type Light = 'green' | 'amber' | 'red' | 'na'

const LIGHT_SYMBOL: Record<Light, string> = { green: '●', amber: '▲', red: '■', na: '–' }

/** A traffic-light chip: colour, a distinct symbol and the words. */
export function LightChip({ status, compact = false }: { status: Light; compact?: boolean }) {
  const { t } = useI18n()
  return (
    <span className={`chip chip-${status}${compact ? ' compact' : ''}`} data-light={status}>
      <span className="chip-dot" aria-hidden="true">
        {LIGHT_SYMBOL[status]}
      </span>
      {t(`mon.light.${status}${compact ? '.short' : ''}` as MessageKey)}
    </span>
  )
}

/** A horizontal progress bar toward a target: `value` is the share reached (1 = target met; more is shown as full). */
export function ProgressBar({ value, label, status }: { value: number | null; label: string; status?: Light }) {
  const pct = value === null ? 0 : Math.max(0, Math.min(1, value)) * 100
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(pct)}
    >
      <span className={`progress-fill ${status ? `fill-${status}` : ''}`} style={{ width: `${pct}%` }} />
    </div>
  )
}

/** A trend line of values over periods (nulls leave gaps), with the last point marked. */
export function Sparkline({
  values,
  labels,
  width = 120,
  height = 30,
  label,
}: {
  values: (number | null)[]
  labels: string[]
  width?: number
  height?: number
  label: string
}) {
  const { num } = useI18n()
  const known = values.filter((v): v is number => v !== null)
  if (known.length === 0) return <span className="muted small">–</span>
  const min = Math.min(...known)
  const max = Math.max(...known)
  const pad = 3
  const x = (i: number) =>
    pad + (values.length === 1 ? (width - 2 * pad) / 2 : (i * (width - 2 * pad)) / (values.length - 1))
  // A flat series is drawn across the middle.
  const y = (v: number) => (max === min ? height / 2 : height - pad - ((v - min) / (max - min)) * (height - 2 * pad))
  const segments: string[] = []
  let current = ''
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current)
      current = ''
      return
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`
  })
  if (current) segments.push(current)
  const lastIndex = values
    .map((v, i) => (v === null ? -1 : i))
    .filter((i) => i >= 0)
    .pop()!
  return (
    <svg
      className="sparkline-svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <title>
        {label}: {values.map((v, i) => `${labels[i]} ${v === null ? '–' : num(v, 1)}`).join(', ')}
      </title>
      {segments.map((d) => (
        <path
          key={d}
          d={d}
          fill="none"
          stroke="#0072b2"
          strokeWidth={1.8}
          strokeLinejoin="round"
          strokeLinecap="round"
        />
      ))}
      {values.map(
        (v, i) =>
          v !== null && (
            <circle
              key={i}
              cx={x(i)}
              cy={y(v)}
              r={i === lastIndex ? 3 : 1.4}
              fill={i === lastIndex ? '#0b3d2e' : '#0072b2'}
            />
          ),
      )}
    </svg>
  )
}

/** Round tick steps (1, 2 or 5 × 10ⁿ) giving about `count` intervals from 0 to at least `max`. */
export function niceTicks(max: number, count = 4): number[] {
  const raw = Math.max(1, max) / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!,
  )
  const top = Math.ceil(Math.max(1, max) / step) * step
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step)
}

/** Bars per month (e.g. incidents) on a y-axis of counts, the year marked under January, a tooltip per bar. */
export function MonthBars({
  data,
  label,
  unit,
  height = 110,
  highlight,
}: {
  data: { month: string; n: number }[]
  label: string
  /** What the bars count, written along the y-axis. */
  unit: string
  height?: number
  highlight?: (month: string) => boolean
}) {
  const { num, lang } = useI18n()
  const width = 560
  const gutter = 40
  const top = 8
  const axis = 18
  const ticks = niceTicks(Math.max(0, ...data.map((d) => d.n)))
  const max = ticks[ticks.length - 1]!
  const plot = width - gutter
  const bw = data.length ? plot / data.length : plot
  const y = (n: number) => top + (height - top) * (1 - n / max)
  const monthName = (m: string) =>
    new Intl.DateTimeFormat(lang === 'sw' ? 'sw-KE' : 'en-KE', {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${m}-01T00:00:00Z`))
  return (
    <svg className="month-bars" viewBox={`0 0 ${width} ${height + axis}`} role="img" aria-label={label}>
      <g className="y-axis" fontSize={10} fill="#5f6b73">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={gutter} x2={width} y1={y(tick)} y2={y(tick)} stroke={tick === 0 ? '#b8c2c8' : '#e3e8eb'} />
            <text x={gutter - 4} y={y(tick) + 3} textAnchor="end">
              {num(tick)}
            </text>
          </g>
        ))}
        <text transform={`translate(9 ${(height + top) / 2}) rotate(-90)`} textAnchor="middle">
          {unit}
        </text>
      </g>
      {data.map((d, i) => {
        const x = gutter + i * bw
        return (
          <g key={d.month}>
            <rect
              x={x + 1}
              y={y(d.n)}
              width={Math.max(1, bw - 2)}
              height={height - y(d.n)}
              fill={highlight?.(d.month) ? '#0b5d45' : '#8fb3c9'}
            >
              <title>{`${monthName(d.month)}: ${num(d.n)}`}</title>
            </rect>
            {d.month.endsWith('-01') && (
              <text x={x + 1} y={height + 13} fontSize={11} fill="#5f6b73">
                {d.month.slice(0, 4)}
              </text>
            )}
          </g>
        )
      })}
    </svg>
  )
}

export interface HBarRow {
  key: string
  label: string
  value: number
  previous?: number
  color?: string
}

/** Horizontal bars with the value at the end; an optional previous value drawn as a thin ghost bar underneath. */
export function HBars({
  rows,
  unit = '',
  digits = 0,
  label,
  onPick,
}: {
  rows: HBarRow[]
  unit?: string
  digits?: number
  label: string
  onPick?(key: string): void
}) {
  const { num } = useI18n()
  const max = Math.max(1, ...rows.flatMap((r) => [r.value, r.previous ?? 0]))
  return (
    <ul className="hbars" aria-label={label}>
      {rows.map((r) => {
        const content = (
          <>
            <span className="hbar-label">{r.label}</span>
            <svg className="hbar-svg" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true">
              <rect x={0} y={0} width={100} height={12} fill="#eef2f4" rx={2} />
              <rect
                x={0}
                y={r.previous === undefined ? 0 : 1}
                width={(100 * r.value) / max}
                height={r.previous === undefined ? 12 : 7}
                fill={r.color ?? '#0072b2'}
                rx={2}
              />
              {r.previous !== undefined && (
                <rect x={0} y={9} width={(100 * r.previous) / max} height={3} fill="#9ab0bd" />
              )}
            </svg>
            <span className="hbar-value">
              {num(r.value, digits)}
              {unit}
            </span>
          </>
        )
        return (
          <li key={r.key}>
            {onPick ? (
              <button type="button" className="hbar-row" onClick={() => onPick(r.key)}>
                {content}
              </button>
            ) : (
              <div className="hbar-row">{content}</div>
            )}
          </li>
        )
      })}
    </ul>
  )
}
