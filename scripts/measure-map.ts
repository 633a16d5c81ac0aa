/// <reference lib="dom" />
// Measures the map's interactions in Chromium with performance marks, and the initial JavaScript the browser loads.
//
// Usage: npm run build && npx tsx scripts/measure-map.ts [--runs 3] [--json out.json]
//
// Each interaction is timed from a mark set just before the user's action to a mark set when the map has drawn the
// result (the map's next `idle` after the change, plus whatever the action waits for: tiles, the hot spot answer, the
// camera's move). Chromium draws with SwiftShader (software WebGL) on this machine, so absolute times are inflated;
// compare runs on the same machine. Timings are for reports only, never asserted in tests.

import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { initialJsIn } from './lib/bundle-size.ts'
import { launch, openTab, ROOT, signIn, startServer, type SideTab } from '../tests/browser/support.ts'

const arg = (name: string) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : undefined
}
const RUNS = Number(arg('--runs') ?? 3)

/** Runs `action` between two marks; the end mark waits for `ready` (evaluated in the page) and the map's idle. */
async function timed(page: Page, name: string, action: () => Promise<void>, ready: string): Promise<number> {
  await page.evaluate((n) => performance.mark(`${n}:start`), name)
  await action()
  // A string, not a function: tsx would wrap named helpers in a function that the page does not have.
  return page.evaluate(`(async () => {
    const map = window.__ramani.map
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
    const deadline = performance.now() + 120000
    for (;;) {
      await frame()
      if ((${ready}) || performance.now() > deadline) break
    }
    if (!map.loaded() || map.isMoving()) await new Promise((r) => map.once('idle', r))
    await frame()
    performance.mark(${JSON.stringify(name + ':end')})
    return performance.measure(${JSON.stringify(name)}, ${JSON.stringify(name + ':start')}, ${JSON.stringify(name + ':end')}).duration
  })()`) as Promise<number>
}

/** Opens a side panel tab where the build has tabs; a build from before them (a --dist to compare) shows everything. */
async function showTab(page: Page, tab: SideTab) {
  if (await page.locator(`#side [role="tab"][data-tab="${tab}"]`).count()) await openTab(page, tab)
}

const idleNow = (page: Page) =>
  page.evaluate(`new Promise((r) => {
    const m = window.__ramani.map
    if (m.loaded() && !m.isMoving()) return r(null)
    m.once('idle', r)
  })`)

async function measureOnce(url: string): Promise<Record<string, number>> {
  const browser = await launch()
  try {
    // Service workers off: every run loads the app from the network, and --dist can stand in for the server's files.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' })
    const dist = arg('--dist')
    if (dist)
      await context.route(
        (u) => !/^\/(api|ogc|tiles)(\/|$)/.test(u.pathname),
        async (route) => {
          const path = new URL(route.request().url()).pathname
          const file = join(dist, path)
          await route.fulfill({ path: path !== '/' && existsSync(file) ? file : join(dist, 'index.html') })
        },
      )
    const page = await signIn(context, url, 'planner')
    await idleNow(page)
    await page.waitForTimeout(1500)
    const out: Record<string, number> = {}

    // A condition filter: every layer with a condition gets new tiles.
    await showTab(page, 'filters')
    out.conditionFilter = await timed(
      page,
      'condition-filter',
      () =>
        page
          .locator('select[data-filter="condition"]')
          .selectOption('poor')
          .then(() => undefined),
      `Object.values(map.style.tileManagers ?? {}).every((c) => c.loaded())`,
    )
    await page.locator('select[data-filter="condition"]').selectOption('')
    await idleNow(page)

    // Incidents as a heatmap (deck.gl), then Gi* hot spots (server answer + fill layer).
    await showTab(page, 'analysis')
    const modes = page.locator('.incidents .segmented button')
    out.heatmapSwitch = await timed(page, 'heatmap', () => modes.nth(1).click(), 'true')
    out.hotspotsOn = await timed(
      page,
      'hotspots',
      () => modes.nth(3).click(),
      `map.getLayer('hotspots') && (map.getLayoutProperty('hotspots', 'visibility') === 'visible' || map.getLayoutProperty('hotspot-trends', 'visibility') === 'visible')`,
    )
    await modes.nth(0).click()
    await idleNow(page)

    // Prioritise, then a ranking row → the map flies to the road.
    await page.getByTestId('prioritise-toggle').click()
    await page.getByTestId('prioritise-run').click()
    const rows = page.getByTestId('ranking-row')
    await rows.first().waitFor({ timeout: 120_000 })
    await idleNow(page)
    const before = await page.evaluate(() => (window as any).__ramani.map.getCenter().toArray().join(','))
    out.rankingFlyTo = await timed(
      page,
      'ranking-fly',
      () => rows.nth(2).click(),
      `!map.isMoving() && map.getCenter().toArray().join(',') !== ${JSON.stringify(before)}`,
    )
    await context.close()
    return out
  } finally {
    await browser.close()
  }
}

async function main() {
  const js = initialJsIn(arg('--dist') ?? join(ROOT, 'web', 'dist'))
  console.log(
    `initial JS: ${js.files.length} files, ${(js.raw / 1024).toFixed(0)} kB, gzip ${(js.gzip / 1024).toFixed(0)} kB`,
  )
  // --url measures a server already running (same data for a before/after pair); otherwise one is started.
  const given = arg('--url')
  const server = given ? { url: given, stop: async () => undefined } : await startServer()
  try {
    const runs: Record<string, number>[] = []
    for (let i = 0; i < RUNS; i++) {
      const r = await measureOnce(server.url)
      console.log(
        `run ${i + 1}: ${Object.entries(r)
          .map(([k, v]) => `${k} ${Math.round(v)} ms`)
          .join(', ')}`,
      )
      runs.push(r)
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const result = Object.fromEntries(Object.keys(runs[0]!).map((k) => [k, Math.round(median(runs.map((r) => r[k]!)))]))
    console.log(`median of ${RUNS}:`, result)
    const out = arg('--json')
    if (out) writeFileSync(out, JSON.stringify({ initialJs: js, interactions: result, runs }, null, 2))
  } finally {
    await server.stop()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
