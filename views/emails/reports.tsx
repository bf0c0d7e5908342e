// Emails to the person who reported a listing, once an administrator has decided the reports.
// The seller's own email about a withdrawal is listingWithdrawnMessage (./listings.tsx).
import { buildEmail } from './email.js'

type Reporter = { email: string; name: string }

export const reportDismissedMessage = (r: Reporter, report: { title: string; note: string; url: string }) =>
  buildEmail({
    template: 'listing-report-dismissed',
    to: r.email,
    subject: `Your report about “${report.title}”: the listing stays`,
    greeting: `Hello ${r.name},`,
    paragraphs: [
      `A NordicLoop administrator looked at your company’s report about “${report.title}” and left the listing on the market. Their note: ${report.note}`,
      'Thank you for telling us. If you learn more, you can report the listing again from its page.',
    ],
    action: { label: 'See the listing', url: report.url },
  })

export const reportUpheldMessage = (r: Reporter, report: { title: string; url: string }) =>
  buildEmail({
    template: 'listing-report-upheld',
    to: r.email,
    subject: `Your report about “${report.title}”: the listing was withdrawn`,
    greeting: `Hello ${r.name},`,
    paragraphs: [
      `A NordicLoop administrator looked at your company’s report about “${report.title}” and withdrew the listing from the marketplace.`,
      'Thank you for telling us.',
    ],
    action: { label: 'See the listing', url: report.url },
  })
