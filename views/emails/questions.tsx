// Emails about a listing's public questions: to the seller's company when a buyer asks, and to
// the person who asked when the seller answers. The asking company is never named to the seller.
import { buildEmail } from './email.js'

export type QuestionEmail = { title: string; question: string; url: string }

export const questionAskedMessage = (r: { email: string; name: string }, q: QuestionEmail) =>
  buildEmail({
    template: 'listing-question',
    to: r.email,
    subject: `A buyer asked about “${q.title}”`,
    greeting: `Hello ${r.name},`,
    paragraphs: [
      `A company on NordicLoop asked a question about your listing “${q.title}”:`,
      `“${q.question}”`,
      'Answer it on the listing page. Everyone who views the listing will see the question and your answer; the asking company is not named.',
    ],
    action: { label: 'Answer the question', url: q.url },
  })

export const questionAnsweredMessage = (r: { email: string; name: string }, q: QuestionEmail & { answer: string }) =>
  buildEmail({
    template: 'listing-answer',
    to: r.email,
    subject: `The seller answered your question about “${q.title}”`,
    greeting: `Hello ${r.name},`,
    paragraphs: [
      `You asked: “${q.question}”`,
      `The seller answered: “${q.answer}”`,
      'The answer is shown on the listing for everyone; your company is not named.',
    ],
    action: { label: 'See the listing', url: q.url },
  })
