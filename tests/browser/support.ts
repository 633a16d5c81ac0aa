import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

// Starting the real server (embedded PostGIS in a fresh data dir) and Debian's Chromium, for the browser tests.

export const ROOT = join(import.meta.dirname, '..', '..')
export const SHOTS = join(ROOT, 'test-results')
export const PASSWORD = 'demo-pass-123'
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

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

/** The app as `npm start` runs it (the web app must be built: `npm run build`), on a fresh embedded database. */
export async function startServer(): Promise<RunningServer> {
  // A developer may point the browser tests at a server already running (`npm start` with the same demo password).
  if (process.env.RAMANI_BROWSER_URL) return { url: process.env.RAMANI_BROWSER_URL, stop: async () => undefined }
  if (!existsSync(join(ROOT, 'web/dist/index.html'))) throw new Error('web/dist is missing: run `npm run build` first')
  const dir = mkdtempSync(join(tmpdir(), 'ramani-browser-'))
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      RAMANI_DATA_DIR: join(dir, 'db'),
      RAMANI_DEMO_PASSWORD: PASSWORD,
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 150_000)
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
      child.kill('SIGTERM')
      await new Promise((r) => setTimeout(r, 500))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

export async function signIn(context: BrowserContext, url: string, username: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(url)
  await page.getByLabel(/Username|Jina la mtumiaji/).fill(username)
  await page.getByLabel(/Password|Nenosiri/).fill(PASSWORD)
  await page.getByRole('button', { name: /Sign in|Ingia/ }).click()
  await page.locator('.map[data-ready="true"]').waitFor({ timeout: 60_000 })
  return page
}

export async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, `${name}.png`) })
}

/** Distinct colours in a screenshot of a map's canvas (the main map unless `map` selects another): a blank canvas has one or two. */
export async function canvasColours(page: Page, map = '.map'): Promise<number> {
  const png = await page.locator(`${map} canvas.maplibregl-canvas`).screenshot()
  return page.evaluate(async (b64) => {
    const img = new Image()
    img.src = `data:image/png;base64,${b64}`
    await img.decode()
    const c = document.createElement('canvas')
    c.width = img.width
    c.height = img.height
    const ctx = c.getContext('2d')!
    ctx.drawImage(img, 0, 0)
    const data = ctx.getImageData(0, 0, c.width, c.height).data
    const seen = new Set<number>()
    for (let i = 0; i < data.length; i += 4 * 7)
      seen.add(((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4))
    return seen.size
  }, png.toString('base64'))
}

/** Screen position of a lon/lat on the map (via the test hook the app exposes). */
export async function project(page: Page, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  const p = await page.evaluate((ll) => (window as any).__ramani.map.project(ll), lonLat)
  const box = (await page.locator('.map').boundingBox())!
  return { x: box.x + p.x, y: box.y + p.y }
}

/** One server and one browser for a test file: started before its tests, stopped after. */
export function useServerAndBrowser(): { readonly url: string; readonly browser: Browser } {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    if (!hasChromium) return
    server = await startServer()
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  return {
    get url() {
      return server!.url
    },
    get browser() {
      return browser!
    },
  }
}
