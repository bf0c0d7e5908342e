// The companies, people and deals the rating tests need: a seller and a buyer that trade
// through the app (a fixed-price lot bought, paid, handed over and confirmed), a third company
// that has nothing to do with their deals, and an admin. Deals end the real way.
import { createTestApp } from '../support/test-app.js'
import { addTestMember, createTestAdmin, logInAs, tradingCompanies } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'
import { buyFixedPriceLot } from '../support/deal-factory.js'
import { actOnDeal, type DealViewer } from '../../src/deals/act-on-deal.js'
import type { DealAction } from '../../src/deals/deal-rules.js'
import { dealTerms } from '../../src/deals/terms.js'

export const DAY = 24 * 60 * 60 * 1000

export async function ratingWorld() {
  const { app, db, clock, config, database } = await createTestApp()
  await categoryIds(db)
  const terms = dealTerms(config)
  const [seller, buyer, third] = await tradingCompanies(db)
  const [sellerMember, buyerMember, admin] = await Promise.all([
    addTestMember(db, seller.companyId), addTestMember(db, buyer.companyId), createTestAdmin(db),
  ])
  const [sellerB, buyerB, buyerMemberB, sellerMemberB, thirdB, adminB] = await Promise.all([
    logInAs(app, seller.owner), logInAs(app, buyer.owner), logInAs(app, buyerMember), logInAs(app, sellerMember),
    logInAs(app, third.owner), logInAs(app, admin),
  ])
  const person = (userId: string, companyId: string | null, isAdmin = false): DealViewer => ({ userId, companyId, isAdmin })
  const viewers = {
    buyer: person(buyer.owner.userId, buyer.companyId),
    seller: person(seller.owner.userId, seller.companyId),
    admin: person(admin.userId, null, true),
  }
  const act = async (dealId: string, viewer: DealViewer, action: DealAction) => {
    const result = await actOnDeal(db, { dealId, viewer, action, now: clock(), terms })
    if (!result.ok) throw new Error(`${action.type}: ${result.message}`)
    return result.deal
  }

  let lots = 0
  /** A deal the buyer's owner made by buying the seller's fixed-price lot (12 t unless told); awaiting payment. */
  async function openDeal(price = 150_000, lot?: { quantity: string; unit: 'kg' | 't' | 'm3' | 'l' | 'pcs' | 'pallets' }) {
    if (!lot) return buyFixedPriceLot(db, buyerB, { sellerCompanyId: seller.companyId, title: `Baled cardboard lot ${++lots}`, price, now: clock() })
    const listingId = await createTestListing(db, seller.companyId, { now: clock(), title: `Lot ${++lots}`, sale_type: 'fixed_price', fixed_price: price, ...lot })
    const res = await buyerB.post(`/listings/${listingId}/buy`, {})
    if (res.status >= 400) throw new Error(`buying lot ${lots}: ${res.status}`)
    return db.selectFrom('deals').selectAll().where('listing_id', '=', listingId).executeTakeFirstOrThrow()
  }
  const pay = (deal: { id: string; amount: number }) =>
    act(deal.id, viewers.admin, { type: 'record_payment', amount: deal.amount, gateway: 'bank_transfer', reference: `BANK-${crypto.randomUUID()}`, receivedAt: clock() })
  /** Paid, handed over and confirmed by the buyer: completed now. */
  async function completedDeal(lot?: Parameters<typeof openDeal>[1]) {
    const deal = await openDeal(150_000, lot)
    await pay(deal)
    await act(deal.id, viewers.seller, { type: 'hand_over' })
    return act(deal.id, viewers.buyer, { type: 'confirm_receipt' })
  }
  /** Paid, disputed by the buyer and decided by an admin: resolved now. */
  async function resolvedDeal() {
    const deal = await openDeal()
    await pay(deal)
    await act(deal.id, viewers.buyer, { type: 'open_dispute', reason: 'quantity_short', text: 'Two bales missing.' })
    return act(deal.id, viewers.admin, { type: 'resolve_dispute', resolution: 'refund_partial', refundAmount: 20_000, note: 'Two bales refunded.' })
  }

  return {
    app, db, clock, database, seller, buyer, third, admin, sellerMember, buyerMember,
    browsers: { seller: sellerB, buyer: buyerB, buyerMember: buyerMemberB, sellerMember: sellerMemberB, third: thirdB, admin: adminB },
    openDeal, pay, act, viewers, completedDeal, resolvedDeal,
  }
}

/** Every row of ratings, to show that a refusal changed nothing. */
export const allRatings = (db: Awaited<ReturnType<typeof ratingWorld>>['db']) =>
  db.selectFrom('ratings').selectAll().orderBy('id').execute()
