import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createUser, findUser, setPassword, type NewUser } from '../access/users.ts'
import type { Db } from '../db/index.ts'

// Demo accounts for the embedded sample database only; a server database gets real accounts from `npm run user`.

export const DEMO_USERS: Omit<NewUser, 'password'>[] = [
  { username: 'admin', display_name: 'Demo administrator', role: 'admin' },
  { username: 'planner', display_name: 'Demo planner', role: 'planner' },
  {
    username: 'commissioner.rift',
    display_name: 'Demo Regional Commissioner, Rift Valley',
    role: 'commissioner',
    regions: ['rift_valley'],
  },
  { username: 'field.turkana', display_name: 'Demo field officer, Turkana', role: 'field_officer', counties: ['023'] },
  { username: 'viewer', display_name: 'Demo viewer', role: 'viewer' },
  { username: 'moderator.turkana', display_name: 'Demo moderator, Turkana', role: 'moderator', counties: ['023'] },
  {
    username: 'operator.relief',
    display_name: 'Demo operator, Demo Relief Air',
    role: 'operator',
    organisation: 'Demo Relief Air',
  },
  { username: 'officer.flights', display_name: 'Demo flight clearance officer', role: 'flight_officer' },
  // A concurring agency's account: civil aviation, whose concurrence the rule table asks for on every flight.
  { username: 'agency.kcaa', display_name: 'Demo civil aviation authority (KCAA)', role: 'viewer', agency: 'kcaa' },
  { username: 'agency.kdf', display_name: 'Demo defence forces liaison (KDF)', role: 'viewer', agency: 'kdf' },
  { username: 'agency.nis', display_name: 'Demo intelligence service liaison (NIS)', role: 'viewer', agency: 'nis' },
]

/** The demo password: the configured one, else one generated once and kept beside the database. */
export function demoPassword(dataDir: string, configured?: string): string {
  if (configured) return configured
  const file = join(dirname(dataDir), 'demo-password')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const generated = randomBytes(9).toString('base64url')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${generated}\n`, { mode: 0o600 })
  return generated
}

/** Creates missing demo accounts and gives all of them `password`; returns the usernames. */
export async function seedDemoUsers(db: Db, password: string): Promise<string[]> {
  await db.transaction(async (tx) => {
    for (const u of DEMO_USERS) {
      if (await findUser(tx, u.username)) await setPassword(tx, u.username, password)
      else await createUser(tx, { ...u, password })
    }
  })
  return DEMO_USERS.map((u) => u.username)
}
