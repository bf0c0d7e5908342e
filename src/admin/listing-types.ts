// Plain data the admin listing pages receive; listing-queries.ts shapes rows into these.
import type { PhotoData } from '../images/photo-data.js'
import type { GoodsView } from '../listings/listing-view.js'
import type { CompanyStatus } from '../accounts/company-status.js'

export type SellerSummary = { id: string; name: string; country: string; countryName: string; status: CompanyStatus }

/** A listing as an admin reviews it: every detail the seller gave, money and units already in words. */
export type ReviewListing = GoodsView & {
  id: string
  title: string
  description: string
  category: { name: string; retired: boolean }
  saleType: 'auction' | 'fixed_price'
  /** "Start price: €1,000.00" and the like, in the order a buyer would read them. */
  prices: { label: string; amount: string }[]
  startsAt: Date | null
  endsAt: Date | null
  submittedAt: Date | null
  photos: PhotoData[]
  seller: SellerSummary
}

/** A live listing in the admin's list. */
export type LiveListing = {
  id: string
  title: string
  categoryName: string
  saleType: 'auction' | 'fixed_price'
  price: string
  bidCount: number
  publishedAt: Date | null
  endsAt: Date | null
  seller: SellerSummary
}

export type LiveListingPage = { listings: LiveListing[]; nextCursor: string | null }
