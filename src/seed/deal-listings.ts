// Demo lots that were sold before the marketplace opened, one deal in each state, so every
// deal page and queue has something to show and a newcomer can carry a deal to the end: Karin
// (Vänerpack) owes a payment, has a lot to collect and one to confirm; Jonas (Brenner) has a
// paid deal to hand over; the admin has a payment to record, payouts due and a dispute.
import type { DealStatus } from '../deals/deal-rules.js'
import { BRENNER, FYNSK, SAIMAAN, VANERPACK, eur, type DemoListing, type Org } from './listings.js'

/** Where the demo deal is taken to, through the real steps, and how long ago it was made. */
export type DemoDeal = { buyer: Org; state: DealStatus; daysAgo: number }

const STEEL = ['#b8c0c8', '#6b7682', '#39424c'] as const
const KRAFT = ['#d8b98a', '#9c7444', '#5e4326'] as const

const sold = (seller: Org, title: string, description: string, extra: Pick<DemoListing, 'category' | 'ewc' | 'quantity' | 'unit'>, price: number,
  deal: DemoDeal, photos: DemoListing['photos']): DemoListing & { deal: DemoDeal } => ({
  seller, title, description, ...extra, logistics: 'pickup', recurrence: 'one_off',
  sale: { type: 'fixed_price', price, publishedHoursAgo: (deal.daysAgo + 2) * 24 }, photos, deal,
})

export const DEMO_DEAL_LISTINGS: readonly (DemoListing & { deal: DemoDeal })[] = [
  sold(BRENNER, 'Aluminium profile offcuts (Alu-Profilreste), 2 t', 'Clean 6060 extrusion offcuts from our window-frame line, sorted, no plastic thermal breaks. In two steel stillages.',
    { category: 'non-ferrous-metals', ewc: '170402', quantity: '2', unit: 't' }, eur(4200), { buyer: VANERPACK, state: 'awaiting_payment', daysAgo: 1 },
    { pattern: 'bars', colours: STEEL, count: 1 }),
  sold(VANERPACK, 'Paper core tubes, 40 pallets', 'Cardboard cores from our reel slitters, 70–150 mm diameter, stacked on pallets. Dry, stored indoors.',
    { category: 'paper-cardboard', ewc: '150101', quantity: '40', unit: 'pallets' }, eur(900), { buyer: BRENNER, state: 'paid', daysAgo: 3 },
    { pattern: 'bales', colours: KRAFT, count: 1 }),
  sold(SAIMAAN, 'Birch bark from debarking, 30 m³', 'Fresh birch bark from our debarker, for fuel or garden products. Loaded by wheel loader at the mill.',
    { category: 'wood-pallets', ewc: '030101', quantity: '30', unit: 'm3' }, eur(300), { buyer: VANERPACK, state: 'handed_over', daysAgo: 6 },
    { pattern: 'specks', colours: ['#e9e2d0', '#b9a98a', '#6d5b43'], count: 1 }),
  sold(FYNSK, 'Spent brewer grain, 20 t', 'Wet spent grain from our malt extract line, for cattle feed or biogas. Collected within two days of production.',
    { category: 'organic-food', ewc: '020701', quantity: '20', unit: 't' }, eur(600), { buyer: SAIMAAN, state: 'completed', daysAgo: 14 },
    { pattern: 'specks', colours: ['#d9c27a', '#a88a3e', '#6e5622'], count: 1 }),
  sold(BRENNER, 'Steel turnings (Stahlspäne), 5 t', 'Dry steel turnings from our CNC lathes, oil spun off, in a tipping skip.',
    { category: 'ferrous-metals', ewc: '120101', quantity: '5', unit: 't' }, eur(750), { buyer: FYNSK, state: 'cancelled', daysAgo: 12 },
    { pattern: 'stripes', colours: STEEL, count: 1 }),
  sold(VANERPACK, 'Stretch film, baled, 3 t', 'Clear LDPE stretch film from pallet unwrapping, baled, about 95 % clean.',
    { category: 'plastics', ewc: '150102', quantity: '3', unit: 't' }, eur(1200), { buyer: FYNSK, state: 'disputed', daysAgo: 9 },
    { pattern: 'bales', colours: ['#eef3f6', '#c7d6df', '#8fa8b8'], count: 1 }),
  sold(SAIMAAN, 'Pine pallets, reusable, 120 pcs', 'EUR-size pine pallets, one-way, mostly undamaged. Sorted: about 10 % need a board replaced.',
    { category: 'wood-pallets', ewc: '150103', quantity: '120', unit: 'pcs' }, eur(1440), { buyer: BRENNER, state: 'resolved', daysAgo: 20 },
    { pattern: 'crates', colours: ['#e2c893', '#b89356', '#7a5c2c'], count: 1 }),
]
