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

const day = (label: string) => z.union([z.literal(''), z.iso.date({ error: `Give the ${label} date as YYYY-MM-DD.` })]).default('')

/** The audit log's search: each field narrows it; `before` pages back from an entry. */
export const AuditQuery = z.object({
  actor: lineText(200, { tooLong: 'Search for at most 200 characters of an email address.' }).default(''),
  action: lineText(100, { tooLong: 'An action is at most 100 characters, such as company.approved.' }).default(''),
  target: lineText(100, { tooLong: 'A target is at most 100 characters: an id, or a kind such as company.' }).default(''),
  from: day('first'),
  to: day('last'),
  before: z.coerce.number({ error: 'That page link is not valid. Start again from the first page.' })
    .int('That page link is not valid. Start again from the first page.').min(1, 'That page link is not valid. Start again from the first page.')
    .max(Number.MAX_SAFE_INTEGER, 'That page link is not valid. Start again from the first page.').optional(),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'The first date must come before the last.', path: ['to'] })

export type AuditSearch = Omit<z.infer<typeof AuditQuery>, 'before'>
