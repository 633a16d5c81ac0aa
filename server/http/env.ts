import { OpenAPIHono } from '@hono/zod-openapi'
import type { Principal } from '../access/permissions.ts'
import type { AreaScope } from '../access/scope.ts'
import type { Db } from '../db/index.ts'
import type { Sender } from '../flights/notify.ts'
import type { Deployment } from './deployment.ts'
import { fromZodError, problemReply } from './errors.ts'

/** What every handler can read from the context. */
export interface AppEnv {
  Variables: {
    db: Db
    requestId: string
    /** The signed-in caller (absent only on public routes). */
    principal?: Principal
    /** The part of the country the caller may see. */
    area: AreaScope
    /** How the server is reached (public URL, trusted proxies). */
    deployment: Deployment
    /** POST /api/imports: the most body bytes this caller may send, and where the file is written meanwhile. */
    upload: { bytes: number; root: string }
    /** Outbound email/SMS of notifications (flight clearance); the outbox unless the app is given another. */
    sender?: Sender
  }
}

/** A router whose request validation failures become the API's standard 400 error. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return problemReply(c, fromZodError(result.error, result.target))
    },
  })
}
export type Router = ReturnType<typeof router>
