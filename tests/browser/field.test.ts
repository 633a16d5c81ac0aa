import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FIELD_PHOTO_PATH, makePhoto } from '../fixtures/photo.ts'
import { PASSWORD, hasChromium, shot, signIn, useServerAndBrowser } from './support.ts'

// Field work without a connection: a Turkana field officer's app is installed (service worker, offline data for the
// county), the officer goes offline, assesses a road and a police station with photos and then corrects the station's
// condition in the edit form, closes the browser, starts it again offline with the work still queued, and — after the
// session has also expired — comes back online: the queue waits for sign-in, then sends everything exactly once.
// Meanwhile a planner changed the road's condition and status (a conflict: the officer sees both versions side by
// side and merges them field by field) and the station's staff count (not a conflict: merged without asking).

const env = useServerAndBrowser()

/** A large camera photo (resized on the device to 1600 px) with EXIF time and GPS, as a phone would take it. */
const CAMERA = {
  width: 2400,
  height: 1800,
  takenAt: '2026-03-14T06:26:53Z',
  offset: '+03:00',
  lat: 3.1191,
  lon: 35.5973,
  accuracyM: 8,
}

/** The officer's own browser: a persistent profile (storage, service worker, cookies) that survives closing it. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
] // as support.ts
const officerBrowser = (profile: string) =>
  chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1280, height: 860 },
    geolocation: { latitude: 3.1195, longitude: 35.5969, accuracy: 9 },
    permissions: ['geolocation'],
  })

const profiles: string[] = []
afterAll(() => profiles.forEach((p) => rmSync(p, { recursive: true, force: true })))

const chip = (page: Page) => page.getByTestId('sync-status')
const items = (page: Page) => page.getByTestId('sync-item')
const states = (page: Page) =>
  items(page).evaluateAll((els) =>
    els.map((e) => `${e.getAttribute('data-kind')} ${e.getAttribute('data-asset')} ${e.getAttribute('data-state')}`),
  )

async function openFeature(page: Page, collection: string, id: number) {
  await page.evaluate(
    ({ c, i }) => {
      location.hash = `sel=${c}/${i}`
    },
    { c: collection, i: id },
  )
  await page.reload()
  await page.locator('.map[data-ready="true"]').waitFor({ timeout: 60_000 })
  await page.getByTestId('properties').waitFor()
}

/** A signed-in API client inside a page of its own context (the planner, working online). */
async function apiAs(context: BrowserContext, username: string) {
  const page = await context.newPage()
  await page.goto(`${env.url}/api/health`)
  await page.evaluate(
    async ({ u, pw }) => {
      await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: u, password: pw }),
      })
    },
    { u: username, pw: PASSWORD },
  )
  return {
    get: (path: string) => page.evaluate(async (p) => (await fetch(p)).json(), path),
    patch: (path: string, properties: Record<string, unknown>) =>
      page.evaluate(
        async ({ p, props }) => {
          const csrf = decodeURIComponent(
            document.cookie
              .split('; ')
              .find((c) => c.startsWith('ramani_csrf='))!
              .split('=')[1]!,
          )
          const res = await fetch(p, {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
            body: JSON.stringify({ properties: props }),
          })
          return res.status
        },
        { p: path, props: properties },
      ),
    head: (path: string) =>
      page.evaluate(async (p) => {
        const r = await fetch(p)
        return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength }
      }, path),
  }
}

describe.skipIf(!hasChromium)('field work offline', () => {
  it('queues offline work durably, syncs it exactly once after sign-in, and resolves a conflict side by side', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'ramani-officer-'))
    profiles.push(profile)
    let context = await officerBrowser(profile)
    let page = await signIn(context, env.url, 'field.turkana')
    // Installed: the service worker controls the page, and the county's data is saved for offline use.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 60_000 })
    const manifest = await page.evaluate(async () =>
      (await fetch(document.querySelector<HTMLLinkElement>('link[rel=manifest]')!.href)).json(),
    )
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/' })
    const cdp = await context.newCDPSession(page)
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
    expect(installabilityErrors).toEqual([])
    await cdp.detach()
    const t0 = Date.now()
    await expect.poll(() => chip(page).getAttribute('data-package'), { timeout: 240_000, interval: 1000 }).toBe('ready')
    const packageSeconds = (Date.now() - t0) / 1000
    const pkg = await page.evaluate(() => JSON.parse(localStorage.getItem('ramani.offline.package')!))
    console.log(
      `[field] offline package for Turkana: ${pkg.items} features, ${pkg.tiles} tiles, ready ${packageSeconds.toFixed(1)} s after sign-in`,
    )
    expect(pkg.items).toBeGreaterThan(0)
    expect(pkg.tiles).toBeGreaterThan(0)

    const officer = await apiAs(await env.browser.newContext(), 'field.turkana')
    const roads = (await officer.get('/ogc/collections/roads/items?limit=200')).features as any[]
    const r1 = roads.find(
      (f) =>
        f.properties.condition !== 'impassable' &&
        f.properties.condition !== 'fair' &&
        f.properties.status === 'existing',
    )
    const f1 = ((await officer.get('/ogc/collections/facilities/items?limit=50')).features as any[]).find(
      (f) => f.properties.condition !== 'poor' && f.properties.condition !== 'fair' && f.properties.staff !== 42,
    )
    expect(r1 && f1).toBeTruthy()

    // ── Offline ──
    await context.setOffline(true)
    await expect.poll(() => chip(page).getAttribute('data-online')).toBe('false')

    // 1. Road r1: impassable and under construction, with a camera photo resized on the device.
    await openFeature(page, 'roads', r1.id)
    await page.getByTestId('assess-tab').click()
    const form = page.getByTestId('assessment-form')
    await form.locator('select[data-field="condition"]').selectOption('impassable')
    await form.locator('select[data-field="status"]').selectOption('under_construction')
    await form.locator('textarea[data-field="notes"]').fill('Lugga crossing washed out; culvert gone.')
    await expect.poll(() => page.getByTestId('assess-position').textContent()).toContain('±9 m')
    await page
      .getByTestId('assess-photo-input')
      .setInputFiles({ name: 'IMG_0412.jpg', mimeType: 'image/jpeg', buffer: makePhoto(CAMERA) })
    await expect.poll(() => page.getByTestId('assess-photos').textContent(), { timeout: 20_000 }).toContain('1600×1200')
    await shot(page, 'field-01-assessment-offline')
    await form.getByRole('button', { name: 'Save assessment' }).click()
    await page.getByTestId('assess-message').waitFor()
    await expect.poll(() => chip(page).getAttribute('data-queued')).toBe('1')

    // 2. Facility f1: poor, with the small fixture photo.
    await openFeature(page, 'facilities', f1.id)
    await page.getByTestId('assess-tab').click()
    await form.locator('select[data-field="condition"]').selectOption('poor')
    await form.locator('textarea[data-field="notes"]').fill('Roof leaking over the report office.')
    await page
      .getByTestId('assess-photo-input')
      .setInputFiles({ name: 'station.jpg', mimeType: 'image/jpeg', buffer: readFileSync(FIELD_PHOTO_PATH) })
    await expect.poll(() => page.getByTestId('assess-photos').textContent(), { timeout: 20_000 }).toContain('320×240')
    await form.getByRole('button', { name: 'Save assessment' }).click()
    await expect.poll(() => chip(page).getAttribute('data-queued')).toBe('2')

    // 3. Facility f1 again: on a second look the officer corrects its condition in the inspector's edit form.
    await openFeature(page, 'facilities', f1.id)
    await page.getByTestId('edit-tab').click()
    await page.locator('[data-testid="edit-form"] select[data-field="condition"]').selectOption('fair')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.poll(() => page.getByTestId('edit-message').textContent()).toContain('Saved on this device')
    await expect.poll(() => chip(page).getAttribute('data-queued')).toBe('3')
    await page.getByTestId('history-tab').click()
    await expect.poll(() => page.getByTestId('pending-entry').count()).toBe(2)

    // Meanwhile a planner, online, changes r1's condition and status (a conflict) and f1's staff count (not one).
    const planner = await apiAs(await env.browser.newContext(), 'planner')
    expect(
      await planner.patch(`/ogc/collections/roads/items/${r1.id}`, { condition: 'fair', status: 'rehabilitated' }),
    ).toBe(200)
    expect(await planner.patch(`/ogc/collections/facilities/items/${f1.id}`, { staff: 42 })).toBe(200)

    // Close the browser and start it again, still offline: the shell, the map data and the queue are all there.
    await context.close()
    context = await officerBrowser(profile)
    await context.setOffline(true)
    page = context.pages()[0] ?? (await context.newPage())
    await page.goto(env.url)
    await page.locator('.map[data-ready="true"]').waitFor({ timeout: 60_000 })
    expect(await chip(page).getAttribute('data-online')).toBe('false')
    expect(await chip(page).getAttribute('data-queued')).toBe('3')
    await page.evaluate(
      () =>
        new Promise((r) => {
          const map = (window as any).__ramani.map
          map.once('idle', r)
          map.jumpTo({ center: [35.6, 3.3], zoom: 8 })
        }),
    )
    const drawn = await page.evaluate(
      () => (window as any).__ramani.map.queryRenderedFeatures({ layers: ['roads', 'facilities'] }).length,
    )
    expect(drawn).toBeGreaterThan(0) // from the cached tiles
    await chip(page).click()
    expect(await states(page)).toEqual([
      `assessment roads/${r1.id} queued`,
      `assessment facilities/${f1.id} queued`,
      `edit facilities/${f1.id} queued`,
    ])
    await shot(page, 'field-02-reopened-offline-queue')

    // The session expires while the officer is away.
    await context.clearCookies()

    // ── Online again: the queue waits for sign-in, then sends everything in order. ──
    await context.setOffline(false)
    await page.getByLabel(/Username/).waitFor({ timeout: 30_000 })
    await page.getByLabel(/Username/).fill('field.turkana')
    await page.getByLabel(/Password/).fill(PASSWORD)
    await page.getByRole('button', { name: /Sign in/ }).click()
    await page.locator('.map[data-ready="true"]').waitFor({ timeout: 60_000 })

    // r1 meets the planner's change: a conflict, shown side by side; the other two go through (the station's
    // assessment merged with the planner's staff count, the edit sent on top of both).
    await expect
      .poll(() => states(page), { timeout: 60_000 })
      .toEqual([
        `assessment roads/${r1.id} conflict`,
        `assessment facilities/${f1.id} synced`,
        `edit facilities/${f1.id} synced`,
      ])
    const conflict = page.locator(`[data-asset="roads/${r1.id}"] .conflict`)
    expect(await conflict.locator('tr[data-field="condition"]').textContent()).toMatch(/Fair.*Impassable/)
    expect(await conflict.locator('tr[data-field="status"]').textContent()).toMatch(/Rehabilitated.*Under construction/)
    await shot(page, 'field-03-conflict')
    // Merge: keep my condition, take the planner's status.
    await conflict.locator('tr[data-field="condition"] input[data-choice="mine"]').check()
    await conflict.locator('tr[data-field="status"] input[data-choice="server"]').check()
    await conflict.getByRole('button', { name: 'Apply my choices' }).click()
    await expect
      .poll(() => states(page), { timeout: 30_000 })
      .toEqual([
        `assessment roads/${r1.id} synced`,
        `assessment facilities/${f1.id} synced`,
        `edit facilities/${f1.id} synced`,
      ])
    expect(await chip(page).getAttribute('data-queued')).toBe('0')
    await shot(page, 'field-04-all-synced')

    // A second run and a reload send nothing again.
    await page.getByTestId('sync-now').click()
    await page.reload()
    await page.locator('.map[data-ready="true"]').waitFor({ timeout: 60_000 })
    await page.waitForTimeout(1500)

    // ── On the server: exactly two assessments, one edit, the photos stored; nothing silently overwritten. ──
    const a1 = (await planner.get(`/api/assessments?collection=roads&id=${r1.id}`)).assessments
    const a2 = (await planner.get(`/api/assessments?collection=facilities&id=${f1.id}`)).assessments
    expect(a1).toHaveLength(1)
    expect(a2).toHaveLength(1)
    expect(a1[0]).toMatchObject({
      observer: 'field.turkana',
      condition: 'impassable',
      status: 'rehabilitated',
      notes: 'Lugga crossing washed out; culvert gone.',
      accuracy_m: 9,
    })
    expect(a1[0].position.lat).toBeCloseTo(3.1195, 4)
    expect(a1[0].photos).toHaveLength(1)
    // Resized on the device; time and place from the original's EXIF (the resized JPEG carries none).
    expect(a1[0].photos[0]).toMatchObject({
      content_type: 'image/jpeg',
      width: 1600,
      height: 1200,
      taken_at: '2026-03-14T06:26:53Z',
      position: { lon: 35.5973, lat: 3.1191 },
    })
    const photo = await planner.head(a1[0].photos[0].href)
    expect(photo).toMatchObject({ status: 200, type: 'image/jpeg', size: a1[0].photos[0].size_bytes })
    expect(a2[0]).toMatchObject({ condition: 'poor', photos: [{ width: 320, height: 240 }] })

    const road1 = await planner.get(`/ogc/collections/roads/items/${r1.id}`)
    expect(road1.properties).toMatchObject({ condition: 'impassable', status: 'rehabilitated' })
    const station = await planner.get(`/ogc/collections/facilities/items/${f1.id}`)
    expect(station.properties).toMatchObject({ condition: 'fair', staff: 42 }) // the officer's edit, and the planner's count
    const h1 = (await planner.get(`/api/history/roads/${r1.id}`)).entries
    expect(
      h1.some(
        (e: any) =>
          e.actor === 'planner' && e.changes?.some((c: any) => c.field === 'status' && c.to === 'rehabilitated'),
      ),
    ).toBe(true)
    expect(h1.filter((e: any) => e.type === 'assessment')).toHaveLength(1)
    const h2 = (await planner.get(`/api/history/facilities/${f1.id}`)).entries
    expect(h2.filter((e: any) => e.actor === 'field.turkana' && e.action === 'update')).toHaveLength(1)
    expect(h2.filter((e: any) => e.actor === 'field.turkana' && e.action === 'assess')).toHaveLength(1)
    expect(
      h2.some((e: any) => e.actor === 'planner' && e.changes?.some((c: any) => c.field === 'staff' && c.to === 42)),
    ).toBe(true)

    // The assessment shows in the road's history, with its photo.
    await openFeature(page, 'roads', r1.id)
    await page.getByTestId('history-tab').click()
    await page.locator('.history-photos img').first().waitFor()
    await shot(page, 'field-05-history-with-photo')
    await context.close()
  }, 420_000)

  it('lays the assessment form out for a phone', async () => {
    const context = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    })
    const page = await signIn(context, env.url, 'field.turkana')
    const id = await page.evaluate(
      async () =>
        (await (await fetch('/ogc/collections/border_posts/items?limit=1')).json()).features[0]?.id ??
        (await (await fetch('/ogc/collections/facilities/items?limit=1')).json()).features[0].id,
    )
    const collection = await page.evaluate(async () =>
      (await (await fetch('/ogc/collections/border_posts/items?limit=1')).json()).features.length
        ? 'border_posts'
        : 'facilities',
    )
    await openFeature(page, collection, id)
    await page.getByTestId('assess-tab').click()
    const form = page.getByTestId('assessment-form')
    await form.waitFor()
    const box = (await form.boundingBox())!
    expect(box.width).toBeLessThanOrEqual(390)
    const save = (await form.getByRole('button', { name: 'Save assessment' }).boundingBox())!
    expect(save.height).toBeGreaterThanOrEqual(36)
    await shot(page, 'field-06-phone-form')
    await context.close()
  })
})
