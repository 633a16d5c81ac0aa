import { describe, expect, it } from 'vitest'
import { FIELD_PHOTO_PATH } from '../fixtures/photo.ts'
import { hasChromium, shot, signIn, useServerAndBrowser } from './support.ts'

// A resident on a phone, offline, reports in Kiswahili with a photo; back online the report is sent and gets a
// reference code. A Turkana moderator verifies it (the citizen's text shown as text), the incident is on the map's
// incidents layer, and the resident's code then reads "verified".

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
    await resident.setOffline(true)
    await page.locator('select[name="theme"]').selectOption('cattle_rustling_banditry')
    await page.locator('select[name="county"]').selectOption('023')
    await page.locator('input[name="place"]').fill('Lokichar')
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
    await row.getByRole('button', { name: 'Verify' }).click()
    await row.waitFor({ state: 'detached' })
    const incidents = await mod.evaluate(async () => {
      const r = await fetch('/ogc/collections/incidents/items?source=citizen')
      return ((await r.json()) as { features: { properties: { theme: string; county_code: string } }[] }).features
    })
    expect(incidents).toHaveLength(1)
    expect(incidents[0]!.properties).toMatchObject({ theme: 'cattle_rustling_banditry', county_code: '023' })
    await mod.evaluate(() => (window.location.hash = ''))
    await mod.locator('.map[data-ready="true"]').waitFor({ timeout: 60_000 })
    await shot(mod, 'report-verified-map')

    await page.getByRole('button', { name: 'Angalia hali' }).click()
    await page.getByTestId('report-status').filter({ hasText: 'Imethibitishwa' }).waitFor()
    await resident.close()
    await staff.close()
  }, 120_000)
})
