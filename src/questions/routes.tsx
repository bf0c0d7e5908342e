// Asking and answering a listing's public questions. Plain forms: a POST answers 303 back to
// the listing's questions; a refusal shows the listing page again with the message beside the form.
import { Hono, type Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from '../web/context.js'
import { requireApprovedCompany, tradingCompany } from '../web/guards.js'
import { redirectTo } from '../web/redirect.js'
import { validForm } from '../web/validation.js'
import { ID, UUID_PATTERN } from '../lib/ids.js'
import { showListingPage } from '../listings/show-listing.js'
import { AnswerForm, QuestionForm } from './schemas.js'
import { answerQuestion, askQuestion } from './questions.js'
import { returnQuestionForm } from './questions-section.js'
import type { ReturnedQuestionForm } from './question-view.js'

const listingId = (c: Context<AppEnv>) => (c.req.param('id') ?? '').toLowerCase()

/** The listing page again, with the form as it was sent and what was wrong. */
function refuse(c: Context<AppEnv>, form: ReturnedQuestionForm, status: ContentfulStatusCode) {
  returnQuestionForm(c, form)
  return showListingPage(c, listingId(c), undefined, status)
}

export const questionRoutes = new Hono<AppEnv>()
  .post(`/${ID}/questions`, requireApprovedCompany, validForm(QuestionForm, (c, values, errors) => refuse(c, { for: 'ask', values, errors }, 422)),
    async (c) => {
      const company = tradingCompany(c)
      const { question } = c.req.valid('form')
      const result = await askQuestion(c.var.db, {
        listingId: listingId(c), companyId: company.id, userId: c.var.viewer!.userId, question, now: c.var.clock(), baseUrl: c.var.config.BASE_URL,
      })
      if (!result.ok) return refuse(c, { for: 'ask', values: { question }, errors: { _form: result.message } }, result.status)
      return redirectTo(c, `/listings/${listingId(c)}?question=sent#question-${result.questionId}`)
    })
  .post(`/${ID}/questions/:questionId{${UUID_PATTERN}}/answer`, requireApprovedCompany,
    validForm(AnswerForm, (c, values, errors) => refuse(c, { for: { questionId: (c.req.param('questionId') ?? '').toLowerCase() }, values, errors }, 422)),
    async (c) => {
      const company = tradingCompany(c)
      const questionId = c.req.param('questionId').toLowerCase()
      const { answer } = c.req.valid('form')
      const result = await answerQuestion(c.var.db, {
        listingId: listingId(c), questionId, companyId: company.id, userId: c.var.viewer!.userId, answer, now: c.var.clock(), baseUrl: c.var.config.BASE_URL,
      })
      if (!result.ok) return refuse(c, { for: { questionId }, values: { answer }, errors: { _form: result.message } }, result.status)
      return redirectTo(c, `/listings/${listingId(c)}?question=${result.emailed ? 'answered' : 'answered-unsent'}#question-${questionId}`)
    })
