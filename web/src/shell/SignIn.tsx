import { useState, type FormEvent } from 'react'
import { ApiError, signIn, type User } from '../api/client.ts'
import { useI18n } from '../i18n/index.tsx'
import { LanguageSwitch } from './LanguageSwitch.tsx'

export function SignIn({ onSignedIn }: { onSignedIn(user: User): void }) {
  const { t } = useI18n()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      onSignedIn((await signIn(username.trim(), password)).user)
    } catch (err) {
      const code = err instanceof ApiError ? err.status : 0
      setError(t(code === 401 ? 'signin.invalid' : code === 429 ? 'signin.limited' : 'signin.failed'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <div className="signin-head">
          <h1 id="signin-title">{t('signin.title')}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('signin.lead')}</p>
        <label>
          {t('signin.username')}
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          {t('signin.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signin.busy') : t('signin.submit')}
        </button>
      </form>
    </main>
  )
}
