// A loaded deal into what its page shows to one reader: the buyer, the seller or an admin.
// Which buttons appear is asked of the deal's rules (decide), so the page never offers a step
// the rules would refuse.
import { formatMoney } from '../lib/money.js'
import { formatDateTime } from '../lib/time.js'
import { groupByFour } from '../lib/iban.js'
import { formatQuantity } from '../listings/present.js'
import type { UNIT_LABELS } from '../listings/schemas.js'
import { COUNTRIES } from '../lib/countries.js'
import { decide, DISPUTE_REASONS, settlement, statusWords, type DealAction, type DealActor, type DisputeReason, type Resolution } from './deal-rules.js'
import { factsOf } from './act-on-deal.js'
import { describeStep, formatWindow, nextAction, resolutionWords, when, type StepDetail } from './present.js'
import { paymentReference } from './payment-reference.js'
import { describeFee } from './fees.js'
import { isOpenWindow } from './collection.js'
import type { LoadedDeal } from './queries.js'
import type { DealContact, DealPageView, DealRole, SimpleStep } from './deal-view.js'
import type { DealTerms } from './terms.js'

export const SIMPLE_STEPS: Record<SimpleStep, { action: DealAction; label: string; tone: 'primary' | 'danger' | 'plain'; hint?: string }> = {
  'hand-over': { action: { type: 'hand_over' }, label: 'Mark as handed over', tone: 'primary', hint: 'When the buyer has collected the material, or you delivered it.' },
  'confirm-receipt': { action: { type: 'confirm_receipt' }, label: 'Confirm I received the material', tone: 'primary', hint: 'This completes the deal and releases the money to the seller.' },
  'agree-cancel': { action: { type: 'agree_cancel' }, label: 'Agree to cancel the deal', tone: 'danger' },
  'decline-cancel': { action: { type: 'decline_cancel' }, label: 'Keep the deal', tone: 'plain' },
  'request-cancel': { action: { type: 'request_cancel' }, label: 'Ask to cancel the deal', tone: 'plain', hint: 'Before payment a deal is cancelled when both sides agree.' },
  'cancel-unpaid': { action: { type: 'cancel_unpaid' }, label: 'Cancel: the buyer has not paid', tone: 'danger', hint: 'Counts against the buyer. You can then offer the lot to the next-highest bidder.' },
}


export function presentDeal(
  loaded: LoadedDeal,
  reader: { actor: DealActor; timeZone: string; now: Date; csrfToken: string },
  terms: DealTerms,
  gateways: { name: string; label: string }[],
): DealPageView {
  const { deal, listing, buyer, seller } = loaded
  const { actor, timeZone, now } = reader
  const role = actor.role as DealRole
  const money = (minor: number) => formatMoney(minor, deal.currency)
  const facts = factsOf(deal)
  const allowed = (action: DealAction) => decide(facts, action, actor, now, { autoCompleteDays: terms.autoCompleteDays }).ok
  const paid = deal.paid_at !== null

  return {
    id: deal.id, number: deal.number, title: listing.title, listingId: listing.id,
    quantity: formatQuantity(listing.quantity, listing.unit as keyof typeof UNIT_LABELS),
    status: deal.status, statusLabel: statusWords(deal.status), role,
    buyerName: buyer.legal_name, sellerName: seller.legal_name,
    next: nextAction(deal, role, now, timeZone, terms),
    money: moneyLines(loaded, role, money),
    payment: role === 'buyer' && deal.status === 'awaiting_payment' ? {
      amount: money(deal.amount - deal.amount_received),
      reference: paymentReference(deal.number),
      payBy: formatDateTime(deal.pay_by, timeZone),
      bank: { accountName: terms.bank.accountName, iban: groupByFour(terms.bank.iban), bic: terms.bank.bic },
      gateways,
    } : null,
    contacts: paid || role === 'admin' ? contacts(loaded, role) : [],
    collection: {
      address: deal.collection_address,
      agreed: deal.collection_starts_at && deal.collection_ends_at ? formatWindow(deal.collection_starts_at, deal.collection_ends_at, timeZone) : null,
      windows: loaded.windows.map((w) => ({
        // Open: still on offer, so not withdrawn and not begun.
        id: String(w.id), text: formatWindow(w.starts_at, w.ends_at, timeZone), proposedBy: w.proposed_by, open: isOpenWindow(w, now),
      })),
      mayArrange: allowed({ type: 'arrange_collection' }),
      timeZone,
    },
    steps: (Object.entries(SIMPLE_STEPS) as [SimpleStep, (typeof SIMPLE_STEPS)[SimpleStep]][])
      .filter(([, s]) => allowed(s.action))
      .map(([step, s]) => ({ step, label: step === 'decline-cancel' && deal.cancel_requested_by === role ? 'Withdraw my request to cancel' : s.label, tone: s.tone, hint: s.hint })),
    dispute: {
      mayOpen: allowed({ type: 'open_dispute', reason: 'other', text: 'x' }),
      reasons: Object.entries(DISPUTE_REASONS).map(([value, label]) => ({ value, label })),
      opened: deal.disputed_at && deal.disputed_by ? {
        by: deal.disputed_by === role ? 'You' : `The ${deal.disputed_by}`,
        reason: DISPUTE_REASONS[deal.dispute_reason as DisputeReason] ?? 'Other', text: deal.dispute_text ?? '', at: when(deal.disputed_at, timeZone),
      } : null,
      resolution: deal.resolution ? `${resolutionWords(deal.resolution as Resolution, deal)}. ${deal.resolution_note ?? ''}` : null,
    },
    timeline: loaded.events.map((e) => ({
      at: when(e.created_at, timeZone),
      text: describeStep({ kind: e.kind, detail: e.detail as StepDetail, actorRole: e.actor_role }, deal, role, timeZone),
      who: e.actor_role === 'system' ? 'NordicLoop' : e.actor_role === 'admin' ? 'NordicLoop' : `${e.actor_name ?? 'Someone'} (${e.actor_role})`,
    })),
    csrfToken: reader.csrfToken,
  }
}

function moneyLines(loaded: LoadedDeal, role: DealRole, money: (minor: number) => string): DealPageView['money'] {
  const { deal, payouts } = loaded
  // Prices exclude VAT: the price, the VAT the rules added (with their reason) and what the buyer pays.
  const lines: DealPageView['money'] = deal.vat_rule === null ? [{ label: 'Price', value: money(deal.amount) }] : [
    { label: 'Price excl. VAT', value: money(deal.amount - deal.vat_amount) },
    { label: 'VAT', value: money(deal.vat_amount), note: deal.vat_note ?? undefined },
    { label: 'Total the buyer pays', value: money(deal.amount) },
  ]
  const cancelled = deal.status === 'cancelled'
  if (deal.amount_received > 0 || (deal.status !== 'awaiting_payment' && !cancelled)) {
    const diff = deal.amount_received - deal.amount
    lines.push({
      label: 'Received by NordicLoop', value: money(deal.amount_received),
      note: cancelled ? 'returned to the buyer: the deal is cancelled'
        : diff < 0 ? `${money(-diff)} still to pay` : diff > 0 ? `${money(diff)} more than the price: refunded to the buyer` : undefined,
    })
  }
  const s = settlement(factsOf(deal))
  // A cancelled deal earns no fee and pays the seller nothing: those lines would only be noughts.
  if (role !== 'buyer' && !cancelled) {
    const terms = { feeRateBp: deal.fee_rate_bp, feeMinimum: deal.fee_minimum }
    lines.push({ label: 'NordicLoop fee', value: money(s.settled ? s.fee : deal.fee_amount), note: describeFee(terms, deal.currency) })
    lines.push({ label: 'Payout to the seller', value: money(s.settled ? s.owed.seller : deal.amount - deal.fee_amount), note: paidNote(payouts, 'seller', money) })
  }
  if (s.owed.buyer > 0 && role !== 'seller') lines.push({ label: 'Refund to the buyer', value: money(s.owed.buyer), note: paidNote(payouts, 'buyer', money) })
  return lines
}

function paidNote(payouts: LoadedDeal['payouts'], party: 'seller' | 'buyer', money: (m: number) => string) {
  const p = payouts.find((x) => x.party === party)
  // A calendar date, read as midnight UTC by both drivers (src/db/database.ts).
  return p ? `sent ${money(p.amount)} on ${p.paid_on.toISOString().slice(0, 10)} (${p.reference})` : undefined
}

function contacts(loaded: LoadedDeal, role: DealRole): DealContact[] {
  const side = (label: string, c: LoadedDeal['buyer'], person: { name: string; email: string } | undefined): DealContact => ({
    side: label, company: c.legal_name, person: c.contact_name || person?.name || '',
    email: c.contact_email ?? person?.email ?? null, phone: c.contact_phone,
    address: `${c.address_line}, ${c.postcode} ${c.city}, ${COUNTRIES[c.country] ?? c.country}`,
  })
  const buyer = side('Buyer', loaded.buyer, loaded.buyerPerson)
  const seller = side('Seller', loaded.seller, loaded.sellerPerson)
  return role === 'buyer' ? [seller] : role === 'seller' ? [buyer] : [buyer, seller]
}
