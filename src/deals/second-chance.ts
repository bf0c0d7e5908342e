// Second-chance offers. When a buyer did not pay and the seller cancelled the deal, the seller
// may offer the lot to the next-highest bidder at that bidder's own highest bid (never its
// secret proxy maximum): one company at a time, each company once per lot, for 48 hours.
// Accepting makes a new deal of kind 'second_chance' in the same transaction, under the offer
// row's lock, so two people accepting at once make one deal. Or the seller relists the lot as
// a new draft (relist-lot.ts). The seller's moves on one lot queue on the listing's lock.
import type { Kysely, Selectable } from 'kysely'
import type { DB, SecondChanceOffers } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import { formatDateTime, zoneForCountry } from '../lib/time.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { tradingRefusal } from '../accounts/company-status.js'
import { companyMayTradeSql, lockListing } from '../listings/listing-state.js'
import { lastBidder, sellerRecipients, sellerRecipientsOf } from '../auctions/recipients.js'
import { formatQuantity } from '../listings/present.js'
import { soldMessage } from '../../views/emails/auctions.js'
import { secondChanceBoughtMessage, secondChanceEndedMessage, secondChanceOfferMessage } from '../../views/emails/second-chance.js'
import { lockDeal, NOT_YOURS, roleIn, type DealRow, type DealViewer } from './act-on-deal.js'
import { dealVatWords } from '../vat/deal-vat-words.js'
import { openDeal } from './open-deal.js'
import type { SecondChanceView, When } from './deal-view.js'
import { when } from './present.js'
import type { DealTerms } from './terms.js'
import { hazardFacts, holdsPermitOnSql, lotIsHazardous } from '../compliance/hazardous.js'
import { permitRefusal } from '../compliance/hazardous-rules.js'

export const OFFER_HOURS = 48
const OFFER_MS = OFFER_HOURS * 60 * 60 * 1000

export type Offer = Selectable<SecondChanceOffers>
export type Refusal = { ok: false; status: 403 | 404 | 409; message: string }
export const NO_SUCH_OFFER = 'There is no such offer.'

const refuse = (status: Refusal['status'], message: string): Refusal => ({ ok: false, status, message })

/**
 * The company the lot would be offered to next, with its own highest bid: the highest bidder
 * other than the seller, any company that already had a deal on this lot (the buyer who did
 * not pay) and any company already offered it, among companies that may still trade. Of two
 * equal bids the earlier ranks first, as in the auction.
 */
export async function nextBidder(db: Kysely<DB>, listing: { id: string; company_id: string }, opts: { permitValidOn?: string } = {}) {
  let best = db.selectFrom('bids as b').distinctOn('b.company_id')
    .select(['b.company_id', 'b.amount', 'b.id'])
    .where('b.listing_id', '=', listing.id).where('b.company_id', '<>', listing.company_id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('deals as d').select('d.id')
      .whereRef('d.listing_id', '=', 'b.listing_id').whereRef('d.buyer_company_id', '=', 'b.company_id'))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('second_chance_offers as o').select('o.id')
      .whereRef('o.listing_id', '=', 'b.listing_id').whereRef('o.company_id', '=', 'b.company_id'))))
    .where(companyMayTradeSql('b.company_id'))
    .orderBy('b.company_id').orderBy('b.amount', 'desc').orderBy('b.id')
  // A hazardous lot: only bidders with a verified permit valid that day (acceptance checks it on the company's own date).
  if (opts.permitValidOn) best = best.where(holdsPermitOnSql('b.company_id', opts.permitValidOn))
  const row = await db.selectFrom(best.as('best')).select(['company_id', 'amount'])
    .orderBy('amount', 'desc').orderBy('id').limit(1).executeTakeFirst()
  return row ? { companyId: row.company_id, amount: row.amount } : null
}

/** Everything the seller's choices on a cancelled deal depend on. */
async function situation(db: Kysely<DB>, deal: DealRow) {
  const [listing, later, offers, relisted] = await Promise.all([
    db.selectFrom('listings').select(['id', 'company_id', 'created_by', 'sale_type', 'title', 'currency'])
      .where('id', '=', deal.listing_id).executeTakeFirstOrThrow(),
    // A deal made on the lot after this one (an accepted offer): the lot is sold again.
    db.selectFrom('deals').innerJoin('companies', 'companies.id', 'deals.buyer_company_id')
      .select(['deals.id', 'deals.number', 'deals.amount', 'companies.legal_name'])
      .where('deals.listing_id', '=', deal.listing_id).where('deals.number', '>', deal.number)
      .orderBy('deals.number').executeTakeFirst(),
    db.selectFrom('second_chance_offers').selectAll().where('from_deal_id', '=', deal.id).orderBy('created_at').execute(),
    db.selectFrom('deal_events').select('detail').where('deal_id', '=', deal.id).where('kind', '=', 'relisted').executeTakeFirst(),
  ])
  const relistedId = relisted ? String((relisted.detail as { listingId?: unknown }).listingId ?? '') || null : null
  return { deal, listing, later, offers, relistedId }
}
type Situation = Awaited<ReturnType<typeof situation>>

/** The only deals this module acts on: cancelled because the buyer did not pay. */
const cancelledForNonPayment = (d: Pick<DealRow, 'status' | 'cancel_reason'>) => d.status === 'cancelled' && d.cancel_reason === 'non_payment'
/** An offer still waiting for its answer; one past its time is as good as expired, even before the job marks it. */
const isOpenOffer = (o: Pick<Offer, 'status' | 'expires_at'>, now: Date) => answerRefusal(o, now) === null

const NOT_NON_PAYMENT = 'Only a deal cancelled because the buyer did not pay can be offered to another bidder or relisted from here.'

/** What the seller may do now, and why not when nothing; `next` is looked up only when it could be offered. */
async function choicesFor(db: Kysely<DB>, s: Situation, now: Date) {
  const blocked = (why: string) => ({ mayOffer: false, mayRelist: false, why, next: null })
  if (!cancelledForNonPayment(s.deal)) return blocked(NOT_NON_PAYMENT)
  if (s.later) return blocked('The lot has been sold again by a second-chance offer.')
  if (s.relistedId) return blocked('You relisted this lot as a new listing, so it is no longer offered to the bidders.')
  if (s.offers.some((o) => isOpenOffer(o, now))) {
    return blocked('An offer to the next bidder is waiting for an answer; you can act again once it is declined or has expired.')
  }
  if (s.listing.sale_type !== 'auction') return { mayOffer: false, mayRelist: true, why: 'Only an auction has other bidders to offer the lot to; you can relist it.', next: null }
  const hazardous = await lotIsHazardous(db, s.listing.id)
  const next = await nextBidder(db, s.listing, hazardous ? { permitValidOn: now.toISOString().slice(0, 10) } : {})
  const who = hazardous ? 'who may still trade and holds a verified waste permit (the lot is hazardous)' : 'who may still trade'
  if (!next) return { mayOffer: false, mayRelist: true, why: `No other bidder ${who} is left to offer the lot to; you can relist it.`, next: null }
  return { mayOffer: true, mayRelist: true, why: null, next }
}


/** The seller's section on a deal cancelled for non-payment; nothing for anyone else or any other deal. */
export async function secondChanceView(db: Kysely<DB>, deal: DealRow, reader: { role: string }, now: Date, timeZone: string): Promise<SecondChanceView | undefined> {
  if (reader.role !== 'seller' || !cancelledForNonPayment(deal)) return undefined
  const s = await situation(db, deal)
  const c = await choicesFor(db, s, now)
  const money = (minor: number) => formatMoney(minor, deal.currency)
  const open = s.offers.find((o) => isOpenOffer(o, now))
  const past = s.offers.filter((o) => o !== open && o.status !== 'accepted')
  return {
    offer: c.next ? { amount: money(c.next.amount), hours: OFFER_HOURS } : null,
    // Where an open offer, a new deal or a relisting explains itself, no reason is needed.
    noOffer: open || s.later || s.relistedId ? null : c.why,
    mayRelist: c.mayRelist,
    open: open ? { amount: money(open.amount), expires: when(open.expires_at, timeZone) } : null,
    sold: s.later ? { dealId: s.later.id, number: s.later.number, buyer: s.later.legal_name, amount: money(s.later.amount) } : null,
    relistedId: s.relistedId,
    history: past.map((o) => o.status === 'declined' && o.responded_at
      ? { at: when(o.responded_at, timeZone), text: `The bidder offered the lot at ${money(o.amount)} declined.` }
      : { at: when(o.expires_at, timeZone), text: `The bidder offered the lot at ${money(o.amount)} did not answer in time.` }),
  }
}

/**
 * Locks the lot and the deal for one of the seller's moves and checks the seller may make it:
 * the viewer is on the seller's side of the deal and the company may still trade. Lock order:
 * listing, then deal (as everywhere both are locked), then the lot's open offer, so that an
 * acceptance in flight has committed (or not) before the seller's move reads the offers.
 */
export async function lockForSeller(trx: Kysely<DB>, dealId: string, viewer: DealViewer): Promise<Refusal | { ok: true; deal: DealRow }> {
  const found = await trx.selectFrom('deals').select(['listing_id', 'buyer_company_id', 'seller_company_id']).where('id', '=', dealId).executeTakeFirst()
  if (!found || roleIn(found, viewer)?.role !== 'seller') return refuse(404, NOT_YOURS)
  await lockListing(trx, found.listing_id)
  const deal = (await lockDeal(trx, dealId))!
  await trx.selectFrom('second_chance_offers').select('id').where('listing_id', '=', found.listing_id).where('status', '=', 'open').forUpdate().execute()
  const company = await trx.selectFrom('companies').select(['status', 'status_reason']).where('id', '=', deal.seller_company_id).executeTakeFirstOrThrow()
  const barred = tradingRefusal(company.status, company.status_reason)
  return barred ? refuse(403, barred) : { ok: true, deal }
}

/** What the seller may do with the lot of a deal it has locked (lockForSeller). */
export async function sellerChoices(trx: Kysely<DB>, deal: DealRow, now: Date) {
  return choicesFor(trx, await situation(trx, deal), now)
}

/** The seller offers the lot to the next-highest bidder; the bidder's people are emailed a link. */
export async function offerToNextBidder(db: Kysely<DB>, req: { dealId: string; viewer: DealViewer; now: Date; terms: DealTerms }): Promise<Refusal | { ok: true; offer: Offer }> {
  return db.transaction().execute(async (trx): Promise<Refusal | { ok: true; offer: Offer }> => {
    const locked = await lockForSeller(trx, req.dealId, req.viewer)
    if (!locked.ok) return locked
    const { deal } = locked
    const s = await situation(trx, deal)
    const choice = await choicesFor(trx, s, req.now)
    if (!choice.mayOffer || !choice.next) return refuse(409, choice.why ?? NOT_NON_PAYMENT)
    // An offer past its time that the job has not marked yet makes way for this one.
    await trx.updateTable('second_chance_offers').set({ status: 'expired' })
      .where('listing_id', '=', deal.listing_id).where('status', '=', 'open').where('expires_at', '<=', req.now).execute()
    const offer = await trx.insertInto('second_chance_offers').values({
      listing_id: deal.listing_id, from_deal_id: deal.id, company_id: choice.next.companyId, amount: choice.next.amount,
      currency: deal.currency, expires_at: new Date(req.now.getTime() + OFFER_MS),
      created_by: req.viewer === 'system' ? null : req.viewer.userId, created_at: req.now,
    }).returningAll().executeTakeFirstOrThrow()
    await tellBidder(trx, offer, s.listing.title, req.terms)
    return { ok: true, offer }
  })
}

/** The offered company's people: the one who bid last for it on the lot, else its owners. */
async function tellBidder(trx: Kysely<DB>, offer: Offer, title: string, terms: DealTerms) {
  const [bidder, company, owners] = await Promise.all([
    lastBidder(trx, offer.listing_id, offer.company_id),
    trx.selectFrom('companies').select('country').where('id', '=', offer.company_id).executeTakeFirstOrThrow(),
    trx.selectFrom('users').select(['email', 'name']).where('company_id', '=', offer.company_id)
      .where('company_role', '=', 'owner').where('email_verified_at', 'is not', null).execute(),
  ])
  const people = bidder ? [bidder] : owners.map((o) => ({ to: o.email, name: o.name }))
  const details = {
    price: formatMoney(offer.amount, offer.currency), expires: formatDateTime(offer.expires_at, zoneForCountry(company.country)),
    payDays: terms.paymentWorkingDays, url: `${terms.baseUrl}/deals/offers/${offer.id}`, listingUrl: `${terms.baseUrl}/listings/${offer.listing_id}`,
  }
  await enqueueEmails(trx, people.map((p) => secondChanceOfferMessage(p, title, details)))
}

/** Locks an offer made to this company; anyone else's offer does not exist. */
function lockOffer(trx: Kysely<DB>, offerId: string, companyId: string) {
  return trx.selectFrom('second_chance_offers').selectAll().where('id', '=', offerId).where('company_id', '=', companyId).forUpdate().executeTakeFirst()
}

/** Why an offer can no longer be answered, or null while it is open and in time. */
export function answerRefusal(offer: Pick<Offer, 'status' | 'expires_at'>, now: Date): string | null {
  if (offer.status === 'accepted') return 'This offer has been accepted already.'
  if (offer.status === 'declined') return 'This offer has been declined.'
  if (offer.status === 'expired' || offer.expires_at <= now) return 'This offer has expired; it can no longer be accepted.'
  return null
}

type Answerer = { userId: string; companyId: string }

/** The offered company accepts: a new deal at the offer's amount, the buyer the person accepting. */
export async function acceptOffer(db: Kysely<DB>, req: { offerId: string; viewer: Answerer; now: Date; terms: DealTerms }): Promise<Refusal | { ok: true; dealId: string }> {
  return db.transaction().execute(async (trx): Promise<Refusal | { ok: true; dealId: string }> => {
    const offer = await lockOffer(trx, req.offerId, req.viewer.companyId)
    if (!offer) return refuse(404, NO_SUCH_OFFER)
    const late = answerRefusal(offer, req.now)
    if (late) return refuse(409, late)
    const [company, listing, standing, person] = await Promise.all([
      trx.selectFrom('companies').select(['status', 'status_reason', 'legal_name', 'country']).where('id', '=', offer.company_id).executeTakeFirstOrThrow(),
      trx.selectFrom('listings').select(['id', 'title', 'company_id', 'created_by']).where('id', '=', offer.listing_id).executeTakeFirstOrThrow(),
      trx.selectFrom('deals').select('id').where('listing_id', '=', offer.listing_id).where('status', '<>', 'cancelled').executeTakeFirst(),
      trx.selectFrom('users').select(['email', 'name', 'email_verified_at']).where('id', '=', req.viewer.userId).executeTakeFirstOrThrow(),
    ])
    const barred = tradingRefusal(company.status, company.status_reason)
    if (barred) return refuse(403, barred)
    const hazard = await hazardFacts(trx, listing.id, offer.company_id, req.now)
    const noPermit = permitRefusal(hazard, hazard)
    if (noPermit) return refuse(403, noPermit)
    if (standing) return refuse(409, 'The lot has been sold meanwhile.')
    const deal = await openDeal(trx, {
      listingId: listing.id, sellerCompanyId: listing.company_id, buyerCompanyId: offer.company_id, buyerUserId: req.viewer.userId,
      amount: offer.amount, currency: offer.currency, kind: 'second_chance', now: req.now,
    }, req.terms)
    await trx.updateTable('second_chance_offers').set({ status: 'accepted', responded_at: req.now, deal_id: deal.id }).where('id', '=', offer.id).execute()

    const money = (minor: number) => formatMoney(minor, offer.currency)
    const url = `${req.terms.baseUrl}/deals/${deal.id}`
    const listingUrl = `${req.terms.baseUrl}/listings/${listing.id}`
    const sellers = await sellerRecipients(trx, listing)
    await enqueueEmails(trx, [
      ...(person.email_verified_at ? [secondChanceBoughtMessage({ to: person.email, name: person.name }, listing.title, {
        price: money(offer.amount), payBy: formatDateTime(deal.pay_by, zoneForCountry(company.country)), url, listingUrl, vat: dealVatWords({ ...deal, currency: offer.currency }),
      })] : []),
      ...sellers.map((s) => soldMessage(s, listing.title, {
        price: money(offer.amount), fee: money(deal.fee_amount), payout: money(deal.amount - deal.fee_amount), buyer: company.legal_name, url, listingUrl,
        vat: dealVatWords({ ...deal, currency: offer.currency }),
      })),
    ])
    return { ok: true, dealId: deal.id }
  })
}

/** The offered company declines; the seller is told and may offer the lot to the next bidder. */
export async function declineOffer(db: Kysely<DB>, req: { offerId: string; viewer: Answerer; now: Date; terms: DealTerms }): Promise<Refusal | { ok: true }> {
  return db.transaction().execute(async (trx): Promise<Refusal | { ok: true }> => {
    const offer = await lockOffer(trx, req.offerId, req.viewer.companyId)
    if (!offer) return refuse(404, NO_SUCH_OFFER)
    const late = answerRefusal(offer, req.now)
    if (late) return refuse(409, late)
    const ended = await trx.updateTable('second_chance_offers').set({ status: 'declined', responded_at: req.now })
      .where('id', '=', offer.id).returningAll().executeTakeFirstOrThrow()
    await tellSellersOffersEnded(trx, [ended], req.terms)
    return { ok: true }
  })
}

/** Tells the sellers of offers just declined or expired, each with a link to the cancelled deal. */
export async function tellSellersOffersEnded(trx: Kysely<DB>, offers: Offer[], terms: DealTerms) {
  if (offers.length === 0) return
  const listings = await trx.selectFrom('listings').select(['id', 'title', 'company_id', 'created_by'])
    .where('id', 'in', [...new Set(offers.map((o) => o.listing_id))]).execute()
  const recipients = await sellerRecipientsOf(trx, listings)
  const people = new Map(listings.map((l, i) => [l.id, { listing: l, to: recipients[i]! }] as const))
  const emails = offers.flatMap((offer) => {
    const { listing, to } = people.get(offer.listing_id)!
    const outcome = offer.status === 'declined' ? 'declined' as const : 'expired' as const
    const details = { outcome, price: formatMoney(offer.amount, offer.currency), hours: OFFER_HOURS, url: `${terms.baseUrl}/deals/${offer.from_deal_id}` }
    return to.map((r) => secondChanceEndedMessage(r, listing.title, details))
  })
  await enqueueEmails(trx, emails)
}

/** An offer as its page shows it, to a member of the company it was made to; to anyone else there is none. */
export function loadOffer(db: Kysely<DB>, offerId: string, companyId: string) {
  return db.selectFrom('second_chance_offers as o')
    .innerJoin('listings as l', 'l.id', 'o.listing_id')
    .innerJoin('companies as s', 's.id', 'l.company_id')
    .select(['o.id', 'o.amount', 'o.currency', 'o.status', 'o.expires_at', 'o.deal_id', 'l.id as listing_id', 'l.title', 'l.quantity', 'l.unit', 's.legal_name as seller_name'])
    .where('o.id', '=', offerId).where('o.company_id', '=', companyId).executeTakeFirst()
}
type LoadedOffer = NonNullable<Awaited<ReturnType<typeof loadOffer>>>

/** The data of the offer page (views/deals/second-chance.tsx). */
export type OfferPageView = {
  id: string
  title: string
  listingId: string
  quantity: string
  seller: string
  amount: string
  expires: When
  /** Where the offer stands, in words, once it cannot be answered. */
  closed: string | null
  dealId: string | null
  payDays: number
  hours: number
  csrfToken: string
}

export function presentOffer(offer: LoadedOffer, reader: { now: Date; timeZone: string; csrfToken: string }, terms: Pick<DealTerms, 'paymentWorkingDays'>): OfferPageView {
  return {
    id: offer.id, title: offer.title, listingId: offer.listing_id, seller: offer.seller_name,
    quantity: formatQuantity(offer.quantity, offer.unit), amount: formatMoney(offer.amount, offer.currency),
    expires: when(offer.expires_at, reader.timeZone),
    closed: offer.status === 'accepted' ? 'Your company accepted this offer.' : answerRefusal(offer, reader.now),
    dealId: offer.deal_id, payDays: terms.paymentWorkingDays, hours: OFFER_HOURS, csrfToken: reader.csrfToken,
  }
}

/** What the deal page says after a second-chance move (added to the deal routes' notices). */
export const SECOND_CHANCE_NOTICES: Record<string, string> = {
  'second-chance': `The lot is offered to the next-highest bidder at their highest bid. They have ${OFFER_HOURS} hours to accept; you will be emailed either way.`,
  'offer-accepted': 'You accepted the offer and bought the lot. Pay by the deadline below.',
}
