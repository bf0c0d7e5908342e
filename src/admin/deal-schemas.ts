// The admin's dispute decision and the filter of the deals list.
import { z } from 'zod'
import { optionalMoneyAmount, requiredText, text } from '../lib/fields.js'
import { DEAL_STATUSES, type Resolution } from '../deals/deal-rules.js'

export const RESOLUTION_LABELS: Record<Resolution, string> = {
  release: 'Release the money to the seller',
  refund_full: 'Refund the buyer in full',
  refund_partial: 'Refund part of the price to the buyer',
}

export const ResolveForm = z.object({
  resolution: text({ error: 'Choose a decision.' })
    .refine((r): r is Resolution => Object.hasOwn(RESOLUTION_LABELS, r), 'Choose a decision: release, full refund or partial refund.'),
  refund_amount: optionalMoneyAmount('the amount refunded to the buyer'),
  note: requiredText('a note for both sides explaining the decision', 2000, { multiline: true }),
}).superRefine((form, ctx) => {
  if (form.resolution === 'refund_partial' && form.refund_amount === null) {
    ctx.addIssue({ code: 'custom', path: ['refund_amount'], message: 'Enter the amount refunded to the buyer.' })
  }
})

export const DealListQuery = z.object({
  status: z.enum([...DEAL_STATUSES, ''], { error: 'Choose a state from the list.' }).default(''),
})
