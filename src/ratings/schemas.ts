// The rating forms: a score and a comment, the rated company's answer, an admin's reason to hide.
import { z } from 'zod'
import { lineText, multilineText, requiredText, text } from '../lib/fields.js'
import { COMMENT_MAX, HIDE_REASON_MAX, REPLY_MAX } from './rating-rules.js'

const SCORE_MESSAGE = 'Choose a score from 1 to 5 stars.'

export const RateForm = z.object({
  // Exactly one digit from 1 to 5: "3.5", "05", " 4 x" and the like are refused, not rounded.
  score: text({ error: SCORE_MESSAGE }).trim().regex(/^[1-5]$/, SCORE_MESSAGE).transform(Number),
  comment: multilineText(COMMENT_MAX, { tooLong: `Keep the comment to ${COMMENT_MAX.toLocaleString('en')} characters.` })
    .optional().transform((c) => c ?? ''),
})

export const ReplyForm = z.object({
  reply: requiredText('your answer', REPLY_MAX, { multiline: true }),
})

export const HideForm = z.object({
  reason: requiredText('the reason for hiding this rating', HIDE_REASON_MAX, { multiline: true }),
  // Where the form was (the admin's list or the company's profile); checked by safeReturnPath.
  back: lineText(300).optional(),
})
