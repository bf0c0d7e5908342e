// The admin's money queues as plain data for views/admin/payments.tsx and payouts.tsx: amounts
// formatted, times in UTC (as every admin page shows them), and what is owed worked out by the
// deal rules' settlement(), never here.
import { formatMoney, moneyInputValue } from '../lib/money.js'
import { factsOf } from '../deals/act-on-deal.js'
import { settlement, type Party } from '../deals/deal-rules.js'
import { resolutionWords } from '../deals/present.js'
import { paymentReference } from '../deals/payment-reference.js'
import type { Resolution } from '../deals/deal-rules.js'
import type { PayoutCandidate } from './money-queries.js'
import type { DealWithNames } from './deal-queries.js'

import { when, type When } from './deal-present.js'

export type { When }

/** A deal waiting for money, as a row of the payments queue with its receipt form. */
export type PaymentRow = {
  dealId: string
  number: number
  title: string
  buyer: string
  seller: string
  price: string
  /** What is still to pay, and the same as a form value (the form's suggested amount). */
  due: string
  dueInput: string
  /** Received so far, when part has come in. */
  received: string | null
  reference: string
  payBy: When
  overdue: boolean
}

export function presentPaymentRow(deal: DealWithNames, now: Date): PaymentRow {
  const money = (minor: number) => formatMoney(minor, deal.currency)
  const left = deal.amount - deal.amount_received
  return {
    dealId: deal.id, number: deal.number, title: deal.title, buyer: deal.buyer_name, seller: deal.seller_name,
    price: money(deal.amount), due: money(left), dueInput: moneyInputValue(left),
    received: deal.amount_received > 0 ? money(deal.amount_received) : null,
    reference: paymentReference(deal.number), payBy: when(deal.pay_by), overdue: now.getTime() > deal.pay_by.getTime(),
  }
}

/**
 * What the admin reads after recording a receipt: the amount, and how it stands against the
 * price — paid in full, short (the deal keeps waiting for the rest) or over (the difference goes
 * back to the buyer with the payouts). `receivedSoFar` counts this receipt and those before it.
 */
export function receiptNotice(r: { number: number; amount: number; reference: string; price: number; receivedSoFar: number; currency: string }): string {
  const money = (minor: number) => formatMoney(minor, r.currency)
  const diff = r.receivedSoFar - r.price
  const head = `Recorded ${money(r.amount)} received by bank transfer for deal ${r.number} (bank reference ${r.reference}).`
  const total = r.receivedSoFar !== r.amount ? ` In all ${money(r.receivedSoFar)} has been received.` : ''
  if (diff < 0) return `${head}${total} That is ${money(-diff)} short of the price of ${money(r.price)}: the deal waits for the rest, and both sides see ${money(-diff)} still to pay on the deal page.`
  if (diff > 0) return `${head}${total} That is ${money(diff)} more than the price of ${money(r.price)}: the deal is paid, and the ${money(diff)} over-payment is refunded to the buyer when the deal is settled.`
  return `${head}${total} The deal is paid in full.`
}

/** One payout or refund to send: a settled deal's amount owed to one party, not yet recorded. */
export type PayoutItem = {
  dealId: string
  number: number
  title: string
  party: Party
  payee: string
  payeeCompanyId: string
  amount: string
  amountInput: string
  /** Where the amount comes from, in a line. */
  why: string
  settled: When | null
}

/** The payouts due on these deals, by the deal rules' settlement: each party owed money and not yet paid. */
export function presentPayoutsDue(rows: PayoutCandidate[]): PayoutItem[] {
  return rows.flatMap((deal) => {
    const s = settlement(factsOf(deal))
    const parties: Party[] = (['seller', 'buyer'] as const).filter((p) => s.owed[p] > 0 && !(p === 'seller' ? deal.seller_paid : deal.buyer_paid))
    return parties.map((party) => payoutItem(deal, party, s))
  })
}

function payoutItem(deal: PayoutCandidate, party: Party, s: ReturnType<typeof settlement>): PayoutItem {
  const money = (minor: number) => formatMoney(minor, deal.currency)
  const owed = s.owed[party]
  const settledAt = deal.completed_at ?? deal.resolved_at ?? deal.cancelled_at
  return {
    dealId: deal.id, number: deal.number, title: deal.title, party,
    payee: party === 'seller' ? deal.seller_name : deal.buyer_name,
    payeeCompanyId: party === 'seller' ? deal.seller_company_id : deal.buyer_company_id,
    amount: money(owed), amountInput: moneyInputValue(owed), settled: settledAt ? when(settledAt) : null,
    why: party === 'seller'
      ? `Payout: ${money(owed + s.fee)} kept of the ${money(deal.amount)} price, less the NordicLoop fee of ${money(s.fee)}.`
      : refundWhy(deal, money),
  }
}

function refundWhy(deal: PayoutCandidate, money: (minor: number) => string): string {
  const received = money(deal.amount_received)
  if (deal.status === 'cancelled') return `Refund: the deal was cancelled after ${received} was received; all of it goes back.`
  const over = deal.amount_received > deal.amount ? ` ${money(deal.amount_received - deal.amount)} more than the price was paid.` : ''
  if (deal.status === 'resolved' && deal.resolution) return `Refund: the dispute was resolved — ${resolutionWords(deal.resolution as Resolution, deal)}.${over}`
  return `Refund of an over-payment: ${received} received for a price of ${money(deal.amount)}.`
}
