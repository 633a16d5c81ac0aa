// `npm run bench`: runs every benchmark module in scripts/bench/ (or those named: `npm run bench -- tiles`).
// Each prints its own figures, with ratios against a baseline measured in the same process.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const dir = join(import.meta.dirname, 'bench')
const wanted = process.argv.slice(2)
const modules = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort()

for (const name of modules) {
  const mod = (await import(join(dir, `${name}.ts`))) as { run?: () => Promise<void> }
  if (typeof mod.run !== 'function') continue // a helper module (stats.ts), not a benchmark
  console.log(`\n## ${name}`)
  await mod.run()
}
