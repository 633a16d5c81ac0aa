import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { hasChromium, spawnServer } from './server.ts'

// One embedded database migrated and seeded here; each browser test file starts its server on a copy of it.
export default async function setup(project: TestProject) {
  if (!hasChromium || process.env.RAMANI_BROWSER_URL) return
  const dir = mkdtempSync(join(tmpdir(), 'ramani-browser-template-'))
  const dataDir = join(dir, 'db')
  // Seeding the reference and sample data is the slow part of a first start.
  const server = await spawnServer(dataDir, 600_000)
  await server.stop()
  if (existsSync(join(dataDir, 'postmaster.pid'))) throw new Error(`the seeding server left ${dataDir} open`)
  project.provide('browserTemplate', dataDir)
  return () => rmSync(dir, { recursive: true, force: true })
}
