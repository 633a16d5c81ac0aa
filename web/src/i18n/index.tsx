import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { en, type MessageKey } from './en.ts'
import { sw } from './sw.ts'

export type Lang = 'en' | 'sw'
const TABLES: Record<Lang, Record<MessageKey, string>> = { en, sw }
const STORAGE = 'ramani.lang'

interface I18n {
  lang: Lang
  setLang(l: Lang): void
  t(key: MessageKey): string
  /** A domain value (status, kind, theme…) in the current language; unknown values as they are. */
  v(value: unknown): string
  num(n: number, digits?: number): string
  date(iso: string): string
}

const Ctx = createContext<I18n | null>(null)

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(STORAGE) === 'sw' ? 'sw' : 'en'))
  useEffect(() => {
    document.documentElement.lang = lang
  }, [lang])
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE, l)
    setLangState(l)
  }, [])
  const value = useMemo<I18n>(() => {
    const table = TABLES[lang]
    const locale = lang === 'sw' ? 'sw-KE' : 'en-KE'
    return {
      lang,
      setLang,
      t: (key) => table[key],
      v: (value) => {
        if (typeof value === 'boolean') return table[value ? 'yes' : 'no']
        const key = `v.${String(value)}` as MessageKey
        return key in table ? table[key] : String(value)
      },
      num: (n, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n),
      date: (iso) =>
        new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Africa/Nairobi' }).format(
          new Date(iso),
        ),
    }
  }, [lang, setLang])
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useI18n(): I18n {
  const ctx = useContext(Ctx)
  if (!ctx) throw new Error('useI18n outside I18nProvider')
  return ctx
}
export type { MessageKey }
