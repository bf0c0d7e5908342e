// The rules of a listing's public questions, in one pure module: who may ask, how long a
// question or an answer may be, how many questions one company may have waiting, who answers.
import type { CompanyStatus, ListingStatus } from '../db/types.js'
import { tradingRefusal } from '../accounts/company-status.js'
import { isOpenForTrade, isPubliclyVisible } from '../listings/listing-state.js'

export const QUESTION_MIN_LENGTH = 10
export const QUESTION_MAX_LENGTH = 1000
export const ANSWER_MAX_LENGTH = 2000
/**
 * Questions one company may have waiting for an answer on one listing. Enough for a real buyer;
 * a company that floods a seller waits for answers first.
 */
export const MAX_OPEN_QUESTIONS = 5

export type QuestionRefusal = { status: 403 | 404 | 409 | 429; message: string }

type QuestionedListing = { status: ListingStatus; company_id: string; ends_at: Date | null }

/** Why this company may not ask about this listing now, or null when it may. */
export function askRefusal(listing: QuestionedListing, askerCompanyId: string, openQuestions: number, now: Date): QuestionRefusal | null {
  if (!isPubliclyVisible(listing.status)) return { status: 404, message: 'There is no such listing. It may have been removed.' }
  if (listing.company_id === askerCompanyId) {
    return { status: 403, message: 'This is your own listing: buyers ask you questions here, and you answer them.' }
  }
  if (!isOpenForTrade(listing, now)) return { status: 409, message: 'This listing has ended, so it takes no more questions. Nothing was sent.' }
  if (openQuestions >= MAX_OPEN_QUESTIONS) {
    return {
      status: 429,
      message: `Your company already has ${MAX_OPEN_QUESTIONS} questions on this listing waiting for the seller's answer. ` +
        'Ask another once the seller has answered one. Nothing was sent.',
    }
  }
  return null
}

/** Why this company may not answer this question now, or null when it may. */
export function answerRefusal(listing: QuestionedListing, answererCompanyId: string, question: { answered_at: Date | null }): QuestionRefusal | null {
  // Only the seller answers; to anyone else the question is not theirs to see in this way.
  if (listing.company_id !== answererCompanyId || !isPubliclyVisible(listing.status)) {
    return { status: 404, message: 'There is no such question, or it is not yours to answer.' }
  }
  if (question.answered_at) return { status: 409, message: 'This question is already answered; everyone sees that answer. Nothing was changed.' }
  return null
}

/** Who sees the ask form, and if not, why (for the words on the page). */
export type AskAccess =
  | { kind: 'ask' }
  | { kind: 'login' | 'closed' | 'not-approved'; message: string }
  | { kind: 'own' | 'none' }

export function askAccess(
  listing: QuestionedListing,
  viewer: { company: { id: string; status: CompanyStatus; statusReason: string | null } | null } | null,
  now: Date,
): AskAccess {
  if (viewer?.company?.id === listing.company_id) return { kind: 'own' }
  if (!isOpenForTrade(listing, now)) return { kind: 'closed', message: 'Questions are closed: this listing is no longer on the market.' }
  if (!viewer) return { kind: 'login', message: 'Log in to ask the seller a question.' }
  if (!viewer.company) return { kind: 'none' }
  const refusal = tradingRefusal(viewer.company.status, viewer.company.statusReason)
  if (refusal) return { kind: 'not-approved', message: refusal }
  return { kind: 'ask' }
}
