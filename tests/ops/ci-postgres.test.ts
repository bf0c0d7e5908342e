// Under CI=true the suite runs against PostgreSQL, or fails: a missing server must never turn
// into PGlite stand-ins or skipped tests (the crash and restart tests need a real server, and a
// green run that skipped them proves nothing). createTestDatabase is where every test gets its
// database, so the rule lives there; this test feeds it the ways a server can be missing.
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createTestDatabase } from '../support/test-app.js'

/** A port on 127.0.0.1 that was free a moment ago: nothing listens there. */
function closedPort() {
  return new Promise<number>((resolve, reject) => {
    const srv = createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

describe('a test database under CI=true', () => {
  it.each([
    ['nothing listens on the port', async () => `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`],
    ['port 1', async () => 'postgres://postgres@127.0.0.1:1/postgres'],
    ['a host name that does not resolve', async () => 'postgres://postgres@no-such-host.invalid:5432/postgres'],
    ['an admin database that does not exist', async () => 'postgres://postgres@127.0.0.1:5432/no_such_admin_database_for_tests'],
  ])('fails instead of falling back to PGlite when %s', async (_, url) => {
    const adminUrl = await url()
    const attempt = createTestDatabase({ adminUrl, requirePostgres: true })
    await expect(attempt).rejects.toThrow(/CI=true: the tests need the PostgreSQL server, and none answers at /)
    await expect(attempt).rejects.toThrow(new URL(adminUrl).host)
  })
})
