// Open disputes and the deals list as plain data for views/admin/disputes.tsx and
// deal-list.tsx. Each history line is the deal module's own sentence (describeStep), read as
// an admin reads it; what each decision pays out is the deal rules' settlement().
import { formatMoney } from '../lib/money.js'
import { factsOf } from '../deals/act-on-deal.js'
import { DISPUTE_REASONS, settlement, statusWords, type DisputeReason } from '../deals/deal-rules.js'
import { describeStep, nextAction, type StepDetail } from '../deals/present.js'
import type { DealTerms } from '../deals/terms.js'
import type { DealEventRow, DealWithNames } from './deal-queries.js'

// Admin pages read one clock, UTC, labelled (views/admin/format.ts).
const ADMIN_ZONE = 'UTC'
export type When = { iso: string; utc: string }
export const when = (d: Date): When => ({ iso: d.toISOString(), utc: `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` })

export type DisputeItem = {
  dealId: string
  number: number
  title: string
  buyer: string
  seller: string
  price: string
  received: string
  openedBy: string
  reason: string
  text: string
  openedAt: When | null
  /** What the two ends of the choice pay out, by the deal's settlement. */
  release: string
  refundFull: string
  history: { at: When; who: string; text: string }[]
}

export function presentDisputes(deals: DealWithNames[], events: DealEventRow[]): DisputeItem[] {
  return deals.map((deal) => {
    const money = (minor: number) => formatMoney(minor, deal.currency)
    const facts = factsOf(deal)
    const released = settlement({ ...facts, status: 'resolved', refundAmount: 0 })
    const refunded = settlement({ ...facts, status: 'resolved', refundAmount: deal.amount })
    const by = deal.disputed_by === 'buyer' ? `The buyer, ${deal.buyer_name}` : deal.disputed_by === 'seller' ? `The seller, ${deal.seller_name}` : 'Unknown'
    return {
      dealId: deal.id, number: deal.number, title: deal.title, buyer: deal.buyer_name, seller: deal.seller_name,
      price: money(deal.amount), received: money(deal.amount_received),
      openedBy: by, reason: DISPUTE_REASONS[deal.dispute_reason as DisputeReason] ?? 'Other', text: deal.dispute_text ?? '',
      openedAt: deal.disputed_at ? when(deal.disputed_at) : null,
      release: outcome(released, money), refundFull: outcome(refunded, money),
      history: events.filter((e) => e.deal_id === deal.id).map((e) => ({
        at: when(e.created_at),
        who: e.actor_role === 'system' || e.actor_role === 'admin' ? 'NordicLoop' : `${e.actor_name ?? 'Someone'} (${e.actor_role})`,
        text: describeStep({ kind: e.kind, detail: e.detail as StepDetail, actorRole: e.actor_role }, deal, 'admin', ADMIN_ZONE),
      })),
    }
  })
}

/** What a decision pays out, in a sentence. */
function outcome(s: ReturnType<typeof settlement>, money: (minor: number) => string): string {
  const seller = s.owed.seller > 0 ? `the seller is paid ${money(s.owed.seller)} (after the ${money(s.fee)} fee)` : 'the seller is paid nothing'
  const buyer = s.owed.buyer > 0 ? `the buyer gets back ${money(s.owed.buyer)}` : 'the buyer gets nothing back'
  return `${seller[0]!.toUpperCase()}${seller.slice(1)}; ${buyer}.`
}

export type DealListRow = {
  id: string
  number: number
  title: string
  seller: string
  buyer: string
  amount: string
  status: string
  next: string
  urgent: boolean
  created: When
}

export function presentDealRows(deals: DealWithNames[], now: Date, terms: Pick<DealTerms, 'paymentWorkingDays'>): DealListRow[] {
  return deals.map((deal) => {
    const next = nextAction(deal, 'admin', now, ADMIN_ZONE, terms)
    return {
      id: deal.id, number: deal.number, title: deal.title, seller: deal.seller_name, buyer: deal.buyer_name,
      amount: formatMoney(deal.amount, deal.currency), status: statusWords(deal.status), next: next.text, urgent: next.urgent, created: when(deal.created_at),
    }
  })
}
