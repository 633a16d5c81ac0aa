import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { loadConfig } from '../../server/config.ts'

// The reference deployment (docker-compose.yml) cannot be started here: the machine has no Docker daemon and no image
// registry. What can be checked without them is checked: the file's own consistency and that each piece is what the
// app, nginx and the replica scripts expect. The topology itself (primary, streaming replica, two instances, nginx) is
// run on Debian's packages by scripts/multi-instance-test.sh and `npm run bench -- load`.

const ROOT = join(import.meta.dirname, '../..')
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<Name, Service> & Record<string, Service>
  networks: { ramani: { ipam: { config: { subnet: string }[] } } }
  volumes: Record<string, unknown>
}
type Name = 'db' | 'db-replica' | 'app1' | 'app2' | 'nginx'
interface Service {
  image?: string
  environment?: Record<string, string>
  volumes?: string[]
  depends_on?: Record<string, { condition: string } | undefined>
  networks?: string[] | Record<string, { ipv4_address?: string } | undefined>
  command?: string | string[]
  entrypoint?: string[]
  healthcheck?: { test: string[] }
}
const services = compose.services
const apps = Object.entries(services).filter(([, s]) => s.command !== undefined && /npm start/.test(String(s.command)))
const nginxConf = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8')

function hostOf(url: string): string {
  return new URL(url).hostname
}

describe('the reference deployment (docker-compose.yml)', () => {
  it('has a primary, a streaming replica, two app instances and nginx, each started after what it needs', () => {
    expect(apps.map(([name]) => name).sort()).toEqual(['app1', 'app2'])
    expect(services.db.command).toContain('wal_level=replica')
    expect(services['db-replica'].entrypoint).toEqual(['/deploy/replica.sh'])
    expect(services['db-replica'].depends_on?.db?.condition).toBe('service_healthy')
    expect(services.app1.depends_on).toMatchObject({
      db: { condition: 'service_healthy' },
      'db-replica': { condition: 'service_healthy' },
    })
    // The second instance starts on what the first installed and migrated.
    expect(services.app2.depends_on?.app1?.condition).toBe('service_healthy')
    expect(Object.keys(services.nginx.depends_on ?? {}).sort()).toEqual(['app1', 'app2'])
    for (const [name, s] of Object.entries(services))
      for (const d of Object.keys(s.depends_on ?? {})) expect(services[d], `${name} depends on ${d}`).toBeDefined()
  })

  it("gives each app instance a configuration the server accepts, on the compose network's primary and replica", () => {
    for (const [name, s] of apps) {
      const env = s.environment ?? {}
      const config = loadConfig(env)
      expect(hostOf(config.DATABASE_URL!), name).toBe('db')
      expect(config.DATABASE_READ_URL.map(hostOf), name).toEqual(['db-replica'])
      expect(config.HOST, name).toBe('0.0.0.0')
      // The only proxy whose forwarded addresses are believed is nginx, at its fixed address in the subnet.
      const nginx = (services.nginx.networks as Record<string, { ipv4_address?: string }>).ramani?.ipv4_address
      expect(config.RAMANI_TRUSTED_PROXIES, name).toEqual([nginx])
      const subnet = compose.networks.ramani.ipam.config[0]!.subnet
      expect(nginx!.split('.').slice(0, 3)).toEqual(subnet.split('/')[0]!.split('.').slice(0, 3))
      // The health check asks readiness on the port the instance listens on.
      expect(s.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${config.PORT}/api/health/ready`)
      expect(nginxConf, `nginx sends to ${name}`).toContain(`server ${name}:${config.PORT}`)
    }
  })

  it('uses one replication password on both databases, and the same database credentials as the apps', () => {
    expect(services['db-replica'].environment?.REPLICATION_PASSWORD).toBe(services.db.environment?.REPLICATION_PASSWORD)
    const url = new URL(apps[0]![1].environment!.DATABASE_URL!)
    expect(decodeURIComponent(url.username)).toBe(services.db.environment?.POSTGRES_USER)
    expect(decodeURIComponent(url.password)).toBe(services.db.environment?.POSTGRES_PASSWORD)
    expect(url.pathname.slice(1)).toBe(services.db.environment?.POSTGRES_DB)
  })

  it('mounts files that exist, named volumes it declares, and shell scripts that parse', () => {
    for (const [name, s] of Object.entries(services))
      for (const v of s.volumes ?? []) {
        const source = v.split(':')[0]!
        if (source.startsWith('.')) expect(existsSync(join(ROOT, source)), `${name} mounts ${source}`).toBe(true)
        else expect(compose.volumes, `${name} uses volume ${source}`).toHaveProperty(source)
      }
    for (const script of ['deploy/replica.sh', 'deploy/primary-replication.sh'])
      execFileSync('bash', ['-n', join(ROOT, script)])
  })
})
