import { useEffect, useState } from 'react'
import { findStrips, type StripOption } from './api.ts'

// A leg end typed as an airstrip code, name or "lat, lon", with the listed airstrips that match offered as it is typed.

const hash = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0)

export function StripInput({
  name,
  label,
  value,
  onChange,
}: {
  name: string
  label: string
  value: string
  onChange(v: string): void
}) {
  const [options, setOptions] = useState<StripOption[]>([])
  const id = `strips-${name}-${Math.abs(hash(value + name))}`
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
      {label} <input name={name} list={id} value={value} required onChange={(e) => onChange(e.target.value)} />
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

/** Choose one listed airstrip: type part of its name or code, pick it from the list. */
export function StripPicker({
  label,
  placeholder,
  choose,
  value,
  onChange,
}: {
  label: string
  placeholder: string
  choose: string
  value: StripOption | null
  onChange(s: StripOption | null): void
}) {
  const [q, setQ] = useState('')
  const [options, setOptions] = useState<StripOption[]>([])
  useEffect(() => {
    const t = setTimeout(
      () =>
        findStrips(q).then(
          (r) => setOptions(r.airstrips),
          () => setOptions([]),
        ),
      q ? 250 : 0,
    )
    return () => clearTimeout(t)
  }, [q])
  const shown = value && !options.some((o) => o.id === value.id) ? [value, ...options] : options
  return (
    <span className="strip-picker">
      <input
        aria-label={placeholder}
        placeholder={placeholder}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        name="strip-search"
      />
      <label>
        {label}{' '}
        <select
          name="airstrip"
          value={value?.id ?? ''}
          onChange={(e) => onChange(shown.find((x) => x.id === Number(e.target.value)) ?? null)}
        >
          <option value="">{choose}</option>
          {shown.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} {o.ident ? `(${o.ident})` : ''}
            </option>
          ))}
        </select>
      </label>
    </span>
  )
}
