import { useI18n } from '../i18n/index.tsx'

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n()
  return (
    <div className="lang" role="group" aria-label={t('app.language')}>
      {(['en', 'sw'] as const).map((l) => (
        <button
          key={l}
          type="button"
          aria-pressed={lang === l}
          className={lang === l ? 'on' : ''}
          onClick={() => setLang(l)}
        >
          {l === 'en' ? 'EN' : 'SW'}
        </button>
      ))}
    </div>
  )
}
