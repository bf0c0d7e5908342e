// Who may see and change a transfer note, and bad input of every kind: the note's page, print
// and PDF, and each form, are a 404 to a third company's owner and member (a visitor is sent to
// log in), admins read but never sign, each side fills in only its own part, and every refusal
// is a clear 4xx that changes nothing.
import { describe, expect, it } from 'vitest'
import { TestBrowser } from '../support/browser.js'
import { CONTROL_CHARACTER_MESSAGE } from '../../src/lib/fields.js'
import { expectNoteUnchanged, noteFootprint, noteWorld } from './note-world.js'

const w = await noteWorld()
const { db, browsers } = w
const deal = await w.readyDeal()
await w.sign('seller', deal.id)
const SECRET = '12 bales on pallets'

const visitor = new TestBrowser(w.app)
await visitor.get('/login')

type Visit = { name: string; post: boolean; go: (b: TestBrowser, dealId?: string) => Promise<Response> }
const base = (id: string) => `/deals/${id}/transfer-note`
const VISITS: Visit[] = [
  { name: 'the note’s page', post: false, go: (b, id = deal.id) => b.get(base(id)) },
  { name: 'the printable page', post: false, go: (b, id = deal.id) => b.get(`${base(id)}/print`) },
  { name: 'the PDF', post: false, go: (b, id = deal.id) => b.get(`${base(id)}.pdf`) },
  { name: 'entering the packaging', post: true, go: (b, id = deal.id) => b.post(`${base(id)}/packaging`, { packaging: 'loose in a skip' }) },
  { name: 'naming a haulier', post: true, go: (b, id = deal.id) => b.post(`${base(id)}/carrier`, { carrier: 'haulier', haulier_name: 'H', haulier_address: 'A', haulier_registration: 'R' }) },
  { name: 'signing for the buyer', post: true, go: (b, id = deal.id) => b.post(`${base(id)}/sign`, { side: 'buyer', name: 'Eve Outsider', role: 'Boss' }) },
  { name: 'signing for the seller', post: true, go: (b, id = deal.id) => b.post(`${base(id)}/sign`, { side: 'seller', name: 'Eve Outsider', role: 'Boss' }) },
]

describe('people outside the deal', () => {
  for (const [who, browser] of Object.entries(w.outsiders)) {
    it.each(VISITS.map((v) => [v.name, v] as const))(`${who}: %s is a 404 that shows nothing and changes nothing`, async (_name, visit) => {
      const before = await noteFootprint(db, deal.id)
      const res = await visit.go(browser)
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain(SECRET)
      await expectNoteUnchanged(db, deal.id, before)
    })
  }

  it.each(VISITS.map((v) => [v.name, v] as const))('a visitor: %s sends them to log in (a form post is refused), showing nothing and changing nothing', async (_name, visit) => {
    const before = await noteFootprint(db, deal.id)
    const res = await visit.go(visitor)
    if (visit.post) expect(res.status).toBe(401)
    else {
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toMatch(/^\/login\?next=/)
    }
    expect(await res.text()).not.toContain(SECRET)
    await expectNoteUnchanged(db, deal.id, before)
  })

  it.each(VISITS.map((v) => [v.name, v] as const))('a deal that does not exist looks the same as one that is not yours: %s', async (_name, visit) => {
    expect((await visit.go(browsers.buyer, crypto.randomUUID())).status).toBe(404)
  })
})

describe('NordicLoop admins', () => {
  it('read the note, its print and its PDF, but are offered no form and cannot sign or fill it in', async () => {
    const page = await (await browsers.admin.get(base(deal.id))).text()
    expect(page).toContain(SECRET)
    expect(page).not.toContain('/transfer-note/sign')
    expect((await browsers.admin.get(`${base(deal.id)}.pdf`)).status).toBe(200)
    expect((await browsers.admin.get(`${base(deal.id)}/print`)).status).toBe(200)
    for (const visit of VISITS.filter((v) => v.post)) {
      const before = await noteFootprint(db, deal.id)
      const res = await visit.go(browsers.admin)
      expect(res.status, visit.name).toBe(409)
      await expectNoteUnchanged(db, deal.id, before)
    }
  })
})

describe('refusals to the two sides', () => {
  const long = (n: number) => 'x'.repeat(n)
  const badNames: Array<[string, string]> = [
    ['empty', ''], ['only spaces', '   '], ['121 characters', long(121)], ['a megabyte', long(1_000_000)],
    ['a NUL', 'Kalle\u0000Köpare'], ['an escape sequence', '\u001b[31mKalle'], ['a line break', 'Kalle\nKöpare'],
  ]
  for (const field of ['name', 'role'] as const) {
    it.each(badNames)(`signing with the ${field} %s is a 422 with the message at the field, and changes nothing`, async (_label, value) => {
      const before = await noteFootprint(db, deal.id)
      const res = await w.sign('buyer', deal.id, { [field]: value })
      expect(res.status).toBe(422)
      const body = await res.text()
      expect(body).toMatch(/Enter your (full name|role or job title)|Use at most 120 characters|control characters/)
      expect(body).toContain(`id="f-${field}-error"`)
      await expectNoteUnchanged(db, deal.id, before)
    })
  }

  it('a missing or made-up side, or a field sent twice, is a 422 that changes nothing', async () => {
    for (const side of ['', 'admin', '__proto__', 'constructor', 'BUYER']) {
      const before = await noteFootprint(db, deal.id)
      expect((await w.sign('buyer', deal.id, { side })).status, side).toBe(422)
      await expectNoteUnchanged(db, deal.id, before)
    }
  })

  const refusals: Array<[string, () => Promise<Response>, RegExp]> = [
    ['the seller signing twice', () => w.sign('seller', deal.id), /signed this transfer note already/],
    ['the buyer signing for the seller', () => w.sign('buyer', deal.id, { side: 'seller' }), /You sign for the buyer \(the transferee\) only/],
    ['the seller signing for the buyer', () => w.sign('seller', deal.id, { side: 'buyer' }), /You sign for the seller \(the transferor\) only/],
    ['the buyer entering the packaging', () => browsers.buyer.post(`${base(deal.id)}/packaging`, { packaging: 'loose' }), /Only the seller enters/],
    ['the seller naming the carrier', () => browsers.seller.post(`${base(deal.id)}/carrier`, { carrier: 'buyer' }), /Only the buyer names the carrier/],
  ]
  it.each(refusals)('%s is a 409 with the reason, and changes nothing', async (_label, go, message) => {
    const before = await noteFootprint(db, deal.id)
    const res = await go()
    expect(res.status).toBe(409)
    expect(await res.text()).toMatch(message)
    await expectNoteUnchanged(db, deal.id, before)
  })

  it('saving the carrier or packaging as it already is (a confirmation) is fine and writes nothing', async () => {
    const before = await noteFootprint(db, deal.id)
    expect((await browsers.buyer.post(`${base(deal.id)}/carrier`, { carrier: 'buyer' })).status).toBe(303)
    expect((await browsers.seller.post(`${base(deal.id)}/packaging`, { packaging: SECRET })).status).toBe(303)
    await expectNoteUnchanged(db, deal.id, before)
  })

  const badCarriers: Array<[string, Record<string, string>, RegExp]> = [
    ['no choice', { carrier: '' }, /Choose who carries the waste/],
    ['an unknown choice', { carrier: 'seller' }, /Choose who carries the waste/],
    ['a prototype key', { carrier: '__proto__' }, /Choose who carries the waste/],
    ['a haulier without a name', { carrier: 'haulier', haulier_address: 'A', haulier_registration: 'R' }, /Enter the haulier’s name/],
    ['a haulier without an address', { carrier: 'haulier', haulier_name: 'H', haulier_registration: 'R' }, /Enter the haulier’s address/],
    ['a haulier without a registration', { carrier: 'haulier', haulier_name: 'H', haulier_address: 'A' }, /registration or permit number/],
    ['a haulier’s name of 201 characters', { carrier: 'haulier', haulier_name: long(201), haulier_address: 'A', haulier_registration: 'R' }, /at most 200/],
    ['a haulier’s registration with a NUL', { carrier: 'haulier', haulier_name: 'H', haulier_address: 'A', haulier_registration: 'R\u00001' }, new RegExp(CONTROL_CHARACTER_MESSAGE.slice(0, 20))],
  ]
  it.each(badCarriers)('a carrier form with %s is a 422 with the message, and changes nothing', async (_label, fields, message) => {
    const before = await noteFootprint(db, deal.id)
    const res = await browsers.buyer.post(`${base(deal.id)}/carrier`, fields)
    expect(res.status).toBe(422)
    expect(await res.text()).toMatch(message)
    await expectNoteUnchanged(db, deal.id, before)
  })

  it.each([['empty', ''], ['only spaces', '  '], ['201 characters', long(201)], ['a NUL', 'bales\u0000']])('packaging %s is a 422 and changes nothing', async (_label, packaging) => {
    const before = await noteFootprint(db, deal.id)
    expect((await browsers.seller.post(`${base(deal.id)}/packaging`, { packaging })).status).toBe(422)
    await expectNoteUnchanged(db, deal.id, before)
  })
})

describe('a final note', () => {
  it('refuses every form to both sides with the same reason, and the database refuses any change to it', async () => {
    const done = await w.readyDeal()
    await w.sign('seller', done.id)
    await w.sign('buyer', done.id)
    const attempts = [
      () => w.sign('seller', done.id), () => w.sign('buyer', done.id),
      () => browsers.seller.post(`${base(done.id)}/packaging`, { packaging: 'something else' }),
      () => browsers.buyer.post(`${base(done.id)}/carrier`, { carrier: 'haulier', haulier_name: 'H', haulier_address: 'A', haulier_registration: 'R' }),
    ]
    for (const attempt of attempts) {
      const before = await noteFootprint(db, done.id)
      const res = await attempt()
      expect(res.status).toBe(409)
      expect(await res.text()).toContain('This transfer note is final')
      await expectNoteUnchanged(db, done.id, before)
    }
    const page = await (await browsers.seller.get(base(done.id))).text()
    expect(page).not.toContain('<form method="post" action="/deals/' + done.id + '/transfer-note')
    await expect(db.updateTable('transfer_notes').set({ packaging: 'edited behind the app' }).where('deal_id', '=', done.id).execute())
      .rejects.toThrow(/is final and cannot change/)
    await expect(db.updateTable('transfer_note_signatures').set({ signer_name: 'Someone else' })
      .where('note_id', '=', (await noteFootprint(db, done.id)).note!.id).execute()).rejects.toThrow(/can only be made void/)
  })
})
