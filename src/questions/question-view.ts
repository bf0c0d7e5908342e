// What the questions section shows one viewer, shaped from the rows: answered questions for
// everyone, the waiting ones for the seller (to answer) and for the company that asked them.
// The asking company is never part of it.
import type { FieldErrors, FormValues } from '../web/forms.js'
import { formatDateTime } from '../lib/time.js'
import type { AskAccess } from './question-rules.js'
import type { QuestionRow } from './questions.js'

export type QuestionItem = { id: string; question: string; askedAt: string; answer: { text: string; at: string } | null }

/** A form sent back with what was typed and what was wrong: the ask form, or one question's answer form. */
export type ReturnedQuestionForm = { for: 'ask' | { questionId: string }; values: FormValues; errors: FieldErrors }

export type QuestionsView = {
  listingId: string
  answered: QuestionItem[]
  /** The seller's questions to answer, or the viewer company's own questions still waiting. */
  waiting: QuestionItem[]
  role: 'seller' | 'asker' | 'viewer'
  access: AskAccess
  loginPath: string
  csrfToken: string
  notice?: string
  form?: ReturnedQuestionForm
}

export function presentQuestions(
  rows: QuestionRow[],
  opts: { listingId: string; sellerCompanyId: string; viewerCompanyId: string | null; timeZone: string; access: AskAccess; csrfToken: string },
): Omit<QuestionsView, 'notice' | 'form'> {
  const item = (q: QuestionRow): QuestionItem => ({
    id: q.id,
    question: q.body,
    askedAt: formatDateTime(q.created_at, opts.timeZone),
    answer: q.answer !== null && q.answered_at ? { text: q.answer, at: formatDateTime(q.answered_at, opts.timeZone) } : null,
  })
  const isSeller = opts.viewerCompanyId === opts.sellerCompanyId
  const open = rows.filter((q) => q.answer === null)
  const waiting = isSeller ? open : open.filter((q) => opts.viewerCompanyId !== null && q.asker_company_id === opts.viewerCompanyId)
  return {
    listingId: opts.listingId,
    answered: rows.filter((q) => q.answer !== null).map(item),
    waiting: waiting.map(item),
    role: isSeller ? 'seller' : waiting.length > 0 ? 'asker' : 'viewer',
    access: opts.access,
    loginPath: `/login?next=${encodeURIComponent(`/listings/${opts.listingId}#questions`)}`,
    csrfToken: opts.csrfToken,
  }
}
