import { afterAll, beforeAll } from 'vitest'
import type { AppOptions } from '../../server/app.ts'
import type { Db } from '../../server/db/index.ts'
import { testApp, type Client, type TestApp } from './app.ts'

/** 'field.turkana' → 'fieldTurkana', so every signed-in user is a plain member name. */
type Member<U extends string> = U extends `${infer Head}.${infer Tail}` ? `${Head}${Capitalize<Member<Tail>>}` : U

const member = (username: string) => username.replace(/\.(.)/g, (_, c: string) => c.toUpperCase())

export type UsedApp<U extends string> = {
  t: TestApp
  db: Db
  /** The caller without a session. */
  anon: Client
  /** A fresh session of its own, for tests that sign out, lock or otherwise spend one. */
  as: TestApp['as']
} & { [K in U as Member<K>]: Client }

/**
 * One app on a private copy of the test database for the file (or describe block) that calls it, with a session for
 * each demo user named. The members are filled in by a beforeAll hook, so they can be read in tests and later hooks
 * only, and the database is discarded after the last test.
 */
export function useApp<const U extends string[]>(...users: U): UsedApp<U[number]>
export function useApp<const U extends string[]>(options: Partial<AppOptions>, ...users: U): UsedApp<U[number]>
export function useApp(...args: (Partial<AppOptions> | string)[]): UsedApp<string> {
  const options = typeof args[0] === 'object' ? args[0] : {}
  const users = args.filter((a): a is string => typeof a === 'string')
  const used = {} as UsedApp<string>
  beforeAll(async () => {
    const t = await testApp(options)
    Object.assign(used, { t, db: t.db, anon: t, as: t.as })
    // One after another, in the order given: sessions are created as the files used to create them.
    for (const username of users) used[member(username)] = await t.as(username)
  })
  afterAll(() => used.t?.close())
  return used
}
