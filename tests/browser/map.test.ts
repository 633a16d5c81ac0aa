import { describe, expect, it } from 'vitest'
import { canvasColours, hasChromium, openTab, project, shot, signIn, useServerAndBrowser } from './support.ts'

// On the embedded database even when the run is on a server: the map of `npm start`, tiles from the JavaScript fallback.
const env = useServerAndBrowser({ embedded: true })

describe.skipIf(!hasChromium)('the map', () => {
  it('asks for sign-in, then draws the map with layers, legend and the sample badge', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.goto(env.url)
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Ramani' }).isVisible()).toBe(true)
    await shot(page, 'map-01-sign-in')
    await page.close()

    const map = await signIn(context, env.url, 'planner')
    await map.waitForTimeout(2500)
    expect(await canvasColours(map)).toBeGreaterThan(12)
    await expect.poll(() => map.getByTestId('sample-badge').isVisible()).toBe(true)
    await shot(map, 'map-02-signed-in')

    // Toggling a layer changes the legend.
    const legend = map.getByTestId('legend')
    expect(await legend.locator('[data-legend="incidents"]').count()).toBe(1)
    await map.locator('input[data-layer="incidents"]').uncheck()
    expect(await legend.locator('[data-legend="incidents"]').count()).toBe(0)
    await map.locator('input[data-layer="admin_units"]').check()
    expect(await legend.locator('[data-legend="admin_units"]').count()).toBe(1)
    await shot(map, 'map-03-layers-toggled')

    // A click on a border post opens its properties.
    await map.evaluate(() => (window as any).__ramani.map.jumpTo({ center: [34.1, 0.46], zoom: 11 }))
    await map.waitForTimeout(2500)
    const post = await map.evaluate(async () => {
      const r = await fetch('/ogc/collections/border_posts/items?limit=100')
      const fc = await r.json()
      return fc.features.find((f: any) => f.properties.name.startsWith('Busia')).geometry.coordinates as [
        number,
        number,
      ]
    })
    const at = await project(map, post)
    await map.mouse.click(at.x, at.y)
    const props = map.getByTestId('properties')
    await props.waitFor({ timeout: 10_000 })
    expect(await map.getByRole('heading', { name: /Busia/ }).isVisible()).toBe(true)
    expect(await props.textContent()).toContain('Uganda')
    await shot(map, 'map-04-feature-properties')
    await context.close()
  })

  it('puts the side panel in tabs reached by keyboard, and a link reopens the same tab', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await signIn(context, env.url, 'planner')
    const tabs = page.locator('#side [role="tab"]')
    expect(await tabs.allTextContents()).toEqual(['Layers', 'Filters', 'Analysis', 'Legend', 'Tools'])
    expect(await page.getByRole('tab', { name: 'Layers' }).getAttribute('aria-selected')).toBe('true')
    expect(await page.locator('input[data-layer="roads"]').isVisible()).toBe(true)
    expect(await page.locator('select[data-filter="condition"]').isVisible()).toBe(false)

    // Arrow keys move along the tabs (wrapping round), End goes to the last; only the active tab is in the Tab order.
    await page.getByRole('tab', { name: 'Layers' }).focus()
    await page.keyboard.press('ArrowRight')
    expect(await page.getByRole('tab', { name: 'Filters' }).getAttribute('aria-selected')).toBe('true')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-tab'))).toBe('filters')
    expect(await page.locator('select[data-filter="condition"]').isVisible()).toBe(true)
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    expect(await page.getByRole('tab', { name: 'Tools' }).getAttribute('aria-selected')).toBe('true')
    await page.keyboard.press('Home')
    await page.keyboard.press('End')
    expect(await page.locator('#side [role="tab"][tabindex="0"]').getAttribute('data-tab')).toBe('tools')
    expect(await page.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-tools')
    await page.getByTestId('export-download').waitFor()

    await openTab(page, 'legend')
    expect(page.url()).toContain('tab=legend')
    await page.reload()
    await page.locator('.map[data-ready="true"]').waitFor({ timeout: 60_000 })
    expect(await page.getByRole('tab', { name: 'Legend' }).getAttribute('aria-selected')).toBe('true')
    await page.getByTestId('legend').waitFor()
    await shot(page, 'map-04b-legend-tab')
    await context.close()
  })

  it('shows a commissioner only the incidents of their region', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await signIn(context, env.url, 'commissioner.rift')
    // A commissioner lands on their region's dashboard; the map is one tab away.
    await page.locator('.mon-nav a[data-page="map"]').click()
    await page.getByRole('button', { name: 'Account' }).click()
    expect(await page.getByTestId('scope').textContent()).toBe('Rift Valley')
    await page.waitForTimeout(3000)
    const regions = await page.evaluate(() => {
      const map = (window as any).__ramani.map
      return [
        ...new Set(map.queryRenderedFeatures({ layers: ['incidents'] }).map((f: any) => f.properties.region_code)),
      ]
    })
    expect(regions.length).toBeGreaterThan(0)
    expect(regions).toEqual(['rift_valley'])
    await shot(page, 'map-05-commissioner-rift')
    await context.close()
  })

  it('works on a phone-sized screen', async () => {
    const context = await env.browser.newContext({
      viewport: { width: 390, height: 780 },
      isMobile: true,
      hasTouch: true,
    })
    const page = await signIn(context, env.url, 'viewer')
    expect(await page.locator('input[data-layer="incidents"]').count()).toBe(0)
    // A link to a tab the viewer does not have (no incidents, no analyses) opens the first tab instead.
    await page.goto(`${env.url}/#tab=analysis`)
    await page.reload()
    await page.locator('.map[data-ready="true"]').waitFor({ timeout: 60_000 })
    await page.getByRole('button', { name: 'Show or hide layers' }).click()
    expect(await page.locator('#side [role="tab"]').allTextContents()).toEqual(['Layers', 'Filters', 'Legend', 'Tools'])
    expect(await page.getByRole('tab', { name: 'Layers' }).getAttribute('aria-selected')).toBe('true')
    expect(page.url()).not.toContain('tab=')
    await page.waitForTimeout(1000)
    await shot(page, 'map-06-phone')
    expect(await canvasColours(page)).toBeGreaterThan(8)
    await context.close()
  })
})
