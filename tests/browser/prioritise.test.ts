import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hasChromium, shot, signIn, useServerAndBrowser } from './support.ts'

// A planner asks which roads to fund first: runs the prioritisation, reads the ranking, moves the budget slider and
// sees both the ranking and the map change.

const env = useServerAndBrowser()

const analysisOnMap = (page: Page) =>
  page.evaluate(
    () =>
      (window as any).__ramani.analysis as { picks: number; highlight: number | null; corridors: number } | undefined,
  )
const mapPixels = (page: Page) =>
  page.evaluate(() => (window as any).__ramani.map.getCanvas().toDataURL('image/png') as string)
// The map has drawn what it was given: already loaded, or at its next idle (with a ceiling, as idle fires only after a change).
const idle = (page: Page) =>
  page
    .evaluate(
      () =>
        new Promise((r) => {
          const m = (window as any).__ramani.map
          m.triggerRepaint()
          m.once('idle', r)
          setTimeout(r, 10_000)
        }),
    )
    .then(() => page.waitForTimeout(400))

describe.skipIf(!hasChromium)('prioritising road upgrades', () => {
  it('ranks upgrades, links them to the map, and re-ranks when the budget moves', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })
    const page = await signIn(context, env.url, 'planner')
    await page.getByTestId('prioritise-toggle').click()
    const panel = page.getByTestId('prioritise-panel')
    await panel.waitFor()
    await page.getByTestId('prioritise-run').click()
    const rows = page.getByTestId('ranking-row')
    await rows.first().waitFor({ timeout: 60_000 })
    const fullCount = await rows.count()
    expect(fullCount).toBeGreaterThan(5)
    await expect.poll(async () => (await analysisOnMap(page))?.picks).toBe(fullCount)
    await idle(page)
    await shot(page, 'prioritise-01-ranking')

    // Hovering a row highlights its road and the targets it brings in.
    await rows.first().hover()
    await expect.poll(async () => (await analysisOnMap(page))?.highlight).not.toBeNull()
    await rows.first().click()
    await page.getByTestId('why').waitFor()
    expect(await page.getByTestId('why').locator('li').count()).toBeGreaterThan(0)
    await idle(page)
    await shot(page, 'prioritise-02-why')
    await page.getByTestId('why').press('Escape')

    // The slider: a tenth of the budget → fewer roads, lower coverage after, and a different map.
    const before = await mapPixels(page)
    const afterFull = await page.getByTestId('coverage-after').textContent()
    const slider = page.getByTestId('budget-slider')
    await slider.focus()
    await slider.press('Home')
    for (let i = 0; i < 10; i++) await slider.press('ArrowRight')
    const started = Date.now()
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeLessThan(fullCount)
    const elapsed = Date.now() - started
    console.log(`[prioritise] slider re-rank shown after ${elapsed} ms`)
    expect(await page.getByTestId('coverage-after').textContent()).not.toBe(afterFull)
    await expect.poll(async () => (await analysisOnMap(page))?.picks).toBe(await rows.count())
    await idle(page)
    expect(await mapPixels(page)).not.toBe(before)
    await shot(page, 'prioritise-03-small-budget')

    // The ranking downloads as CSV, one line per road.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download CSV' }).click(),
    ])
    const csv = await (await download.createReadStream()).toArray()
    const lines = Buffer.concat(csv).toString('utf8').trim().split('\r\n')
    expect(lines[0]).toContain('rank,road_id,name')
    expect(lines.length - 1).toBe(await rows.count())
    await context.close()
    // One planner's whole session (three map renders, a screenshot each): on a loaded 2-core machine with software
    // WebGL it ran past 120 s (twice, on the server database), each step within its own wait.
  }, 240_000)

  it('finds patrol corridors through hotspot clusters, and lets a planner edit the speed table', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } })
    const page = await signIn(context, env.url, 'planner')
    await page.getByTestId('prioritise-toggle').click()

    // Patrol corridors: routes through hotspot clusters, drawn on the map.
    await page.getByTestId('corridors-tab').click()
    await page.getByTestId('corridors-run').click()
    const corridors = page.getByTestId('corridor-row')
    await corridors.first().waitFor({ timeout: 60_000 })
    await expect.poll(async () => (await analysisOnMap(page))?.corridors).toBe(await corridors.count())
    await corridors.first().click()
    await idle(page)
    await shot(page, 'prioritise-04-corridors')

    // The speed table: a planner edits a speed and saves; the server has the new version.
    await page.getByTestId('speeds-tab').click()
    await page.getByLabel('Class A Paved Good').fill('70')
    await page.getByTestId('speeds-save').click()
    await expect.poll(() => page.getByTestId('speed-table').textContent()).toContain('Saved')
    const speeds = await page.evaluate(() => fetch('/api/analysis/speeds').then((r) => r.json()))
    expect(speeds.version).toBe(1)
    expect(
      speeds.config.speeds.find((r: any) => r.road_class === 'A' && r.surface === 'paved' && r.condition === 'good')
        .kmh,
    ).toBe(70)
    await shot(page, 'prioritise-05-speeds')
    await context.close()
  })
})
