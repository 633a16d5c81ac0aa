// Account administration from the shell, for server databases (which get no demo accounts):
//   npm run user -- create <username> --role <role> [--region <code>]... [--county <001-047>]... [--name "Full Name"]
//                  [--organisation "Operator Ltd"] (operators) [--agency kcaa] (accounts that concur on flights)
//   npm run user -- passwd <username>
//   npm run user -- list
// The password comes from RAMANI_USER_PASSWORD, else one is generated and printed once.
// Uses DATABASE_URL, else the embedded database in RAMANI_DATA_DIR (stop the server first: one process per data dir).
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { createUser, findUser, listUsers, setPassword } from '../server/access/users.ts'
import { loadConfig } from '../server/config.ts'
import { openDb } from '../server/db/index.ts'
import { migrate } from '../server/db/migrate.ts'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    region: { type: 'string', multiple: true },
    county: { type: 'string', multiple: true },
    name: { type: 'string' },
    organisation: { type: 'string' },
    agency: { type: 'string' },
  },
})
const [command, username] = positionals
const config = loadConfig()
const password = process.env.RAMANI_USER_PASSWORD ?? randomBytes(12).toString('base64url')
const generated = !process.env.RAMANI_USER_PASSWORD

const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.RAMANI_DATA_DIR })
try {
  await migrate(db)
  if (command === 'list') {
    for (const u of await listUsers(db)) {
      console.log(
        `${u.username}\t${u.role}\t${u.organisation ?? ([...u.regions, ...u.counties].join(',') || 'national')}${u.agency ? `\tagency ${u.agency}` : ''}${u.disabled ? '\tdisabled' : ''}`,
      )
    }
  } else if (command === 'create' && username) {
    const u = await createUser(db, {
      username,
      display_name: values.name,
      password,
      role: values.role as never,
      regions: (values.region ?? []) as never,
      counties: values.county ?? [],
      organisation: values.organisation ?? null,
      agency: values.agency ?? null,
    })
    console.log(`Created ${u.username} (${u.role}).${generated ? ` Password: ${password}` : ''}`)
  } else if (command === 'passwd' && username) {
    if (!(await findUser(db, username))) throw new Error(`No user ${username}.`)
    await setPassword(db, username, password)
    console.log(`Password of ${username} changed.${generated ? ` New password: ${password}` : ''}`)
  } else {
    console.error(
      'usage: npm run user -- create <username> --role <admin|planner|commissioner|field_officer|viewer|moderator|operator|flight_officer> [--organisation O] [--agency A] [--region R]... [--county 001]... | passwd <username> | list',
    )
    process.exitCode = 2
  }
} catch (err) {
  console.error(
    err instanceof z.ZodError
      ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')
      : String((err as Error).message),
  )
  process.exitCode = 1
} finally {
  await db.close()
}
