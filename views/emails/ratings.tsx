// The email to the rated company: who rated which deal, the score and comment, and a link to
// the deal's ratings, where the company may answer once.
import { buildEmail } from './email.js'

export function ratingReceivedEmail(r: { to: string; name: string }, rating: {
  raterName: string; dealNumber: number; score: number; comment: string; url: string
}) {
  return buildEmail({
    template: 'rating-received', to: r.to, subject: `${rating.raterName} rated your deal ${rating.dealNumber}`,
    greeting: `Hello ${r.name},`,
    paragraphs: [
      `${rating.raterName} rated deal ${rating.dealNumber} with ${rating.score} of 5 stars.`,
      ...(rating.comment ? [`Their comment: “${rating.comment}”`] : []),
      'The rating shows on your company profile. You may answer it once, on the deal page; your answer shows beside it.',
    ],
    action: { label: 'Read the rating', url: rating.url },
  })
}
