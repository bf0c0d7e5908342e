// What the listing pages show, in words and numbers ready to print: shaped by present.ts and
// present-search.ts, shown by views/listings.
import type { PhotoData } from '../images/photo-data.js'
import type { SellerBadge } from '../ratings/rating-view.js'

export type { ListingStatus } from '../db/types.js'

/** What a listing says about the goods, in words: shared by the listing page and the admin's review. */
export type GoodsView = {
  ewc: { displayCode: string; description: string; hazardous: boolean } | null
  quantity: string
  location: string
  logistics: string
  logisticsNote: string
  recurrence: string
}

export type ListingView = GoodsView & {
  id: string
  /** "Lot 3F2A9C1B", a short number to quote (present.ts). */
  lot: string
  title: string
  description: string
  category: { slug: string; name: string }
  saleType: 'auction' | 'fixed_price'
  status: string
  statusLabel: string
  statusReason: string | null
  seller: { name: string; country: string; badge?: SellerBadge }
  priceLabel: string
  price: string
  photos: PhotoData[]
}

/** What a search result shows about one live listing, already formatted for the viewer. */
export type ResultCardView = {
  id: string
  title: string
  category: { name: string; slug: string }
  quantity: string
  location: string
  saleType: 'auction' | 'fixed_price'
  saleLabel: string
  priceLabel: string
  price: string
  /** Auctions only. */
  bidCount: number | null
  /** An auction's end, in the viewer's time zone. */
  endsAt: { iso: string; text: string; left: string } | null
  /** An auction that has not opened for bids yet. */
  startsAt: { iso: string; text: string } | null
  photo: PhotoData | null
  /** The selling company and its reputation (src/ratings/seller-badges.ts adds the badge). */
  sellerId?: string
  seller?: SellerBadge
  /** A lot of hazardous waste (its EWC code is marked *). */
  hazardous?: boolean
}
