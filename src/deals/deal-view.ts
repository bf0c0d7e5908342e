// The data the deal views receive, shaped by src/deals/present-deal.ts.
import type { DealStatus, Party } from './deal-rules.js'
import type { NextAction } from './present.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import type { ChatView } from './chat-view.js'
import type { NoteSectionView } from '../transfer-notes/note-view.js'
import type { RatingSectionView } from '../ratings/rating-view.js'
import type { InvoiceSectionView } from '../invoices/queries.js'

export type DealRole = Party | 'admin'
export type When = { iso: string; text: string }

/** Steps a party takes with one button (no further input). */
export type SimpleStep = 'hand-over' | 'confirm-receipt' | 'request-cancel' | 'agree-cancel' | 'decline-cancel' | 'cancel-unpaid'

export type DealContact = { side: string; company: string; person: string; email: string | null; phone: string | null; address: string }

export type DealPageView = {
  /** The lot is hazardous waste (its EWC code is marked *). */
  hazardous?: boolean
  id: string
  number: number
  title: string
  listingId: string
  quantity: string
  status: DealStatus
  statusLabel: string
  role: DealRole
  buyerName: string
  sellerName: string
  next: NextAction
  /** Label and value lines of the money box, as this reader may see them. */
  money: { label: string; value: string; note?: string }[]
  /** How to pay, for the buyer while the deal awaits payment. */
  payment: null | {
    amount: string
    reference: string
    payBy: string
    bank: { accountName: string; iban: string; bic: string }
    /** Other ways to pay (card), each a button. */
    gateways: { name: string; label: string }[]
  }
  /** Each side's contact, once the deal is paid. */
  contacts: DealContact[]
  collection: {
    address: string
    agreed: string | null
    windows: { id: string; text: string; proposedBy: Party; open: boolean }[]
    mayArrange: boolean
    /** The zone the reader's times are shown and read in. */
    timeZone: string
    /** A collection form sent back with its messages (the route sets it). */
    form?: { name: 'propose' | 'address'; values: FormValues; errors: FieldErrors }
  }
  steps: { step: SimpleStep; label: string; tone: 'primary' | 'danger' | 'plain'; hint?: string }[]
  dispute: {
    mayOpen: boolean
    reasons: { value: string; label: string }[]
    opened: null | { by: string; reason: string; text: string; at: When }
    resolution: string | null
  }
  timeline: { at: When; text: string; who: string }[]
  csrfToken: string
  /** The seller's choices once the deal is cancelled for non-payment (src/deals/second-chance.ts). */
  secondChance?: SecondChanceView
  /** The deal's messages (src/deals/chat-section.ts). */
  chat?: ChatView
  /** The waste transfer note, on a paid deal of waste (src/transfer-notes/section.ts). */
  transferNote?: NoteSectionView | null
  /** Both sides' ratings of each other once the deal ended (src/ratings/deal-section.ts). */
  ratings?: RatingSectionView
  /** The invoices and credit notes this reader may see (src/invoices/queries.ts). */
  invoices?: InvoiceSectionView | null
}

/** Offer the lot to the next-highest bidder or relist it; what came of offers made before. */
export type SecondChanceView = {
  /** The offer the seller may make now (the next bidder's own highest bid), else why not. */
  offer: null | { amount: string; hours: number }
  noOffer: string | null
  mayRelist: boolean
  open: null | { amount: string; expires: When }
  sold: null | { dealId: string; number: number; buyer: string; amount: string }
  relistedId: string | null
  history: { at: When; text: string }[]
}
