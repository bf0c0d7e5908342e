import { z } from 'zod'
import { multilineText, text } from '../lib/fields.js'
import { DISPUTE_REASONS, type DisputeReason } from './deal-rules.js'
import { SIMPLE_STEPS } from './present-deal.js'
import type { SimpleStep } from './deal-view.js'

export const StepForm = z.object({
  step: text({ error: 'Choose a step.' }).refine((s): s is SimpleStep => s in SIMPLE_STEPS, 'That step does not exist. Reload the page.'),
})

export const DisputeForm = z.object({
  reason: text({ error: 'Choose what went wrong.' }).refine((r): r is DisputeReason => r in DISPUTE_REASONS, 'Choose what went wrong from the list.'),
  text: multilineText(4000, { error: 'Tell NordicLoop what happened.', tooLong: 'Use at most 4,000 characters.' })
    .refine((t) => t.trim().length > 0, 'Tell NordicLoop what happened.'),
})
