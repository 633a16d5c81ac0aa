import { useSyncExternalStore } from 'react'

// A small external store for React (useSyncExternalStore): components subscribe to the slice they select and render
// again only when that slice changes identity. Updates replace the state object, never mutate it.

export interface Store<S> {
  get(): S
  set(patch: Partial<S> | ((s: S) => Partial<S>)): void
  subscribe(listener: () => void): () => void
}

export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial
  const listeners = new Set<() => void>()
  return {
    get: () => state,
    set(patch) {
      const p = typeof patch === 'function' ? patch(state) : patch
      if (Object.entries(p).every(([k, v]) => Object.is(state[k as keyof S], v))) return
      state = { ...state, ...p }
      for (const l of [...listeners]) l()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** The selected slice of a store; the selector must return parts of the state (or primitives), not new objects. */
export function useStore<S, T>(store: Store<S>, selector: (s: S) => T): T {
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.get()),
    () => selector(store.get()),
  )
}
