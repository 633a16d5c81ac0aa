import { useState } from 'react'
import type { User } from '../api/client.ts'
import { roleCan } from '../../../contract/rights.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'

export function UserMenu({ user, onSignOut }: { user: User; onSignOut(): void }) {
  const { t, v } = useI18n()
  const [open, setOpen] = useState(false)
  const scope = user.organisation
    ? user.organisation
    : user.regions.length
      ? user.regions.map(v).join(', ')
      : user.counties.length
        ? user.counties.join(', ')
        : t('user.national')
  return (
    <div className="user-menu">
      <button
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={t('user.menu')}
        onClick={() => setOpen(!open)}
      >
        <span className="avatar" aria-hidden="true">
          {user.username.slice(0, 1).toUpperCase()}
        </span>
        <span className="who">{user.username}</span>
      </button>
      {open && (
        <div className="menu" role="menu">
          <p>
            <strong>{user.display_name}</strong>
          </p>
          <p>
            <span className="muted">{t('user.role')}:</span>{' '}
            <span data-testid="role">{t(`role.${user.role}` as MessageKey)}</span>
          </p>
          <p>
            <span className="muted">{t('user.scope')}:</span> <span data-testid="scope">{scope}</span>
          </p>
          {roleCan(user.role, 'moderation') && (
            <a role="menuitem" href="#/moderation" onClick={() => setOpen(false)}>
              {t('moderation.open')}
            </a>
          )}
          <button type="button" role="menuitem" onClick={onSignOut}>
            {t('user.signout')}
          </button>
        </div>
      )}
    </div>
  )
}
