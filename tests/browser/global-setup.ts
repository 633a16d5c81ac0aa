import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildServerTemplate } from '../support/global-setup.ts'
import { serverTemplateName, templateKey } from '../support/template.ts'
import { hasChromium, serverUrl, spawnServer } from './server.ts'

// One embedded database migrated and seeded here; each browser test file starts its server on a copy of it. With
// DATABASE_URL, the files that run on the server copy the API tests' template database (CREATE DATABASE … TEMPLATE),
// built here unless the API tests on that server already built it.
export default async function setup(project: TestProject) {
  if (!hasChromium || process.env.RAMANI_BROWSER_URL) return
  const dir = mkdtempSync(join(tmpdir(), 'ramani-browser-template-'))
  const dataDir = join(dir, 'db')
  const template = serverTemplateName(templateKey())
  await Promise.all([
    (async () => {
      // Seeding the reference and sample data is the slow part of a first start.
      const server = await spawnServer(dataDir, 600_000)
      await server.stop()
      if (existsSync(join(dataDir, 'postmaster.pid'))) throw new Error(`the seeding server left ${dataDir} open`)
      project.provide('browserTemplate', dataDir)
    })(),
    serverUrl &&
      buildServerTemplate(serverUrl, template).then(() => project.provide('browserServerTemplate', template)),
  ])
  return () => rmSync(dir, { recursive: true, force: true })
}
