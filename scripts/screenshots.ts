/// <reference lib="dom" />
// The README's screenshots: desktop at national zoom, a county zoomed in, and a phone; written to docs/screenshots/.
//
// Usage: npm run build && npx tsx scripts/screenshots.ts [--url http://127.0.0.1:8787]
// Without --url a fresh server with the sample data is started (as the browser tests do).

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ROOT, launch, signIn, startServer } from '../tests/browser/support.ts'

const OUT = join(ROOT, 'docs', 'screenshots')
const i = process.argv.indexOf('--url')
const given = i > 0 ? process.argv[i + 1] : undefined

const settle = (page: Page) =>
  page
    .evaluate(
      `new Promise((r) => { const m = window.__ramani.map; m.triggerRepaint(); m.once('idle', r); setTimeout(r, 15000) })`,
    )
    .then(() => page.waitForTimeout(1500))

async function main() {
  mkdirSync(OUT, { recursive: true })
  const server = given ? { url: given, stop: async () => undefined } : await startServer()
  const browser = await launch()
  try {
    const desktop = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    const page = await signIn(desktop, server.url, 'planner')
    await settle(page)
    await page.screenshot({ path: join(OUT, 'desktop-national.png') })
    // Uasin Gishu and Elgeyo-Marakwet around Eldoret: roads by condition, facilities by kind, places and counties.
    await page.evaluate(`window.__ramani.map.jumpTo({ center: [35.35, 0.6], zoom: 9.2 })`)
    await settle(page)
    await page.screenshot({ path: join(OUT, 'county-zoom.png') })
    await desktop.close()

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const p = await signIn(phone, server.url, 'field.turkana')
    await settle(p)
    await p.screenshot({ path: join(OUT, 'phone.png') })
    await phone.close()
    console.log(`wrote ${OUT}/{desktop-national,county-zoom,phone}.png`)
  } finally {
    await browser.close()
    await server.stop()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
