// Import timing: a 100,000-feature GeoJSON file of incidents through the whole HTTP path — upload (parse, stage,
// validate every row), then commit (validate again, insert, one audit row per feature) — on the embedded PostGIS and,
// when DATABASE_URL is set, on the server (in a scratch database created and dropped here).
// Baseline in the same process: the bare SQL load of the same file (one INSERT … SELECT over json_array_elements, as
// the seed loader does: no staging, no validation, no audit).
import { createApp } from '../../server/app.ts'
import { openDb, type Db } from '../../server/db/index.ts'
import { migrate } from '../../server/db/migrate.ts'
import { seedDemoUsers } from '../../server/seed/demo-users.ts'
import { loadData } from '../../server/seed/load.ts'
import { createScratch } from './scratch.ts'
import { time } from './stats.ts'

const FEATURES = Number(process.env.RAMANI_BENCH_IMPORT_FEATURES ?? 100_000)
const PASSWORD = 'bench-password-1'
const THEMES = [
  'terrorism',
  'organised_gangs',
  'cross_border_smuggling',
  'small_arms',
  'cattle_rustling_banditry',
  'other',
]

/** Deterministic incidents spread over Kenya's west and centre. */
function file(n: number): string {
  const features = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      type: 'Feature',
      properties: {
        name: `Benchmark incident ${i + 1}`,
        occurred_at: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15:00Z`,
        theme: THEMES[i % THEMES.length],
        severity: 1 + (i % 5),
        fatalities: i % 7 === 0 ? 1 : 0,
        status: 'open',
      },
      geometry: {
        type: 'Point',
        coordinates: [
          Number((34.2 + (i % 400) * 0.0125).toFixed(5)),
          Number((-3.5 + Math.floor(i / 400) * 0.028).toFixed(5)),
        ],
      },
    }),
  )
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}`
}

async function signIn(app: ReturnType<typeof createApp>) {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  })
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  return { Cookie: cookie, 'X-CSRF-Token': csrfToken }
}

async function measure(db: Db, label: string, text: string) {
  const app = createApp({ db })
  const auth = await signIn(app)
  const form = new FormData()
  form.set('collection', 'incidents')
  form.set('file', new File([text], 'incidents.geojson'))
  const [up, tUpload] = await time(async () => {
    const res = await app.request('/api/imports', { method: 'POST', headers: auth, body: form })
    return { status: res.status, body: (await res.json()) as { id: number; report: { valid: number } } }
  })
  if (up.status !== 201 || up.body.report.valid !== FEATURES)
    throw new Error(`upload failed: ${up.status} ${JSON.stringify(up.body).slice(0, 300)}`)
  const [done, tCommit] = await time(async () => {
    const res = await app.request(`/api/imports/${up.body.id}/commit`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{}',
    })
    return { status: res.status, body: (await res.json()) as { result: { inserted: number } } }
  })
  if (done.status !== 200 || done.body.result.inserted !== FEATURES)
    throw new Error(`commit failed: ${done.status} ${JSON.stringify(done.body).slice(0, 300)}`)
  const [, tBase] = await time(() =>
    db.transaction((tx) =>
      tx.query(
        `INSERT INTO incidents (name, occurred_at, theme, severity, fatalities, status, source, geom)
     SELECT r.name, r.occurred_at, r.theme, r.severity, r.fatalities, r.status, 'import', ST_SetSRID(ST_GeomFromGeoJSON(e -> 'geometry'), 4326)
     FROM json_array_elements($1::json -> 'features') e, json_populate_record(NULL::incidents, e -> 'properties') r`,
        [text],
      ),
    ),
  )
  const total = tUpload + tCommit
  const s = (v: number) => `${(v / 1000).toFixed(1)} s`
  console.log(
    `${label.padEnd(9)} ${FEATURES.toLocaleString('en')} features (${(text.length / 1e6).toFixed(1)} MB): upload+stage+validate ${s(tUpload)}, ` +
      `commit ${s(tCommit)}, total ${s(total)} (${Math.round(FEATURES / (total / 1000)).toLocaleString('en')} features/s); ` +
      `bare SQL load ${s(tBase)}, ratio ${(total / tBase).toFixed(1)}×`,
  )
}

async function scratchServer(url: string): Promise<{ db: Db; drop: () => Promise<void> }> {
  const scratch = await createScratch(url, 'imports')
  const db = await openDb({ databaseUrl: scratch.url })
  return {
    db,
    drop: async () => {
      await db.close()
      await scratch.drop()
    },
  }
}

export async function run() {
  const text = file(FEATURES)
  const targets: [string, () => Promise<{ db: Db; drop: () => Promise<void> }>][] = [
    [
      'embedded',
      async () => {
        const db = await openDb({})
        return { db, drop: () => db.close() }
      },
    ],
  ]
  if (process.env.DATABASE_URL) targets.push(['server', () => scratchServer(process.env.DATABASE_URL!)])
  else console.log('(set DATABASE_URL to a PostGIS server to also time the server)')
  for (const [label, open] of targets) {
    const { db, drop } = await open()
    try {
      await migrate(db)
      await loadData(db, { sample: false })
      await seedDemoUsers(db, PASSWORD)
      await measure(db, label, text)
    } finally {
      await drop()
    }
  }
}
