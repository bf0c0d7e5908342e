// Completed deals for the impact report's tests, made the real way: a fixed-price lot bought
// through buyListing, the payment recorded by an admin, handed over and confirmed by the buyer.
import type { Kysely } from 'kysely'
import { expect } from 'vitest'
import type { DB } from '../../src/db/schema.js'
import type { NewListing } from '../../src/db/types.js'
import { buyListing } from '../../src/auctions/purchase.js'
import { actOnDeal, type DealViewer } from '../../src/deals/act-on-deal.js'
import { recordPayment } from '../../src/deals/money-steps.js'
import type { DealTerms } from '../../src/deals/terms.js'
import type { TestCompany, TestUser } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'

const HOUR = 3600_000

export type CompleteDealArgs = {
  seller: TestCompany
  buyer: TestCompany
  admin: TestUser
  terms: DealTerms
  /** When the lot was bought; it is paid an hour later, handed over after two and confirmed after three. */
  at: Date
  /** Stop before completion: the deal stays handed over. */
  unfinished?: boolean
  lot: Partial<NewListing> & { category?: string }
}

export async function completeDeal(db: Kysely<DB>, a: CompleteDealArgs) {
  const listingId = await createTestListing(db, a.seller.companyId, { sale_type: 'fixed_price', fixed_price: 100_000, ...a.lot, now: new Date(a.at.getTime() - HOUR) })
  const user = { id: a.buyer.owner.userId, email: a.buyer.owner.email, name: a.buyer.owner.name }
  const bought = await buyListing(db, { listingId, companyId: a.buyer.companyId, user, now: a.at, terms: a.terms })
  expect(bought, JSON.stringify(bought)).toMatchObject({ ok: true })
  const deal = await db.selectFrom('deals').select(['id', 'number', 'amount', 'net_amount', 'currency']).where('listing_id', '=', listingId).executeTakeFirstOrThrow()
  const later = (hours: number) => new Date(a.at.getTime() + hours * HOUR)
  const party = (c: TestCompany): DealViewer => ({ userId: c.owner.userId, companyId: c.companyId, isAdmin: false })
  const steps = [
    () => recordPayment(db, { dealId: deal.id, gateway: 'bank_transfer', amount: deal.amount, currency: deal.currency, receivedAt: later(1), reference: `IMPACT-${deal.number}` },
      { viewer: { userId: a.admin.userId, companyId: null, isAdmin: true }, now: later(1), terms: a.terms }),
    () => actOnDeal(db, { dealId: deal.id, viewer: party(a.seller), action: { type: 'hand_over' }, now: later(2), terms: a.terms }),
    ...(a.unfinished ? [] : [() => actOnDeal(db, { dealId: deal.id, viewer: party(a.buyer), action: { type: 'confirm_receipt' }, now: later(3), terms: a.terms })]),
  ]
  for (const step of steps) {
    const result = await step()
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true })
  }
  return { ...deal, listingId }
}
