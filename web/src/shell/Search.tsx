import { useEffect, useRef, useState } from 'react'
import type { SearchHit } from '../../../contract/search.ts'
import { useSearch } from '../api/search.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'

export type Hit = SearchHit

/** Keyboard-first name search: type, arrow through results, Enter to fly there and select. */
export function Search({ onPick }: { onPick(hit: Hit): void }) {
  const { t, v } = useI18n()
  const [q, setQ] = useState('')
  const [active, setActive] = useState(0)
  const [open, setOpen] = useState(false)
  // The name a pick writes into the box is not a new query: searching it again would reopen the list over the map.
  const picked = useRef<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  // The term searched: the box's text once typing pauses, null while it is too short or is the name just picked.
  const [term, setTerm] = useState<string | null>(null)

  useEffect(() => {
    if (q.trim().length < 2 || q === picked.current) {
      setTerm(null)
      return
    }
    const timer = setTimeout(() => setTerm(q.trim()), 180)
    return () => clearTimeout(timer)
  }, [q])
  const answer = useSearch(term).data
  const hits = term === null ? [] : (answer?.hits ?? [])
  // Each new answer opens the list on its first hit.
  useEffect(() => {
    if (term === null || !answer) return
    setActive(0)
    setOpen(true)
  }, [term, answer])

  const pick = (h: Hit) => {
    picked.current = h.name
    setOpen(false)
    setTerm(null)
    setQ(h.name)
    // On a phone the keyboard and the list would cover the map and the inspector.
    input.current?.blur()
    onPick(h)
  }

  return (
    <div
      className="search"
      role="combobox"
      aria-expanded={open && hits.length > 0}
      aria-haspopup="listbox"
      aria-owns="search-results"
    >
      <input
        ref={input}
        type="search"
        value={q}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        aria-controls="search-results"
        aria-activedescendant={open && hits[active] ? `hit-${active}` : undefined}
        onChange={(e) => {
          picked.current = null
          setQ(e.target.value)
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            setActive((a) => Math.min(hits.length - 1, a + 1))
            e.preventDefault()
          } else if (e.key === 'ArrowUp') {
            setActive((a) => Math.max(0, a - 1))
            e.preventDefault()
          } else if (e.key === 'Enter' && hits[active]) pick(hits[active]!)
          else if (e.key === 'Escape') setOpen(false)
        }}
      />
      {open && hits.length > 0 && (
        <ul id="search-results" role="listbox" className="search-results">
          {hits.map((h, i) => (
            <li
              key={`${h.collection}/${h.id}`}
              id={`hit-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault()
                pick(h)
              }}
            >
              <span className="hit-name">{h.name}</span>
              <span className="muted hit-kind">
                {h.collection === 'places' ? t('search.place') : t(`layer.${h.collection}` as MessageKey)}
                {h.detail ? ` · ${v(h.detail)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
