import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, inject } from 'vitest'
import { randomBytes } from 'node:crypto'
import {
  CHROMIUM,
  PASSWORD,
  ROOT,
  adminQuery,
  databaseUrl,
  hasChromium,
  serverUrl,
  spawnServer,
  type RunningServer,
} from './server.ts'

export { PASSWORD, ROOT, hasChromium, type RunningServer }
export const SHOTS = join(ROOT, 'test-results')

/**
 * The app as `npm start` runs it (the web app must be built: `npm run build`) on a fresh database: embedded, or a
 * database of the PostgreSQL server when DATABASE_URL names one and the file does not ask for the embedded one.
 */
/**
 * A database template the browser tests' global setup prepared; none when run outside vitest (the screenshot and
 * measuring scripts), whose server then migrates and seeds its own database.
 */
function template(key: 'browserServerTemplate' | 'browserTemplate'): string | undefined {
  try {
    return inject(key)
  } catch {
    return undefined
  }
}

export async function startServer(opts: { embedded?: boolean } = {}): Promise<RunningServer> {
  // A developer may point the browser tests at a server already running (`npm start` with the same demo password).
  if (process.env.RAMANI_BROWSER_URL) return { url: process.env.RAMANI_BROWSER_URL, stop: async () => undefined }
  if (!existsSync(join(ROOT, 'web/dist/index.html'))) throw new Error('web/dist is missing: run `npm run build` first')
  const dir = mkdtempSync(join(tmpdir(), 'ramani-browser-'))
  // Every file gets its own copy of one database seeded once by the global setup: the same fresh state, without
  // migrating and loading the reference and sample data ten times.
  const serverTemplate = opts.embedded ? undefined : template('browserServerTemplate')
  if (serverUrl && serverTemplate) {
    const name = `ramani_b_${randomBytes(6).toString('hex')}`
    await adminQuery(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${serverTemplate}"`)
    const server = await spawnServer(join(dir, 'files'), undefined, databaseUrl(serverUrl, name))
    return {
      url: server.url,
      async stop() {
        await server.stop()
        await adminQuery(serverUrl!, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const embeddedTemplate = template('browserTemplate')
  if (embeddedTemplate && existsSync(embeddedTemplate)) cpSync(embeddedTemplate, join(dir, 'db'), { recursive: true })
  const server = await spawnServer(join(dir, 'db'))
  return {
    url: server.url,
    async stop() {
      await server.stop()
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

export type SideTab = 'layers' | 'filters' | 'analysis' | 'legend' | 'tools'

/** Opens a tab of the map's side panel: only the active tab's controls are visible (and clickable). */
/**
 * Waits for the main map to finish what it was asked: a repaint is forced, so 'idle' comes even when the map was
 * already idle before this asked (10 s at most), then 300 ms for the page to catch up.
 */
export const mapSettled = (page: Page) =>
  page
    .evaluate(
      `new Promise((r) => { const m = window.__ramani.map; m.triggerRepaint(); m.once('idle', r); setTimeout(r, 10000) })`,
    )
    .then(() => page.waitForTimeout(300))

export async function openTab(page: Page, tab: SideTab) {
  await page.locator(`#side [role="tab"][data-tab="${tab}"]`).click()
  await page.locator(`#tabpanel-${tab}`).waitFor()
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

/**
 * One server and one browser for a test file: started before its tests, stopped after. `embedded` keeps the file on
 * the embedded database when the run is on a PostgreSQL server (the default `npm start` path stays covered).
 */
export function useServerAndBrowser(opts: { embedded?: boolean } = {}): {
  readonly url: string
  readonly browser: Browser
} {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    if (!hasChromium) return
    server = await startServer(opts)
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
