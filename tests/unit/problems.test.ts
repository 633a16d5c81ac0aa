import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { PROBLEMS, PROBLEM_CODES } from '../../contract/problems.ts'
import { createApp } from '../../server/app.ts'
import type { Db } from '../../server/db/index.ts'
import { fail } from '../../server/errors.ts'
import { fromDatabaseError, problemReply, toProblem } from '../../server/http/errors.ts'
import { openApiDocument } from '../../server/routes/openapi.ts'

describe('the problem catalogue', () => {
  it('answers every code with its status and the one error body', async () => {
    const app = new Hono().get('/:code', (c) =>
      problemReply(
        c,
        fail(c.req.param('code') as keyof typeof PROBLEMS, 'what went wrong', {
          parameter: 'p',
          extra: { current: 1 },
          headers: { 'Retry-After': '5' },
        }),
      ),
    )
    for (const code of PROBLEM_CODES) {
      const res = await app.request(`/${code}`)
      expect(res.status).toBe(PROBLEMS[code].status)
      expect(res.headers.get('Retry-After')).toBe('5')
      expect(await res.json()).toEqual({ error: { code, message: 'what went wrong', parameter: 'p' }, current: 1 })
    }
  })

  it('turns client-caused database errors into problems and hides the rest', () => {
    expect(fromDatabaseError({ code: '23505', constraint: 'roads_pkey' })?.code).toBe('conflict')
    expect(fromDatabaseError({ code: '23514', message: 'check' })?.code).toBe('constraint_violation')
    expect(fromDatabaseError(new Error('boom'))).toBeUndefined()
    const original = console.error
    console.error = () => {}
    try {
      const p = toProblem(new Error('secret stack'), 'req-1')
      expect(p.code).toBe('internal_error')
      expect(p.message).not.toContain('secret')
    } finally {
      console.error = original
    }
  })

  it('is listed in the OpenAPI document, and each error reply names only the codes of its status', () => {
    const doc = openApiDocument(createApp({ db: {} as Db })) as any
    expect(doc['x-problems']).toHaveLength(PROBLEM_CODES.length)
    expect(doc.components.schemas.Problem.properties.error.properties.code.enum).toEqual(PROBLEM_CODES)
    const codes = doc.components.schemas.Problem404.properties.error.properties.code.enum
    expect(codes).toEqual(PROBLEM_CODES.filter((c) => PROBLEMS[c].status === 404))
    // Sign-in is declared for every route but the public ones.
    expect(doc.paths['/api/health'].get.responses[401]).toBeUndefined()
    expect(doc.paths['/api/auth/me'].get.responses[401]).toBeDefined()
  })
})
