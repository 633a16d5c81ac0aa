import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { PDFDocument } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { en } from '../../web/src/i18n/en.ts'
import { sw } from '../../web/src/i18n/sw.ts'
import { hasChromium, shot, signIn, useServerAndBrowser } from './support.ts'

// The monitoring screens as their users meet them: a regional commissioner lands on the Rift Valley dashboard with
// its hot spot map; a planner opens the scorecard ranking and downloads a county's printable PDF; the M&E indicators
// with progress bars; all of it in Kiswahili too.

const env = useServerAndBrowser()

/** Pixels of the dashboard map close to the 99 % hot spot colour (#b2182b at 0.8 opacity over the land colour). */
async function hotPixels(page: Page): Promise<number> {
  const png = await page.locator('[data-testid="dashboard-map"] canvas.maplibregl-canvas').screenshot()
  return page.evaluate(async (b64) => {
    const img = new Image()
    img.src = `data:image/png;base64,${b64}`
    await img.decode()
    const c = document.createElement('canvas')
    c.width = img.width
    c.height = img.height
    const ctx = c.getContext('2d')!
    ctx.drawImage(img, 0, 0)
    const d = ctx.getImageData(0, 0, c.width, c.height).data
    let n = 0
    for (let i = 0; i < d.length; i += 4)
      if (Math.abs(d[i]! - 191) < 24 && Math.abs(d[i + 1]! - 67) < 24 && Math.abs(d[i + 2]! - 81) < 24) n++
    return n
  }, png.toString('base64'))
}

describe.skipIf(!hasChromium)('monitoring screens', () => {
  it('lands a regional commissioner on the Rift Valley dashboard, with hot spots drawn on its map', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } })
    const page = await signIn(context, env.url, 'commissioner.rift')
    const dashboard = page.getByTestId('dashboard')
    await dashboard.waitFor({ timeout: 30_000 })
    expect(new URL(page.url()).pathname).toBe('/dashboard/rift_valley')
    expect(await dashboard.getAttribute('data-region')).toBe('rift_valley')
    await expect.poll(() => page.locator('h1#dash-title').textContent()).toBe('Rift Valley')

    await page.locator('[data-testid="dashboard-map"][data-ready="true"]').waitFor({ timeout: 30_000 })
    const hot = () =>
      page.evaluate(
        () =>
          (window as any).__ramaniDashboard.map
            .queryRenderedFeatures({ layers: ['dash-hotspots'] })
            .filter((f: any) => f.properties.bin === 3).length,
      )
    await expect.poll(hot, { timeout: 20_000 }).toBeGreaterThan(0)
    expect(await hotPixels(page)).toBeGreaterThan(100)
    // Fitted to the region with its counties named; the page's scroll wheel scrolls the page, not the map.
    const dash = <T>(fn: string) =>
      page.evaluate((f) => new Function('m', `return ${f}`)((window as any).__ramaniDashboard.map), fn) as Promise<T>
    const labels = await dash<string[]>(
      "m.queryRenderedFeatures({ layers: ['dash-county-labels'] }).map((f) => f.properties.name)",
    )
    expect(labels).toContain('Turkana')
    expect(labels).not.toContain('Mombasa')
    const zoom = await dash<number>('m.getZoom()')
    const box = (await page.getByTestId('dashboard-map').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.wheel(0, -600)
    await page.waitForTimeout(400)
    expect(await dash<number>('m.getZoom()')).toBe(zoom)

    // Its 14 counties' scorecards, incidents by theme and month, and what needs action.
    expect(await page.getByTestId('dash-scorecards').locator('tbody tr').count()).toBe(14)
    expect(await page.getByTestId('kpi-incidents').textContent()).toMatch(/\d/)
    expect(await page.locator('.month-bars rect').count()).toBeGreaterThan(12)
    // A y-axis of counts from 0, and what it counts.
    const ticks = await page.locator('.month-bars .y-axis text').allTextContents()
    expect(ticks[0]).toBe('0')
    expect(ticks.length).toBeGreaterThanOrEqual(3)
    expect(ticks).toContain('Incidents')
    const actions = page.getByTestId('actions')
    expect(await actions.locator('[data-kind="inactive_units"] li').count()).toBeGreaterThan(0)
    expect(await actions.textContent()).toContain('Security roads impassable or poor')
    // The top few per kind, then every one of them on request.
    const listed = () => actions.locator('li').count()
    const few = await listed()
    const all = actions.getByTestId('actions-all')
    const total = Number((await all.textContent())!.replace(/\D/g, ''))
    expect(total).toBeGreaterThan(few)
    await all.click()
    await expect.poll(listed, { timeout: 20_000 }).toBe(total)
    expect(await all.getAttribute('aria-expanded')).toBe('true')
    await shot(page, 'dashboards-01-rift-valley')
    await page.getByTestId('actions').scrollIntoViewIfNeeded()
    await shot(page, 'dashboards-02-rift-valley-actions')

    // An item needing action opens on the map, in the inspector.
    await actions.locator('[data-kind="border_posts_down"] li button').first().click()
    await page.getByTestId('properties').waitFor()
    expect(new URL(page.url()).pathname).toBe('/')
    await context.close()
  })

  it("lets a planner open the scorecard ranking and download a county's printable PDF", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true })
    const page = await signIn(context, env.url, 'planner')
    await page.locator('.mon-nav a[data-page="scorecards"]').click()
    const ranking = page.getByTestId('ranking')
    await ranking.waitFor()
    expect(await ranking.locator('tbody tr').count()).toBe(47)
    // Chips carry words, not colour alone.
    const chip = ranking.locator('tbody tr').first().locator('.chip').first()
    expect(await chip.textContent()).toMatch(/On track|Attention|Off track|n\/a/)
    const ranks = await ranking.locator('tbody td.rank').allTextContents()
    expect(Number(ranks[0])).toBe(1)
    await shot(page, 'dashboards-03-scorecard-ranking')

    await ranking.locator('tr[data-county="023"] button').click()
    const card = page.getByTestId('county-card')
    await card.locator('h2').waitFor()
    expect(await card.locator('h2').textContent()).toContain('Turkana')
    expect(await card.locator('tr[data-indicator]').count()).toBe(7)
    expect(await card.locator('svg.sparkline-svg').count()).toBeGreaterThan(0)
    expect(new URL(page.url()).pathname).toBe('/scorecards/023')
    await shot(page, 'dashboards-04-scorecard-turkana')

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pdf-county').click()])
    expect(download.suggestedFilename()).toMatch(/^scorecard-023-\d{4}Q[1-4]\.pdf$/)
    const bytes = readFileSync((await download.path())!)
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect((await PDFDocument.load(new Uint8Array(bytes))).getPageCount()).toBe(1)

    // The targets table and its rules are there to read and (for planners) to edit.
    await page.getByTestId('targets').locator('summary').click()
    expect(await page.getByTestId('targets').locator('tbody tr').count()).toBeGreaterThanOrEqual(7)
    await page.getByTestId('targets').scrollIntoViewIfNeeded()
    await shot(page, 'dashboards-05-targets')
    await context.close()
  })

  it('shows the M&E indicators with progress bars, and records a new value that starts a trend', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } })
    const page = await signIn(context, env.url, 'planner')
    await page.locator('.mon-nav a[data-page="indicators"]').click()
    const table = page.getByTestId('indicators')
    await table.waitFor()
    const firearms = table.locator('tr[data-indicator="firearms_recovered"]')
    expect(await firearms.textContent()).toContain('600+')
    expect(await firearms.locator('[role="progressbar"]').getAttribute('aria-valuenow')).toBe('100')
    expect(
      await table
        .locator('tr[data-indicator="prison_inmates_vs_capacity"] [role="progressbar"]')
        .getAttribute('aria-valuenow'),
    ).toBe('48')
    await shot(page, 'dashboards-06-indicators')

    await firearms.getByRole('button', { name: 'Edit' }).click()
    const form = page.getByTestId('value-form')
    await form.locator('input').nth(0).fill('2026Q3')
    await form.locator('input').nth(1).fill('180')
    await form.locator('textarea').fill('NPS quarterly return, Q3 2026')
    await form.getByRole('button', { name: 'Record value' }).click()
    await expect.poll(() => firearms.locator('svg.sparkline-svg').count()).toBe(1)
    expect(await page.getByTestId('indicator-history').textContent()).toContain('planner')
    await page.getByTestId('indicator-editor').scrollIntoViewIfNeeded()
    await shot(page, 'dashboards-07-indicator-edit')
    await context.close()
  })

  it('speaks Kiswahili on every monitoring screen', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } })
    const page = await signIn(context, env.url, 'planner')
    await page.getByRole('button', { name: 'SW' }).first().click()
    // Every monitoring string whose Kiswahili differs must not show in English.
    const english = (Object.keys(en) as (keyof typeof en)[])
      .filter((k) => /^(mon|dash|score|ind)\./.test(k) && en[k] !== sw[k] && en[k].length > 3)
      .map((k) => en[k])
    // The interface's words only: item names in the action lists are data (e.g. "Kainuk Sub-County").
    const englishLeft = async () => {
      const text = await page.locator('.mon-page').evaluate((el) => {
        const clone = el.cloneNode(true) as HTMLElement
        clone.querySelectorAll('.action-list button').forEach((e) => e.remove())
        document.body.append(clone)
        const t = clone.innerText
        clone.remove()
        return t
      })
      return english.filter((value) =>
        new RegExp(`(^|[^\\p{L}])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(text),
      )
    }
    await page.locator('.mon-nav a[data-page="dashboard"]').click()
    await page.locator('.region-card').filter({ hasText: 'Bonde la Ufa' }).click()
    await page.getByTestId('dashboard').waitFor()
    await page.locator('[data-testid="dashboard-map"][data-ready="true"]').waitFor({ timeout: 30_000 })
    expect(await englishLeft()).toEqual([])
    await shot(page, 'dashboards-08-dashibodi')
    await page.locator('.mon-nav a[data-page="scorecards"]').click()
    await page.getByTestId('ranking').waitFor()
    await page.getByTestId('ranking').locator('tr[data-county="023"] button').click()
    await page.getByTestId('county-card').locator('h2').waitFor()
    expect(await englishLeft()).toEqual([])
    await shot(page, 'dashboards-09-kadi-za-alama')
    await page.locator('.mon-nav a[data-page="indicators"]').click()
    await page.getByTestId('indicators').waitFor()
    expect(await englishLeft()).toEqual([])
    await context.close()
  })
})
