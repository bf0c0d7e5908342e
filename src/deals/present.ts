// A deal in words: each step of its history as a sentence, and the one thing each side has to
// do next. Shared by the deal page, the deal lists and the emails, so they always agree.
import type { Selectable } from 'kysely'
import type { Deals } from '../db/schema.js'
import { formatMoney } from '../lib/money.js'
import { formatDateTime, dateFormat } from '../lib/time.js'
import { DISPUTE_REASONS, settlement, type DealActor, type DisputeReason, type Party, type Resolution } from './deal-rules.js'
import type { DealTerms } from './terms.js'
import type { When } from './deal-view.js'

type Deal = Selectable<Deals>
export type StepDetail = Record<string, string | number | boolean | null | undefined | { startsAt: string; endsAt: string }[]>

const GATEWAY_WORDS: Record<string, string> = { bank_transfer: 'bank transfer', card: 'card' }
const other = (role: Party): Party => (role === 'buyer' ? 'seller' : 'buyer')
const str = (v: unknown) => (typeof v === 'string' ? v : '')
const num = (v: unknown) => (typeof v === 'number' ? v : 0)

/** An instant for a page: machine-readable for <time datetime>, and in words in the reader's zone. */
export const when = (d: Date, timeZone: string): When => ({ iso: d.toISOString(), text: formatDateTime(d, timeZone) })

/** A window of time in a zone: "Tue 8 Dec 2026, 09:00 CET – 12:00". */
export function formatWindow(startsAt: Date, endsAt: Date, timeZone: string): string {
  const end = dateFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(endsAt)
  const sameDay = endsAt.getTime() - startsAt.getTime() < 24 * 60 * 60 * 1000
  return `${formatDateTime(startsAt, timeZone)} – ${sameDay ? end : formatDateTime(endsAt, timeZone)}`
}

const STEP_TITLES: Record<string, string> = {
  opened: 'deal made', record_payment: 'payment received', remind_payment: 'payment reminder', request_cancel: 'cancelling asked for',
  agree_cancel: 'cancelled by agreement', decline_cancel: 'cancelling declined', cancel_unpaid: 'cancelled, not paid', arrange_collection: 'collection',
  hand_over: 'handed over', confirm_receipt: 'completed', auto_complete: 'completed', open_dispute: 'dispute opened',
  resolve_dispute: 'dispute resolved', record_payout: 'money sent',
}
/** A few words for an email subject. */
export const stepTitle = (kind: string) => STEP_TITLES[kind] ?? kind.replaceAll('_', ' ')

/** One line of the deal's history, as the reader (a party or an admin) should read it. */
export function describeStep(step: { kind: string; detail: StepDetail; actorRole: DealActor['role'] }, deal: Deal, reader: Party | 'admin', timeZone: string): string {
  const money = (minor: number) => formatMoney(minor, deal.currency)
  const who = (role: DealActor['role']) =>
    role === reader ? 'You' : role === 'buyer' ? 'The buyer' : role === 'seller' ? 'The seller' : 'NordicLoop'
  const d = step.detail
  switch (step.kind) {
    case 'opened': return `Deal made at ${money(num(d.amount))}${d.kind === 'second_chance' ? ' (second-chance offer)' : ''}.`
    case 'record_payment': return `Payment of ${money(num(d.amount))} received by ${GATEWAY_WORDS[str(d.gateway)] ?? str(d.gateway)} (reference ${str(d.reference)}).`
    case 'remind_payment': return `Reminder sent: payment is due by ${formatDateTime(deal.pay_by, timeZone)}.`
    case 'request_cancel': return `${who(step.actorRole)} asked to cancel the deal.`
    case 'agree_cancel': return `${who(step.actorRole)} agreed to cancel: the deal is cancelled.`
    case 'decline_cancel': return `${who(step.actorRole)} declined or withdrew the request to cancel; the deal stands.`
    case 'cancel_unpaid': return `${who(step.actorRole)} cancelled the deal: it was not paid by the deadline.`
    case 'arrange_collection': return describeCollection(d, who(step.actorRole), timeZone)
    case 'hand_over': return `${who(step.actorRole)} marked the material as handed over.`
    case 'confirm_receipt': return `${who(step.actorRole)} confirmed receiving the material: the deal is complete.`
    case 'auto_complete': return 'Completed automatically: the buyer neither confirmed nor disputed in time.'
    case 'open_dispute': return `${who(step.actorRole)} opened a dispute (${DISPUTE_REASONS[str(d.reason) as DisputeReason] ?? 'other'}): “${str(d.text)}”`
    case 'resolve_dispute': return `NordicLoop resolved the dispute: ${resolutionWords(str(d.resolution) as Resolution, deal)}. “${str(d.note)}”`
    case 'relisted': return `${who(step.actorRole)} relisted the lot as a new listing.`
    case 'record_payout': return d.party === 'seller' ? `Payout of ${money(num(d.amount))} to the seller sent.` : `Refund of ${money(num(d.amount))} to the buyer sent.`
    default: return step.kind.replaceAll('_', ' ')
  }
}

function describeCollection(d: StepDetail, who: string, timeZone: string): string {
  const windows = Array.isArray(d.windows) ? d.windows : []
  const list = windows.map((w) => formatWindow(new Date(w.startsAt), new Date(w.endsAt), timeZone)).join('; ')
  if (d.agreed) return `${who} picked a proposed time: collection agreed for ${list}.`
  if (d.withdrawn) return `${who} withdrew the proposed collection time ${list}.`
  if (d.address) return `${who} changed the collection address to “${str(d.address)}”.`
  return `${who} proposed ${windows.length === 1 ? 'a collection time' : `${windows.length} collection times`}: ${list}.`
}

export function resolutionWords(resolution: Resolution, deal: Pick<Deal, 'currency' | 'refund_amount'>): string {
  if (resolution === 'release') return 'the money goes to the seller'
  if (resolution === 'refund_full') return 'the buyer is refunded in full'
  return `the buyer is refunded ${formatMoney(deal.refund_amount, deal.currency)}, the seller keeps the rest`
}

export type NextAction = { text: string; urgent: boolean }

/** The one thing this side has to do next, in plain words; `urgent` when it waits on them. */
export function nextAction(deal: Deal, role: Party | 'admin', now: Date, timeZone: string, terms: Pick<DealTerms, 'paymentWorkingDays'>): NextAction {
  const money = (minor: number) => formatMoney(minor, deal.currency)
  const wait = (text: string): NextAction => ({ text, urgent: false })
  const act = (text: string): NextAction => ({ text, urgent: true })
  const due = formatDateTime(deal.pay_by, timeZone)
  const { owed } = settlement({ status: deal.status, amount: deal.amount, amountReceived: deal.amount_received, feeRateBp: deal.fee_rate_bp, feeMinimum: deal.fee_minimum, refundAmount: deal.refund_amount })
  switch (deal.status) {
    case 'awaiting_payment': {
      const left = deal.amount - deal.amount_received
      const late = now > deal.pay_by
      if (deal.cancel_requested_by && role !== 'admin') {
        return deal.cancel_requested_by === role ? wait(`Wait for the ${other(role)} to agree to cancel.`) : act(`The ${other(role)} asks to cancel this deal: agree or decline.`)
      }
      if (role === 'buyer') return act(`Pay ${money(left)} by ${due}${late ? ' — the deadline has passed; pay now or the seller may cancel' : ''}.`)
      if (role === 'seller') return late ? act('The buyer has not paid by the deadline: cancel the deal (and offer the lot to the next bidder), or give them more time.') : wait(`Wait for the buyer's payment of ${money(left)}, due by ${due}.`)
      return act(`Record the buyer's payment of ${money(left)} when it arrives.`)
    }
    case 'paid':
      if (role === 'seller') return act(deal.collection_starts_at ? `Hand over the material (${formatWindow(deal.collection_starts_at, deal.collection_ends_at!, timeZone)}), then mark it handed over.` : 'Propose collection times to the buyer; hand over the material, then mark it handed over.')
      if (role === 'buyer') return deal.collection_starts_at ? wait(`Collect the material: ${formatWindow(deal.collection_starts_at, deal.collection_ends_at!, timeZone)}.`) : act('Agree a collection time with the seller.')
      return wait('Paid; the money is held until the buyer confirms receipt.')
    case 'handed_over':
      if (role === 'buyer') return act(`Confirm you received the material, or open a dispute, by ${formatDateTime(deal.auto_complete_at!, timeZone)}.`)
      return wait(`Waiting for the buyer to confirm receipt (by ${formatDateTime(deal.auto_complete_at!, timeZone)} at the latest).`)
    case 'disputed':
      return role === 'admin' ? act('Look at the dispute and resolve it.') : wait('NordicLoop is looking at the dispute; the money stays held until it is resolved.')
    case 'completed': case 'resolved': case 'cancelled': {
      if (role === 'admin') return owed.seller + owed.buyer > 0 ? act('Record the payouts due on this deal.') : wait('Nothing left to do.')
      const mine = owed[role]
      return wait(mine > 0 ? `NordicLoop pays you ${money(mine)}.` : deal.status === 'cancelled' ? 'This deal is cancelled.' : 'Nothing left to do.')
    }
  }
}
