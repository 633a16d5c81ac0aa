import { describe, expect, it } from 'vitest'
import { FIELD_PHOTO_PATH } from '../fixtures/photo.ts'
import { hasChromium, openTab, project, shot, signIn, useServerAndBrowser } from './support.ts'

// A resident on a phone picks Turkana (its gazetteer places load), goes offline, marks the place with a pin on the
// map and reports in Kiswahili with a photo; back online the report is sent and gets a reference code. A Turkana
// moderator opens it (its map, nearby reports), verifies it (the citizen's text shown as text), and the incident is
// drawn on the main map where the pin was, beside the community structures layer; the resident's code then reads
// "verified".

const env = useServerAndBrowser()

describe.skipIf(!hasChromium)('citizen reports in the browser', () => {
  it('offline report in Kiswahili → reference → verified by the moderator → incident', async () => {
    const resident = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    })
    const page = await resident.newPage()
    await page.goto(`${env.url}/#/report`)
    await page.getByRole('button', { name: 'SW' }).click()
    await page.getByRole('heading', { name: 'Ripoti tukio' }).waitFor()
    await page.locator('select[name="county"]').selectOption('023')
    await page.locator('select[name="place_id"] option', { hasText: 'Lokichar' }).waitFor({ state: 'attached' })
    await page.locator('select[name="place_id"]').selectOption({ label: 'Lokichar' })
    await resident.setOffline(true)
    await page.locator('select[name="theme"]').selectOption('cattle_rustling_banditry')
    await page.locator('input[name="place"]').fill('Lokichar')
    // The map fits the county's places; a tap at its middle puts the pin in Turkana.
    const pinMap = page.getByRole('region', { name: /Ramani: gusa/ })
    await page.waitForFunction(() => (window as any).__ramaniReportMap?.map.getCenter().lat > 1.5)
    await pinMap.locator('canvas').tap()
    const pinAttr = (await pinMap.getAttribute('data-pin'))!
    const [pinLat, pinLon] = pinAttr.split(',').map(Number) as [number, number]
    expect(pinLon).toBeGreaterThan(34)
    expect(pinLat).toBeGreaterThan(1)
    await page.getByTestId('report-position').filter({ hasText: 'Pini kwenye ramani' }).waitFor()
    const text = '<img src=x onerror="window.hacked=1">Ngombe 30 wameibwa usiku'
    await page.locator('textarea[name="description"]').fill(text)
    await page.locator('input[name="photo"]').setInputFiles(FIELD_PHOTO_PATH)
    await page.getByText('📷').waitFor()
    await page.getByRole('button', { name: 'Tuma ripoti' }).click()
    await page.getByText('Imehifadhiwa kwenye simu hii').waitFor()
    expect(await page.getByTestId('reference').count()).toBe(0)
    await shot(page, 'report-offline')
    await resident.setOffline(false)
    const reference = (await page.getByTestId('reference').textContent({ timeout: 20_000 }))!
    expect(reference).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    await page.getByTestId('report-status').filter({ hasText: 'Imepokelewa' }).waitFor()

    const staff = await env.browser.newContext({ viewport: { width: 1280, height: 860 } })
    const mod = await signIn(staff, env.url, 'moderator.turkana')
    await mod.evaluate(() => (window.location.hash = '#/moderation'))
    const row = mod.getByTestId('queued-report').filter({ hasText: reference })
    await row.waitFor()
    expect(await row.textContent()).toContain('<img src=x onerror')
    expect(await mod.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined()
    // Opened: its own map with the report where the pin was, and the actions that need a choice.
    await row.getByRole('button', { name: 'Details' }).click()
    const detail = mod.getByTestId('report-detail')
    await detail.getByRole('region', { name: /Map of the report/ }).waitFor()
    expect(await detail.getByRole('region', { name: /Map of the report/ }).getAttribute('data-pin')).toBe(pinAttr)
    await detail.getByRole('button', { name: 'Escalate' }).waitFor()
    await mod.waitForFunction(() => (window as any).__ramaniReportMap?.map.loaded())
    await shot(mod, 'report-moderation-detail')
    await row.getByRole('button', { name: 'Verify' }).click()
    await row.waitFor({ state: 'detached' })
    await mod.evaluate(() => (window.location.hash = ''))
    await mod.locator('.map[data-ready="true"]').waitFor({ timeout: 60_000 })
    // Community structures are a layer of the moderator's map, with its legend.
    await openTab(mod, 'legend')
    await mod.getByTestId('legend').locator('[data-legend="community_structures"]').waitFor()
    // The verified incident is drawn on the map's incidents layer, at the pin (tiles are cut to 1e-5°-ish precision).
    await openTab(mod, 'layers')
    await mod.locator('input[data-layer="incidents"]').check()
    const drawn = await mod.waitForFunction(
      () => {
        const map = (window as any).__ramani.map
        const hits = map
          .queryRenderedFeatures({ layers: ['incidents'] })
          .filter((f: any) => f.properties.source === 'citizen')
          .map((f: any) => ({ ...f.properties, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }))
        const structures = map.queryRenderedFeatures({
          layers: ['community_structures', 'community_structures-areas'],
        }).length
        return hits.length > 0 && structures > 0 ? { hits, structures } : null
      },
      undefined,
      { timeout: 30_000 },
    )
    const { hits } = (await drawn.jsonValue()) as { hits: { theme: string; lon: number; lat: number }[] }
    expect(hits).toHaveLength(1)
    expect(hits[0]).toMatchObject({ theme: 'cattle_rustling_banditry' })
    expect(Math.abs(hits[0]!.lon - pinLon)).toBeLessThan(0.01)
    expect(Math.abs(hits[0]!.lat - pinLat)).toBeLessThan(0.01)
    // A structure is not an item: a click inside one shows what it is (name, kind, contact role) in a popup.
    const inside = await mod.evaluate(() => {
      const f = (window as any).__ramani.map.queryRenderedFeatures({ layers: ['community_structures-areas'] })[0]
      const ring = f.geometry.coordinates[0] as [number, number][]
      const sum = ring.slice(1).reduce((a, p) => [a[0] + p[0], a[1] + p[1]], [0, 0])
      return [sum[0] / (ring.length - 1), sum[1] / (ring.length - 1)] as [number, number]
    })
    const at = await project(mod, inside)
    await mod.mouse.click(at.x, at.y)
    const popup = mod.locator('.maplibregl-popup .structure-popup')
    await popup.waitFor()
    expect(await popup.textContent()).toMatch(
      /(Nyumba Kumi cluster|Resident association|Community policing committee) · Contact: \S/,
    )
    await shot(mod, 'report-verified-map')

    await page.getByRole('button', { name: 'Angalia hali' }).click()
    await page.getByTestId('report-status').filter({ hasText: 'Imethibitishwa' }).waitFor()
    await resident.close()
    await staff.close()
  }, 120_000)
})
