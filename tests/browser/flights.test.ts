import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { sw } from '../../web/src/i18n/sw.ts'
import { PASSWORD, canvasColours, hasChromium, shot, useServerAndBrowser } from './support.ts'

// Humanitarian flight clearance end to end: an operator submits a two-leg request; the officer reviews the factors on
// the map, asks for a condition once the agencies concurred, clears it and downloads the letter; then a Turkana field
// officer marks the destination airstrip closed and the clearance shows the re-assessment flag. The officer works in
// Kiswahili; values are read from data-value attributes, words from the screen.

const env = useServerAndBrowser()

async function signIn(username: string, path = '/flights'): Promise<Page> {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
  const page = await context.newPage()
  await page.goto(`${env.url}${path}`)
  await page.getByLabel(/Username|Jina la mtumiaji/).fill(username)
  await page.getByLabel(/Password|Nenosiri/).fill(PASSWORD)
  await page.getByRole('button', { name: /Sign in|Ingia/ }).click()
  await page.locator('.flights').waitFor({ timeout: 60_000 })
  return page
}

/** datetime-local value (EAT wall clock) `days` ahead at `hour`. */
const local = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000 + 3 * 3_600_000)
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`
}

const value = (page: Page, testId: string) => page.getByTestId(testId).getAttribute('data-value')

/** Features of a layer drawn on the request page's map, once each (a feature on a tile edge is drawn in both). */
const drawn = (page: Page, layer: string) =>
  page.evaluate((l) => {
    const seen = new Map<string, unknown>()
    for (const f of (window as any).__ramaniFlight.map.queryRenderedFeatures({ layers: [l] }))
      seen.set(
        JSON.stringify([
          f.properties,
          f.geometry.type === 'Point' ? f.geometry.coordinates.map((c: number) => c.toFixed(3)) : f.properties,
        ]),
        f.properties,
      )
    return [...seen.values()]
  }, layer)

const act = async (page: Page, action: string) => {
  const done = page.waitForResponse((r) => r.url().includes(`/${action}`) && r.request().method() === 'POST')
  await page.locator(`[data-action="${action}"]`).click()
  expect((await done).status()).toBe(200)
}

describe.runIf(hasChromium)('flight clearance', () => {
  it('from request to letter, then the watch flags it', async () => {
    // The operator sees no map at all: straight to its requests.
    const op = await signIn('operator.relief')
    expect(await op.locator('.map').count()).toBe(0)
    await op.getByTestId('flights-new').click()
    const form = op.getByTestId('flight-form')
    await form.locator('input[name=aircraft_registration]').fill('5Y-RLF')
    await form.locator('input[name=aircraft_type]').fill('Cessna 208 Caravan')
    await form.locator('input[name=purpose]').fill('Food aid to Lodwar')
    await form.locator('[data-leg="1"] input[name=from]').fill('HKNW')
    await form.locator('[data-leg="1"] input[name=to]').fill('HKEL')
    await form.locator('input[name=departs-1]').fill(local(2, 7))
    await form.locator('input[name=arrives-1]').fill(local(2, 8))
    await op.getByTestId('add-leg').click()
    await form.locator('[data-leg="2"] input[name=to]').fill('HKLO')
    await form.locator('input[name=departs-2]').fill(local(2, 9))
    await form.locator('input[name=arrives-2]').fill(local(2, 10))
    await op.getByTestId('flight-create').click()
    await op.getByTestId('flight-page').waitFor()
    expect(await op.getByTestId('flight-legs').locator('li').count()).toBe(2)
    await act(op, 'submit')
    await expect.poll(() => value(op, 'flight-status')).toBe('submitted')
    expect(await op.getByTestId('flight-status').textContent()).toBe('Submitted')
    const id = /\/flights\/(\d+)/.exec(op.url())![1]!

    // The officer, in Kiswahili: the queue, then the request with its factors on the map.
    const officer = await signIn('officer.flights')
    await officer.getByRole('button', { name: 'SW' }).click()
    await officer.getByRole('heading', { name: 'Foleni ya ukaguzi' }).waitFor()
    const row = officer.locator(`[data-flight="${id}"]`)
    expect(await row.locator('[data-value="submitted"]').textContent()).toBe('Imewasilishwa')
    await row.locator('a').click()
    await officer.getByTestId('flight-page').waitFor()
    await act(officer, 'review')
    await expect.poll(() => officer.getByTestId('flight-status').textContent()).toBe('Inakaguliwa')
    expect(await officer.getByTestId('factors-1').locator('th').allTextContents()).toEqual([
      'Kigezo',
      'Thamani',
      'Ushahidi',
    ])
    expect(await officer.locator('[data-action="clear"]').textContent()).toBe('Idhinisha')
    expect(
      await officer.getByTestId('factors-1').locator('[data-factor="border_distance_km"] td').first().textContent(),
    ).toBe('Umbali kutoka njia hadi mpaka wa nchi kavu ulio karibu (km)')

    // The map: a real canvas with the basemap, both legs as great circles and the airstrips.
    const map = '[data-testid="route-map"]'
    await officer.locator(`${map}[data-ready="true"]`).waitFor({ timeout: 30_000 })
    expect(await canvasColours(officer, map)).toBeGreaterThan(8)
    expect(new Set((await drawn(officer, 'legs')).map((p: any) => p.seq))).toEqual(new Set([1, 2]))
    expect((await drawn(officer, 'strips')).map((p: any) => p.name).sort()).toEqual(['HKEL', 'HKLO', 'HKNW'])
    // "Show on map" of the border factor: the map moves to the nearest border point and rings it.
    const zoomBefore = await officer.evaluate(() => (window as any).__ramaniFlight.map.getZoom())
    await officer.getByTestId('show-1-border_distance_km').click()
    await expect.poll(() => officer.locator(map).getAttribute('data-focus')).toBe('1:border_distance_km')
    await expect
      .poll(() => officer.evaluate(() => (window as any).__ramaniFlight.map.getZoom()))
      .toBeGreaterThan(zoomBefore)
    await expect.poll(async () => (await drawn(officer, 'focus-points')).length).toBe(1)
    await shot(officer, 'flights-officer-review')

    // Every agency the rule table names concurs (civil aviation always; others as the factors call for).
    const pending = ((await value(officer, 'pending-agencies')) ?? '').split(',')
    expect(pending).toContain('kcaa')
    for (const agency of pending) {
      const page = await signIn(`agency.${agency}`, `/flights/${id}`)
      await page.getByTestId('flight-page').waitFor()
      await act(page, 'concur')
      await page.context().close()
    }
    await officer.reload()
    await officer.getByTestId('flight-page').waitFor()
    expect(await value(officer, 'pending-agencies')).toBe('')
    expect(await officer.getByTestId('pending-agencies').textContent()).toBe('hakuna')

    // A condition, and the clearance (with a reason when the tool recommended referral or refusal).
    const recommendation = await value(officer, 'recommendation')
    if (recommendation === 'refer' || recommendation === 'decline')
      await officer.locator('input[name=reason]').fill('Reviewed with the agencies: acceptable with conditions')
    await officer.locator('input[name=condition]').fill('Daylight operations only.')
    await act(officer, 'clear')
    await expect.poll(() => value(officer, 'flight-status')).toBe('cleared_with_conditions')
    expect(await officer.getByTestId('flight-status').textContent()).toBe('Imeidhinishwa kwa masharti')
    expect(await officer.getByTestId('conditions').textContent()).toContain('Daylight operations only.')
    const download = officer.waitForEvent('download')
    await officer.getByTestId('letter-link').click()
    const file = await (await download).path()
    expect(file).toBeTruthy()

    // The field officer of Turkana closes Lodwar airstrip; the clearance is flagged.
    const field = await env.browser.newContext()
    const fp = await field.newPage()
    await fp.goto(env.url)
    const login = await fp.request.post(`${env.url}/api/auth/login`, {
      data: { username: 'field.turkana', password: PASSWORD },
    })
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken
    const strips = await fp.request.get(`${env.url}/ogc/collections/airstrips/items?limit=1000`)
    const lodwar = (
      (await strips.json()) as { features: { id: number; properties: { ident: string | null } }[] }
    ).features.find((f) => f.properties.ident === 'HKLO')!.id
    const closed = await fp.request.patch(`${env.url}/ogc/collections/airstrips/items/${lodwar}`, {
      data: { properties: { status: 'closed' } },
      headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
    })
    expect(closed.status()).toBe(200)
    await field.close()
    await officer.reload()
    await officer.getByTestId('reassessment-flag').waitFor()
    // The officer reads Kiswahili by now: the flag and the notification are worded in it, not in the server's English.
    const flag = await officer.getByTestId('reassessment-flag').textContent()
    expect(flag).toContain(sw['fl.factor.airstrip_closed'])
    expect(flag).not.toMatch(/Re-assess|closed/)
    expect(await officer.getByTestId('flight-notifications').textContent()).toContain(`Safari ${id}`)
    await shot(officer, 'flights-flagged')
  })

  it('an officer records a restriction, sees it on the airstrip calendar, and removes it', async () => {
    const officer = await signIn('officer.flights', '/flights/closures')
    const form = officer.getByTestId('closure-form')
    await form.locator('input[name=strip-search]').fill('HKKT')
    const kitale = form.locator('select[name=airstrip] option', { hasText: 'HKKT' })
    await kitale.waitFor({ state: 'attached' })
    await form.locator('select[name=airstrip]').selectOption((await kitale.getAttribute('value'))!)
    await form.locator('select[name=kind]').selectOption('restriction')
    await form.locator('input[name=from]').fill(local(3, 6))
    await form.locator('input[name=to]').fill(local(3, 18))
    await form.locator('input[name=reason]').fill('Runway resurfacing')
    const created = officer.waitForResponse(
      (r) => r.url().endsWith('/api/flights/closures') && r.request().method() === 'POST',
    )
    await officer.getByTestId('closure-add').click()
    const closure = (await (await created).json()) as { id: number; starts_at: string; ends_at: string }
    // The form's times are East Africa Time.
    expect(Date.parse(closure.starts_at)).toBe(Date.parse(`${local(3, 6)}:00+03:00`))
    const row = officer.locator(`[data-closure="${closure.id}"]`)
    await row.waitFor()
    expect(await row.textContent()).toContain('Runway resurfacing')

    // The calendar of Kitale shows the restriction on its day.
    await officer.getByRole('link', { name: 'Airstrip calendar' }).click()
    const calendar = officer.getByTestId('flight-calendar')
    await calendar.locator('input[name=strip-search]').fill('HKKT')
    const option = calendar.locator('select[name=airstrip] option', { hasText: 'HKKT' })
    await option.waitFor({ state: 'attached' })
    await calendar.locator('select[name=airstrip]').selectOption((await option.getAttribute('value'))!)
    const day = calendar.locator(`[data-day="${local(3, 6).slice(0, 10)}"] [data-closure]`)
    await day.waitFor()
    expect(await day.textContent()).toContain('Runway resurfacing')

    // Removed, it leaves the list.
    await officer.getByTestId('flights-closures').click()
    await officer.getByTestId(`closure-remove-${closure.id}`).click()
    await row.waitFor({ state: 'detached' })
    await officer.context().close()
  })
})
