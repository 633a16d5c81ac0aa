import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

// The real server process for the browser tests (kept free of vitest's runtime so the global setup can use it).

declare module 'vitest' {
  export interface ProvidedContext {
    /** The seeded embedded data directory each test file's server starts on a copy of. */
    browserTemplate: string
  }
}

export const ROOT = join(import.meta.dirname, '..', '..')
export const PASSWORD = 'demo-pass-123'
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

/** `server/main.ts` on an embedded data directory (created and seeded when empty); resolves once it is ready. */
export async function spawnServer(dataDir: string, startupMs = 150_000): Promise<RunningServer> {
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      RAMANI_DATA_DIR: dataDir,
      RAMANI_DEMO_PASSWORD: PASSWORD,
      DATABASE_URL: '',
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
