import { launch, signIn } from '../tests/browser/support.ts'
const url = 'http://127.0.0.1:8899'
const browser = await launch()
const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } })
const page = await signIn(ctx, url, process.argv[2] ?? 'planner')
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console:', m.text().slice(0, 300)) })
await page.waitForTimeout(4000)
const r = await page.evaluate(`(() => {
  const m = window.__ramani.map
  const q = (ids) => m.queryRenderedFeatures({ layers: ids.filter((i) => m.getLayer(i)) }).map((f) => f.properties.name)
  return { zoom: m.getZoom(), center: m.getCenter(), water: [...new Set(q(['bm-water-labels']))], countries: [...new Set(q(['bm-country-labels']))], counties: q(['county-labels']).length, places: q(['place-labels-city','place-labels-town']).slice(0,10), border: m.queryRenderedFeatures({layers:['border_posts']}).length }
})()`)
console.log(JSON.stringify(r))
await page.screenshot({ path: '/tmp/mapcheck/' + (process.argv[2] ?? 'planner') + '.png' })
await browser.close()
