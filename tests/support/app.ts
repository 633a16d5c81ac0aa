import { createApp, type App, type AppOptions } from '../../server/app.ts'
import type { Db } from '../../server/db/index.ts'
import { testDb } from './db.ts'
import { openApiChecker } from './openapi-check.ts'
import { TEST_PASSWORD } from './password.ts'

export interface Reply<T = any> {
  status: number
  body: T
  headers: Headers
}

/** An HTTP client bound to one caller: anonymous, a signed-in session (cookie + CSRF header) or a bearer token. */
export interface Client {
  request(path: string, init?: RequestInit): Promise<Response>
  json<T = any>(path: string, init?: RequestInit): Promise<Reply<T>>
  /** Sends a JSON body with the given method. */
  send<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>
  /** POSTs an analysis and returns its finished answer, polling the job when it came as one (see `settled`). */
  analyse<T = any>(path: string, body?: unknown): Promise<Reply<T>>
}

export interface TestApp extends Client {
  app: App
  db: Db
  /** Signs in as a demo user and returns that user's client. */
  as(username: string, password?: string): Promise<Client>
  bearer(token: string): Client
  close(): Promise<void>
}

async function parse(res: Response): Promise<Reply> {
  const text = await res.text()
  let body: any = text
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers }
}

function client(app: App, auth: { cookie?: string; csrf?: string; token?: string }): Client {
  const request = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers)
    if (auth.cookie && !headers.has('Cookie')) headers.set('Cookie', auth.cookie)
    if (auth.csrf && !headers.has('X-CSRF-Token')) headers.set('X-CSRF-Token', auth.csrf)
    if (auth.token && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${auth.token}`)
    return app.request(path, { ...init, headers })
  }
  const self: Client = {
    request,
    json: async (path, init) => parse(await request(path, init)),
    send: async (method, path, body, headers = {}) =>
      parse(
        await request(path, {
          method,
          headers: { 'Content-Type': 'application/json', ...headers },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
      ),
    analyse: async (path, body) => settled(self, await self.send('POST', path, body)),
  }
  return self
}

/** Signs in through the API, as the web app does. */
export async function signIn(app: App, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`)
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!)
  const body = (await res.json()) as { csrfToken: string }
  return client(app, { cookie: cookies.join('; '), csrf: body.csrfToken })
}

/** The app, with every reply it gives checked against its own OpenAPI document (see openapi-check.ts). */
export function checkedApp(opts: AppOptions): App {
  const app = createApp(opts)
  const checker = openApiChecker(app)
  const request = app.request.bind(app)
  app.request = async (input, init, ...rest) => {
    const res = await request(input, init, ...rest)
    const url = input instanceof Request ? input.url : String(input)
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET')
    await checker.check(method, url, res)
    return res
  }
  return app
}

export async function testApp(opts: Partial<AppOptions> = {}): Promise<TestApp> {
  const db = await testDb()
  const app = checkedApp({ db, ...opts })
  return {
    ...client(app, {}),
    app,
    db,
    as: (username, password) => signIn(app, username, password),
    bearer: (token) => client(app, { token }),
    close: () => db.close(),
  }
}

/**
 * An analysis answers at once, or with a job to poll when it runs past its inline budget (as on a busy machine): the
 * finished answer either way.
 */
export async function settled<T = any>(client: Client, first: Reply<T>): Promise<Reply<T>> {
  // The job's address comes with the first answer; polls of a running job answer 202 without one.
  const job = first.headers.get('Location')
  let res = first
  while (res.status === 202) {
    await new Promise((r) => setTimeout(r, 200))
    res = await client.json<T>(job!)
  }
  return res
}
