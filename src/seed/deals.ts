// One demo deal in each state, made the way a real one is: a fixed-price lot bought through
// buyListing some days ago, then taken through the real steps (payment recorded by the demo
// admin, hand-over, confirmation, a dispute and its resolution) at the times they happened.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import type { PhotoStorage } from '../images/storage.js'
import { buyListing } from '../auctions/purchase.js'
import { actOnDeal, type DealViewer } from '../deals/act-on-deal.js'
import type { DealAction } from '../deals/deal-rules.js'
import { recordPayment } from '../deals/money-steps.js'
import { seedSignedTransferNote } from './transfer-notes.js'
import type { DealTerms } from '../deals/terms.js'
import { DEMO_DEAL_LISTINGS, type DemoDeal } from './deal-listings.js'
import { loadMembers, publishDemoLot, type Member } from './listings.js'

const DAY = 24 * 60 * 60 * 1000

/** Adds the demo deals whose lot is missing (keyed by title and seller); returns how many and their photos. */
export async function seedDemoDeals(db: Kysely<DB>, log: Logger, deps: { storage: PhotoStorage; clock: () => Date; terms: DealTerms; adminEmail: string }) {
  const summary = { deals: 0, photos: 0 }
  const members = await loadMembers(db)
  const admin = await db.selectFrom('users').select('id').where('email', '=', deps.adminEmail).executeTakeFirst()
  for (const demo of DEMO_DEAL_LISTINGS) {
    const seller = members.get(demo.seller)
    const buyer = members.get(demo.deal.buyer)
    if (!seller || !buyer || !admin) continue
    const draft = await publishDemoLot(db, log, { demo, seller, storage: deps.storage, clock: deps.clock })
    if (!draft) continue
    const now = draft.now
    summary.photos += draft.photos
    if (await makeDemoDeal(db, log, { listingId: draft.listingId, seller, buyer, adminId: admin.id, deal: demo.deal, now, terms: deps.terms, title: demo.title })) summary.deals += 1
  }
  return summary
}

async function makeDemoDeal(db: Kysely<DB>, log: Logger,
  a: { listingId: string; seller: Member; buyer: Member; adminId: string; deal: DemoDeal; now: Date; terms: DealTerms; title: string }) {
  const madeAt = new Date(a.now.getTime() - a.deal.daysAgo * DAY)
  const at = (days: number) => new Date(madeAt.getTime() + days * DAY)
  const person = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', a.buyer.userId).executeTakeFirstOrThrow()
  const bought = await buyListing(db, { listingId: a.listingId, companyId: a.buyer.companyId, user: person, now: madeAt, terms: a.terms })
  if (!bought.ok) {
    log.warn('demo deal skipped', { title: a.title, message: bought.message })
    return false
  }
  const deal = await db.selectFrom('deals').select(['id', 'amount', 'currency']).where('listing_id', '=', a.listingId).executeTakeFirstOrThrow()
  const party = (m: Member): DealViewer => ({ userId: m.userId, companyId: m.companyId, isAdmin: false })
  const admin: DealViewer = { userId: a.adminId, companyId: null, isAdmin: true }
  const step = (viewer: DealViewer, action: DealAction, when: Date) => actOnDeal(db, { dealId: deal.id, viewer, action, now: when, terms: a.terms })
  const pay = () => recordPayment(db, { dealId: deal.id, gateway: 'bank_transfer', amount: deal.amount, currency: deal.currency, receivedAt: at(1), reference: `DEMO-${deal.id.slice(0, 8).toUpperCase()}` },
    { viewer: admin, now: at(1), terms: a.terms })

  // Each state is the one before it plus a step; the path is the one real deals take.
  const paths: Record<DemoDeal['state'], (() => Promise<unknown>)[]> = {
    awaiting_payment: [],
    paid: [pay],
    handed_over: [pay, () => step(party(a.seller), { type: 'hand_over' }, at(3))],
    completed: [pay,
      () => seedSignedTransferNote(db, { dealId: deal.id, seller: { viewer: { ...a.seller, isAdmin: false }, role: 'Production manager' }, buyer: { viewer: { ...a.buyer, isAdmin: false }, role: 'Managing director' }, terms: a.terms, at }),
      () => step(party(a.seller), { type: 'hand_over' }, at(3)), () => step(party(a.buyer), { type: 'confirm_receipt' }, at(4))],
    cancelled: [() => step(party(a.seller), { type: 'cancel_unpaid' }, at(8))],
    disputed: [pay, () => step(party(a.seller), { type: 'hand_over' }, at(2)),
      () => step(party(a.buyer), { type: 'open_dispute', reason: 'quantity_short', text: 'We weighed 2.4 t on our scale, not 3 t as listed. Please look at the weighbridge slip we sent.' }, at(3))],
    resolved: [pay, () => step(party(a.seller), { type: 'hand_over' }, at(2)),
      () => step(party(a.buyer), { type: 'open_dispute', reason: 'not_as_described', text: 'About 30 of the 120 pallets are broken beyond repair, not 10 %.' }, at(3)),
      () => step(admin, { type: 'resolve_dispute', resolution: 'refund_partial', refundAmount: Math.round(deal.amount / 4), note: 'The photos from both sides show about a quarter of the pallets broken: a quarter of the price is refunded.' }, at(8))],
  }
  for (const run of paths[a.deal.state]) {
    const result = await run() as { ok: boolean; message?: string }
    if (!result.ok) {
      log.warn('demo deal step refused', { title: a.title, message: result.message })
      return true
    }
  }
  return true
}
