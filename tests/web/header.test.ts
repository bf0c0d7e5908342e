// The header: a visitor sees Log in and one Register; a member finds every link in one menu
// (a <details>, which works without JavaScript) with the counts said in words; Dev mail is a
// development tool in the footer, never in the navigation.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestAdmin, createTestCompany, logInAs } from '../support/factories.js'
import { SiteHeader } from '../../views/components/site-header.js'
import type { PageContext } from '../../src/web/page-context.js'
import { assetUrls } from '../../src/web/assets.js'

const { app, db } = await createTestApp()

const header = (html: string) => html.slice(html.indexOf('<header'), html.indexOf('</header>'))
const footer = (html: string) => html.slice(html.indexOf('<footer'), html.indexOf('</footer>'))
/** The menu's contents: what a phone shows once "Menu" is opened. */
const menu = (html: string) => {
  const h = header(html)
  const start = h.indexOf('<details class="site-menu">')
  expect(start, 'the header has the menu').toBeGreaterThan(-1)
  return h.slice(start, h.indexOf('</details>'))
}
const TRADING = ['/deals', '/my/listings', '/my/bids', '/my/purchases', '/watching', '/saved-searches']
const count = (html: string, part: string) => html.split(part).length - 1

describe('a visitor', () => {
  it('sees Log in (back to the page) and one Register, and no menu, on every page', async () => {
    for (const path of ['/', '/listings', '/login', '/register']) {
      const html = await (await app.request(path)).text()
      // One Register in the header; the home and results pages repeat it nowhere (the login
      // page's own "no account yet?" link is that page's content).
      expect(count(header(html), 'href="/register"'), path).toBe(1)
      if (path === '/' || path === '/listings') expect(count(html, 'href="/register"'), path).toBe(1)
      expect(header(html)).toContain(`href="/login?next=${encodeURIComponent(path)}"`)
      expect(header(html)).toContain('Register<span class="wide-only">\u00a0your company</span>')
      expect(html).not.toContain('<details class="site-menu">')
      for (const href of [...TRADING, '/notifications']) expect(header(html)).not.toContain(`href="${href}"`)
    }
  })
})

describe('a member', async () => {
  const company = await createTestCompany(db, { status: 'approved', legalName: 'Kartong & Papper i Luleå AB' })
  const browser = await logInAs(app, company.owner)

  it('finds every link in the menu: trading, notifications, the company\'s account and Log out', async () => {
    for (const path of ['/', '/my/bids', '/watching', '/deals']) {
      const html = await (await browser.get(path)).text()
      const links = menu(html)
      for (const href of [...TRADING, '/notifications', '/account']) expect(links, `${path}: ${href}`).toContain(`href="${href}"`)
      expect(links).toContain('Kartong &amp; Papper i Luleå AB')
      expect(links).toContain('<form method="post" action="/logout"')
      expect(links).not.toContain('href="/admin"')
      // Nothing of the header lies outside the menu but the brand.
      const outside = header(html).replace(/<details[\s\S]*$/, '')
      expect([...outside.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/'])
      expect(count(html, 'href="/register"')).toBe(0)
    }
  })

  it('marks the page it is on', async () => {
    const html = await (await browser.get('/watching')).text()
    expect(menu(html)).toContain('<a href="/watching" aria-current="page">Watching</a>')
    expect(menu(html)).toContain('<a href="/my/bids">My bids</a>')
  })

  it('sees Dev mail only in the footer, marked as a development tool', async () => {
    const html = await (await browser.get('/my/bids')).text()
    expect(header(html)).not.toContain('/dev/mail')
    expect(footer(html)).toContain('Development tool: <a href="/dev/mail">Dev mail</a>')
  })

  it('who is also a platform admin has the Admin link in the menu too', async () => {
    await db.updateTable('users').set({ is_admin: true }).where('id', '=', company.owner.userId).execute()
    const html = await (await (await logInAs(app, company.owner)).get('/my/bids')).text()
    expect(menu(html)).toContain('href="/admin"')
    for (const href of TRADING) expect(menu(html)).toContain(`href="${href}"`)
  })
})

describe('an admin without a company', () => {
  it('has Admin, Notifications, the account and Log out, but no trading links', async () => {
    const admin = await createTestAdmin(db, { name: 'Astrid Admin' })
    const html = await (await (await logInAs(app, admin)).get('/admin')).text()
    const links = menu(html)
    for (const href of ['/admin', '/notifications', '/account']) expect(links).toContain(`href="${href}"`)
    expect(links).toContain('>Astrid Admin</a>')
    expect(links).toContain('action="/logout"')
    for (const href of TRADING) expect(links).not.toContain(`href="${href}"`)
    expect(links).not.toContain('aria-label="Your trading"')
  })
})

describe('the counts', () => {
  const viewer = {
    userId: 'u1', name: 'Olle', email: 'olle@example.test', emailVerified: true, isAdmin: false,
    company: { id: 'c1', legalName: 'Olle AB', country: 'SE', status: 'approved' as const, statusReason: null, role: 'owner' as const },
  }
  const render = (counts: Partial<PageContext>) => SiteHeader({
    page: { viewer, csrfToken: 't', path: '/my/bids', devMail: false, assets: assetUrls(), ...counts },
  })!.toString()

  it('shows unread notifications as "(n)" with the number in words, and no number when there are none', () => {
    for (const n of [1, 2, 9, 10, 137]) {
      const html = render({ unreadNotifications: n })
      expect(html).toContain(`<a href="/notifications" aria-label="Notifications: ${n} unread">Notifications (${n})</a>`)
    }
    for (const none of [0, null, undefined]) expect(render({ unreadNotifications: none })).toContain('<a href="/notifications">Notifications</a>')
  })

  it('adds up on the closed menu what waits inside it, in words too', () => {
    for (const deals of [0, 1, 4]) {
      for (const messages of [0, 1, 12]) {
        for (const notifications of [0, 1, 3]) {
          const html = render({ dealsNeedingAction: deals, unreadMessages: { count: messages, dealId: 'd1' }, unreadNotifications: notifications })
          const summary = /<summary>([\s\S]*?)<\/summary>/.exec(html)![1]
          const total = deals + messages + notifications
          if (total === 0) expect(summary.trim()).toBe('Menu')
          else expect(summary).toContain(`<span class="badge warn">${total}<span class="visually-hidden"> waiting for you</span></span>`)
          if (deals > 0) expect(html).toContain(`aria-label="Deals: ${deals} ${deals === 1 ? 'needs' : 'need'} your action">Deals (${deals})</a>`)
          if (messages > 0) expect(html).toContain(`aria-label="Messages: ${messages} unread in your deals">Messages (${messages})</a>`)
          else expect(html).not.toContain('Messages')
        }
      }
    }
  })
})
