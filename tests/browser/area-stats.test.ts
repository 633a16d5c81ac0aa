import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { classOf } from '../../contract/area-stats.ts'
import { hasChromium, openTab, project, shot, signIn, useServerAndBrowser } from './support.ts'

// The incident-statistics choropleth on the main map: a planner turns the layer on, a county's fill carries the
// figure and class of the period shown (the sample statistics per county and month), the slider moves to another
// month and the county's value and class follow, and hovering the county tells its figures.

const env = useServerAndBrowser()

/** Turkana's rendered fill: the properties MapLibre drew it with. */
const turkana = (page: Page) =>
  page.evaluate(() => {
    const map = (window as any).__ramani.map
    const hit = map.queryRenderedFeatures({ layers: ['area-stats'] }).find((f: any) => f.properties.code === '023')
    return hit ? { ...hit.properties, fill: map.getPaintProperty('area-stats', 'fill-color') } : null
  })

describe.skipIf(!hasChromium)('incident statistics per area', () => {
  it('fills counties by the period chosen on the slider, with a legend from the same classes', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await signIn(context, env.url, 'planner')
    const api = await page.evaluate(async () => (await fetch('/api/incident-stats/areas?granularity=month')).json())
    const periods: { start: string; values: { code: string; events: number }[] }[] = api.periods
    expect(periods.length).toBeGreaterThan(2)
    const events = (i: number) => periods[i]!.values.find((v) => v.code === '023')?.events ?? null
    const cls = (i: number) => classOf(events(i), api.breaks.events)
    // The latest month with a figure for Turkana, and another month whose figure falls in another class.
    const first = periods.findLastIndex((_, i) => events(i) !== null)
    const other = periods.findIndex((_, i) => events(i) !== null && cls(i) !== cls(first))
    expect(first).toBeGreaterThanOrEqual(0)
    expect(other).toBeGreaterThanOrEqual(0)

    await openTab(page, 'analysis')
    await page.getByTestId('area-stats-toggle').check()
    // The latest period is shown first.
    const slider = page.getByTestId('area-stats-slider')
    await expect
      .poll(() => page.getByTestId('area-stats-period').getAttribute('data-start'))
      .toBe(periods.at(-1)!.start)
    const legend = page.getByTestId('area-stats-legend')
    expect(await legend.locator('li').count()).toBe(api.breaks.events.length + 1)
    expect(await legend.textContent()).toContain('Events')

    await slider.fill(String(first))
    await expect.poll(async () => (await turkana(page))?.value ?? null).toBe(events(first))
    const before = (await turkana(page))!
    expect(before).toMatchObject({ name: 'Turkana', events: events(first), cls: cls(first) })
    await shot(page, 'area-stats-01-month')

    await slider.fill(String(other))
    await expect
      .poll(() => page.getByTestId('area-stats-period').getAttribute('data-start'))
      .toBe(periods[other]!.start)
    await expect.poll(async () => (await turkana(page))?.cls ?? null).toBe(cls(other))
    const after = (await turkana(page))!
    expect(after.value).toBe(events(other))
    expect(after.cls).not.toBe(before.cls)
    expect(after.period).not.toBe(before.period)

    // Hovering the county tells its name, period, figures and source.
    const at = await project(page, [35.3, 3.9])
    await page.mouse.move(at.x, at.y)
    const popup = page.getByTestId('area-stats-popup')
    await popup.waitFor({ timeout: 10_000 })
    const text = await popup.textContent()
    expect(text).toContain('Turkana')
    expect(text).toContain(String(after.period))
    expect(text).toContain(`Events: ${events(other)}`)
    expect(text).toContain('Sample incidents per county and month')
    await shot(page, 'area-stats-02-other-month')

    // An analyst outlines the areas whose figures rise or fall: Turkana carries the trend the API computes.
    const trends = await page.evaluate(
      async (kind) => (await fetch(`/api/analysis/area-trends?level=county&period_kind=${kind}`)).json(),
      api.period_kind,
    )
    const trend = trends.areas.find((a: any) => a.code === '023').trend
    await page.getByTestId('area-stats-trend').check()
    const trendLegend = page.getByTestId('area-stats-trend-legend')
    await trendLegend.waitFor({ timeout: 10_000 })
    await expect.poll(async () => (await turkana(page))?.trend ?? null).toBe(trend)
    const rising = trends.areas.filter((a: any) => a.trend === 'increasing').length
    expect(await trendLegend.locator('[data-trend="increasing"]').textContent()).toContain(`(${rising})`)
    await shot(page, 'area-stats-03-trends')

    // The link keeps the choropleth: shown, per month, by events, on counties, at the period on the slider; opened
    // again it shows that period, not the latest.
    const link = `stats=month,events,county,${periods[other]!.start}`
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain(link)
    const again = await context.newPage()
    await again.goto(`${env.url}/#tab=analysis&${link}`)
    await again.locator('.map[data-ready="true"]').waitFor({ timeout: 60_000 })
    await expect
      .poll(() => again.getByTestId('area-stats-period').getAttribute('data-start'))
      .toBe(periods[other]!.start)
    expect(await again.getByTestId('area-stats-toggle').isChecked()).toBe(true)
    await context.close()
  })
})
