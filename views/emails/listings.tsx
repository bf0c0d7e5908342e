// Emails to a seller's company about the admin's decisions on one of its listings.
import { buildEmail } from './email.js'

export const listingApprovedMessage = (to: string, name: string, title: string, url: string) =>
  buildEmail({
    template: 'listing-approved',
    to,
    subject: `Your listing “${title}” is live on NordicLoop`,
    greeting: `Hello ${name},`,
    paragraphs: [`Good news: “${title}” has been approved and is now live. Buyers can find it in search and on its category page.`],
    action: { label: 'See the listing', url },
  })

export const listingRejectedMessage = (to: string, name: string, title: string, reason: string, editUrl: string) =>
  buildEmail({
    template: 'listing-rejected',
    to,
    subject: `Your listing “${title}” was not approved`,
    greeting: `Hello ${name},`,
    paragraphs: [
      `We could not approve “${title}”. The reason given: ${reason}`,
      'You can change the listing and send it for review again.',
    ],
    action: { label: 'Edit the listing', url: editUrl },
  })

export const listingWithdrawnMessage = (to: string, name: string, title: string, reason: string, url: string) =>
  buildEmail({
    template: 'listing-withdrawn',
    to,
    subject: `Your listing “${title}” was withdrawn by NordicLoop`,
    greeting: `Hello ${name},`,
    paragraphs: [
      `A NordicLoop administrator has taken “${title}” off the marketplace. The reason given: ${reason}`,
      'Reply to this email or contact support if you think this is a mistake.',
    ],
    action: { label: 'See the listing', url },
  })
