import { z } from 'zod'

// Configuration comes only from the environment, validated once at start.
const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // Streaming replicas for read-only traffic, comma-separated (server driver only).
  DATABASE_READ_URL: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().url())),
  /** Longest a user's reads stay on the primary after their write while replicas catch up. */
  RAMANI_READ_YOUR_WRITES_S: z.coerce.number().min(0).max(3600).default(30),
  RAMANI_DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  RAMANI_METRICS_TOKEN: z.string().min(16).optional(),
  RAMANI_TILE_MEMORY_MB: z.coerce.number().min(0).max(65_536).default(64),
  RAMANI_REQUEST_LOG: z.enum(['json', 'off']).default('json'),
  RAMANI_DATA_DIR: z.string().default('.ramani/db'),
  RAMANI_SAMPLE_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  RAMANI_DEMO_PASSWORD: z.string().min(8).optional(),
  RAMANI_BASEMAP_URL: z.string().url().optional(),
  RAMANI_WEB_DIST: z.string().default('web/dist'),
  RAMANI_WORKER_THREADS: z.coerce.number().int().min(1).max(64).default(2),
  RAMANI_ANALYSIS_LIMIT_S: z.coerce.number().int().min(5).max(86_400).default(600),
  RAMANI_PARSE_LIMIT_S: z.coerce.number().int().min(5).max(3600).default(120),
  RAMANI_WORKER_MEMORY_MB: z.coerce.number().int().min(256).max(65_536).default(2048),
  RAMANI_PUBLIC_URL: z.string().url().optional(),
  RAMANI_REPORTS_KEY: z.string().min(16).optional(),
  RAMANI_INTAKE_SECRET: z.string().min(16).optional(),
  RAMANI_SMS_URL: z.string().url().default('https://api.africastalking.com/version1/messaging'),
  RAMANI_SMS_USERNAME: z.string().optional(),
  RAMANI_SMS_API_KEY: z.string().optional(),
  RAMANI_SMS_FROM: z.string().optional(),
  RAMANI_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
})

export type Config = z.infer<typeof Env>

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`Invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`)
  }
  return parsed.data
}
