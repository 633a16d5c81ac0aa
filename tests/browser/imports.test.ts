import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasChromium, openTab, ROOT, shot, signIn, useServerAndBrowser } from './support.ts'

// Import and export as a planner uses them: a file with a bad row is shown row by row and cannot be imported; a good
// file is previewed, imported and rolled back; the export menu downloads the layer with the current filters.

const env = useServerAndBrowser()
const FIXTURES = join(ROOT, 'tests', 'fixtures')

describe.skipIf(!hasChromium)('import and export', () => {
  it('previews a file with its mapping and per-row report, imports it and rolls it back', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1360, height: 900 } })
    const page = await signIn(context, env.url, 'planner')
    await openTab(page, 'tools')
    await page.getByTestId('import-open').click()
    const dialog = page.getByTestId('import-dialog')
    await dialog.locator('select').first().selectOption('facilities')
    await page.getByTestId('import-file').setInputFiles(join(FIXTURES, 'import-facilities-bad.csv'))
    await dialog.getByRole('button', { name: 'Upload and check' }).click()
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toMatch(/4 rows, 3 valid, 1 with errors/)
    await expect
      .poll(() => page.getByTestId('import-errors').textContent())
      .toMatch(/Row 3 · kind: "police_statoin" is not one of/)
    expect(await dialog.getByRole('combobox', { name: 'Type' }).inputValue()).toBe('kind')
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true)
    await shot(page, 'imports-01-preview-with-bad-row')
    await dialog.getByRole('button', { name: 'Cancel' }).click()

    // A list of posts with names and positions only: kind and status are set once for every row.
    await page.getByTestId('import-open').click()
    await dialog.locator('select').first().selectOption('facilities')
    await page.getByTestId('import-file').setInputFiles({
      name: 'posts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Name,Latitude,Longitude\r\nKapedo Police Post,1.1747,36.1025\r\nNadome Police Post,1.3521,36.1312\r\n',
      ),
    })
    await dialog.getByRole('button', { name: 'Upload and check' }).click()
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toMatch(/2 rows, 0 valid, 2 with errors/)
    const fixed = page.getByTestId('import-fixed')
    await fixed.getByRole('combobox', { name: 'Kind' }).selectOption('police_post')
    await fixed.getByRole('combobox', { name: 'Status' }).selectOption('operational')
    await dialog.getByRole('button', { name: 'Check again with this mapping' }).click()
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toMatch(/2 rows, 2 valid, 0 with errors/)
    await shot(page, 'imports-01b-fixed-values')
    await page.getByTestId('import-commit').click()
    await expect.poll(() => page.getByTestId('import-done').textContent()).toMatch(/Imported: 2 rows/)
    await dialog.locator('footer').getByRole('button', { name: 'Close' }).click()

    await page.getByTestId('import-open').click()
    await dialog.locator('select').first().selectOption('roads')
    await page.getByTestId('import-file').setInputFiles(join(FIXTURES, 'import-roads.geojson'))
    await dialog.getByRole('button', { name: 'Upload and check' }).click()
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toMatch(/3 rows, 3 valid, 0 with errors/)
    await shot(page, 'imports-02-preview-ok')
    await page.getByTestId('import-commit').click()
    await expect.poll(() => page.getByTestId('import-done').textContent()).toMatch(/Imported: 3 rows/)
    await dialog.locator('footer').getByRole('button', { name: 'Close' }).click()
    const list = page.getByTestId('import-batches')
    await expect.poll(() => list.locator('li').first().textContent()).toMatch(/import-roads\.geojson.*Imported/)
    page.once('dialog', (d) => void d.accept())
    await list.locator('li').first().getByRole('button', { name: 'Roll back' }).click()
    await expect.poll(() => list.locator('li').first().textContent()).toMatch(/Rolled back/)
    await shot(page, 'imports-03-rolled-back')
    await context.close()
  })

  it('recodes free-text values in the dialog, saves the plan as a profile and imports', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1360, height: 900 } })
    const page = await signIn(context, env.url, 'planner')
    await openTab(page, 'tools')
    await page.getByTestId('import-open').click()
    const dialog = page.getByTestId('import-dialog')
    await dialog.locator('select').first().selectOption('facilities')
    await page.getByTestId('import-file').setInputFiles({
      name: 'ocs-returns.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Station Name,Facility Type,Status,Lat,Long\r\n' +
          "Kapedo Chief's Camp,Chief's Camp,Functional,1.1747,36.1025\r\n" +
          "Nadome Chief's Camp,Chief's Camp,Inajengwa,1.3521,36.1312\r\n" +
          'Lokori Post,Police Post,Functional,1.9561,36.0246\r\n' +
          'Kainuk AP Camp,AP Camp,Functional,1.7333,35.5667\r\n',
      ),
    })
    await dialog.getByRole('button', { name: 'Upload and check' }).click()
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toMatch(/4 rows, 2 valid, 2 with errors/)
    const values = page.getByTestId('import-values')
    expect(await values.getByRole('combobox', { name: 'Kind: AP Camp' }).inputValue()).toBe('aps_camp')
    expect(await values.getByRole('combobox', { name: 'Status: Inajengwa' }).inputValue()).toBe('under_construction')
    await expect.poll(() => page.getByTestId('import-unmapped').textContent()).toMatch(/kind "Chief's Camp" \(2\)/)
    await values.getByRole('combobox', { name: "Kind: Chief's Camp" }).selectOption('aps_camp')
    await values.getByRole('combobox', { name: 'Kind: Police Post' }).selectOption('border_police_post')
    await dialog.getByRole('button', { name: 'Check again with this mapping' }).click()
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toMatch(/4 rows, 4 valid, 0 with errors/)
    await page.getByTestId('import-profile-name').fill('Turkana OCS returns')
    await dialog.getByRole('button', { name: 'Save as profile' }).click()
    await expect.poll(() => page.getByTestId('import-profile-saved').textContent()).toMatch(/Turkana OCS returns/)
    await shot(page, 'imports-04-values-recoded')
    await page.getByTestId('import-commit').click()
    await expect.poll(() => page.getByTestId('import-done').textContent()).toMatch(/Imported: 4 rows/)
    await dialog.locator('footer').getByRole('button', { name: 'Close' }).click()

    // The next file of the same shape offers the saved profile.
    await page.getByTestId('import-open').click()
    await dialog.locator('select').first().selectOption('facilities')
    await expect
      .poll(() => page.getByTestId('import-profile').locator('option').allTextContents())
      .toContain('Turkana OCS returns')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await context.close()
  })

  it('downloads the layer in the chosen format with the current filters, and offers no import to a viewer', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })
    const page = await signIn(context, env.url, 'planner')
    await openTab(page, 'filters')
    await page.locator('select[data-filter="county"]').selectOption('023')
    await openTab(page, 'tools')
    await page.getByTestId('export-format').selectOption('gpkg')
    const href = await page.getByTestId('export-download').getAttribute('href')
    expect(href).toMatch(/^\/api\/exports\/roads\?county=023&format=gpkg$/)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()])
    expect(download.suggestedFilename()).toMatch(/^ramani-roads-\d{4}-\d{2}-\d{2}\.gpkg$/)
    await context.close()

    const viewerContext = await env.browser.newContext()
    const viewer = await signIn(viewerContext, env.url, 'viewer')
    await openTab(viewer, 'tools')
    await viewer.getByTestId('export-download').waitFor()
    expect(await viewer.getByTestId('import-open').count()).toBe(0)
    await viewerContext.close()
  })
})
