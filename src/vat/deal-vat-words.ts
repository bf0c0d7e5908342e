// A deal's VAT in the words emails use: the price without VAT, the VAT with the rule's reason,
// and what the buyer pays. Deals made before VAT was decided have none to tell.
import { formatMoney } from '../lib/money.js'

type DealVat = { amount: number; vat_amount: number; vat_rule: string | null; vat_note: string | null; currency: string }

export function dealVatWords(deal: DealVat): { line: string; total: string } | undefined {
  if (deal.vat_rule === null) return undefined
  const money = (minor: number) => formatMoney(minor, deal.currency)
  const total = money(deal.amount)
  return {
    line: `Price ${money(deal.amount - deal.vat_amount)} excl. VAT + VAT ${money(deal.vat_amount)} = ${total}. VAT: ${deal.vat_note ?? ''}`,
    total,
  }
}
