// Demo ratings, given through the real rateDeal and replyToRating on completed deals only: the
// two sides of the completed demo deal and of the resolved dispute rate each other, and two more
// lots of Saimaan Saha are sold and completed through the real steps, so that Saimaan shows an
// average (four ratings) while the others show "New on NordicLoop". Idempotent: a lot already
// there is not sold again, and a side that has rated is not asked again.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import type { PhotoStorage } from '../images/storage.js'
import type { DealTerms } from '../deals/terms.js'
import { buyListing } from '../auctions/purchase.js'
import { actOnDeal, type DealViewer } from '../deals/act-on-deal.js'
import type { DealAction } from '../deals/deal-rules.js'
import { recordPayment } from '../deals/money-steps.js'
import { rateDeal, replyToRating } from '../ratings/ratings.js'
import { FYNSK, SAIMAAN, VANERPACK, BRENNER, eur, loadMembers, publishDemoLot, type DemoListing, type Member, type Org } from './listings.js'

const DAY = 24 * 60 * 60 * 1000

/**
 * Lots sold and completed for the ratings: quantities in kg and t, so the profile adds them up.
 * By-products sold as raw material, not waste (no EWC code), so they need no transfer note.
 */
export const RATED_LOTS: readonly CompletedLot[] = [
  {
    seller: SAIMAAN, buyer: VANERPACK, daysAgo: 25, title: 'Birch sawdust, dry, 8 t', category: 'wood-pallets', ewc: null, quantity: '8', unit: 't',
    description: 'Dry birch sawdust from our planer line, for pellets or animal bedding. Loaded from the silo.', logistics: 'pickup', recurrence: 'one_off',
    sale: { type: 'fixed_price', price: eur(320), publishedHoursAgo: 27 * 24 }, photos: { pattern: 'specks', colours: ['#efe3c4', '#cfb988', '#8c7448'], count: 1 },
  },
  {
    seller: SAIMAAN, buyer: FYNSK, daysAgo: 18, title: 'Birch plywood offcuts, 850 kg', category: 'wood-pallets', ewc: null, quantity: '850', unit: 'kg',
    description: 'Clean birch plywood offcuts, 20–60 cm, in two crates. Glued, not coated.', logistics: 'pickup', recurrence: 'one_off',
    sale: { type: 'fixed_price', price: eur(150), publishedHoursAgo: 20 * 24 }, photos: { pattern: 'crates', colours: ['#e6cf9f', '#bf9a5c', '#7d5f30'], count: 1 },
  },
]

/** Who rates which demo deal (by its lot's title), with what, and the rated company's answer. */
const DEMO_RATINGS: readonly { title: string; by: Org; score: number; comment: string; reply?: string }[] = [
  { title: 'Spent brewer grain, 20 t', by: SAIMAAN, score: 5, comment: 'Fresh grain, loaded within the hour. Exactly as listed.' },
  { title: 'Spent brewer grain, 20 t', by: FYNSK, score: 5, comment: 'Paid the same day and collected on time.' },
  { title: 'Pine pallets, reusable, 120 pcs', by: BRENNER, score: 3, comment: 'More broken pallets than listed; NordicLoop settled it fairly.',
    reply: 'We have changed how we sort pallets before listing them. Sorry for the trouble.' },
  { title: 'Pine pallets, reusable, 120 pcs', by: SAIMAAN, score: 4, comment: 'Clear photos of the damage made the dispute quick.' },
  { title: 'Birch sawdust, dry, 8 t', by: VANERPACK, score: 5, comment: 'Dry, clean sawdust and a friendly loader driver.' },
  { title: 'Birch plywood offcuts, 850 kg', by: FYNSK, score: 4, comment: 'Good offcuts; one crate was lighter than the other.' },
]

export async function seedDemoRatings(db: Kysely<DB>, log: Logger, deps: { storage: PhotoStorage; clock: () => Date; terms: DealTerms; adminEmail: string }) {
  const members = await loadMembers(db)
  const summary = { ...(await seedCompletedLots(db, log, deps, RATED_LOTS)), ratings: 0 }
  for (const demo of DEMO_RATINGS) if (await giveDemoRating(db, log, demo, members, deps.terms)) summary.ratings++
  return summary
}

export type CompletedLot = DemoListing & { buyer: Org; daysAgo: number }

/** Lots sold `daysAgo` to their buyer and taken through to completion (completeDemoLot); those already there are left as they are. */
export async function seedCompletedLots(db: Kysely<DB>, log: Logger, deps: { storage: PhotoStorage; clock: () => Date; terms: DealTerms; adminEmail: string },
  lots: readonly CompletedLot[]) {
  const summary = { deals: 0, photos: 0 }
  const members = await loadMembers(db)
  const admin = await db.selectFrom('users').select('id').where('email', '=', deps.adminEmail).executeTakeFirst()
  if (!admin) return summary
  for (const lot of lots) {
    const seller = members.get(lot.seller), buyer = members.get(lot.buyer)
    if (!seller || !buyer) continue
    const draft = await publishDemoLot(db, log, { demo: lot, seller, storage: deps.storage, clock: deps.clock })
    if (!draft) continue
    summary.photos += draft.photos
    if (await completeDemoLot(db, log, { listingId: draft.listingId, seller, buyer, adminId: admin.id, madeAt: new Date(draft.now.getTime() - lot.daysAgo * DAY), terms: deps.terms, title: lot.title })) summary.deals++
  }
  return summary
}

/** Bought, paid, handed over and confirmed at the times they happened, through the real steps. */
export async function completeDemoLot(db: Kysely<DB>, log: Logger, a: { listingId: string; seller: Member; buyer: Member; adminId: string; madeAt: Date; terms: DealTerms; title: string }) {
  const at = (days: number) => new Date(a.madeAt.getTime() + days * DAY)
  const person = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', a.buyer.userId).executeTakeFirstOrThrow()
  const bought = await buyListing(db, { listingId: a.listingId, companyId: a.buyer.companyId, user: person, now: a.madeAt, terms: a.terms })
  if (!bought.ok) {
    log.warn('demo deal skipped', { title: a.title, message: bought.message })
    return false
  }
  const deal = await db.selectFrom('deals').select(['id', 'amount', 'currency']).where('listing_id', '=', a.listingId).executeTakeFirstOrThrow()
  const party = (m: Member): DealViewer => ({ userId: m.userId, companyId: m.companyId, isAdmin: false })
  const step = (viewer: DealViewer, action: DealAction, when: Date) => actOnDeal(db, { dealId: deal.id, viewer, action, now: when, terms: a.terms })
  const steps = [
    () => recordPayment(db, { dealId: deal.id, gateway: 'bank_transfer', amount: deal.amount, currency: deal.currency, receivedAt: at(1), reference: `DEMO-${deal.id.slice(0, 8).toUpperCase()}` },
      { viewer: { userId: a.adminId, companyId: null, isAdmin: true }, now: at(1), terms: a.terms }),
    () => step(party(a.seller), { type: 'hand_over' }, at(2)),
    () => step(party(a.buyer), { type: 'confirm_receipt' }, at(3)),
  ]
  for (const run of steps) {
    const result = await run()
    if (!result.ok) {
      log.warn('demo deal step refused', { title: a.title, message: result.message })
      break
    }
  }
  return true
}

/** One rating (and its answer) on the ended demo deal of that lot, a day after it ended; nothing when already given. */
async function giveDemoRating(db: Kysely<DB>, log: Logger, demo: (typeof DEMO_RATINGS)[number], members: Map<string, Member>, terms: DealTerms) {
  const rater = members.get(demo.by)
  if (!rater) return false
  const deal = await db.selectFrom('deals').innerJoin('listings', 'listings.id', 'deals.listing_id')
    .select(['deals.id', 'deals.status', 'deals.completed_at', 'deals.resolved_at', 'deals.buyer_company_id', 'deals.seller_company_id', 'deals.buyer_user_id'])
    .where('listings.title', '=', demo.title).where('deals.status', 'in', ['completed', 'resolved']).executeTakeFirst()
  const ended = deal && (deal.completed_at ?? deal.resolved_at)
  if (!deal || !ended) return false
  const already = await db.selectFrom('ratings').select('id').where('deal_id', '=', deal.id).where('rater_company_id', '=', rater.companyId).executeTakeFirst()
  if (already) return false
  const ratedAt = new Date(ended.getTime() + DAY)
  const result = await rateDeal(db, { dealId: deal.id, rater: { userId: rater.userId, companyId: rater.companyId }, score: demo.score, comment: demo.comment, now: ratedAt, baseUrl: terms.baseUrl })
  if (!result.ok) {
    log.warn('demo rating refused', { title: demo.title, message: result.message })
    return false
  }
  if (demo.reply) {
    const ratedId = rater.companyId === deal.buyer_company_id ? deal.seller_company_id : deal.buyer_company_id
    const replier = [...members.values()].find((m) => m.companyId === ratedId)
    if (replier) await replyToRating(db, { dealId: deal.id, replier: { userId: replier.userId, companyId: replier.companyId }, reply: demo.reply, now: new Date(ratedAt.getTime() + DAY) })
  }
  return true
}
