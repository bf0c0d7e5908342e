import { z } from 'zod'
import { CountrySchema, multilineText, requiredText, text } from '../lib/fields.js'
import { parseMoney } from '../lib/money.js'
import { isTimeZone, zonedLocalToUtc } from '../lib/time.js'

export const UNITS = ['kg', 't', 'm3', 'l', 'pcs', 'pallets'] as const
export const UNIT_LABELS: Record<(typeof UNITS)[number], string> = { kg: 'kg', t: 'tonnes', m3: 'm³', l: 'litres', pcs: 'pieces', pallets: 'pallets' }
export const LOGISTICS = ['pickup', 'delivery', 'pickup_or_delivery'] as const
export const LOGISTICS_LABELS: Record<(typeof LOGISTICS)[number], string> = {
  pickup: 'Buyer collects', delivery: 'Seller delivers', pickup_or_delivery: 'Collection or delivery',
}
export const RECURRENCE_LABELS = { one_off: 'One-off lot', recurring: 'Recurring supply' } as const
export const SALE_TYPES = ['auction', 'fixed_price'] as const

/** The fields that belong to one sale type or the other (and the seller's time zone, for the auction's times). */
export const SALE_TERM_FIELDS = ['fixed_price', 'start_price', 'reserve_price', 'bid_increment', 'buy_now_price', 'starts_at', 'ends_at', 'tz'] as const
type SaleTermField = (typeof SALE_TERM_FIELDS)[number]

const optionalNote = (max: number) => multilineText(max).optional().default('')
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

const money = (label: string) =>
  z.preprocess(blankToUndefined, text({ error: `Enter ${label} as an amount, like 1250 or 1 250,50.` }).optional()).transform((value, ctx) => {
    if (value === undefined) return null
    const minor = parseMoney(value)
    if (minor === null || minor === 0) {
      ctx.addIssue({ code: 'custom', message: `Enter ${label} as an amount, like 1250 or 1 250,50.` })
      return z.NEVER
    }
    return minor
  })

/** EWC codes are typed "15 01 01", "150101" or "15 01 01*"; stored as six digits. */
export const EwcCodeInput = z.preprocess(blankToUndefined, text({ error: 'An EWC code has six digits, like 15 01 01.' }).optional()).transform((value, ctx) => {
  if (value === undefined) return null
  const digits = value.replace(/[\s*]/g, '')
  if (!/^\d{6}$/.test(digits)) {
    ctx.addIssue({ code: 'custom', message: 'An EWC code has six digits, like 15 01 01. Pick one from the suggestions.' })
    return z.NEVER
  }
  return digits
})

const auctionTermFields = {
  start_price: money('the start price'),
  reserve_price: money('the reserve'),
  bid_increment: money('the bid increment'),
  buy_now_price: money('the buy-now price'),
  starts_at: text({ error: 'Enter the start date and time.' }).optional().default(''),
  ends_at: text({ error: 'Enter the end date and time.' }).optional().default(''),
  tz: text().optional().default(''),
}
type AuctionTermFields = { [K in keyof typeof auctionTermFields]: z.output<(typeof auctionTermFields)[K]> }

/** Reads an auction's prices and times (typed in the seller's zone), reporting what is missing. */
function readAuctionTerms(f: AuctionTermFields, ctx: z.RefinementCtx) {
  const timeZone = isTimeZone(f.tz) ? f.tz : 'UTC'
  const startsAt = zonedLocalToUtc(f.starts_at, timeZone)
  const endsAt = zonedLocalToUtc(f.ends_at, timeZone)
  if (f.start_price === null) ctx.addIssue({ code: 'custom', path: ['start_price'], message: 'Enter the start price.' })
  if (f.bid_increment === null) ctx.addIssue({ code: 'custom', path: ['bid_increment'], message: 'Enter the bid increment.' })
  if (!startsAt) ctx.addIssue({ code: 'custom', path: ['starts_at'], message: 'Enter the start date and time.' })
  if (!endsAt) ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'Enter the end date and time.' })
  return { startPrice: f.start_price, reservePrice: f.reserve_price, bidIncrement: f.bid_increment, buyNowPrice: f.buy_now_price, startsAt, endsAt, timeZone }
}

const listingFields = {
  title: requiredText('a title', 120).refine((t) => t.length >= 5, 'Use at least 5 characters for the title.'),
  description: requiredText('a description', 5000, { multiline: true }).refine((t) => t.length >= 20, 'Describe the material in at least 20 characters.'),
  category: text({ error: 'Choose a category.' }).trim().min(1, 'Choose a category.').max(60),
  ewc_code: EwcCodeInput,
  quantity: text({ error: 'Enter the quantity.' }).trim()
    .transform((v) => v.replace(',', '.'))
    .refine((v) => /^\d{1,11}(\.\d{1,3})?$/.test(v) && Number(v) > 0, 'Enter a quantity above zero, with at most 3 decimals.'),
  unit: z.enum(UNITS, { error: 'Choose a unit.' }),
  // The lot's weighed weight, when the seller knows it: the impact report then uses it instead of an average for the unit.
  actual_weight_kg: z.preprocess(blankToUndefined, text({ error: 'Give the weight in kg, like 2450 or 2450.5.' }).trim()
    .transform((v) => v.replace(/[\s\u00a0]/g, '').replace(',', '.'))
    .refine((v) => /^\d{1,11}(\.\d{1,3})?$/.test(v) && Number(v) > 0, 'Give the weight in kg above zero, like 2450 or 2450.5.').optional()),
  location_city: requiredText('the city', 100),
  location_postcode: requiredText('the postcode', 20),
  location_country: CountrySchema,
  logistics: z.enum(LOGISTICS, { error: 'Choose how the goods change hands.' }),
  logistics_note: optionalNote(500),
  recurrence: z.enum(['one_off', 'recurring'], { error: 'Choose one-off or recurring.' }),
  sale_type: z.enum(SALE_TYPES, { error: 'Choose auction or fixed price.' }),
  // Each sale type's own fields are read below, once the type is known; here they are only
  // text, like every field (no control characters, even in the section that is not used).
  ...Object.fromEntries(SALE_TERM_FIELDS.map((name) => [name, text().optional()])) as Record<SaleTermField, z.ZodOptional<ReturnType<typeof text>>>,
}

/** A fixed-price listing's terms: its price, which it cannot do without. */
const FixedPriceTerms = z.object({
  fixed_price: money('the price').refine((v) => v !== null, 'Enter the price. A fixed-price listing needs the price buyers pay.'),
})

/** An auction's terms, as the seller typed them; missing required ones are reported on their fields. */
const AuctionTermsInput = z.object(auctionTermFields).transform((f, ctx) => readAuctionTerms(f, ctx))

/**
 * Runs `schema` over the form's fields and reports its issues on the form's own fields, so a
 * message stands beside the field it is about.
 */
function readPart<T extends z.ZodType>(schema: T, fields: Record<string, unknown>, ctx: z.RefinementCtx): z.output<T> | null {
  const parsed = schema.safeParse(fields)
  if (parsed.success) return parsed.data
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path.map(String), message: issue.message })
  return null
}

/**
 * The listing form. The one rule of sale types: only the chosen type's fields are read — a
 * fixed-price listing needs its price, an auction its start price, increment, start and end —
 * and the other type's fields are ignored whatever they hold (hidden on screen, they may still
 * be sent), so they are neither checked nor saved.
 */
export const ListingForm = z.object(listingFields).transform((f, ctx) => {
  const auction = f.sale_type === 'auction' ? readPart(AuctionTermsInput, f, ctx) : null
  const fixed = f.sale_type === 'fixed_price' ? readPart(FixedPriceTerms, f, ctx) : null
  return {
    title: f.title,
    description: f.description,
    categorySlug: f.category,
    ewcCode: f.ewc_code,
    quantity: f.quantity,
    unit: f.unit,
    actualWeightKg: f.actual_weight_kg ?? null,
    locationCity: f.location_city,
    locationPostcode: f.location_postcode,
    locationCountry: f.location_country,
    logistics: f.logistics,
    logisticsNote: f.logistics_note,
    recurrence: f.recurrence,
    saleType: f.sale_type,
    fixedPrice: fixed?.fixed_price ?? null,
    startPrice: auction?.startPrice ?? null,
    reservePrice: auction?.reservePrice ?? null,
    bidIncrement: auction?.bidIncrement ?? null,
    buyNowPrice: auction?.buyNowPrice ?? null,
    startsAt: auction?.startsAt ?? null,
    endsAt: auction?.endsAt ?? null,
    timeZone: auction?.timeZone ?? 'UTC',
  }
})
export type ListingInput = z.output<typeof ListingForm>

/** The terms of a live auction, which is all a seller may change once it is live. */
export const AuctionTermsForm = z.object(auctionTermFields).transform((f, ctx) => {
  const t = readAuctionTerms(f, ctx)
  // When something is missing, zod reports the issues above and this value is never used.
  return {
    startPrice: t.startPrice ?? 0, reservePrice: t.reservePrice, bidIncrement: t.bidIncrement ?? 0, buyNowPrice: t.buyNowPrice,
    startsAt: t.startsAt ?? new Date(0), endsAt: t.endsAt ?? new Date(0),
  }
})

/** The photos page after a step: how many were added (a small number we wrote into the URL), or what was done. */
const DAMAGED_PHOTOS_LINK = 'This link is damaged. Open the photos from your listing.'
export const PhotosPageQuery = z.object({
  added: text().regex(/^\d{1,3}$/, DAMAGED_PHOTOS_LINK).optional(),
  saved: z.literal('1', { error: DAMAGED_PHOTOS_LINK }).optional(),
  notice: z.enum(['deleted', 'moved-up', 'moved-down'], { error: DAMAGED_PHOTOS_LINK }).optional(),
})

export const ReasonForm = z.object({
  reason: requiredText('a reason', 1000, { multiline: true }).refine((r) => r.length >= 5, 'Give a reason of at least 5 characters.'),
})
