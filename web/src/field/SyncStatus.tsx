import { useEffect, useMemo, useRef, useState } from 'react'
import type { Meta, User } from '../api/client.ts'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import {
  packageCurrent,
  packageState,
  preparePackage,
  trimCaches,
  type PackageState,
  type Progress,
} from '../offline/prefetch.ts'
import { roleKeepsOffline } from '../../../contract/rights.ts'
import { pending, type QueueItem } from '../offline/queue.ts'
import { sync, type SyncState } from '../offline/sync.ts'
import { ConflictView, type Choice } from './ConflictView.tsx'
import '../offline/field.css'

// The sync chip in the top bar (online/offline, how many items wait, how many need a decision) and its panel: every
// queued item with its result — synced, conflict (side by side, to resolve), rejected (with the server's message,
// kept until discarded) — and the state of the offline data for the user's area.

/** Refresh the offline package at most this often when data versions move on (someone edited somewhere). */
const PACKAGE_REFRESH_MS = 15 * 60_000

type PackageView =
  { state: 'none' | 'ready' | 'failed'; info?: PackageState } | { state: 'preparing'; progress: Progress }

export function useSyncState(): SyncState {
  const [s, setS] = useState<SyncState>(sync.snapshot)
  useEffect(() => sync.subscribe(setS), [])
  return s
}

export function SyncStatus({ user, meta, onSignInNeeded }: { user: User; meta: Meta | null; onSignInNeeded(): void }) {
  const { t, date } = useI18n()
  const s = useSyncState()
  const [open, setOpen] = useState(false)
  const [pkg, setPkg] = useState<PackageView>(() =>
    packageState()?.username === user.username ? { state: 'ready', info: packageState() } : { state: 'none' },
  )
  const running = useRef(false)
  const signIn = useRef(onSignInNeeded)
  signIn.current = onSignInNeeded

  useEffect(() => {
    sync.start(user.username, () => signIn.current())
    return () => sync.stop()
  }, [user.username])

  // The offline package: field officers get their counties' data saved as soon as they are online.
  async function refreshPackage(force = false) {
    if (!meta || running.current || !navigator.onLine || typeof caches === 'undefined') return
    const info = packageState()
    const fresh = info?.username === user.username && Date.now() - Date.parse(info.at) < PACKAGE_REFRESH_MS
    if (!force && (packageCurrent(user, meta) || fresh)) return
    running.current = true
    setPkg({ state: 'preparing', progress: { done: 0, total: 1 } })
    try {
      const done = await preparePackage(user, meta, (progress) => setPkg({ state: 'preparing', progress }))
      setPkg({ state: 'ready', info: done })
    } catch (e) {
      console.warn('[ramani] offline package failed:', e)
      setPkg({ state: 'failed', info: packageState() })
    } finally {
      running.current = false
    }
  }
  useEffect(() => {
    if (roleKeepsOffline(user.role)) void refreshPackage()
    // Refreshed when the data, the connection or the user change; refreshPackage itself guards against re-entry.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [meta, s.online, user])
  // Everyone's caches stay bounded (the map caches tiles as it goes): trimmed once per session.
  const trimmed = useRef(false)
  useEffect(() => {
    if (!meta || trimmed.current || roleKeepsOffline(user.role)) return
    trimmed.current = true
    void trimCaches(meta).catch(() => undefined)
  }, [meta, user.role])

  const mine = useMemo(() => s.items.filter((i) => i.username === user.username), [s.items, user.username])
  const waiting = pending(mine)
  const conflicts = waiting.filter((i) => i.state === 'conflict').length
  const others = s.items.filter((i) => i.username !== user.username && i.state !== 'synced').length

  // A new conflict opens the panel: the user has a decision to make.
  const seenConflicts = useRef(0)
  useEffect(() => {
    if (conflicts > seenConflicts.current) setOpen(true)
    seenConflicts.current = conflicts
  }, [conflicts])

  const label = s.online ? t('sync.online') : t('sync.offline')
  return (
    <div className="sync">
      <button
        type="button"
        className={`sync-chip ${s.online ? 'on' : 'off'} ${conflicts ? 'attention' : ''}`}
        aria-expanded={open}
        aria-controls="sync-panel"
        onClick={() => setOpen(!open)}
        data-testid="sync-status"
        data-online={String(s.online)}
        data-queued={waiting.length}
        data-conflicts={conflicts}
        data-package={pkg.state}
      >
        <span className="dot" aria-hidden="true" />
        <span className="sync-label">{label}</span>
        {waiting.length > 0 && (
          <span className="sync-count">
            · {waiting.length} {t('sync.queued')}
          </span>
        )}
        {conflicts > 0 && (
          <span className="sync-count">
            · {conflicts} {t('sync.toResolve')}
          </span>
        )}
      </button>
      {open && (
        <section id="sync-panel" className="sync-panel" data-testid="sync-panel" aria-label={t('sync.title')}>
          <header>
            <h2>{t('sync.title')}</h2>
            <button type="button" className="icon" onClick={() => setOpen(false)} aria-label={t('sync.close')}>
              ×
            </button>
          </header>
          {s.needsSignIn && (
            <p className="error" role="alert">
              {t('sync.signin')}
            </p>
          )}
          {mine.length === 0 && <p className="muted small">{t('sync.empty')}</p>}
          <ol className="sync-items">
            {mine.map((item) => (
              <SyncItem key={item.id} item={item} />
            ))}
          </ol>
          {others > 0 && (
            <p className="muted small">
              {others} · {t('sync.otherUser')}
            </p>
          )}
          <div className="sync-actions">
            <button
              type="button"
              onClick={() => void sync.run()}
              disabled={s.running || !s.online}
              data-testid="sync-now"
            >
              {s.running ? t('sync.running') : t('sync.now')}
            </button>
            {mine.some((i) => i.state === 'synced') && (
              <button type="button" onClick={() => void sync.clearSynced()}>
                {t('sync.clear')}
              </button>
            )}
          </div>
          <p className="small package" data-testid="offline-package">
            <strong>{t('sync.package')}:</strong>{' '}
            {pkg.state === 'preparing'
              ? `${t('sync.package.preparing')} (${pkg.progress.done}/${pkg.progress.total})`
              : pkg.state === 'ready' && pkg.info
                ? `${t('sync.package.ready')} · ${pkg.info.items} ${t('sync.package.items')}, ${pkg.info.tiles} ${t('sync.package.tiles')} · ${date(pkg.info.at)}`
                : pkg.state === 'failed'
                  ? t('sync.package.failed')
                  : t('sync.package.none')}{' '}
            {s.online && pkg.state !== 'preparing' && (
              <button type="button" className="link" onClick={() => void refreshPackage(true)}>
                {t('sync.package.update')}
              </button>
            )}
          </p>
        </section>
      )}
    </div>
  )
}

function SyncItem({ item }: { item: QueueItem }) {
  const { t, v, date } = useI18n()
  const [choices, setChoices] = useState<Record<string, Choice>>({})
  const fields = item.conflict?.fields ?? []
  const chosen = (f: string): Choice => choices[f] ?? 'mine'
  const summary =
    item.kind === 'assessment'
      ? [
          item.assessment.condition && v(item.assessment.condition),
          item.assessment.status && v(item.assessment.status),
          item.assessment.notes,
        ]
          .filter(Boolean)
          .join(' · ')
      : Object.entries(item.changes)
          .map(([k, val]) => `${t(`prop.${k}` as MessageKey)}: ${v(val)}`)
          .join(' · ')
  const note =
    item.message && ['merged', 'already', 'server-kept', 'resolved'].includes(item.message)
      ? t(`sync.note.${item.message}` as MessageKey)
      : undefined
  return (
    <li
      className={`sync-item ${item.state}`}
      data-testid="sync-item"
      data-state={item.state}
      data-kind={item.kind}
      data-asset={`${item.collection}/${item.assetId}`}
    >
      <p>
        <span className={`state ${item.state}`}>{t(`sync.state.${item.state}` as MessageKey)}</span>{' '}
        <strong>{t(`sync.kind.${item.kind}` as MessageKey)}</strong> · {item.assetName}
        <span className="muted">
          {' '}
          · {t(`layer.${item.collection}` as MessageKey)} · {date(item.createdAt)}
        </span>
      </p>
      {summary && (
        <p className="small">
          {summary}
          {item.kind === 'assessment' && item.photos.length > 0
            ? ` · ${item.photos.length} ${t(item.photos.length === 1 ? 'sync.photo' : 'sync.photos')}`
            : ''}
        </p>
      )}
      {note && <p className="small muted">{note}</p>}
      {item.state === 'rejected' && (
        <p className="error small" role="alert">
          {item.message}
        </p>
      )}
      {item.state === 'conflict' && (
        <ConflictView
          testId={`conflict-${item.id}`}
          title={t('conflict.title')}
          help={t('conflict.help')}
          rows={fields.map((f) => ({ field: f.field, server: f.server, mine: f.mine, base: f.base }))}
          choices={Object.fromEntries(fields.map((f) => [f.field, chosen(f.field)]))}
          onChoose={(f, c) => setChoices({ ...choices, [f]: c })}
        >
          <button
            type="button"
            onClick={() =>
              void sync.resolve(item.id, Object.fromEntries(fields.map((f) => [f.field, 'mine' as const])))
            }
          >
            {t('conflict.keepMine')}
          </button>
          <button
            type="button"
            onClick={() =>
              void sync.resolve(item.id, Object.fromEntries(fields.map((f) => [f.field, 'server' as const])))
            }
          >
            {t('conflict.takeServer')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() =>
              void sync.resolve(item.id, Object.fromEntries(fields.map((f) => [f.field, chosen(f.field)])))
            }
          >
            {t('conflict.apply')}
          </button>
        </ConflictView>
      )}
      {(item.state === 'rejected' || item.state === 'conflict' || item.state === 'held') && (
        <button type="button" className="link" onClick={() => void sync.discard(item.id)}>
          {t('sync.discard')}
        </button>
      )}
    </li>
  )
}
