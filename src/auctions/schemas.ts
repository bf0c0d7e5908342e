import { z } from 'zod'
import { parseMoney } from '../lib/money.js'
import { text } from '../lib/fields.js'

const amount = (label: string, required: boolean) =>
  text({ error: `Enter ${label} as an amount, like 1250 or 1 250,50.` }).optional().transform((value, ctx) => {
    const v = value?.trim() ?? ''
    if (v === '') {
      if (required) ctx.addIssue({ code: 'custom', message: `Enter ${label}.` })
      return null
    }
    const minor = parseMoney(v)
    if (minor === null || minor === 0) {
      ctx.addIssue({ code: 'custom', message: `Enter ${label} as an amount, like 1250 or 1 250,50.` })
      return z.NEVER
    }
    return minor
  })

/** The key a bid form carries (lib/tokens generateToken), also the bid's receipt in the page address. */
export const BID_KEY = /^[a-z2-7]{16,64}$/

/** A live page's reconnect: `v` is the version it last showed, a number we wrote into its URL. */
export const LiveQuery = z.object({
  v: text().regex(/^\d{1,15}$/, 'This live link is damaged. Reload the auction page.').optional(),
})

export const BidForm = z.object({
  amount: amount('your bid', true),
  max_amount: amount('your maximum', false),
  idempotency_key: text({ error: 'Reload the page and bid again.' }).regex(BID_KEY, 'Reload the page and bid again.'),
})
