import { defineConfig } from 'vitest/config'

// Browser tests: each file starts the real server (embedded PostGIS, built web app) on a copy of one database the
// global setup seeded, and drives Debian's Chromium.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
})
