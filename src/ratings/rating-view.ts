// The data the rating views receive (views/ratings, views/companies), shaped in src/ratings and src/companies.
import type { FieldErrors, FormValues } from '../web/forms.js'

export type When = { iso: string; text: string }

/** One rating as a page shows it. A hidden rating keeps only who, when and NordicLoop's reason. */
export type RatingView = {
  id: string
  title: string
  score: number
  comment: string
  at: When
  reply: null | { text: string; at: When }
  hidden: null | { reason: string }
  /** The reader's company is the rated one and may still answer. */
  mayReply: boolean
}

/** The ratings section of a deal page, for one reader. */
export type RatingSectionView = {
  dealId: string
  csrfToken: string
  /** The company the reader's side rates (the other side), for the form's words. */
  otherName: string | null
  /** The rate form is offered: the reader is a side, the deal ended, not rated yet, in time. */
  mayRate: boolean
  /** Until when the reader's side may rate, while it may. */
  until: When | null
  /** Why there is no form, when the reader is a side and that is worth saying. */
  closed: string | null
  ratings: RatingView[]
  /** A form sent back with its messages (the route sets it). */
  form?: { name: 'rate' | 'reply'; values: FormValues; errors: FieldErrors }
}

/** A seller's reputation beside a listing or on a card: a link to its profile. */
export type SellerBadge = { href: string; name: string; label: string; isNew: boolean }
