import { ApiError, me, type User } from '../api/client.ts'

// The signed-in user survives going offline: the last user who signed in on this device is remembered, so the app
// opens offline (from the service worker's caches) with their role and area. The server still decides every write:
// queued items wait for a valid session when the connection returns. Signing out forgets the user and the cached data.

const USER_KEY = 'ramani.user'

/** Cache names shared with the service worker (web/src/offline/sw.ts has the same three). */
export const DATA_CACHE = 'ramani-data-v1'
export const TILE_CACHE = 'ramani-tiles-v1'
export const SHELL_CACHE_PREFIX = 'ramani-shell-'

export type SessionUser = User & { offline?: boolean }

function stored(): User | undefined {
  try {
    const raw = localStorage.getItem(USER_KEY)
    return raw ? (JSON.parse(raw) as User) : undefined
  } catch {
    return undefined
  }
}

/** Remembers who signed in; another user's cached data is dropped first (caches hold what one user may see). */
export async function rememberUser(user: User): Promise<void> {
  const before = stored()
  if (before && before.username !== user.username) await clearDataCaches()
  localStorage.setItem(USER_KEY, JSON.stringify(user))
}

/** The signed-in user; when the server cannot be reached, the remembered one (marked offline); null = sign in. */
export async function restoreSession(): Promise<SessionUser | null> {
  try {
    const { user } = await me()
    await rememberUser(user)
    return user
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) return null
    const user = stored()
    return user ? { ...user, offline: true } : null
  }
}

/** Signing out: the user and the data cached for them are forgotten (the app shell and the queue stay). */
export async function forgetUser(): Promise<void> {
  localStorage.removeItem(USER_KEY)
  localStorage.removeItem(PACKAGE_KEY)
  await clearDataCaches()
}

export async function clearDataCaches(): Promise<void> {
  if (typeof caches === 'undefined') return
  await Promise.all([caches.delete(DATA_CACHE), caches.delete(TILE_CACHE)])
}

/** Where the offline package's state is kept (prefetch.ts). */
export const PACKAGE_KEY = 'ramani.offline.package'
