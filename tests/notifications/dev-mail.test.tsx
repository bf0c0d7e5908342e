import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { enqueueEmail } from '../../src/notifications/outbox.js'
import { buildEmail } from '../../views/emails/email.js'
import { linkify } from '../../views/dev/linkify.js'

// The page answers only loopback connections; this is the env @hono/node-server passes for one.
const loopback = { incoming: { socket: { remoteAddress: '127.0.0.1' } } }

describe('/dev/mail outside production', async () => {
  const { app, db } = await createTestApp()

  it('lists queued emails newest first and shows one with its links clickable', async () => {
    await enqueueEmail(db, buildEmail({ template: 'password_reset', to: 'older@buyer.example', subject: 'Older', greeting: 'Hi', paragraphs: ['First.'] }))
    const url = 'http://localhost:3000/verify-email?token=abc123&x=1'
    await enqueueEmail(db, buildEmail({
      template: 'verify_email', to: 'eva@buyer.example', subject: 'Confirm <your> email',
      greeting: 'Hello <b>Eva</b>', paragraphs: ['Welcome to NordicLoop.'], action: { label: 'Confirm', url },
    }))
    const row = await db.selectFrom('outbox').select(['id', 'html_body']).where('to_address', '=', 'eva@buyer.example').executeTakeFirstOrThrow()

    const list = await app.request('/dev/mail', {}, loopback)
    expect(list.status).toBe(200)
    const listHtml = await list.text()
    expect(listHtml).toContain('eva@buyer.example')
    expect(listHtml).toContain(`<a href="/dev/mail/${row.id}">Confirm &lt;your&gt; email</a>`)
    expect(listHtml).toContain('verify_email')
    expect(listHtml).toContain('pending')
    expect(listHtml.indexOf('eva@buyer.example')).toBeLessThan(listHtml.indexOf('older@buyer.example'))

    const detail = await app.request(`/dev/mail/${row.id}`, {}, loopback)
    expect(detail.status).toBe(200)
    const html = await detail.text()
    expect(html).toContain('Confirm &lt;your&gt; email')
    expect(html).toContain('eva@buyer.example')
    // The link in the text body is a real anchor; the rest of the text is escaped.
    expect(html).toContain('<a href="http://localhost:3000/verify-email?token=abc123&amp;x=1">http://localhost:3000/verify-email?token=abc123&amp;x=1</a>')
    expect(html).toContain('Hello &lt;b&gt;Eva&lt;/b&gt;')
    expect(html).not.toContain('<b>Eva</b>')
    // The HTML body is framed in a script-less sandbox from its own address; no inline style
    // or script on the page (the email's own inline styles are only escaped text in the source view).
    expect(html).toMatch(new RegExp(`<iframe[^>]*sandbox=""[^>]*src="/dev/mail/${row.id}/html"`))
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/)
    expect(html).not.toMatch(/\sstyle="/)
    // That address answers the email's HTML under a policy of its own: its inline styles
    // apply, nothing loads or runs, and only this origin may frame it.
    const framed = await app.request(`/dev/mail/${row.id}/html`, {}, loopback)
    expect(framed.status).toBe(200)
    expect(await framed.text()).toBe(row.html_body)
    const csp = framed.headers.get('content-security-policy') ?? ''
    for (const rule of ["default-src 'none'", "style-src 'unsafe-inline'", "frame-ancestors 'self'", 'sandbox']) expect(csp).toContain(rule)
    expect(csp).not.toContain('script-src')
    expect(framed.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    // Every other address keeps the pages' policy.
    expect(detail.headers.get('content-security-policy')).toContain("style-src 'self'")
    expect(detail.headers.get('x-frame-options')).toBe('DENY')
  })

  it('answers 404, not 500, for ids that do not exist or are not ids', async () => {
    for (const path of ['/dev/mail/999999', '/dev/mail/abc', '/dev/mail/99999999999999999999999', '/dev/mail/-1']) {
      const res = await app.request(path, {}, loopback)
      expect(res.status, path).toBe(404)
    }
  })
})

describe('/dev/mail in production', async () => {
  const { app, db } = await createTestApp({ config: { NODE_ENV: 'production' } })

  it('does not exist', async () => {
    const email = buildEmail({ template: 'verify_email', to: 'p@x.example', subject: 'Secret link', greeting: 'Hi', paragraphs: [] })
    await enqueueEmail(db, { ...email, attachments: [{ name: 'a.txt', contentType: 'text/plain', content: 'Secret link' }] })
    const row = await db.selectFrom('outbox').select('id').executeTakeFirstOrThrow()
    for (const path of ['/dev/mail', `/dev/mail/${row.id}`, `/dev/mail/${row.id}/attachments/1`]) {
      const res = await app.request(path, {}, loopback)
      expect(res.status, path).toBe(404)
      expect(await res.text()).not.toContain('Secret link')
    }
  })
})

describe('linkify', () => {
  const render = (text: string) => String(<pre>{linkify(text)}</pre>)

  it('links http(s) addresses, leaving a closing full stop outside', () => {
    expect(render('Open https://a.example/x?y=1. Then')).toBe('<pre>Open <a href="https://a.example/x?y=1">https://a.example/x?y=1</a>. Then</pre>')
    expect(render('(see http://b.example)')).toBe('<pre>(see <a href="http://b.example">http://b.example</a>)</pre>')
  })

  it('never links other schemes and escapes everything else', () => {
    expect(render('javascript:alert(1) <img src=x onerror=alert(1)>')).toBe('<pre>javascript:alert(1) &lt;img src=x onerror=alert(1)&gt;</pre>')
    expect(render('https://c.example/"><script>')).toBe('<pre><a href="https://c.example/">https://c.example/</a>&quot;&gt;&lt;script&gt;</pre>')
  })
})
