// The companies, people and deals the invoice tests need: a Swedish seller, a Swedish and a
// German buyer (each with a valid VAT number), a third company, an admin and a visitor; deals
// made the real way (a lot bought in the app) and taken on through the deal's own steps.
import type { Kysely } from 'kysely'
import { expect } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { addTestMember, createTestAdmin, createTestCompany, logInAs } from '../support/factories.js'
import { TestBrowser } from '../support/browser.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'
import type { DB } from '../../src/db/schema.js'
import { actOnDeal, type DealRow, type DealViewer } from '../../src/deals/act-on-deal.js'
import type { DealAction } from '../../src/deals/deal-rules.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import { dealTerms } from '../../src/deals/terms.js'
import type { InvoiceDocument } from '../../src/invoices/invoice-document.js'

export async function invoiceWorld() {
  const { app, db, clock, config, database } = await createTestApp()
  const terms = dealTerms(config)
  const [seller, buyerSe, buyerDe, third] = await Promise.all([
    createTestCompany(db, { status: 'approved', legalName: 'Vänerpack AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Köpare Kartong AB' }),
    createTestCompany(db, { status: 'approved', legalName: 'Brenner Metallbau GmbH', country: 'DE' }),
    createTestCompany(db, { status: 'approved', legalName: 'Tredje Part AB' }),
  ])
  const [sellerMember, thirdMember, admin] = await Promise.all([addTestMember(db, seller.companyId), addTestMember(db, third.companyId), createTestAdmin(db)])
  const [buyerSeB, buyerDeB, sellerB, thirdOwnerB, thirdMemberB, adminB] = await Promise.all(
    [buyerSe.owner, buyerDe.owner, sellerMember, third.owner, thirdMember, admin].map((u) => logInAs(app, u)))
  const viewers = {
    admin: { userId: admin.userId, companyId: null, isAdmin: true } as DealViewer,
    seller: { userId: sellerMember.userId, companyId: seller.companyId, isAdmin: false } as DealViewer,
    buyerSe: { userId: buyerSe.owner.userId, companyId: buyerSe.companyId, isAdmin: false } as DealViewer,
    buyerDe: { userId: buyerDe.owner.userId, companyId: buyerDe.companyId, isAdmin: false } as DealViewer,
  }

  const buy = (buyer: TestBrowser, title: string, price: number, category: string) =>
    buyFixedPriceLot(db, buyer, { sellerCompanyId: seller.companyId, title, price, now: clock(), category })

  async function pay(deal: Pick<DealRow, 'id' | 'amount'>, amount = deal.amount) {
    const r = await recordPayment(db, { dealId: deal.id, gateway: 'bank_transfer', amount, currency: 'EUR', receivedAt: clock(), reference: `BANK-${deal.id}-${amount}` },
      { viewer: viewers.admin, now: clock(), terms })
    expect(r.ok, r.ok ? '' : r.message).toBe(true)
  }

  async function act(deal: Pick<DealRow, 'id'>, viewer: DealViewer, action: DealAction) {
    const r = await actOnDeal(db, { dealId: deal.id, viewer, action, now: clock(), terms })
    expect(r.ok, r.ok ? '' : r.message).toBe(true)
    return r.ok ? r.deal : null
  }

  return {
    app, db, clock, terms, database, seller, buyerSe, buyerDe, third, viewers, buy, pay, act,
    browsers: { buyerSe: buyerSeB, buyerDe: buyerDeB, seller: sellerB, thirdOwner: thirdOwnerB, thirdMember: thirdMemberB, admin: adminB, visitor: new TestBrowser(app) },
  }
}

export function invoicesOf(db: Kysely<DB>, dealId: string) {
  return db.selectFrom('invoices').selectAll().where('deal_id', '=', dealId).orderBy('created_at').orderBy('flow', 'desc').orderBy('sequence_number').execute()
    .then((rows) => rows.map((r) => ({ ...r, document: r.document as InvoiceDocument })))
}

/** The files attached to the emails queued after outbox id `after`, with their recipients. */
export async function attachmentsAfter(db: Kysely<DB>, after: number) {
  const rows = await db.selectFrom('outbox').innerJoin('outbox_attachments', 'outbox_attachments.outbox_id', 'outbox.id')
    .select(['outbox.to_address', 'outbox.subject', 'outbox_attachments.name', 'outbox_attachments.content_type', 'outbox_attachments.content'])
    .where('outbox.id', '>', after).orderBy('outbox.id').execute()
  return rows.map((r) => ({ to: r.to_address, subject: r.subject, name: r.name, contentType: r.content_type, content: Buffer.from(r.content) }))
}

export const lastMailId = async (db: Kysely<DB>) => Number((await db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0)
