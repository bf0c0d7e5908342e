// Demo listings, so a newcomer's first page is a marketplace in motion: lots from the four demo
// companies across the categories, fixed prices and auctions, three of them closing within a
// quarter of an hour of the seed with bids already on them, so one can watch an auction end.
//
// Every listing goes through the same code as a seller's: createListing (which checks the
// category and waste code and writes the search text), the photo upload pipeline, and placeBid
// for the bids, so the demo data is never in a state the app itself could not produce. Only the
// admin's approval is short-cut: the review rules (an auction must have an hour left) are about
// a seller's fairness to bidders, not about demo lots that are meant to close soon.
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logistics, Recurrence, Unit } from '../db/types.js'
import type { Logger } from '../lib/logger.js'
import type { PhotoStorage } from '../images/storage.js'
import { createListing } from '../listings/save-listing.js'
import { addListingPhotos } from '../listings/listing-photos.js'
import { watch } from '../listings/watchlist.js'
import { placeBid } from '../auctions/place-bid.js'
import { CATEGORIES } from './categories.js'
import { renderDemoPhoto, type PhotoPattern } from './demo-photos.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Which demo company, by organisation number (the seed's own key for companies). */
export type Org = '556812-3458' | '2468135-7' | '35791248' | 'HRB 31245'
export const VANERPACK: Org = '556812-3458'
export const SAIMAAN: Org = '2468135-7'
export const FYNSK: Org = '35791248'
export const BRENNER: Org = 'HRB 31245'

/** A bid some minutes before the seed; `max` makes it a proxy bid. Amounts in cents. */
type DemoBid = { by: Org; minutesAgo: number; amount: number; max?: number }

type Sale =
  | { type: 'fixed_price'; price: number; publishedHoursAgo: number }
  | {
    type: 'auction'; start: number; increment: number; reserve?: number; buyNow?: number
    /** When bidding opened, before the seed. */
    startedAgo: number
    /** When it closes, after the seed. */
    endsIn: number
    bids?: DemoBid[]
  }

export type DemoListing = {
  seller: Org
  title: string
  description: string
  category: string
  /** Six digits, as stored; must be on the European List of Waste. */
  ewc: string | null
  quantity: string
  unit: Unit
  /** The lot's weighed weight in kg, when the seller gave it. */
  actualWeightKg?: string
  logistics: Logistics
  logisticsNote?: string
  recurrence: Recurrence
  sale: Sale
  photos: { pattern: PhotoPattern; colours: readonly [string, string, string]; count: 1 | 2 | 3 }
  /** Demo owners (by company) who keep this listing on their watchlist. */
  watchedBy?: Org[]
}

export const eur = (euros: number) => Math.round(euros * 100)

const KRAFT = ['#d8b98a', '#9c7444', '#5e4326'] as const
const STEEL = ['#b8c0c8', '#6b7682', '#39424c'] as const

export const DEMO_LISTINGS: readonly DemoListing[] = [
  // --- Vänerpack AB, Karlstad: a packaging converter -----------------------------------------
  {
    seller: VANERPACK,
    title: 'Kartóng bales: corrugated board offcuts, 18 t',
    description: 'Baled corrugated cardboard (kartóng) from our converting line in Karlstad: clean brown board offcuts, trimmed edges and misprinted boxes. '
      + 'Bales of about 450 kg, 120 × 80 × 110 cm, stored indoors and dry. No wax coating; plastic tape well below 1 %. '
      + 'We load onto your truck with our own forklift, Monday to Friday 07–15.',
    category: 'paper-cardboard', ewc: '150101', quantity: '18', unit: 't',
    logistics: 'pickup_or_delivery', logisticsNote: 'Delivery within Värmland for €12 per tonne.', recurrence: 'recurring',
    sale: {
      type: 'auction', start: eur(1800), increment: eur(50), reserve: eur(2100), startedAgo: 3 * DAY, endsIn: 5 * MINUTE,
      bids: [
        { by: BRENNER, minutesAgo: 150, amount: eur(1800) },
        { by: SAIMAAN, minutesAgo: 55, amount: eur(1900), max: eur(2300) },
        { by: BRENNER, minutesAgo: 20, amount: eur(2150) },
      ],
    },
    photos: { pattern: 'bales', colours: KRAFT, count: 3 },
    watchedBy: [SAIMAAN, FYNSK],
  },
  {
    seller: VANERPACK,
    title: 'Clear LDPE stretch film, baled, 6 t',
    description: 'Used clear stretch film from unwrapping incoming pallets of board. LDPE, about 95 % clear, baled at 300 kg with wire straps. '
      + 'Some paper labels; no coloured film and no PVC. Suitable for regranulation.',
    category: 'plastics', ewc: '150102', quantity: '6', unit: 't', logistics: 'pickup', recurrence: 'recurring',
    sale: { type: 'fixed_price', price: eur(1450), publishedHoursAgo: 30 },
    photos: { pattern: 'stripes', colours: ['#e4eef5', '#a9c6da', '#6f93ad'], count: 2 },
  },
  {
    seller: VANERPACK,
    title: 'Steel strapping scrap (järn) from our bale presses, 4 t',
    description: 'Cut steel strapping and wire (skrot järn) collected at our bale presses and goods receiving. Clean, unpainted, no plastic strapping mixed in. '
      + 'In two open skips of about 2 t each; the skips are swapped on collection.',
    category: 'ferrous-metals', ewc: '191202', quantity: '4', unit: 't', logistics: 'pickup', recurrence: 'one_off',
    sale: {
      type: 'auction', start: eur(600), increment: eur(25), buyNow: eur(1100), startedAgo: 20 * HOUR, endsIn: 2 * DAY + 3 * HOUR,
      bids: [{ by: BRENNER, minutesAgo: 240, amount: eur(600) }],
    },
    photos: { pattern: 'stripes', colours: STEEL, count: 1 },
  },
  // --- Saimaan Saha Oy, Lappeenranta: a sawmill ----------------------------------------------
  {
    seller: SAIMAAN,
    title: 'Sahanpuru: dry spruce sawdust, 60 m³',
    description: 'Dry spruce sawdust (sahanpuru) from our planing mill, moisture about 12 %. Untreated wood only: no glue, paint or preservatives. '
      + 'Good for pellets, animal bedding or particle board. Stored under a roof; we load with a wheel loader.',
    category: 'wood-pallets', ewc: '030105', quantity: '60', unit: 'm3', logistics: 'pickup', recurrence: 'recurring',
    sale: {
      type: 'auction', start: eur(400), increment: eur(20), startedAgo: 2 * DAY, endsIn: 10 * MINUTE,
      bids: [
        { by: FYNSK, minutesAgo: 180, amount: eur(400) },
        { by: VANERPACK, minutesAgo: 45, amount: eur(440) },
      ],
    },
    photos: { pattern: 'specks', colours: ['#f1dfb8', '#d3b27a', '#a9824a'], count: 2 },
  },
  {
    seller: SAIMAAN,
    title: 'Pine bark and wood chips for energy, 120 t a month',
    description: 'Pine and spruce bark with some chips from debarking, for heating plants. Delivered by walking-floor truck in loads of about 35 t, '
      + 'weighed on our certified scale. Moisture 45–55 % depending on the season.',
    category: 'wood-pallets', ewc: '030101', quantity: '120', unit: 't', logistics: 'delivery',
    logisticsNote: 'Price per month of deliveries within 150 km of Lappeenranta.', recurrence: 'recurring',
    sale: { type: 'fixed_price', price: eur(3600), publishedHoursAgo: 52 },
    photos: { pattern: 'specks', colours: ['#a38260', '#5f4630', '#2f2218'], count: 1 },
  },
  {
    seller: SAIMAAN,
    title: 'Used gear and hydraulic oil, 2 000 l',
    description: 'Mineral gear and hydraulic oil drained from the saw line and loaders during the summer service. Non-chlorinated, in ten 200 l drums, '
      + 'lids closed and labelled. Hazardous waste: sold only to licensed waste oil handlers; we provide the transfer document.',
    category: 'chemicals-hazardous', ewc: '130205', quantity: '2000', unit: 'l', logistics: 'pickup',
    logisticsNote: 'Collection by an ADR-licensed carrier only.', recurrence: 'one_off',
    sale: { type: 'fixed_price', price: eur(380), publishedHoursAgo: 8 },
    photos: { pattern: 'crates', colours: ['#2d3a2e', '#3f6b45', '#e0b23a'], count: 1 },
  },
  // --- Fynsk Fødevarer ApS, Odense: a food processor -----------------------------------------
  {
    seller: FYNSK,
    title: 'Apple pomace and peel, 25 t, for feed or biogas',
    description: 'Fresh apple pomace, peel and cores from our juice and compote line, pressed the same week. About 25 % dry matter, no added chemicals. '
      + 'Fits cattle feed or biogas. Collected in tipper trucks from our yard; it keeps about a week in cool weather.',
    category: 'organic-food', ewc: '020304', quantity: '25', unit: 't', logistics: 'pickup', recurrence: 'one_off',
    sale: {
      type: 'auction', start: eur(300), increment: eur(25), reserve: eur(450), buyNow: eur(900), startedAgo: 26 * HOUR, endsIn: 14 * MINUTE,
      bids: [
        { by: SAIMAAN, minutesAgo: 95, amount: eur(300), max: eur(500) },
        { by: VANERPACK, minutesAgo: 30, amount: eur(475) },
      ],
    },
    photos: { pattern: 'specks', colours: ['#f4e3b5', '#c0392b', '#7da53c'], count: 2 },
    watchedBy: [BRENNER],
  },
  {
    seller: FYNSK,
    title: 'Clear glass jars 370 ml, surplus stock, 24 pallets',
    description: 'New, unused 370 ml twist-off jars left over after a product change; about 2 000 jars a pallet, shrink-wrapped. '
      + 'Can be reused for food, or sold as clean clear cullet if you prefer. No lids.',
    category: 'glass', ewc: '150107', quantity: '24', unit: 'pallets', logistics: 'pickup_or_delivery', recurrence: 'one_off',
    sale: { type: 'fixed_price', price: eur(1200), publishedHoursAgo: 4 },
    photos: { pattern: 'crates', colours: ['#e8f1f2', '#b9d3d6', '#7aa5ab'], count: 2 },
  },
  {
    seller: FYNSK,
    title: 'Refrigerated display counters, 6 pieces, working',
    description: 'Six 2.5 m serve-over refrigerated counters taken out of our factory shop, working when removed in October. '
      + 'R290 refrigerant. Sold as equipment for reuse or as WEEE for a licensed recycler; buyer dismantles nothing on site, units are on pallets.',
    category: 'electronics-weee', ewc: '160214', quantity: '6', unit: 'pcs', logistics: 'pickup', recurrence: 'one_off',
    sale: {
      type: 'auction', start: eur(900), increment: eur(50), buyNow: eur(2400), startedAgo: 2 * HOUR, endsIn: 5 * DAY,
      bids: [{ by: SAIMAAN, minutesAgo: 60, amount: eur(900) }],
    },
    photos: { pattern: 'bars', colours: ['#eef2f5', '#9fb3c8', '#486581'], count: 2 },
  },
  {
    seller: FYNSK,
    title: 'Surplus chef jackets and aprons, 180 kg',
    description: 'White chef jackets and blue aprons with our old logo, unused, after a rebranding. Cotton and polyester blend, sizes S–XXL, '
      + 'packed in 30 cartons. For reuse as workwear (logo can be covered) or for fibre recycling.',
    category: 'textiles', ewc: '200110', quantity: '180', unit: 'kg', logistics: 'pickup_or_delivery', recurrence: 'one_off',
    sale: { type: 'fixed_price', price: eur(350), publishedHoursAgo: 70 },
    photos: { pattern: 'stripes', colours: ['#ffffff', '#3b6fb6', '#d9e2ec'], count: 1 },
  },
  // --- Brenner Metallbau GmbH, Dortmund: a metal workshop ------------------------------------
  {
    seller: BRENNER,
    title: 'Steel sheet offcuts (Stahlblech S235), 12 t',
    description: 'Offcuts from laser cutting of S235 structural steel sheet, 2–12 mm, unpainted and oil-free. Pieces up to 1.2 × 0.8 m, '
      + 'in open skips. Ideal for a steelworks or a shredder; a certificate of origin is available.',
    category: 'ferrous-metals', ewc: '170405', quantity: '12', unit: 't', logistics: 'pickup_or_delivery', recurrence: 'recurring',
    sale: {
      type: 'auction', start: eur(2400), increment: eur(50), reserve: eur(3000), buyNow: eur(4200), startedAgo: 30 * HOUR, endsIn: 6 * HOUR,
      bids: [
        { by: VANERPACK, minutesAgo: 300, amount: eur(2400) },
        { by: SAIMAAN, minutesAgo: 110, amount: eur(2500) },
      ],
    },
    photos: { pattern: 'bars', colours: STEEL, count: 2 },
    watchedBy: [SAIMAAN],
  },
  {
    seller: BRENNER,
    title: 'Aluminium profile offcuts EN AW-6060, 1.8 t',
    description: 'Clean offcuts of extruded aluminium profiles (EN AW-6060, anodised and bare) from our window and façade work. '
      + 'No thermal breaks, no steel inserts. In two crates on pallets.',
    category: 'non-ferrous-metals', ewc: '170402', quantity: '1.8', unit: 't', logistics: 'pickup', recurrence: 'one_off',
    sale: { type: 'auction', start: eur(1800), increment: eur(50), startedAgo: 5 * HOUR, endsIn: DAY + 3 * HOUR },
    photos: { pattern: 'bars', colours: ['#dde3e8', '#aab5bf', '#7b8794'], count: 2 },
    watchedBy: [VANERPACK],
  },
  {
    seller: BRENNER,
    title: 'Wellpappe: cardboard packaging from deliveries, 3 t',
    description: 'Corrugated cardboard (Wellpappe) from incoming deliveries of fittings and profiles, flattened and baled. '
      + 'Mostly brown, some printed boxes; free of foam and plastic film.',
    category: 'paper-cardboard', ewc: '150101', quantity: '3', unit: 't', logistics: 'pickup', recurrence: 'recurring',
    sale: { type: 'fixed_price', price: eur(240), publishedHoursAgo: 14 },
    photos: { pattern: 'bales', colours: KRAFT, count: 1 },
  },
  {
    seller: BRENNER,
    title: 'Concrete blocks from the old workshop floor, 40 t',
    description: 'Broken concrete slabs from replacing our workshop floor, without reinforcement mesh (removed) and free of asphalt and tiles. '
      + 'Pieces up to 60 cm. For crushing into recycled aggregate; tested free of oil contamination.',
    category: 'construction-demolition', ewc: '170101', quantity: '40', unit: 't', logistics: 'pickup', recurrence: 'one_off',
    sale: { type: 'fixed_price', price: eur(200), publishedHoursAgo: 100 },
    photos: { pattern: 'crates', colours: ['#cfcfc8', '#9a9a92', '#5f5f58'], count: 1 },
  },
]

export type ListingSeedSummary = { listings: number; photos: number; bids: number; watching: number }

export type Member = { companyId: string; userId: string; city: string; postcode: string; country: string }

/** Bid idempotency keys are base32, like the ones the bid form makes. */
function idempotencyKey() {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  return [...randomBytes(20)].map((b) => alphabet[b % 32]).join('')
}

/** The demo companies' owners, by organisation number; a company missing here is skipped. */
export async function loadMembers(db: Kysely<DB>): Promise<Map<string, Member>> {
  const rows = await db.selectFrom('companies')
    .innerJoin('users', 'users.company_id', 'companies.id')
    .select(['companies.id as companyId', 'companies.org_number', 'companies.city', 'companies.postcode', 'companies.country', 'users.id as userId'])
    .where('companies.org_number', 'in', [VANERPACK, SAIMAAN, FYNSK, BRENNER])
    .where('companies.status', '=', 'approved')
    .where('users.company_role', '=', 'owner')
    .orderBy('users.created_at')
    .execute()
  const members = new Map<string, Member>()
  for (const r of rows) {
    if (!members.has(r.org_number)) members.set(r.org_number, { companyId: r.companyId, userId: r.userId, city: r.city, postcode: r.postcode, country: r.country })
  }
  return members
}

/** When a demo lot was written, published, and when its auction runs, counted from `now`. */
export function timesOf(sale: Sale, now: Date) {
  const at = (ms: number) => new Date(now.getTime() + ms)
  const publishedAt = sale.type === 'auction' ? at(-sale.startedAgo) : at(-sale.publishedHoursAgo * HOUR)
  return {
    writtenAt: new Date(publishedAt.getTime() - 2 * HOUR),
    publishedAt,
    startsAt: sale.type === 'auction' ? publishedAt : null,
    endsAt: sale.type === 'auction' ? at(sale.endsIn) : null,
  }
}

/**
 * Adds the demo listings that are missing, keyed by title and seller: a listing already there
 * (whatever became of it) is left alone with its bids and photos, so running the seed again
 * adds nothing.
 *
 * The clock is read twice: once to write the drafts, and again once their photos are stored,
 * to set the auction times as the listings go live. Rendering photos takes a few seconds, and
 * "ends in 5 minutes" should mean 5 minutes from when the marketplace opens, not from when the
 * seed began.
 */
export async function seedDemoListings(
  db: Kysely<DB>,
  log: Logger,
  deps: { storage: PhotoStorage; clock: () => Date; baseUrl: string },
): Promise<ListingSeedSummary> {
  const summary: ListingSeedSummary = { listings: 0, photos: 0, bids: 0, watching: 0 }
  const members = await loadMembers(db)

  const drafted: { demo: DemoListing; id: string }[] = []
  const draftedAt = deps.clock()
  for (const demo of DEMO_LISTINGS) {
    const seller = members.get(demo.seller)
    if (!seller) continue
    const existing = await db.selectFrom('listings').select('id')
      .where('company_id', '=', seller.companyId).where('title', '=', demo.title).executeTakeFirst()
    if (existing) continue
    const draft = await draftDemoListing(db, log, { demo, seller, storage: deps.storage, now: draftedAt, label: CATEGORY_NAMES.get(demo.category) ?? demo.category })
    if (!draft) continue
    drafted.push({ demo, id: draft.listingId })
    summary.listings += 1
    summary.photos += draft.photos
  }

  // All on the market at once, in one transaction: the approval an admin would give.
  const now = deps.clock()
  await db.transaction().execute(async (trx) => {
    for (const { demo, id } of drafted) {
      const t = timesOf(demo.sale, now)
      await trx.updateTable('listings')
        .set({ status: 'live', submitted_at: t.writtenAt, published_at: t.publishedAt, starts_at: t.startsAt, ends_at: t.endsAt, updated_at: t.publishedAt })
        .where('id', '=', id)
        .execute()
    }
  })

  // Bids in the order they were "placed", through the real bidding.
  const bids = drafted.flatMap(({ demo, id }) => demo.sale.type === 'auction'
    ? (demo.sale.bids ?? []).map((bid) => ({ bid, id, title: demo.title }))
    : [])
  bids.sort((a, b) => b.bid.minutesAgo - a.bid.minutesAgo)
  for (const { bid, id, title } of bids) {
    const bidder = members.get(bid.by)
    if (!bidder) continue
    const result = await placeBid(db, {
      listingId: id, companyId: bidder.companyId, userId: bidder.userId, amount: bid.amount, max: bid.max ?? null,
      idempotencyKey: idempotencyKey(), now: new Date(now.getTime() - bid.minutesAgo * MINUTE), baseUrl: deps.baseUrl,
    })
    if (result.ok) summary.bids += 1
    else log.warn('demo bid refused', { title, message: result.message })
  }

  for (const { demo, id } of drafted) {
    for (const org of demo.watchedBy ?? []) {
      const watcher = members.get(org)
      if (watcher && (await watch(db, watcher.userId, id)).ok) summary.watching += 1
    }
  }
  return summary
}

const CATEGORY_NAMES = new Map(CATEGORIES.map((c) => [c.slug, c.name]))

/**
 * A demo lot sold before the start (seed/deals.ts, ratings.ts, impact-deals.ts): drafted and
 * put on the market at its times. Null when its seller already has a lot of that title (the
 * seed ran before) or it could not be made.
 */
export async function publishDemoLot(db: Kysely<DB>, log: Logger, a: { demo: DemoListing; seller: Member; storage: PhotoStorage; clock: () => Date }) {
  const existing = await db.selectFrom('listings').select('id').where('company_id', '=', a.seller.companyId).where('title', '=', a.demo.title).executeTakeFirst()
  if (existing) return null
  // The clock is read only for a lot that is made, after the check, as the seed's other steps do.
  const now = a.clock()
  const draft = await draftDemoListing(db, log, { demo: a.demo, seller: a.seller, storage: a.storage, now, label: CATEGORY_NAMES.get(a.demo.category) ?? a.demo.category })
  if (!draft) return null
  const t = timesOf(a.demo.sale, now)
  await db.updateTable('listings').set({ status: 'live', submitted_at: t.writtenAt, published_at: t.publishedAt, updated_at: t.publishedAt }).where('id', '=', draft.listingId).execute()
  return { ...draft, now }
}

/** The listing as a seller's draft, with its photos; it goes live in seedDemoListings. */
export async function draftDemoListing(
  db: Kysely<DB>,
  log: Logger,
  args: { demo: DemoListing; seller: Member; storage: PhotoStorage; now: Date; label: string },
): Promise<{ listingId: string; photos: number } | null> {
  const { demo, seller } = args
  const sale = demo.sale
  const auction = sale.type === 'auction'
  const t = timesOf(sale, args.now)

  // The same checks and the same search text as the listing form.
  const saved = await createListing(db, {
    companyId: seller.companyId, userId: seller.userId, now: t.writtenAt,
    input: {
      title: demo.title, description: demo.description, categorySlug: demo.category, ewcCode: demo.ewc,
      quantity: demo.quantity, unit: demo.unit, actualWeightKg: demo.actualWeightKg ?? null,
      locationCity: seller.city, locationPostcode: seller.postcode, locationCountry: seller.country,
      logistics: demo.logistics, logisticsNote: demo.logisticsNote ?? '', recurrence: demo.recurrence,
      saleType: sale.type,
      fixedPrice: auction ? null : sale.price,
      startPrice: auction ? sale.start : null,
      reservePrice: auction ? sale.reserve ?? null : null,
      bidIncrement: auction ? sale.increment : null,
      buyNowPrice: auction ? sale.buyNow ?? null : null,
      startsAt: t.startsAt,
      endsAt: t.endsAt,
      timeZone: 'UTC',
    },
  })
  if (!saved.ok) {
    // A category an admin retired, say: that lot is left out, the rest still goes in.
    log.warn('demo listing skipped', { title: demo.title, errors: saved.errors })
    return null
  }

  const files = await Promise.all(Array.from({ length: demo.photos.count }, async (_, variant) => {
    const jpeg = await renderDemoPhoto({ pattern: demo.photos.pattern, colours: demo.photos.colours, label: args.label, caption: demo.title, variant })
    return { name: `demo-${variant + 1}.jpg`, size: jpeg.byteLength, bytes: async () => new Uint8Array(jpeg) }
  }))
  const photos = await addListingPhotos(db, args.storage, { listingId: saved.id, files, now: t.writtenAt, log })
  if (!photos.ok) {
    // Storage down: no half-made listing is left behind, so the next run tries it again.
    await db.deleteFrom('listings').where('id', '=', saved.id).execute()
    log.warn('demo listing skipped: photos not stored', { title: demo.title, message: photos.message })
    return null
  }
  return { listingId: saved.id, photos: photos.added }
}
