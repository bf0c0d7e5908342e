// Liveness and readiness probes, as a load balancer or orchestrator calls them.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'

const { app } = await createTestApp()

describe('health probes', () => {
  it('/healthz answers 200 with a small JSON body', async () => {
    const res = await app.request('/healthz')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('/readyz answers 200 when the database answers', async () => {
    const res = await app.request('/readyz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ready', database: 'ok' })
  })

  it('probes are cheap: no session cookie, no CSRF cookie', async () => {
    const res = await app.request('/readyz')
    expect(res.headers.get('set-cookie')).toBeNull()
  })
})
