// Emails of second-chance offers: the offer to the next-highest bidder, its acceptance (the
// buyer's "you bought"; the seller gets the usual "sold" email) and its end without a sale.
import { buildEmail } from './email.js'

type Who = { to: string; name: string }

export const secondChanceOfferMessage = (r: Who, title: string, d: { price: string; expires: string; payDays: number; url: string; listingUrl: string }) =>
  buildEmail({
    template: 'second-chance-offer', to: r.to, subject: `A second chance at “${title}”: ${d.price}`, greeting: `Hello ${r.name},`,
    paragraphs: [
      `The winning bidder of “${title}” did not pay, so the seller offers the lot to your company at ${d.price}, your own highest bid on it.`,
      `The offer is open until ${d.expires}. If you accept, the deal is made at once and you pay within ${d.payDays} working days, as after winning an auction.`,
      `The lot: ${d.listingUrl}`,
    ],
    action: { label: 'See the offer', url: d.url },
  })

export const secondChanceBoughtMessage = (r: Who, title: string, d: { price: string; payBy: string; url: string; listingUrl: string; vat?: { line: string; total: string } }) =>
  buildEmail({
    template: 'second-chance-accepted', to: r.to, subject: `You bought “${title}”`, greeting: `Hello ${r.name},`,
    paragraphs: [
      `Your company accepted the second-chance offer and bought “${title}” at ${d.price}.`,
      ...(d.vat ? [d.vat.line] : []),
      `Please pay ${d.vat?.total ?? d.price} by ${d.payBy}. The deal page has the bank details and your payment reference; NordicLoop holds the money until you confirm you received the material.`,
      `The lot: ${d.listingUrl}`,
    ],
    action: { label: 'Open the deal', url: d.url },
  })

export const secondChanceEndedMessage = (r: Who, title: string, d: { outcome: 'declined' | 'expired'; price: string; hours: number; url: string }) =>
  buildEmail({
    template: `second-chance-${d.outcome}`, to: r.to,
    subject: d.outcome === 'declined' ? `Your offer of “${title}” was declined` : `Your offer of “${title}” was not answered`,
    greeting: `Hello ${r.name},`,
    paragraphs: [
      d.outcome === 'declined'
        ? `The bidder you offered “${title}” to at ${d.price} declined the offer.`
        : `The bidder you offered “${title}” to at ${d.price} did not answer within ${d.hours} hours, so the offer has expired.`,
      'You can offer the lot to the next-highest bidder, if there is one, or relist it as a new listing, from the deal page.',
    ],
    action: { label: 'Open the deal', url: d.url },
  })
