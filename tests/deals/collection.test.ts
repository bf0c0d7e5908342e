// Collection of a paid deal through the real app: the seller proposes windows, the buyer picks
// one or proposes another, the agreed window reaches both sides as a calendar file (read back
// with ical.js), a new agreement updates the same entry, and every refusal changes nothing.
import ICAL from 'ical.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs, type TestCompany } from '../support/factories.js'
import { categoryIds } from '../support/listing-factory.js'
import type { TestBrowser } from '../support/browser.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { dealTerms } from '../../src/deals/terms.js'
import { windowProblem } from '../../src/deals/collection.js'
import { CALENDAR_CONTENT_TYPE } from '../../src/lib/calendar.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'

// The clock starts on Sunday 22 November 2026, 10:00 UTC; Stockholm is UTC+1 then.
const { app, db, clock, config } = await createTestApp()
await categoryIds(db)
const terms = dealTerms(config)

let seller: TestCompany
let buyer: TestCompany
let sellerB: TestBrowser
let buyerB: TestBrowser
let outsiderB: TestBrowser
let colleagueB: TestBrowser
let adminId: string

beforeAll(async () => {
  const [s, b, outsider] = await Promise.all([
    createTestCompany(db, { status: 'approved', legalName: 'Säljare Metall AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Köpare Kartong AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Outside Oy', country: 'FI' }),
  ])
  seller = s
  buyer = b
  adminId = (await createTestAdmin(db)).userId
  const colleague = await addTestMember(db, outsider.companyId)
  ;[sellerB, buyerB, outsiderB, colleagueB] = await Promise.all([logInAs(app, seller.owner), logInAs(app, buyer.owner), logInAs(app, outsider.owner), logInAs(app, colleague)])
})

const buyFixedPrice = (title: string) => buyFixedPriceLot(db, buyerB, { sellerCompanyId: seller.companyId, title, price: 150_000, now: clock() })

async function paidDeal(title: string) {
  const deal = await buyFixedPrice(title)
  const paid = await recordPayment(db, { dealId: deal.id, gateway: 'bank_transfer', amount: deal.amount, currency: 'EUR', receivedAt: clock(), reference: `BANK-${deal.number}` },
    { viewer: { userId: adminId, companyId: null, isAdmin: true }, now: clock(), terms })
  expect(paid.ok).toBe(true)
  return deal
}

const propose = (b: TestBrowser, dealId: string, fields: Record<string, string>, htmx = false) => b.post(`/deals/${dealId}/collection/windows`, fields, { htmx })
const pick = (b: TestBrowser, dealId: string, window: number | string) => b.post(`/deals/${dealId}/collection/pick`, { window: String(window) })

const windowsOf = (dealId: string) =>
  db.selectFrom('deal_collection_windows').selectAll().where('deal_id', '=', dealId).orderBy('id').execute()

/** Everything a refusal must leave alone: the deal row, its windows, its history, the emails. */
async function stateOf(dealId: string) {
  const [deal, windows, events, mails] = await Promise.all([
    db.selectFrom('deals').selectAll().where('id', '=', dealId).executeTakeFirstOrThrow(),
    windowsOf(dealId),
    db.selectFrom('deal_events').select('id').where('deal_id', '=', dealId).execute(),
    db.selectFrom('outbox').select('id').execute(),
  ])
  return { deal, windows, events: events.length, mails: mails.length }
}

/** The calendar attachments of the deal-update emails sent after outbox id `after`, by recipient. */
async function invitesAfter(after: number) {
  const rows = await db.selectFrom('outbox').innerJoin('outbox_attachments', 'outbox_attachments.outbox_id', 'outbox.id')
    .select(['outbox.to_address', 'outbox.text_body', 'outbox_attachments.name', 'outbox_attachments.content_type', 'outbox_attachments.content'])
    .where('outbox.id', '>', after).where('outbox.template', '=', 'deal-update').orderBy('outbox.id').execute()
  return rows.map((r) => ({ to: r.to_address, text: r.text_body, name: r.name, contentType: r.content_type, ...parseEvent(Buffer.from(r.content).toString('utf8')) }))
}

const lastMailId = async () => Number((await db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0)

function parseEvent(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  const events = calendar.getAllSubcomponents('vevent')
  expect(events).toHaveLength(1)
  const event = events[0]!
  const time = (name: string) => (event.getFirstPropertyValue(name) as ICAL.Time).toJSDate().toISOString()
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: String(event.getFirstPropertyValue('uid')), summary: String(event.getFirstPropertyValue('summary')),
    location: String(event.getFirstPropertyValue('location')), url: String(event.getFirstPropertyValue('url')),
    sequence: Number(event.getFirstPropertyValue('sequence')), start: time('dtstart'), end: time('dtend'),
    utc: (event.getFirstPropertyValue('dtstart') as ICAL.Time).zone === ICAL.Timezone.utcTimezone,
  }
}

describe('collection windows', () => {
  it('seller proposes two windows, the buyer picks one: agreed, the other withdrawn, both sides get the calendar entry', async () => {
    const deal = await paidDeal('Baled cardboard, 8 t')
    const proposed = await propose(sellerB, deal.id, { start_1: '2026-11-25T09:00', end_1: '2026-11-25T12:00', start_2: '2026-11-26T13:00', end_2: '2026-11-26T16:30' })
    expect(proposed.status).toBe(303)
    expect(proposed.headers.get('location')).toBe(`/deals/${deal.id}?done=collection-proposed#collection`)
    const windows = await windowsOf(deal.id)
    expect(windows.map((w) => [w.starts_at.toISOString(), w.ends_at.toISOString(), w.proposed_by])).toEqual([
      ['2026-11-25T08:00:00.000Z', '2026-11-25T11:00:00.000Z', 'seller'],
      ['2026-11-26T12:00:00.000Z', '2026-11-26T15:30:00.000Z', 'seller'],
    ])
    const buyerPage = await (await buyerB.get(`/deals/${deal.id}`)).text()
    expect(buyerPage.match(/Pick this time/g)).toHaveLength(2)
    expect(buyerPage).toContain('The seller proposed 2 collection times')
    const sellerPage = await (await sellerB.get(`/deals/${deal.id}?done=collection-proposed`)).text()
    expect(sellerPage).toContain('Your proposed collection times have been sent')
    expect(sellerPage).not.toContain('Pick this time')

    const before = await lastMailId()
    const picked = await pick(buyerB, deal.id, windows[0]!.id)
    expect(picked.status).toBe(303)
    expect(picked.headers.get('location')).toBe(`/deals/${deal.id}?done=collection-agreed#collection`)
    const row = await db.selectFrom('deals').select(['collection_starts_at', 'collection_ends_at', 'collection_address', 'number']).where('id', '=', deal.id).executeTakeFirstOrThrow()
    expect(row.collection_starts_at?.toISOString()).toBe('2026-11-25T08:00:00.000Z')
    expect(row.collection_ends_at?.toISOString()).toBe('2026-11-25T11:00:00.000Z')
    expect((await windowsOf(deal.id)).every((w) => w.withdrawn_at !== null)).toBe(true)

    const invites = await invitesAfter(before)
    expect(invites.map((i) => i.to).sort()).toEqual([buyer.owner.email, seller.owner.email].sort())
    for (const invite of invites) {
      expect(invite).toMatchObject({
        name: `deal-${row.number}-collection.ics`, contentType: CALENDAR_CONTENT_TYPE, method: 'PUBLISH',
        uid: `deal-${row.number}-collection@localhost`, summary: `Collect: Baled cardboard, 8 t (deal ${row.number})`,
        location: row.collection_address, url: `${config.BASE_URL}/deals/${deal.id}`, sequence: 0,
        start: '2026-11-25T08:00:00.000Z', end: '2026-11-25T11:00:00.000Z', utc: true,
      })
      expect(invite.text).toContain('collection agreed for Wed, 25 Nov 2026, 09:00 CET – 12:00')
    }
    const page = await (await sellerB.get(`/deals/${deal.id}`)).text()
    expect(page).toContain('Wed, 25 Nov 2026, 09:00 CET – 12:00')
    expect(page).not.toContain('Withdraw this time')
  })

  it('the buyer counter-proposes and the seller picks it; a new time later replaces it, same calendar entry, higher sequence', async () => {
    const deal = await paidDeal('Steel offcuts')
    expect((await propose(sellerB, deal.id, { start_1: '2026-11-24T07:00', end_1: '2026-11-24T09:00' })).status).toBe(303)
    expect((await propose(buyerB, deal.id, { start_1: '2026-11-27T14:00', end_1: '2026-11-27T17:00' })).status).toBe(303)
    const [sellers, buyers] = await windowsOf(deal.id)

    // Nobody picks their own proposal.
    const own = await pick(buyerB, deal.id, buyers!.id)
    expect(own.status).toBe(409)
    expect(await own.text()).toContain('You proposed that time; the seller picks it')

    let before = await lastMailId()
    expect((await pick(sellerB, deal.id, buyers!.id)).status).toBe(303)
    const first = await invitesAfter(before)
    expect(first).toHaveLength(2)
    expect(first[0]).toMatchObject({ start: '2026-11-27T13:00:00.000Z', end: '2026-11-27T16:00:00.000Z', sequence: 0 })

    // The seller's own proposal went with the agreement: it can no longer be picked.
    const withdrawn = await pick(buyerB, deal.id, sellers!.id)
    expect(withdrawn.status).toBe(409)
    expect(await withdrawn.text()).toContain('no longer on offer')

    // After agreement either side proposes again; picking it replaces the agreed window.
    expect((await propose(buyerB, deal.id, { start_1: '2026-11-30T08:00', end_1: '2026-11-30T10:00' })).status).toBe(303)
    const again = (await windowsOf(deal.id)).at(-1)!
    before = await lastMailId()
    expect((await pick(sellerB, deal.id, again.id)).status).toBe(303)
    const second = await invitesAfter(before)
    expect(second).toHaveLength(2)
    expect(second[0]).toMatchObject({ uid: first[0]!.uid, sequence: 1, start: '2026-11-30T07:00:00.000Z', end: '2026-11-30T09:00:00.000Z' })

    // The seller corrects the address: the buyer cannot, and the calendar entry follows the seller's.
    const byBuyer = await buyerB.post(`/deals/${deal.id}/collection/address`, { address: 'Somewhere else' })
    expect(byBuyer.status).toBe(409)
    expect(await byBuyer.text()).toContain('Only the seller can change the collection address')
    before = await lastMailId()
    const moved = await sellerB.post(`/deals/${deal.id}/collection/address`, { address: 'Gate 4, Hamnvägen 12, 652 21 Karlstad' })
    expect(moved.status).toBe(303)
    const third = await invitesAfter(before)
    expect(third).toHaveLength(2)
    expect(third[0]).toMatchObject({ uid: first[0]!.uid, sequence: 2, location: 'Gate 4, Hamnvägen 12, 652 21 Karlstad', start: '2026-11-30T07:00:00.000Z' })
    expect(third[0]!.text).toContain('changed the collection address to “Gate 4, Hamnvägen 12, 652 21 Karlstad”')
    const events = await db.selectFrom('deal_events').select('kind').where('deal_id', '=', deal.id).where('kind', '=', 'arrange_collection').execute()
    expect(events).toHaveLength(6)
  })

  it('a withdrawn proposal is gone for the other side; more than five open per side is refused', async () => {
    const deal = await paidDeal('Pallets, 200')
    const day = (d: number) => `2026-12-${String(d).padStart(2, '0')}`
    expect((await propose(sellerB, deal.id, { start_1: `${day(1)}T08:00`, end_1: `${day(1)}T10:00`, start_2: `${day(2)}T08:00`, end_2: `${day(2)}T10:00`, start_3: `${day(3)}T08:00`, end_3: `${day(3)}T10:00` })).status).toBe(303)
    expect((await propose(sellerB, deal.id, { start_1: `${day(4)}T08:00`, end_1: `${day(4)}T10:00`, start_2: `${day(5)}T08:00`, end_2: `${day(5)}T10:00` })).status).toBe(303)
    const before = await stateOf(deal.id)
    const sixth = await propose(sellerB, deal.id, { start_1: `${day(6)}T08:00`, end_1: `${day(6)}T10:00` })
    expect(sixth.status).toBe(409)
    expect(await sixth.text()).toContain('At most 5 of your proposed times can be open at once')
    const repeat = await propose(sellerB, deal.id, { start_1: `${day(1)}T08:00`, end_1: `${day(1)}T10:00` })
    expect(repeat.status).toBe(409)
    expect(await repeat.text()).toContain('already proposed')
    expect(await stateOf(deal.id)).toEqual(before)

    const first = before.windows[0]!
    expect((await buyerB.post(`/deals/${deal.id}/collection/withdraw`, { window: String(first.id) })).status).toBe(409)
    expect((await sellerB.post(`/deals/${deal.id}/collection/withdraw`, { window: String(first.id) })).status).toBe(303)
    expect((await pick(buyerB, deal.id, first.id)).status).toBe(409)
    expect((await propose(sellerB, deal.id, { start_1: `${day(6)}T08:00`, end_1: `${day(6)}T10:00` })).status).toBe(303)
    const page = await (await buyerB.get(`/deals/${deal.id}`)).text()
    expect(page.match(/Pick this time/g)).toHaveLength(5)
    expect(page).toContain('The seller withdrew the proposed collection time Tue, 1 Dec 2026, 08:00 CET – 10:00')
  })
})

describe('refusals change nothing', () => {
  it('a time in the past, an end before the start, a malformed or half-filled time: 422 with a message', async () => {
    const deal = await paidDeal('Copper cable')
    const before = await stateOf(deal.id)
    const cases: Array<[Record<string, string>, string]> = [
      [{ start_1: '2026-11-20T09:00', end_1: '2026-11-20T12:00' }, 'Choose a start in the future.'],
      [{ start_1: '2026-11-22T10:30', end_1: '2026-11-22T12:00' }, 'Choose a start in the future.'], // 09:30 UTC: half an hour ago
      [{ start_1: '2026-11-25T12:00', end_1: '2026-11-25T09:00' }, 'The end must be after the start.'],
      [{ start_1: '2026-11-25T12:00', end_1: '2026-12-25T12:00' }, 'at most 14 days long'],
      [{ start_1: '2026-02-30T10:00', end_1: '2026-03-01T10:00' }, 'Enter a real date and time'],
      [{ start_1: 'tomorrow', end_1: '2026-12-01T10:00' }, 'Enter a real date and time'],
      [{ start_1: '2026-12-01T10:00' }, 'Enter when this window ends.'],
      [{}, 'Enter a start and an end for at least one collection time.'],
      // One good row does not carry a bad one.
      [{ start_1: '2026-11-25T09:00', end_1: '2026-11-25T12:00', start_2: '2026-11-20T09:00', end_2: '2026-11-20T12:00' }, 'Choose a start in the future.'],
    ]
    for (const [fields, message] of cases) {
      const res = await propose(sellerB, deal.id, fields)
      expect(res.status, JSON.stringify(fields)).toBe(422)
      const html = await res.text()
      expect(html, JSON.stringify(fields)).toContain(message)
      expect(html).toContain('Check the collection form below.')
      // The whole page comes back with what was typed.
      if (fields.start_1) expect(html).toContain(`value="${fields.start_1}"`)
    }
    // With htmx, the section alone comes back with the message and what was typed.
    const htmx = await propose(sellerB, deal.id, { start_1: '2026-11-25T12:00', end_1: '2026-11-25T09:00' }, true)
    expect(htmx.status).toBe(422)
    const fragment = await htmx.text()
    expect(fragment).toMatch(/^<section id="collection"/)
    expect(fragment).toContain('value="2026-11-25T12:00"')
    expect(fragment).toContain('The end must be after the start.')

    for (const bad of ['', 'abc', '-1', '99999999999999999999']) {
      const res = await pick(buyerB, deal.id, bad)
      expect(res.status).toBe(422)
      expect(await res.text()).toMatch(/Choose (a|one of the proposed) collection time/)
    }
    const unknown = await pick(buyerB, deal.id, 987654321)
    expect(unknown.status).toBe(409)
    expect(await unknown.text()).toContain('not one proposed on this deal')
    const noAddress = await sellerB.post(`/deals/${deal.id}/collection/address`, { address: '   ' })
    expect(noAddress.status).toBe(422)
    expect(await noAddress.text()).toContain('Enter the collection address.')
    expect(await stateOf(deal.id)).toEqual(before)
  })

  it('before payment and after hand-over there is nothing to arrange', async () => {
    const unpaid = await buyFixedPrice('Wood chips')
    const unpaidBefore = await stateOf(unpaid.id)
    const early = await propose(sellerB, unpaid.id, { start_1: '2026-11-25T09:00', end_1: '2026-11-25T12:00' })
    expect(early.status).toBe(409)
    expect(await early.text()).toContain('This deal is awaiting payment; that step is not possible now.')
    expect((await sellerB.post(`/deals/${unpaid.id}/collection/address`, { address: 'Elsewhere 1' })).status).toBe(409)
    expect(await stateOf(unpaid.id)).toEqual(unpaidBefore)
    expect(await (await sellerB.get(`/deals/${unpaid.id}`)).text()).not.toContain('Propose collection times')

    const deal = await paidDeal('Aluminium turnings')
    expect((await propose(sellerB, deal.id, { start_1: '2026-11-25T09:00', end_1: '2026-11-25T12:00' })).status).toBe(303)
    const [offer] = await windowsOf(deal.id)
    expect((await sellerB.post(`/deals/${deal.id}/steps`, { step: 'hand-over' })).status).toBe(303)
    const before = await stateOf(deal.id)
    const late = await pick(buyerB, deal.id, offer!.id)
    expect(late.status).toBe(409)
    expect(await late.text()).toContain('This deal is handed over; that step is not possible now.')
    expect((await propose(buyerB, deal.id, { start_1: '2026-11-25T09:00', end_1: '2026-11-25T12:00' })).status).toBe(409)
    expect(await stateOf(deal.id)).toEqual(before)
    expect(await (await buyerB.get(`/deals/${deal.id}`)).text()).not.toContain('Pick this time')
  })

  it('is no such deal for another company and its colleague: 404, nothing changed', async () => {
    const deal = await paidDeal('Glass cullet')
    expect((await propose(sellerB, deal.id, { start_1: '2026-11-25T09:00', end_1: '2026-11-25T12:00' })).status).toBe(303)
    const [offer] = await windowsOf(deal.id)
    const before = await stateOf(deal.id)
    for (const b of [outsiderB, colleagueB]) {
      expect((await propose(b, deal.id, { start_1: '2026-11-25T09:00', end_1: '2026-11-25T12:00' })).status).toBe(404)
      expect((await propose(b, deal.id, { start_1: '2026-11-20T09:00', end_1: '2026-11-20T12:00' })).status).toBe(404)
      expect((await propose(b, deal.id, { start_1: 'x' })).status).toBe(404)
      expect((await pick(b, deal.id, offer!.id)).status).toBe(404)
      expect((await b.post(`/deals/${deal.id}/collection/withdraw`, { window: String(offer!.id) })).status).toBe(404)
      const address = await b.post(`/deals/${deal.id}/collection/address`, { address: 'Mine now 1' })
      expect(address.status).toBe(404)
      expect(await address.text()).toContain('There is no such deal.')
    }
    expect(await stateOf(deal.id)).toEqual(before)
  })
})

describe('windowProblem', () => {
  const now = new Date('2026-11-22T10:00:00Z')
  const at = (iso: string) => new Date(iso)
  it('takes a window ahead of now, 15 minutes to 14 days long, within the year', () => {
    expect(windowProblem({ startsAt: at('2026-11-22T10:01:00Z'), endsAt: at('2026-11-22T10:16:00Z') }, now)).toBeNull()
    expect(windowProblem({ startsAt: at('2026-11-23T00:00:00Z'), endsAt: at('2026-12-07T00:00:00Z') }, now)).toBeNull()
    expect(windowProblem({ startsAt: now, endsAt: at('2026-11-22T12:00:00Z') }, now)?.field).toBe('start')
    expect(windowProblem({ startsAt: at('2026-11-23T00:00:00Z'), endsAt: at('2026-11-23T00:10:00Z') }, now)?.message).toContain('at least 15 minutes')
    expect(windowProblem({ startsAt: at('2026-11-23T00:00:00Z'), endsAt: at('2026-12-07T00:01:00Z') }, now)?.message).toContain('at most 14 days')
    expect(windowProblem({ startsAt: at('2028-01-01T00:00:00Z'), endsAt: at('2028-01-01T02:00:00Z') }, now)?.message).toContain('within the next year')
  })
})
