// Every email template goes through the one layout: exactly one button, whose target is the
// in-app notification's link, and a plain-text part that carries the same link.
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Email } from '../../src/notifications/email.js'
import * as accounts from '../../views/emails/accounts.js'
import * as auctions from '../../views/emails/auctions.js'
import * as chat from '../../views/emails/chat.js'
import * as deals from '../../views/emails/deals.js'
import * as digest from '../../views/emails/digest.js'
import * as listings from '../../views/emails/listings.js'
import * as permits from '../../views/emails/permits.js'
import * as questions from '../../views/emails/questions.js'
import * as ratings from '../../views/emails/ratings.js'
import * as secondChance from '../../views/emails/second-chance.js'
import * as notes from '../../views/emails/transfer-notes.js'
import * as reports from '../../views/emails/reports.js'
import { buildEmail } from '../../views/emails/email.js'

const BASE = 'https://nordicloop.example'
const url = (path: string) => `${BASE}${path}`
const r = { to: 'per@buyer.example', name: 'Per' }
const vat = { line: '€1,000.00 excl. VAT + VAT €250.00 (25 % Sweden VAT) = €1,250.00', total: '€1,250.00' }
const deal = { price: '€1,000.00', payBy: 'Fri 4 Dec 2026, 17:00 CET', url: url('/deals/d1'), listingUrl: url('/listings/l1'), vat, hazardous: true }
const permit = { number: 'M-123', authority: 'Länsstyrelsen Skåne', expiresOn: '31 Dec 2027' }
const note = { number: 'TN-2026-0001', dealNumber: 42, title: 'Baled cardboard', url: url('/deals/d1/transfer-note') }
const q = { title: 'Baled cardboard', question: 'Are the bales dry?', url: url('/listings/l1#questions') }
const now = new Date('2026-12-03T11:46:00Z')

/** One email of each template, from its builder, named by the builder. */
const samples: Record<string, () => Email[]> = {
  verifyEmailMessage: () => [accounts.verifyEmailMessage(r.to, r.name, url('/verify-email?token=secret1'))],
  passwordResetMessage: () => [accounts.passwordResetMessage(r.to, r.name, url('/password-reset/secret2'))],
  invitationMessage: () => [accounts.invitationMessage(r.to, 'Olle', 'Säljare AB', url('/invitations/secret3'))],
  companyApprovedMessage: () => [accounts.companyApprovedMessage(r.to, r.name, 'Säljare AB', url('/'))],
  companyRejectedMessage: () => [accounts.companyRejectedMessage(r.to, r.name, 'Säljare AB', 'No VAT number.', url('/account'))],
  companySuspendedMessage: () => [accounts.companySuspendedMessage(r.to, r.name, 'Säljare AB', 'Unpaid fees.', url('/account'))],
  companyReactivatedMessage: () => [accounts.companyReactivatedMessage(r.to, r.name, 'Säljare AB', url('/'))],
  passwordResetNoAccountMessage: () => [accounts.passwordResetNoAccountMessage(r.to, url('/register'))],
  alreadyRegisteredMessage: () => [accounts.alreadyRegisteredMessage(r.to, r.name, url('/login'), url('/password-reset'))],
  invitedButRegisteredMessage: () => [accounts.invitedButRegisteredMessage(r.to, r.name, 'Olle', 'Säljare AB', url('/login'))],
  emailChangeConfirmMessage: () => [accounts.emailChangeConfirmMessage(r.to, r.name, url('/account/email/confirm?token=secret4'))],
  emailChangeNoticeMessage: () => [accounts.emailChangeNoticeMessage(r.to, r.name, 'new@buyer.example', url('/password-reset'))],
  emailTakenMessage: () => [accounts.emailTakenMessage(r.to, r.name)],
  removedFromCompanyMessage: () => [accounts.removedFromCompanyMessage(r.to, r.name, 'Säljare AB')],
  outbidMessage: () => [auctions.outbidMessage(r, 'Baled cardboard', { price: '€1,100.00', nextMinimum: '€1,150.00', endsAt: new Date('2026-12-03T14:00:00Z'), now, timeZone: 'Europe/Stockholm', url: url('/listings/l1') })],
  endingSoonMessage: () => [auctions.endingSoonMessage(r, 'Baled cardboard', '€1,100.00', url('/listings/l1'))],
  wonMessage: () => [auctions.wonMessage(r, 'Baled cardboard', deal)],
  soldMessage: () => [auctions.soldMessage(r, 'Baled cardboard', { ...deal, fee: '€50.00', payout: '€950.00', buyer: 'Köpare Oy' })],
  noSaleMessage: () => (['no-bids', 'reserve-not-met', 'buyer-barred'] as const).map((why) => auctions.noSaleMessage(r, 'Baled cardboard', why, url('/listings/l1'))),
  purchaseConfirmationMessage: () => [auctions.purchaseConfirmationMessage(r, 'Baled cardboard', deal)],
  bidsRetractedMessage: () => (['leading', 'not-leading', 'seller'] as const).map((s) => auctions.bidsRetractedMessage(r, 'Baled cardboard', s === 'seller' ? null : '€1,000.00', s, url('/listings/l1'))),
  chatEmail: () => [chat.chatEmail(r, { number: 42, title: 'Baled cardboard', url: url('/deals/d1#chat'), from: 'Köpare Oy', more: 2,
    messages: [{ author: 'Kim', at: '3 Dec, 10:00', text: 'Are the bales dry?\nAnd stacked?', photo: true }, { author: 'Kim', at: '3 Dec, 10:01', text: 'Thanks.', photo: false }] })],
  dealStepMessage: () => [deals.dealStepMessage(r, { number: 42, title: 'Baled cardboard', url: url('/deals/d1'), subject: 'paid', headline: 'The buyer paid.', next: 'agree a collection time.' })],
  digestMessage: () => [1, 2].map((n) => digest.digestMessage({ ...r, manageUrl: url('/saved-searches'), sections: Array.from({ length: n }, (_, i) => ({
    name: `Search ${i}`, searchUrl: url(`/listings?q=s${i}`), more: i === 0,
    listings: [{ title: `Lot ${i}`, url: url(`/listings/x${i}`), price: '€10.00', place: 'Malmö, Sweden', detail: '12 t' }],
  })) })),
  listingApprovedMessage: () => [listings.listingApprovedMessage(r.to, r.name, 'Baled cardboard', url('/listings/l1'))],
  listingRejectedMessage: () => [listings.listingRejectedMessage(r.to, r.name, 'Baled cardboard', 'Blurry photos.', url('/listings/l1/edit'))],
  listingWithdrawnMessage: () => [listings.listingWithdrawnMessage(r.to, r.name, 'Baled cardboard', 'Wrong category.', url('/listings/l1'))],
  permitVerifiedMessage: () => [permits.permitVerifiedMessage(r.to, r.name, 'Köpare Oy', permit, url('/account/permits'))],
  permitRejectedMessage: () => [permits.permitRejectedMessage(r.to, r.name, 'Köpare Oy', permit, 'Unreadable.', url('/account/permits'))],
  permitExpiringMessage: () => [permits.permitExpiringMessage(r.to, r.name, 'Köpare Oy', permit, url('/account/permits'))],
  questionAskedMessage: () => [questions.questionAskedMessage({ email: r.to, name: r.name }, q)],
  questionAnsweredMessage: () => [questions.questionAnsweredMessage({ email: r.to, name: r.name }, { ...q, answer: 'Yes.' })],
  ratingReceivedEmail: () => [ratings.ratingReceivedEmail(r, { raterName: 'Köpare Oy', dealNumber: 42, score: 4, comment: 'Smooth.', url: url('/deals/d1#ratings') })],
  secondChanceOfferMessage: () => [secondChance.secondChanceOfferMessage(r, 'Baled cardboard', { price: '€900.00', expires: 'Sat 5 Dec', payDays: 5, url: url('/deals/offers/o1'), listingUrl: url('/listings/l1') })],
  secondChanceBoughtMessage: () => [secondChance.secondChanceBoughtMessage(r, 'Baled cardboard', { ...deal })],
  secondChanceEndedMessage: () => (['declined', 'expired'] as const).map((outcome) => secondChance.secondChanceEndedMessage(r, 'Baled cardboard', { outcome, price: '€900.00', hours: 48, url: url('/deals/d1') })),
  reportDismissedMessage: () => [reports.reportDismissedMessage({ email: r.to, name: r.name }, { title: 'Baled cardboard', note: 'The lot is as described.', url: url('/listings/l1#report') })],
  reportUpheldMessage: () => [reports.reportUpheldMessage({ email: r.to, name: r.name }, { title: 'Baled cardboard', url: url('/listings/l1#report') })],
  noteSignedMessage: () => [notes.noteSignedMessage(r, note, { side: 'Säljare AB', name: 'Olle' })],
  noteFinalMessage: () => [notes.noteFinalMessage(r, note, { name: 'note.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7') })],
}

/** Emails whose link is a secret, or that go to an address without an account: no notification. */
const MAILBOX_ONLY = new Set(['verify-email', 'password-reset', 'company-invitation', 'password-reset-no-account', 'email-change-confirm'])
/** Notices with nothing to open: no button, and a notification without a link. */
const NO_ACTION = new Set(['email-change-taken', 'company-member-removed'])

const buttons = (html: string) => [...html.matchAll(/<a href="([^"]*)" class="button"/g)].map((m) => m[1].replaceAll('&amp;', '&'))
const all = Object.entries(samples).flatMap(([name, make]) => make().map((email) => ({ name, email })))

describe('the email layout', () => {
  it('has a sample of every template builder in views/emails', async () => {
    const builders: string[] = []
    for (const file of readdirSync(new URL('../../views/emails/', import.meta.url))) {
      if (file === 'email.tsx') continue
      const mod = await import(`../../views/emails/${file.replace(/\.tsx?$/, '.js')}`) as Record<string, unknown>
      builders.push(...Object.entries(mod).filter(([k, v]) => typeof v === 'function' && /(Message|Email)$/.test(k)).map(([k]) => k))
    }
    expect(builders.filter((b) => !(b in samples)), 'templates without a sample here').toEqual([])
  })

  it.each(all.map((s) => [`${s.name} (${s.email.template})`, s.email] as const))('%s: one button to the notification’s link, and a text part with it', (_, email) => {
    const found = buttons(email.html)
    expect(email.html.startsWith('<!doctype html><html lang="en">')).toBe(true)
    expect(email.html).toContain('NordicLoop · the marketplace for surplus and waste materials')
    expect(email.text.length).toBeGreaterThan(40)
    expect(email.text.startsWith('Hello')).toBe(true)
    if (NO_ACTION.has(email.template)) {
      expect(found).toEqual([])
      expect(email.notice).toEqual({ summary: expect.any(String), link: null })
      return
    }
    expect(found).toHaveLength(1)
    const [button] = found
    expect(button.startsWith(BASE)).toBe(true)
    expect(email.text).toContain(button)
    if (MAILBOX_ONLY.has(email.template)) {
      expect(email.notice).toBeUndefined()
      return
    }
    expect(email.notice!.link).toBe(button.slice(BASE.length))
    expect(email.notice!.summary.length).toBeGreaterThan(10)
    expect(email.notice!.summary.length).toBeLessThanOrEqual(280)
  })

  it('escapes what people wrote and keeps long summaries short', () => {
    const email = buildEmail({
      template: 't', to: r.to, subject: 'S <b>', greeting: 'Hello <script>alert(1)</script>,',
      paragraphs: ['x'.repeat(500), { quote: { by: '<i>Kim</i>', text: 'a\n<img src=x onerror=alert(1)>' } }], action: { label: 'Go "now"', url: url('/deals/d1?a=1&b=<2>') },
    })
    expect(email.html).not.toContain('<script>')
    expect(email.html).not.toContain('<img')
    expect(email.html).not.toContain('<i>Kim')
    expect(email.html).toContain('a<br/>&lt;img')
    expect(email.text).toContain('Hello <script>alert(1)</script>,')
    expect(email.notice!.summary).toHaveLength(280)
    expect(email.notice!.summary.endsWith('…')).toBe(true)
    expect(email.notice!.link).toBe('/deals/d1?a=1&b=%3C2%3E')
  })
})

describe('the outbid email', () => {
  it('gives the current price, the next minimum bid, and the time left in words with the end in the reader’s zone', () => {
    const [email] = samples.outbidMessage()
    for (const part of [email.text, email.html]) {
      expect(part).toContain('The current price is €1,100.00; to lead again, bid at least €1,150.00.')
      expect(part).toContain('2 hours 14 minutes left (ends Thu, 3 Dec 2026, 15:00 CET).')
    }
  })

  it('says the time left in words for any span, rounded down to the minute', () => {
    const cases: [number, string][] = [[0, 'less than a minute'], [59, 'less than a minute'], [60, '1 minute'], [61 * 60, '1 hour 1 minute'],
      [2 * 3600, '2 hours'], [86400, '1 day'], [86400 + 3599, '1 day'], [2 * 86400 + 3 * 3600 + 59 * 60, '2 days 3 hours'], [-5, 'less than a minute']]
    for (const [seconds, words] of cases) expect(auctions.timeLeftInWords(new Date(now.getTime() + seconds * 1000), now), String(seconds)).toBe(words)
    // Every span up to four days: the words read back to the minutes left, less than a day's hours when there are days.
    for (let minutes = 0; minutes < 4 * 1440; minutes += 7) {
      const words = auctions.timeLeftInWords(new Date(now.getTime() + minutes * 60_000 + 30_000), now)
      const n = (unit: string) => Number(new RegExp(`(\\d+) ${unit}s?\\b`).exec(words)?.[1] ?? 0)
      expect(words).toMatch(/^(less than a minute|(\d+ (day|hour|minute)s? ?)+)$/)
      expect(words).not.toMatch(/\b1 \w+s\b|\b(?!1\b)\d+ (day|hour|minute)\b(?!s)/)
      const read = n('day') * 1440 + n('hour') * 60 + n('minute')
      expect(read, words).toBe(minutes >= 1440 ? minutes - (minutes % 60) : minutes)
    }
  })
})
