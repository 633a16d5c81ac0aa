import type { ReactNode } from 'react'
import { useI18n, type MessageKey } from '../i18n/index.tsx'

// The one side-by-side view of a concurrent change, used by the inspector's edit form (a 412 while online) and by the
// sync panel (a queued assessment or edit that met someone else's change): per field the server's current value
// beside the user's, and a choice of which to keep. Choosing per field is the merge.

export interface ConflictRow {
  field: string
  /** The server's current value (theirs). */
  server: unknown
  /** The user's value. */
  mine: unknown
  /** What the user saw before either change, when known. */
  base?: unknown
}

export type Choice = 'mine' | 'server'

interface Props {
  rows: ConflictRow[]
  choices: Record<string, Choice>
  onChoose(field: string, choice: Choice): void
  title: string
  help: string
  /** Buttons under the table. */
  children?: ReactNode
  testId?: string
}

export function ConflictView({ rows, choices, onChoose, title, help, children, testId = 'conflict' }: Props) {
  const { t, v } = useI18n()
  const label = (f: string) => t(`prop.${f}` as MessageKey) ?? f
  const show = (x: unknown) => (x === null || x === undefined || x === '' ? '—' : v(x))
  const hasBase = rows.some((r) => r.base !== undefined)
  return (
    <div className="conflict" role="alert" data-testid={testId}>
      <p>
        <strong>{title}</strong> {help}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('conflict.field')}</th>
            {hasBase && <th scope="col">{t('conflict.base')}</th>}
            <th scope="col">{t('edit.theirs')}</th>
            <th scope="col">{t('edit.mine')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.field} data-field={r.field}>
              <th scope="row">{label(r.field)}</th>
              {hasBase && <td className="muted">{r.base === undefined ? '' : show(r.base)}</td>}
              {(['server', 'mine'] as const).map((side) => (
                <td key={side} className={choices[r.field] === side ? 'chosen' : ''}>
                  <label className="choice">
                    <input
                      type="radio"
                      name={`conflict-${testId}-${r.field}`}
                      value={side}
                      checked={choices[r.field] === side}
                      onChange={() => onChoose(r.field, side)}
                      data-choice={side}
                    />
                    <span>{show(side === 'server' ? r.server : r.mine)}</span>
                  </label>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {children && <div className="conflict-actions">{children}</div>}
    </div>
  )
}
