import { buildEmail } from './email.js'
import { formatDateTime } from '../../src/lib/time.js'

type Who = { to: string; name: string }

/** "2 hours 14 minutes", "1 day 3 hours", "less than a minute": the time until an instant, in words, rounded down. */
export function timeLeftInWords(until: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((until.getTime() - now.getTime()) / 60_000))
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor(minutes / 60) % 24, minutes % 60]
  if (d > 0) return h > 0 ? `${unit(d, 'day')} ${unit(h, 'hour')}` : unit(d, 'day')
  if (h > 0) return m > 0 ? `${unit(h, 'hour')} ${unit(m, 'minute')}` : unit(h, 'hour')
  return m > 0 ? unit(m, 'minute') : 'less than a minute'
}

/** Where the auction stands when the email is written: the price, the least bid that leads, and its end in the reader's zone. */
type AuctionNow = { price: string; nextMinimum: string; endsAt: Date; now: Date; timeZone: string; url: string }

export function outbidMessage(r: Who, title: string, a: AuctionNow) {
  const left = timeLeftInWords(a.endsAt, a.now)
  const Left = left[0].toUpperCase() + left.slice(1)
  return buildEmail({
    template: 'outbid', to: r.to, subject: `You were outbid on “${title}”`, greeting: `Hello ${r.name},`,
    paragraphs: [
      `Another bidder has outbid you on “${title}”. The current price is ${a.price}; to lead again, bid at least ${a.nextMinimum}.`,
      `${Left} left (ends ${formatDateTime(a.endsAt, a.timeZone)}).`,
    ],
    summary: `The current price is ${a.price}; the next bid is at least ${a.nextMinimum}. ${Left} left.`,
    action: { label: 'Bid again', url: a.url },
  })
}

export const endingSoonMessage = (r: Who, title: string, price: string, url: string) =>
  buildEmail({
    template: 'watch-ending-soon', to: r.to, subject: `Ending within the hour: “${title}”`, greeting: `Hello ${r.name},`,
    paragraphs: [`An auction on your watchlist ends within the hour. The current price is ${price}.`],
    action: { label: 'See the auction', url },
  })

/** What the buyer of a deal reads first: the price, the deadline, and where to pay. */
type DealOpened = { price: string; payBy: string; url: string; listingUrl: string; vat?: DealVatWords; hazardous?: boolean }

/** The hazardous-waste label of an email about a lot whose EWC code is marked *. */
const hazardParagraphs = (hazardous?: boolean) =>
  hazardous ? ['Hazardous waste: this lot may only be handed over to a holder of a verified waste permit, with a transfer note naming it.'] : []
/** The price's VAT in words (src/vat/deal-vat-words.ts): "€1,000.00 excl. VAT + VAT €250.00 (25 % Sweden VAT) = €1,250.00". */
type DealVatWords = { line: string; total: string }

const vatParagraphs = (vat?: DealVatWords) => (vat ? [vat.line] : [])

const payParagraph = (d: DealOpened) =>
  `Please pay ${d.vat?.total ?? d.price} by ${d.payBy}. The deal page has the bank details and your payment reference; NordicLoop holds the money until you confirm you received the material.`

export const wonMessage = (r: Who, title: string, d: DealOpened) =>
  buildEmail({
    template: 'auction-won', to: r.to, subject: `You won “${title}”`, greeting: `Hello ${r.name},`,
    paragraphs: [`Congratulations: your company won “${title}” at ${d.price}.`, ...hazardParagraphs(d.hazardous), ...vatParagraphs(d.vat), payParagraph(d), `The lot: ${d.listingUrl}`],
    action: { label: 'Open the deal', url: d.url },
  })

export const soldMessage = (r: Who, title: string, d: { price: string; fee: string; payout: string; buyer: string; url: string; listingUrl: string; vat?: DealVatWords; hazardous?: boolean }) =>
  buildEmail({
    template: 'item-sold', to: r.to, subject: `Sold: “${title}” for ${d.price}`, greeting: `Hello ${r.name},`,
    paragraphs: [
      `“${title}” has sold to ${d.buyer} for ${d.price}.`,
      ...hazardParagraphs(d.hazardous),
      ...vatParagraphs(d.vat),
      `Once the buyer has paid you will see their contact details and can agree a collection time. After the buyer confirms receipt, NordicLoop pays you ${d.payout} (the price less its fee of ${d.fee}).`,
      `The lot: ${d.listingUrl}`,
    ],
    action: { label: 'Open the deal', url: d.url },
  })

export const noSaleMessage = (r: Who, title: string, reason: 'no-bids' | 'reserve-not-met' | 'buyer-barred', url: string) =>
  buildEmail({
    template: 'no-sale', to: r.to, subject: `Not sold: “${title}”`, greeting: `Hello ${r.name},`,
    paragraphs: [
      reason === 'no-bids' ? `Your auction “${title}” ended without bids.`
        : reason === 'reserve-not-met' ? `Your auction “${title}” ended below your reserve price, so it was not sold.`
          : `Your auction “${title}” ended, but its highest bidder may no longer trade on NordicLoop, so it was not sold.`,
      'You can list it again from your listings page.',
    ],
    action: { label: 'See the listing', url },
  })

export const purchaseConfirmationMessage = (r: Who, title: string, d: DealOpened) =>
  buildEmail({
    template: 'purchase-confirmation', to: r.to, subject: `You bought “${title}”`, greeting: `Hello ${r.name},`,
    paragraphs: [`Your company bought “${title}” for ${d.price}.`, ...hazardParagraphs(d.hazardous), ...vatParagraphs(d.vat), payParagraph(d), `The lot: ${d.listingUrl}`],
    action: { label: 'Open the deal', url: d.url },
  })

/** A bidder's bids were withdrawn from an auction (its company may no longer trade): what it means for this reader. */
export const bidsRetractedMessage = (r: Who, title: string, price: string | null, standing: 'leading' | 'not-leading' | 'seller', url: string) =>
  buildEmail({
    template: 'bids-retracted', to: r.to, subject: `The price of “${title}” changed`, greeting: `Hello ${r.name},`,
    paragraphs: [
      `A bidder on “${title}” may no longer trade on NordicLoop, so its bids were withdrawn and the auction was worked out again without them.`,
      price === null ? 'There are no bids left on it.' : `The current bid is now ${price}.`,
      standing === 'leading' ? 'You are now the highest bidder.'
        : standing === 'not-leading' ? 'You are not the highest bidder: bid again to lead.'
          : 'Your auction goes on as before with the remaining bids.',
    ],
    action: { label: standing === 'seller' ? 'See your auction' : 'See the auction', url },
  })
