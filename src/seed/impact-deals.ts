// Completed demo deals spread over the months before the start and over most categories and
// units, so the impact report (src/impact/) of each demo company shows a year with something
// in it: tonnes sold as t, kg, m³, litres, pallets and pieces, two lots weighed by their seller.
// Made like every demo deal: listed, bought, paid, handed over and confirmed through the real
// steps (seedCompletedLots). Idempotent: a lot already there is not sold again.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import type { PhotoStorage } from '../images/storage.js'
import type { DealTerms } from '../deals/terms.js'
import { BRENNER, FYNSK, SAIMAAN, VANERPACK, eur, type DemoListing, type Org } from './listings.js'
import { seedCompletedLots, type CompletedLot } from './ratings.js'

const lot = (seller: Org, buyer: Org, daysAgo: number, title: string, description: string,
  goods: Pick<DemoListing, 'category' | 'ewc' | 'quantity' | 'unit' | 'actualWeightKg'>, price: number, photos: DemoListing['photos']): CompletedLot => ({
  seller, buyer, daysAgo, title, description, ...goods, logistics: 'pickup', recurrence: 'one_off',
  sale: { type: 'fixed_price', price, publishedHoursAgo: (daysAgo + 3) * 24 }, photos,
})

const KRAFT = ['#d8b98a', '#9c7444', '#5e4326'] as const
const STEEL = ['#b8c0c8', '#6b7682', '#39424c'] as const
const WOOD = ['#e2c893', '#b89356', '#7a5c2c'] as const

/** Lots of one material sold by the tonne: seller, buyer, days ago, title, tonnes, price in euros. */
const byTheTonne = (goods: { category: string; ewc: string; description: string; photos: DemoListing['photos'] },
  rows: readonly (readonly [Org, Org, number, string, string, number])[]) =>
  rows.map(([seller, buyer, daysAgo, title, tonnes, price]) => lot(seller, buyer, daysAgo, title, goods.description,
    { category: goods.category, ewc: goods.ewc, quantity: tonnes, unit: 't' }, eur(price), goods.photos))

export const IMPACT_LOTS: readonly CompletedLot[] = [
  lot(VANERPACK, BRENNER, 40, 'Corrugated board offcuts, baled, 12 t', 'Baled offcuts from our corrugator, brown kraft, dry and stored indoors.',
    { category: 'paper-cardboard', ewc: '150101', quantity: '12', unit: 't' }, eur(1080), { pattern: 'bales', colours: KRAFT, count: 1 }),
  lot(BRENNER, VANERPACK, 55, 'Steel strapping scrap, 1.5 t', 'Used steel strapping from incoming coil deliveries, cut and bundled.',
    { category: 'ferrous-metals', ewc: '150104', quantity: '1.5', unit: 't' }, eur(270), { pattern: 'stripes', colours: STEEL, count: 1 }),
  lot(VANERPACK, FYNSK, 75, 'Paper reel ends, 18 pallets', 'Ends of paper reels from our slitters, wrapped on pallets, for pulping or packaging fill.',
    { category: 'paper-cardboard', ewc: '150101', quantity: '18', unit: 'pallets' }, eur(540), { pattern: 'bales', colours: KRAFT, count: 1 }),
  lot(FYNSK, SAIMAAN, 95, 'Whey permeate, 12 000 l', 'Liquid whey permeate from our cheese line, for biogas or feed. Collected by tanker.',
    { category: 'organic-food', ewc: '020501', quantity: '12000', unit: 'l' }, eur(360), { pattern: 'specks', colours: ['#f3edd8', '#d9cfa6', '#a3946a'], count: 1 }),
  lot(VANERPACK, SAIMAAN, 110, 'LDPE film offcuts, 2 400 kg', 'Clean LDPE film offcuts from our bag line, baled, one colour.',
    { category: 'plastics', ewc: '150102', quantity: '2400', unit: 'kg' }, eur(480), { pattern: 'bales', colours: ['#eef3f6', '#c7d6df', '#8fa8b8'], count: 1 }),
  lot(SAIMAAN, VANERPACK, 130, 'Wooden cable drums, 14 pcs', 'Empty wooden cable drums, 1.0–1.4 m, sound. Weighed on our scale: 1 260 kg in all.',
    { category: 'wood-pallets', ewc: '150103', quantity: '14', unit: 'pcs', actualWeightKg: '1260' }, eur(210), { pattern: 'crates', colours: WOOD, count: 1 }),
  lot(BRENNER, SAIMAAN, 160, 'Aluminium swarf, 6 m³', 'Dry aluminium swarf from our milling centres, in two skips. Weighbridge slip: 1 840 kg.',
    { category: 'non-ferrous-metals', ewc: '120103', quantity: '6', unit: 'm3', actualWeightKg: '1840' }, eur(2300), { pattern: 'bars', colours: STEEL, count: 1 }),
  lot(FYNSK, VANERPACK, 200, 'Glass jars, seconds, 3 pallets', 'Empty glass jars with print faults, shrink-wrapped on pallets, for cullet.',
    { category: 'glass', ewc: '150107', quantity: '3', unit: 'pallets' }, eur(90), { pattern: 'crates', colours: ['#d6ebe3', '#9cc7b6', '#5c8c7a'], count: 1 }),
  lot(SAIMAAN, FYNSK, 250, 'Pine bark, 40 m³', 'Pine bark from our debarker, for mulch or fuel. Loaded by wheel loader.',
    { category: 'wood-pallets', ewc: '030101', quantity: '40', unit: 'm3' }, eur(380), { pattern: 'specks', colours: ['#b88d63', '#8a6442', '#56391f'], count: 1 }),
  // Enough cardboard and steel scrap by the tonne, from three sellers, for price guidance and
  // the Market prices page (5 deals from 3 sellers), with two months of three sellers each for its trend.
  ...byTheTonne({ category: 'paper-cardboard', ewc: '150101', description: 'Dry corrugated and carton board from our goods-in, baled and stored indoors.', photos: { pattern: 'bales', colours: KRAFT, count: 1 } }, [
    [VANERPACK, BRENNER, 30, 'Mixed corrugated board, baled, 8 t', '8', 760], [SAIMAAN, VANERPACK, 32, 'Cardboard boxes, flattened, 5 t', '5', 450],
    [FYNSK, SAIMAAN, 34, 'Carton board trim, 6 t', '6', 630], [VANERPACK, FYNSK, 90, 'Corrugated board offcuts, 10 t', '10', 880],
    [SAIMAAN, BRENNER, 92, 'Packaging board, bundled, 4 t', '4', 420], [BRENNER, VANERPACK, 94, 'Used cardboard boxes, baled, 3 t', '3', 240],
  ]),
  ...byTheTonne({ category: 'ferrous-metals', ewc: '170405', description: 'Ferrous scrap from our own plant, free of oil and non-metals, ready for collection.', photos: { pattern: 'stripes', colours: STEEL, count: 1 } }, [
    [BRENNER, VANERPACK, 45, 'Steel offcuts, sorted, 4 t', '4', 920], [FYNSK, BRENNER, 47, 'Steel shelving, dismantled, 2 t', '2', 400],
    [SAIMAAN, FYNSK, 49, 'Steel drums, crushed, 3 t', '3', 570], [BRENNER, SAIMAAN, 150, 'Steel plate trimmings, 5 t', '5', 1250],
    [FYNSK, VANERPACK, 152, 'Steel pallet racking, 2.5 t', '2.5', 525], [SAIMAAN, BRENNER, 154, 'Steel conveyor parts, 3.5 t', '3.5', 770],
  ]),
]

export function seedImpactDeals(db: Kysely<DB>, log: Logger, deps: { storage: PhotoStorage; clock: () => Date; terms: DealTerms; adminEmail: string }) {
  return seedCompletedLots(db, log, deps, IMPACT_LOTS)
}
