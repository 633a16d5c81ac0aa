import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { initialJs } from '../../scripts/lib/bundle-size.ts'
import { ROOT, hasChromium, mapSettled, shot, signIn, useServerAndBrowser } from './support.ts'

// The map as a GIS: a real offline basemap with names, corridors drawn, each role on its own area, the phone search,
// queued offline work badged on the map, and the initial JavaScript within its budget.

const env = useServerAndBrowser()

/** Initial JS (gzip) the map may cost before it can start: maplibre-gl and React; deck.gl and panels load later. */
const INITIAL_JS_GZIP_BUDGET = 460 * 1024

const rendered = (page: Page, layer: string) =>
  page.evaluate(
    `[...new Set(window.__ramani.map.queryRenderedFeatures({ layers: [${JSON.stringify(layer)}] }).map((f) => f.properties.name))]`,
  ) as Promise<string[]>
const view = (page: Page) =>
  page.evaluate(
    `(() => { const m = window.__ramani.map, c = m.getCenter(); return { lon: c.lng, lat: c.lat, zoom: m.getZoom() } })()`,
  ) as Promise<{ lon: number; lat: number; zoom: number }>

describe.skipIf(!hasChromium)('the map as a GIS', () => {
  it('keeps the initial JavaScript within its budget (deck.gl and the panels are lazy chunks)', () => {
    const js = initialJs(ROOT)
    console.log(`[gis] initial JS: ${js.files.join(', ')} = ${(js.gzip / 1024).toFixed(0)} kB gzip`)
    expect(js.files.some((f) => /density|Dashboard|ImportDialog|Prioritise/.test(f))).toBe(false)
    expect(js.gzip).toBeLessThan(INITIAL_JS_GZIP_BUDGET)
  })

  it(
    'shows lakes and neighbouring countries by name at national zoom, and draws patrol corridors',
    { timeout: 300_000 },
    async () => {
      const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } })
      const page = await signIn(context, env.url, 'planner')
      await mapSettled(page)
      expect((await view(page)).zoom).toBeLessThan(6.5)
      await expect
        .poll(() => rendered(page, 'bm-water-labels'))
        .toEqual(expect.arrayContaining(['Lake Turkana', 'Lake Victoria']))
      const neighbours = await rendered(page, 'bm-country-labels')
      const known = neighbours.filter((n) => ['Ethiopia', 'Somalia', 'Tanzania', 'Uganda', 'S. Sudan'].includes(n))
      expect(known.length).toBeGreaterThanOrEqual(3)
      expect(neighbours).not.toContain('Kenya')
      expect((await rendered(page, 'county-labels')).length).toBeGreaterThan(20)
      await shot(page, 'gis-01-national')

      await page.getByTestId('prioritise-toggle').click()
      await page.getByTestId('corridors-tab').click()
      await page.getByTestId('corridors-run').click()
      await page.getByTestId('corridor-row').first().waitFor({ timeout: 90_000 })
      await mapSettled(page)
      await expect
        .poll(() =>
          page.evaluate(`window.__ramani.map.queryRenderedFeatures({ layers: ['analysis-corridors'] }).length`),
        )
        .toBeGreaterThan(0)
      await shot(page, 'gis-02-corridors')

      // Road numbers along the roads from zoom 9, names beside them from zoom 12: from the roads layer itself.
      // The longest A-road segment with a number (room for its label at zoom 10), centred on its middle vertex.
      const road = (await page.evaluate(`fetch('/ogc/collections/roads/items?limit=1000&road_class=A')
        .then((r) => r.json())
        .then((fc) => fc.features
          .filter((f) => f.properties.ref)
          .sort((a, b) => b.geometry.coordinates.length - a.geometry.coordinates.length)[0])`)) as {
        properties: { ref: string }
        geometry: { coordinates: number[][] }
      }
      const line = road.geometry.coordinates
      const [lon, lat] = line[Math.floor(line.length / 2)]!
      const labelled = () =>
        page.evaluate(
          `[...new Set(window.__ramani.map.queryRenderedFeatures({ layers: ['roads-labels'] }).map((f) => f.properties.ref))]`,
        ) as Promise<string[]>
      await page.evaluate(`window.__ramani.map.jumpTo({ center: [${lon}, ${lat}], zoom: 10 })`)
      await expect.poll(labelled, { timeout: 60_000 }).toContain(road.properties.ref)
      await context.close()
    },
  )

  it('opens each role on its area, and badges an edit queued offline', { timeout: 300_000 }, async () => {
    // Field officer: Turkana (north-west), zoomed in beyond the national view.
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await signIn(context, env.url, 'field.turkana')
    const v = await view(page)
    expect(v.zoom).toBeGreaterThan(6.3)
    expect(v.lon).toBeGreaterThan(34)
    expect(v.lon).toBeLessThan(37)
    expect(v.lat).toBeGreaterThan(1.5)
    // Filters offer only what this officer has: no other county, no incident filters; each layer its own statuses.
    expect(await page.locator('select[data-filter="county"]').count()).toBe(0)
    expect(await page.locator('select[data-filter="theme"]').count()).toBe(0)
    expect(await page.locator('select[data-filter="incidents.status"]').count()).toBe(0)
    const options = (key: string) =>
      page
        .locator(`select[data-filter="${key}"] option`)
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
    expect(await options('airstrips.status')).toEqual(['', 'operational', 'restricted', 'closed'])
    expect(await options('roads.status')).not.toContain('closed')

    // An edit saved offline: the facility gets the pending badge (the badge layer draws that feature and no other).
    const facility = await page.evaluate(
      `fetch('/ogc/collections/facilities/items?county=023&limit=1').then((r) => r.json()).then((fc) => fc.features[0].id)`,
    )
    await page.evaluate(`location.hash = 'sel=facilities/${facility}'`)
    await page.reload()
    await page.locator('.map[data-ready="true"]').waitFor({ timeout: 60_000 })
    await context.setOffline(true)
    await page.getByTestId('edit-tab').click()
    const select = page.locator('[data-testid="edit-form"] select[data-field="condition"]')
    const current = await select.inputValue()
    await select.selectOption(current === 'poor' ? 'fair' : 'poor')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.poll(() => page.getByTestId('edit-message').textContent()).toContain('Saved on this device')
    await expect.poll(() => page.locator('.map').getAttribute('data-pending')).toBe('1')
    await expect
      .poll(() =>
        page.evaluate(
          `[...new Set(window.__ramani.map.queryRenderedFeatures({ layers: ['facilities-pending'] }).map((f) => f.id))]`,
        ),
      )
      .toEqual([facility])
    await shot(page, 'gis-03-pending-badge')
    await context.setOffline(false)
    await context.close()

    // Commissioner of the Rift Valley: the map tab opens on the region, west of Kenya's centre.
    const c2 = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const p2 = await signIn(c2, env.url, 'commissioner.rift')
    await p2.locator('.mon-nav a[data-page="map"]').click()
    const r = await view(p2)
    expect(r.lon).toBeLessThan(37.6)
    // One region: no region choice; its own counties only.
    expect(await p2.locator('select[data-filter="region"]').count()).toBe(0)
    const counties = await p2
      .locator('select[data-filter="county"] option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean))
    expect(counties).toHaveLength(14)
    expect(counties).toContain('023')
    expect(counties).not.toContain('047')
    await c2.close()
  })

  it('closes the phone search list on a pick', { timeout: 300_000 }, async () => {
    const context = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    })
    const page = await signIn(context, env.url, 'planner')
    const box = page.getByRole('searchbox')
    await box.tap()
    await box.fill('Lodwar')
    const hit = page.locator('#search-results [role="option"]').first()
    await hit.waitFor()
    await hit.tap()
    await page.waitForTimeout(1500)
    expect(await page.locator('#search-results').count()).toBe(0)
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(false)
    await shot(page, 'gis-04-phone-search')
    await context.close()
  })
})
