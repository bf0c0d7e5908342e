// What the listing page shows, in words and numbers ready to print: shaped by present.ts,
// shown by views/listings/listing-page.tsx.
import type { PhotoData } from '../images/photo-data.js'

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
  title: string
  description: string
  category: { slug: string; name: string }
  saleType: 'auction' | 'fixed_price'
  status: string
  statusLabel: string
  statusReason: string | null
  seller: { name: string; country: string }
  priceLabel: string
  price: string
  photos: PhotoData[]
}
