import type { Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { HEX_RAMP } from '../../web/src/map/incidents.ts'
import { describe, expect, it } from 'vitest'
import { en } from '../../web/src/i18n/en.ts'
import { sw } from '../../web/src/i18n/sw.ts'
import { PASSWORD, hasChromium, mapSettled, openTab, shot, signIn, useServerAndBrowser } from './support.ts'

// The map experience as a planner uses it: filters, search, inspector history and editing, the incident time
// slider, Kiswahili, and links that restore the exact view.

const env = useServerAndBrowser()

const renderedIncidents = (page: Page) =>
  page.evaluate(() =>
    (window as any).__ramani.map.queryRenderedFeatures({ layers: ['incidents'] }).map((f: any) => f.properties),
  )

describe.skipIf(!hasChromium)('the map experience', () => {
  it('filters by county on the server, and a copied link restores the same view', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await signIn(context, env.url, 'planner')
    await openTab(page, 'filters')
    await page.locator('select[data-filter="county"]').selectOption('023')
    await mapSettled(page)
    await page.waitForTimeout(1500)
    const props = await renderedIncidents(page)
    expect(props.length).toBeGreaterThan(0)
    expect(new Set(props.map((p: any) => p.county_code))).toEqual(new Set(['023']))
    await openTab(page, 'layers')
    await page.locator('input[data-layer="facilities"]').uncheck()
    await page.evaluate(() => (window as any).__ramani.map.jumpTo({ center: [35.6, 3.1], zoom: 7.5 }))
    await page.waitForTimeout(800)
    await shot(page, 'experience-01-county-filter')

    const link = page.url()
    expect(link).toContain('f.county=023')
    const again = await context.newPage()
    await again.goto(link)
    await again.locator('.map[data-ready="true"]').waitFor({ timeout: 60_000 })
    const view = await again.evaluate(() => {
      const m = (window as any).__ramani.map
      return { z: m.getZoom(), c: m.getCenter() }
    })
    expect(view.z).toBeCloseTo(7.5, 1)
    expect(view.c.lng).toBeCloseTo(35.6, 2)
    expect(view.c.lat).toBeCloseTo(3.1, 2)
    expect(await again.locator('select[data-filter="county"]').inputValue()).toBe('023')
    expect(await again.locator('input[data-layer="facilities"]').isChecked()).toBe(false)
    await shot(again, 'experience-02-restored-link')
    await context.close()
  })

  it('summarises a region, fits the map to it and lists the items behind a number', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await signIn(context, env.url, 'planner')
    await openTab(page, 'filters')
    await page.locator('select[data-filter="region"]').selectOption('rift_valley')
    const panel = page.getByTestId('region-panel')
    await expect.poll(() => panel.textContent()).toContain('Rift Valley')
    // The fit is animated; on a loaded machine it takes longer than any fixed wait.
    await expect
      .poll(() => page.evaluate(() => (window as any).__ramani.map.getCenter().lng))
      .toSatisfy((lng: number) => lng > 34.5 && lng < 37.5)
    await panel.locator('.region-block').filter({ hasText: 'Border posts' }).locator('.bar-link').first().click()
    const list = page.getByTestId('item-list')
    await list.waitFor()
    await list.locator('button').first().click()
    await page.getByTestId('properties').waitFor()
    await shot(page, 'experience-09-region-view')
    await context.close()
  })

  it('searches by name with the keyboard and flies there', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await signIn(context, env.url, 'planner')
    const box = page.getByRole('searchbox', { name: 'Search by name' })
    await box.fill('lodwar')
    await page.locator('#search-results li').first().waitFor()
    await box.press('Enter')
    await expect
      .poll(() => page.evaluate(() => (window as any).__ramani.map.getCenter()))
      .toSatisfy((c: { lng: number; lat: number }) => Math.abs(c.lng - 35.6) < 0.3 && Math.abs(c.lat - 3.12) < 0.3)
    await shot(page, 'experience-03-search')
    await context.close()
  })

  it('edits a feature in the inspector, shows the change in its history, and resolves a conflicting edit', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await signIn(context, env.url, 'planner')
    const post = await page.evaluate(
      async () => (await (await fetch('/ogc/collections/border_posts/items?limit=1&country=UGA')).json()).features[0],
    )
    // A link naming a selection opens that feature's inspector.
    await page.goto(`${env.url}/#sel=border_posts/${post.id}`)
    await page.reload()
    await page.locator('.map[data-ready="true"]').waitFor()
    await page.getByTestId('edit-tab').click()
    const target = post.properties.condition === 'poor' ? 'fair' : 'poor'
    await page.locator('[data-testid="edit-form"] select[data-field="condition"]').selectOption(target)
    await page.getByRole('button', { name: 'Save changes' }).click()
    const history = page.getByTestId('history')
    await history.waitFor()
    await expect.poll(() => history.textContent()).toContain('planner')
    expect(await history.textContent()).toContain('Condition')
    await shot(page, 'experience-04-history')

    // Someone else changes the same feature while the planner's form is open.
    await page.getByTestId('edit-tab').click()
    await page.locator('[data-testid="edit-form"] select[data-field="condition"]').selectOption('impassable')
    const other = await env.browser.newContext()
    const api = await other.newPage()
    await api.goto(env.url)
    await api.evaluate(
      async ({ id, pw }) => {
        await fetch('/api/auth/login', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: pw }),
        })
        const csrf = document.cookie
          .split('; ')
          .find((c) => c.startsWith('ramani_csrf='))!
          .split('=')[1]!
        await fetch(`/ogc/collections/border_posts/items/${id}`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
          body: JSON.stringify({ properties: { condition: 'good' } }),
        })
      },
      { id: post.id, pw: PASSWORD },
    )
    await other.close()
    await page.getByRole('button', { name: 'Save changes' }).click()
    const conflict = page.getByTestId('conflict')
    await conflict.waitFor()
    expect(await conflict.textContent()).toContain('Good')
    await shot(page, 'experience-05-conflict')
    await page.getByRole('button', { name: 'Re-apply my changes' }).click()
    await history.waitFor()
    const after = await page.evaluate(
      async (id) => (await (await fetch(`/ogc/collections/border_posts/items/${id}`)).json()).properties.condition,
      post.id,
    )
    expect(after).toBe('impassable')
    await context.close()
  })

  it('plays the incident time slider, with counts that agree with the server', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await signIn(context, env.url, 'planner')
    await openTab(page, 'analysis')
    await page.getByRole('radio', { name: 'Heatmap' }).click()
    // The heatmap is a layer of the map itself (so in its PNG export), drawn from the incident tiles in place of the
    // symbols; no second WebGL canvas is made for it.
    const visibility = (id: string) =>
      page.evaluate(`window.__ramani.map.getLayoutProperty(${JSON.stringify(id)}, 'visibility')`)
    await expect.poll(() => visibility('incidents-heat')).toBe('visible')
    expect(await visibility('incidents')).toBe('none')
    expect(await page.locator('.map canvas').count()).toBe(1)
    const count = page.getByTestId('incident-count')
    await page.getByTestId('play').click()
    await page.waitForTimeout(2500)
    await page.getByTestId('play').click()
    const month = await count.getAttribute('data-month')
    expect(month).toMatch(/^\d{4}-\d{2}$/)
    const shown = Number(await count.getAttribute('data-count'))
    const [y, m] = month!.split('-').map(Number) as [number, number]
    const end = new Date(Date.UTC(y, m, 0, 23, 59, 59)).toISOString().replace('.000Z', 'Z')
    const matched = await page.evaluate(
      async (q) => (await (await fetch(`/ogc/collections/incidents/items?limit=1&datetime=${q}`)).json()).numberMatched,
      `${month}-01T00:00:00Z/${end}`,
    )
    expect(shown).toBe(matched)
    expect(shown).toBeGreaterThan(0)
    await shot(page, 'experience-06-time-slider-heatmap')
    await page.getByRole('radio', { name: 'Hexagons' }).click()
    await expect.poll(() => visibility('incidents-heat')).toBe('none')
    await page.waitForTimeout(1200)
    await shot(page, 'experience-07-hexagons')
    await page.getByTestId('play').click() // stop on the current month is not needed: clear it for the whole period
    await page.getByTestId('play').click()
    await page.getByTestId('month-slider').fill('-1')
    await page.getByRole('radio', { name: 'Hot spots' }).click()
    await page.getByTestId('hotspot-legend').waitFor()
    const hot = () =>
      page.evaluate(
        () =>
          (window as any).__ramani.map
            .queryRenderedFeatures({ layers: ['hotspots'] })
            .filter((f: any) => f.properties.bin === 3).length,
      )
    await expect.poll(hot, { timeout: 20_000 }).toBeGreaterThan(0)
    await shot(page, 'experience-08-hotspots')
    // Trends need a period: pick a month, then compare it with the month before.
    await page.locator('.histogram .bar').nth(20).click()
    await page.getByTestId('trend').check()
    const trending = () =>
      page.evaluate(
        () =>
          (window as any).__ramani.map
            .queryRenderedFeatures({ layers: ['hotspot-trends'] })
            .filter((f: any) => f.properties.trend).length,
      )
    await expect.poll(trending, { timeout: 20_000 }).toBeGreaterThan(0)
    expect(await page.getByTestId('hotspot-legend').textContent()).toContain('Intensifying')
    await shot(page, 'experience-08b-hotspot-trends')
    await context.close()
  })

  it('exports the map as a PNG: title, active filters, the legend of what is drawn, scale bar, north arrow, density views', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    // What the export writes on its canvas, and the PNG it hands to the browser to save.
    await context.addInitScript(() => {
      const w = window as any
      w.__pngTexts = []
      const fill = CanvasRenderingContext2D.prototype.fillText
      CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number, max?: number) {
        w.__pngTexts.push(text)
        return fill.call(this, text, x, y, max)
      }
      const click = HTMLAnchorElement.prototype.click
      HTMLAnchorElement.prototype.click = function () {
        if (this.download.endsWith('.png')) w.__png = this.href
        return click.call(this)
      }
    })
    const page = await signIn(context, env.url, 'planner')
    await openTab(page, 'filters')
    await page.locator('select[data-filter="condition"]').selectOption('poor')
    await mapSettled(page)
    await page.waitForTimeout(1000)
    const exportPng = async () => {
      await openTab(page, 'tools')
      await page.evaluate(() => ((window as any).__pngTexts = []))
      await page.getByRole('button', { name: 'Export map as PNG' }).click()
      const url = await page.evaluate(() => (window as any).__png as string)
      const png = PNG.sync.read(Buffer.from(url.split(',')[1]!, 'base64'))
      const texts = (await page.evaluate(() => (window as any).__pngTexts)) as string[]
      const canvas = await page.evaluate(() => {
        const c = (window as any).__ramani.map.getCanvas() as HTMLCanvasElement
        return { width: c.width, height: c.height }
      })
      /** Map-area pixels passing `test` (the title bar is 56 px, the credits 24 px). */
      const count = (test: (r: number, g: number, b: number) => boolean) => {
        let n = 0
        for (let y = 56; y < png.height - 24; y++)
          for (let x = 0; x < png.width; x++) {
            const i = (y * png.width + x) * 4
            if (test(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!)) n++
          }
        return n
      }
      return { png, texts, canvas, count }
    }
    // The heatmap's hottest yellow; the hexagons' six classes, each ramp colour at 85% over the land (#f5f1e6).
    // The legend stays within the map: the title bar's last row, under its text, is the bar's colour across the width.
    const titleBarRow = (png: PNG) => {
      const colours = new Set<string>()
      for (let x = 0; x < png.width; x++)
        colours.add(png.data.subarray((54 * png.width + x) * 4, (54 * png.width + x) * 4 + 3).join(','))
      return [...colours]
    }
    const yellow = (r: number, g: number, b: number) => r > 230 && g > 200 && b < 110
    const land = [0xf5, 0xf1, 0xe6]
    const classes = HEX_RAMP.map((c) => c.map((x, i) => 0.85 * x + 0.15 * land[i]!))
    const hexagon = (r: number, g: number, b: number) =>
      classes.some(([cr, cg, cb]) => Math.abs(r - cr!) < 12 && Math.abs(g - cg!) < 12 && Math.abs(b - cb!) < 12)

    const points = await exportPng()
    expect(points.png.width).toBeGreaterThanOrEqual(points.canvas.width)
    expect(points.png.height).toBe(points.canvas.height + 56 + 24)
    expect(points.texts).toContain('Ramani – Security & operations map')
    expect(points.texts.find((x) => x.includes('Condition: Poor'))).toBeTruthy()
    // The legend lists the classes drawn: poor roads, no good ones (the filter hides them).
    expect(points.texts).toContain('Poor')
    expect(points.texts).not.toContain('Good')
    expect(points.texts.some((x) => /^\d+ k?m$/.test(x))).toBe(true)
    expect(points.texts).toContain('N')
    expect(titleBarRow(points.png)).toEqual(['11,61,46'])
    expect(points.count(yellow)).toBeLessThan(200)

    await openTab(page, 'analysis')
    await page.getByRole('radio', { name: 'Heatmap' }).click()
    await mapSettled(page)
    expect((await exportPng()).count(yellow)).toBeGreaterThan(1000)

    await openTab(page, 'analysis')
    await page.getByRole('radio', { name: 'Hexagons' }).click()
    await expect.poll(() => page.locator('.map canvas').count(), { timeout: 60_000 }).toBe(2)
    await mapSettled(page)
    await page.waitForTimeout(1500)
    const hexagons = await exportPng()
    expect(hexagons.count(hexagon)).toBeGreaterThan(points.count(hexagon) + 5000)
    // Every incident class in the legend: too long to lie on the map, so in a margin beside it, under the title bar.
    expect(hexagons.png.width).toBeGreaterThan(hexagons.canvas.width)
    expect(titleBarRow(hexagons.png)).toEqual(['11,61,46'])
    await context.close()
  })

  it('speaks Kiswahili: no English interface string remains visible', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await signIn(context, env.url, 'planner')
    await page.getByRole('button', { name: 'SW' }).first().click()
    // The interface's text, without data (county and feature names) and without the licence credits' proper names.
    const visibleText = () =>
      page.evaluate(() => {
        const clone = document.body.cloneNode(true) as HTMLElement
        clone.querySelectorAll('.county-label, .maplibregl-ctrl-attrib, .who, .menu strong').forEach((e) => e.remove())
        document.body.append(clone)
        const t = clone.innerText
        clone.remove()
        return t
      })
    // Every tab of the side panel, then the account menu.
    let text = ''
    for (const tab of await page.locator('#side [role="tab"]').all()) {
      await tab.click()
      text += `\n${await visibleText()}`
    }
    await page.getByRole('button', { name: /Akaunti/ }).click()
    await page.waitForTimeout(800)
    text += `\n${await visibleText()}`
    const english = Object.entries(en)
      .filter(([key, value]) => value !== sw[key as keyof typeof sw] && value.length > 3)
      .map(([, value]) => value)
      .filter((value) =>
        new RegExp(`(^|[^\\p{L}])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'iu').test(text),
      )
    expect(english).toEqual([])
    expect(text.toLowerCase()).toContain('tabaka')
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('Mipaka ya kaunti')
    await shot(page, 'experience-10-kiswahili')
    // The choice is remembered.
    await page.reload()
    await page.locator('.map[data-ready="true"]').waitFor()
    expect((await page.evaluate(() => document.body.innerText)).toLowerCase()).toContain('ufunguo')
    await context.close()
  })
})
