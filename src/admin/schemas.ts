import { z } from 'zod'
import { lineText, text } from '../lib/fields.js'

const statuses = ['pending', 'approved', 'rejected', 'suspended'] as const

/** Where a plain form returns to; anything unexpected falls back to the company page. */
const BackField = z.enum(['queue', 'detail']).catch('detail')

export const DecisionForm = z.object({ back: BackField })

export const ReasonForm = z.object({
  back: BackField,
  reason: text({ error: 'Give a reason: the company reads it in the email.', multiline: true })
    .trim()
    .min(1, 'Give a reason: the company reads it in the email.')
    .max(1000, 'Keep the reason under 1,000 characters.'),
})

export const CompanyListQuery = z.object({
  q: lineText(200, { tooLong: 'Search for at most 200 characters.' }).default(''),
  status: z.enum([...statuses, ''], { error: 'Choose a status from the list.' }).default(''),
  before: z.uuid({ error: 'That page link is not valid. Start again from the first page.' }).optional(),
})
