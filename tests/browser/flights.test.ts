import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { PASSWORD, hasChromium, shot, useServerAndBrowser } from './support.ts'

// Humanitarian flight clearance end to end: an operator submits a two-leg request; the officer reviews the factors on
// the map, asks for a condition once the agencies concurred, clears it and downloads the letter; then a Turkana field
// officer marks the destination airstrip closed and the clearance shows the re-assessment flag.

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
    await expect.poll(() => op.getByTestId('flight-status').textContent()).toBe('submitted')
    const id = /\/flights\/(\d+)/.exec(op.url())![1]!

    // The officer: the queue, then the request with its factors on the map.
    const officer = await signIn('officer.flights')
    await officer.locator(`[data-flight="${id}"] a`).click()
    await officer.getByTestId('flight-page').waitFor()
    await act(officer, 'review')
    expect(await officer.getByTestId('route-map').locator('polyline').count()).toBe(2)
    const evidence = officer.getByTestId('factors-1').locator('.evidence').first()
    await evidence.click()
    expect(
      await officer.getByTestId('route-map').locator('circle[r="7"], polygon[stroke="#000"]').count(),
    ).toBeGreaterThan(0)
    await shot(officer, 'flights-officer-review')

    // Every agency the rule table names concurs (civil aviation always; others as the factors call for).
    const pending = ((await officer.getByTestId('pending-agencies').textContent()) ?? '').split(', ')
    expect(pending).toContain('kcaa')
    for (const agency of pending) {
      const page = await signIn(`agency.${agency}`, `/flights/${id}`)
      await page.getByTestId('flight-page').waitFor()
      await act(page, 'concur')
      await page.context().close()
    }
    await officer.reload()
    await officer.getByTestId('flight-page').waitFor()
    expect(await officer.getByTestId('pending-agencies').textContent()).toBe('none')

    // A condition, and the clearance (with a reason when the tool recommended referral or refusal).
    const recommendation = await officer.getByTestId('recommendation').textContent()
    if (recommendation === 'refer' || recommendation === 'decline')
      await officer.locator('input[name=reason]').fill('Reviewed with the agencies: acceptable with conditions')
    await officer.locator('input[name=condition]').fill('Daylight operations only.')
    await act(officer, 'clear')
    await expect.poll(() => officer.getByTestId('flight-status').textContent()).toBe('cleared with conditions')
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
    expect(await officer.getByTestId('reassessment-flag').textContent()).toMatch(/closed/)
    expect(await officer.getByTestId('flight-notifications').textContent()).toContain(`Flight ${id}`)
    await shot(officer, 'flights-flagged')
  })
})
