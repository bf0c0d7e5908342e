// /dev/mail shows every email, reset links included: it answers only the loopback interface,
// judged by the socket, and the server warns when development mode listens beyond loopback.
import { networkInterfaces } from 'node:os'
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { startServer } from '../support/server-process.js'
import { enqueueEmail } from '../../src/notifications/outbox.js'
import { passwordResetMessage } from '../../views/emails/accounts.js'
import { isLoopback } from '../../src/web/client-ip.js'
import { warnIfDevelopmentIsExposed } from '../../src/dev/exposure.js'
import { createLogger } from '../../src/lib/logger.js'
import { testConfig } from '../support/test-app.js'

// TRUST_PROXY on: even a believed X-Forwarded-For must not open the page.
const { app, db, database } = await createTestApp({ config: { NODE_ENV: 'development', TRUST_PROXY: 'true' } })
await enqueueEmail(db, passwordResetMessage('owner@dev-mail.example', 'Owner', 'http://localhost:3000/password-reset/secret-token'))
const mailId = (await db.selectFrom('outbox').select('id').where('to_address', '=', 'owner@dev-mail.example').executeTakeFirstOrThrow()).id
// A file can carry secrets too (an invoice): its download answers the same connections only.
const withFile = passwordResetMessage('files@dev-mail.example', 'Owner', 'http://localhost:3000/password-reset/other-token')
await enqueueEmail(db, { ...withFile, attachments: [{ name: 'secret.txt', contentType: 'text/plain', content: 'secret-file' }] })
const fileId = (await db.selectFrom('outbox').select('id').where('to_address', '=', 'files@dev-mail.example').executeTakeFirstOrThrow()).id
const fileUrl = `/dev/mail/${fileId}/attachments/1`

/** What @hono/node-server passes as the app's env: the request with its socket. */
const connectionFrom = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } })

const loopback = ['127.0.0.1', '127.0.0.53', '127.255.255.254', '::1', '::ffff:127.0.0.1']
const remote = ['203.0.113.5', '10.0.0.1', '192.168.1.10', '172.16.0.1', '0.0.0.0', '::', '128.0.0.1', '1.127.0.0',
  '::ffff:10.0.0.1', '::ffff:203.0.113.5', '2001:db8::1', 'fe80::1', '::2', '127.0.0.1.evil.example', '']
const spoofedHeaders: Array<Record<string, string>> = [{}, { 'x-forwarded-for': '127.0.0.1' }, { 'x-real-ip': '127.0.0.1' }, { host: 'localhost' }, { forwarded: 'for=127.0.0.1' }]

describe('/dev/mail', () => {
  it.each(loopback)('answers a connection from %s', async (address) => {
    const list = await app.request('/dev/mail', {}, connectionFrom(address))
    expect(list.status).toBe(200)
    expect(await list.text()).toContain('owner@dev-mail.example')
    const one = await app.request(`/dev/mail/${mailId}`, {}, connectionFrom(address))
    expect(one.status).toBe(200)
    expect(await one.text()).toContain('secret-token')
    const file = await app.request(fileUrl, {}, connectionFrom(address))
    expect(file.status).toBe(200)
    expect(await file.text()).toBe('secret-file')
  })

  it(`refuses ${remote.length} other addresses x ${spoofedHeaders.length} header sets, and a request without a socket`, async () => {
    for (const address of remote) {
      for (const headers of spoofedHeaders) {
        for (const path of ['/dev/mail', `/dev/mail/${mailId}`, fileUrl]) {
          const res = await app.request(path, { headers }, connectionFrom(address))
          expect(res.status, `${path} from ${JSON.stringify(address)} with ${JSON.stringify(headers)}`).toBe(404)
          const body = await res.text()
          expect(body).not.toContain('secret-token')
          expect(body).not.toContain('secret-file')
        }
      }
    }
    for (const headers of spoofedHeaders) {
      expect((await app.request('/dev/mail', { headers })).status).toBe(404)
      expect((await app.request(`/dev/mail/${mailId}`, { headers })).status).toBe(404)
      expect((await app.request(fileUrl, { headers })).status).toBe(404)
    }
  })

  it('the loopback rule itself', () => {
    for (const a of loopback) expect(isLoopback(a), a).toBe(true)
    expect(isLoopback('localhost')).toBe(true)
    for (const a of remote) expect(isLoopback(a), a).toBe(false)
  })
})

describe('the development-mode warning', () => {
  const cases: Array<[string, string, boolean]> = [
    ['development', '0.0.0.0', true], ['development', '::', true], ['development', '192.168.1.10', true], ['test', '0.0.0.0', true],
    ['development', '127.0.0.1', false], ['development', 'localhost', false], ['development', '::1', false], ['production', '0.0.0.0', false],
  ]
  it.each(cases)('NODE_ENV=%s HOST=%s: warns %s', (NODE_ENV, HOST, warns) => {
    const lines: Array<{ level: string; msg: string }> = []
    const log = createLogger('debug', {}, (line) => lines.push(JSON.parse(line)))
    warnIfDevelopmentIsExposed(testConfig({ NODE_ENV, HOST }), log)
    expect(lines.some((l) => l.level === 'warn' && /development mode on a non-loopback interface/.test(l.msg))).toBe(warns)
  })

  it('the real server warns on 0.0.0.0 and still keeps /dev/mail to loopback connections', async () => {
    const server = await startServer({ DATABASE_URL: database.url!, NODE_ENV: 'development', HOST: '0.0.0.0' })
    try {
      expect(server.output()).toMatch(/development mode on a non-loopback interface/)
      expect((await fetch(`${server.url}/dev/mail`)).status).toBe(200) // server.url is 127.0.0.1
      // Through this machine's own non-loopback address the socket is not loopback.
      const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)
      if (external) {
        const res = await fetch(`http://${external.address}:${server.port}/dev/mail`)
        expect(res.status).toBe(404)
      }
    } finally {
      await server.stop()
    }
    const quiet = await startServer({ DATABASE_URL: database.url!, NODE_ENV: 'development', HOST: '127.0.0.1' })
    try {
      expect(quiet.output()).not.toMatch(/non-loopback/)
    } finally {
      await quiet.stop()
    }
  }, 60_000)
})
