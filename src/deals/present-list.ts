// A company's deals grouped by what they need from it: its own next step first, then deals
// waiting on the other side or on NordicLoop, then finished ones.
import { formatMoney } from '../lib/money.js'
import { formatDateTime } from '../lib/time.js'
import { statusWords, type Party } from './deal-rules.js'
import { nextAction } from './present.js'
import type { CompanyDealRow } from './queries.js'
import type { DealTerms } from './terms.js'

export type DealListItem = { id: string; number: number; title: string; side: string; amount: string; status: string; next: string; date: string }
export type DealListGroups = { act: DealListItem[]; waiting: DealListItem[]; finished: DealListItem[] }

const FINISHED = new Set(['completed', 'resolved', 'cancelled'])

export function presentDealList(rows: CompanyDealRow[], companyId: string, now: Date, timeZone: string, terms: DealTerms): DealListGroups {
  const groups: DealListGroups = { act: [], waiting: [], finished: [] }
  for (const row of rows) {
    const role: Party = row.buyer_company_id === companyId ? 'buyer' : 'seller'
    const next = nextAction(row, role, now, timeZone, terms)
    const item: DealListItem = {
      id: row.id, number: row.number, title: row.title,
      side: role === 'buyer' ? `Buying from ${row.seller_name}` : `Selling to ${row.buyer_name}`,
      amount: formatMoney(row.amount, row.currency), status: statusWords(row.status), next: next.text,
      date: formatDateTime(row.created_at, timeZone),
    }
    if (next.urgent) groups.act.push(item)
    else if (FINISHED.has(row.status)) groups.finished.push(item)
    else groups.waiting.push(item)
  }
  return groups
}

/** How many deals wait on this company's next step: the count in the header. */
export function countNeedingAction(groups: DealListGroups): number {
  return groups.act.length
}
