import { z } from 'zod'
import { multilineText, requiredText, text } from '../lib/fields.js'
import { zonedLocalToUtc } from '../lib/time.js'
import { DISPUTE_REASONS, type DisputeReason } from './deal-rules.js'
import { SIMPLE_STEPS } from './present-deal.js'
import type { SimpleStep } from './deal-view.js'

export const StepForm = z.object({
  step: text({ error: 'Choose a step.' }).refine((s): s is SimpleStep => Object.hasOwn(SIMPLE_STEPS, s), 'That step does not exist. Reload the page.'),
})

export const DisputeForm = z.object({
  reason: text({ error: 'Choose what went wrong.' }).refine((r): r is DisputeReason => Object.hasOwn(DISPUTE_REASONS, r), 'Choose what went wrong from the list.'),
  text: multilineText(4000, { error: 'Tell NordicLoop what happened.', tooLong: 'Use at most 4,000 characters.' })
    .refine((t) => t.trim().length > 0, 'Tell NordicLoop what happened.'),
})

/** Rows of the propose form: each a start and an end, as datetime-local inputs send them. */
export const WINDOW_ROWS = [1, 2, 3] as const
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/
const localTime = text({ error: 'Enter a date and time.' }).trim()
  .refine((s) => s === '' || (LOCAL_TIME.test(s) && zonedLocalToUtc(s, 'UTC') !== null), 'Enter a real date and time, like 2026-12-08 09:00.')
  .optional()

/**
 * Up to three windows at once; a row left empty is skipped, a half-filled one is a mistake.
 * The times are read in the proposer's zone by the route, which knows it.
 */
export const ProposeWindowsForm = z.object({
  start_1: localTime, end_1: localTime, start_2: localTime, end_2: localTime, start_3: localTime, end_3: localTime,
})
  .superRefine((form, ctx) => {
    let filled = 0
    for (const n of WINDOW_ROWS) {
      const start = form[`start_${n}`] ?? ''
      const end = form[`end_${n}`] ?? ''
      if (start && end) filled++
      else if (start) ctx.addIssue({ code: 'custom', path: [`end_${n}`], message: 'Enter when this window ends.' })
      else if (end) ctx.addIssue({ code: 'custom', path: [`start_${n}`], message: 'Enter when this window starts.' })
    }
    if (filled === 0) ctx.addIssue({ code: 'custom', path: ['start_1'], message: 'Enter a start and an end for at least one collection time.' })
  })
  .transform((form) => WINDOW_ROWS.flatMap((row) => {
    const start = form[`start_${row}`], end = form[`end_${row}`]
    return start && end ? [{ row, start, end }] : []
  }))

/** A collection window by its id, as a pick or withdraw button sends it. */
export const WindowChoiceForm = z.object({
  window: text({ error: 'Choose a collection time.' }).trim()
    .regex(/^\d{1,15}$/, 'Choose one of the proposed collection times.').transform(Number),
})

export const CollectionAddressForm = z.object({
  address: requiredText('the collection address', 300),
})
