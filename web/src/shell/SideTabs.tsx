import { useRef, type KeyboardEvent, type ReactNode } from 'react'

export interface TabDef<Id extends string> {
  id: Id
  label: string
  content: ReactNode
}

interface Props<Id extends string> {
  /** The tab list's accessible name. */
  label: string
  tabs: readonly TabDef<Id>[]
  active: Id
  onSelect(id: Id): void
}

const STEP: Record<string, (i: number, n: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowDown: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  ArrowUp: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_, n) => n - 1,
}

/**
 * The side panel as tabs (WAI-ARIA tabs pattern, automatic activation): arrow keys move between tabs, only the active
 * tab is in the Tab order. Inactive panels stay mounted but hidden, so a measurement in progress, a fetched area
 * summary or an open import list survive a look at another tab.
 */
export function SideTabs<Id extends string>({ label, tabs, active, onSelect }: Props<Id>) {
  const buttons = useRef(new Map<string, HTMLButtonElement>())
  const current = tabs.some((t) => t.id === active) ? active : tabs[0]!.id
  const onKeyDown = (e: KeyboardEvent) => {
    const step = STEP[e.key]
    if (!step) return
    e.preventDefault()
    const next =
      tabs[
        step(
          Math.max(
            0,
            tabs.findIndex((t) => t.id === current),
          ),
          tabs.length,
        )
      ]!
    onSelect(next.id)
    buttons.current.get(next.id)?.focus()
  }
  return (
    <>
      <div className="side-tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(el) => {
              if (el) buttons.current.set(tab.id, el)
              else buttons.current.delete(tab.id)
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={tab.id === current}
            aria-controls={`tabpanel-${tab.id}`}
            tabIndex={tab.id === current ? 0 : -1}
            data-tab={tab.id}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`tabpanel-${tab.id}`}
          aria-labelledby={`tab-${tab.id}`}
          className="side-tabpanel"
          hidden={tab.id !== current}
          tabIndex={0}
        >
          {tab.content}
        </div>
      ))}
    </>
  )
}
