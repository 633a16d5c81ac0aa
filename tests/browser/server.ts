import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

// The real server process for the browser tests (kept free of vitest's runtime so the global setup can use it).

declare module 'vitest' {
  export interface ProvidedContext {
    /** The seeded embedded data directory each test file's server starts on a copy of. */
    browserTemplate: string
    /** With DATABASE_URL set: the seeded server database each test file's database is created from. */
    browserServerTemplate: string
  }
}

export const ROOT = join(import.meta.dirname, '..', '..')
import { TEST_PASSWORD } from '../support/password.ts'

// The API tests' password, so a run on a server can start from their template database (demo users included).
export const PASSWORD = TEST_PASSWORD
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.log(`[skip] browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium)`)

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

export interface RunningServer {
  url: string
  stop(): Promise<void>
}

/**
 * `server/main.ts` on an embedded data directory, or on the server database `databaseUrl` names (keeping its files
 * in `dataDir`); created and seeded when empty. Resolves once it is ready.
 */
export async function spawnServer(dataDir: string, startupMs = 150_000, databaseUrl = ''): Promise<RunningServer> {
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      RAMANI_DATA_DIR: dataDir,
      RAMANI_DEMO_PASSWORD: PASSWORD,
      DATABASE_URL: databaseUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), startupMs)
    const onData = (b: Buffer) => {
      log += b.toString()
      if (log.includes('Ramani is ready')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${log}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      // The server closes its database on SIGTERM; waiting for the exit leaves the data directory whole.
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))])
    },
  }
}

/** The PostgreSQL server the browser tests run on (DATABASE_URL), when they do not run on the embedded database. */
export const serverUrl = process.env.DATABASE_URL || undefined

/** `base` with its database replaced by `name`. */
export function databaseUrl(base: string, name: string): string {
  const u = new URL(base)
  u.pathname = `/${name}`
  return u.toString()
}

/** Runs one statement on the server's maintenance connection (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminQuery(base: string, sql: string): Promise<void> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: base })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
