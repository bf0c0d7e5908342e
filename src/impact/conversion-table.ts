// How a lot sold in m³, litres, pallets or pieces becomes tonnes, one row per category, each
// figure with where it comes from. Every one is an average: a seller who knows the lot's actual
// weight (a weighbridge slip) gives it on the listing, and that weight wins (src/impact/impact-rules.ts).
//
// Bulk densities are the US EPA's volume-to-weight factors for loose material (the lower end:
// a lot listed by volume is rarely baled, and a low density never overstates tonnes or CO2e).
// 1 lb per cubic yard = 0.45359237 kg / 0.764554858 m³ = 0.5932764 kg/m³; 1 lb per US gallon
// = 0.45359237 kg / 3.785411784 l = 0.1198264 kg/l. Pallet loads and piece weights are mostly
// NordicLoop's own estimates, and say so.

export type Figure = { value: number; source: string }

export type ConversionRow = {
  /** Tonnes in one cubic metre of the material as listed (loose unless said otherwise). */
  tonnesPerM3: Figure
  /** Tonnes in one litre: a liquid's density, or the bulk density over 1000 for a solid. */
  tonnesPerLitre: Figure
  /** Kilograms on one pallet as traded (the load, with its pallet). */
  kgPerPallet: Figure
  /** Kilograms in one piece. */
  kgPerPiece: Figure
}

const LB_PER_YD3_IN_T_PER_M3 = 0.45359237 / 0.764554858 / 1000
const LB_PER_GALLON_IN_T_PER_L = 0.45359237 / 3.785411784 / 1000

const EPA_2016 = 'US EPA, Volume-to-Weight Conversion Factors (Office of Resource Conservation and Recovery, April 2016)'
const EPA_1997 = 'US EPA, Measuring Recycling: A Guide for State and Local Governments (1997), Appendix B'
const EPAL = 'EPAL (European Pallet Association): EUR pallet 1200 × 800 mm, about 25 kg'
const ESTIMATE = 'NordicLoop estimate'

const loose = (lbPerYd3: number, material: string, source = EPA_2016): Pick<ConversionRow, 'tonnesPerM3' | 'tonnesPerLitre'> => ({
  tonnesPerM3: { value: round(lbPerYd3 * LB_PER_YD3_IN_T_PER_M3, 4), source: `${source}: ${material}, ${lbPerYd3} lb per cubic yard` },
  tonnesPerLitre: { value: round(lbPerYd3 * LB_PER_YD3_IN_T_PER_M3 / 1000, 7), source: `the bulk density over 1000 (${material}, ${source})` },
})

const liquid = (lbPerGallon: number, material: string, source = EPA_2016): Pick<ConversionRow, 'tonnesPerM3' | 'tonnesPerLitre'> => ({
  tonnesPerM3: { value: round(lbPerGallon * LB_PER_GALLON_IN_T_PER_L * 1000, 4), source: `${source}: ${material}, ${lbPerGallon} lb per US gallon` },
  tonnesPerLitre: { value: round(lbPerGallon * LB_PER_GALLON_IN_T_PER_L, 7), source: `${source}: ${material}, ${lbPerGallon} lb per US gallon` },
})

const estimate = (value: number, what: string): Figure => ({ value, source: `${ESTIMATE}: ${what}` })

// Oil at the EPA's 7.5 lb per gallon is 0.8987 kg/l: a 200-litre drum holds about 180 kg.
const OIL_KG_PER_L = round(7.5 * LB_PER_GALLON_IN_T_PER_L * 1000, 4)
const DRUM_KG = round(200 * OIL_KG_PER_L, 1)

export const CONVERSION_TABLE: Record<string, ConversionRow> = {
  'paper-cardboard': {
    ...loose(106, 'cardboard / corrugated containers'),
    kgPerPallet: estimate(400, 'one pallet of stacked or baled board and paper'),
    kgPerPiece: estimate(0.5, 'one flattened box or paper core'),
  },
  plastics: {
    ...loose(40, 'plastics, mixed'),
    kgPerPallet: estimate(300, 'one pallet of baled film or stacked rigid plastics'),
    kgPerPiece: estimate(2, 'one crate, drum or moulded part'),
  },
  'ferrous-metals': {
    ...loose(225, 'building materials, steel'),
    kgPerPallet: estimate(800, 'one pallet or stillage of steel offcuts'),
    kgPerPiece: estimate(20, 'one beam offcut, plate or machine part'),
  },
  'non-ferrous-metals': {
    ...loose(225, 'scrap metal', EPA_1997),
    kgPerPallet: estimate(500, 'one pallet or stillage of aluminium or copper scrap'),
    kgPerPiece: estimate(5, 'one profile, cable drum end or part'),
  },
  'wood-pallets': {
    ...loose(169, 'pallets (and building materials, wood)'),
    kgPerPallet: { value: 25, source: `${EPAL}; a pallet traded as wood is the pallet itself` },
    kgPerPiece: { value: 25, source: `${EPAL}; pieces in this category are mostly pallets` },
  },
  glass: {
    ...loose(380, 'glass'),
    kgPerPallet: estimate(600, 'one pallet of flat glass or cullet in a box'),
    kgPerPiece: estimate(10, 'one pane of 1 m² at 4 mm (glass at 2.5 t/m³)'),
  },
  textiles: {
    ...loose(150, 'textiles / clothing'),
    kgPerPallet: estimate(250, 'one pallet of baled fabric or garments'),
    kgPerPiece: estimate(0.5, 'one garment'),
  },
  'organic-food': {
    tonnesPerM3: loose(396, 'food / food scraps').tonnesPerM3,
    tonnesPerLitre: liquid(7.49, 'food scraps, uncompacted', EPA_1997).tonnesPerLitre,
    kgPerPallet: estimate(700, 'one pallet of crates, sacks or an IBC of by-product'),
    kgPerPiece: estimate(1, 'one sack, crate or pack'),
  },
  'electronics-weee': {
    tonnesPerM3: estimate(0.15, 'mixed electrical equipment, loose in a cage'),
    tonnesPerLitre: estimate(0.00015, 'mixed electrical equipment, the bulk density over 1000'),
    kgPerPallet: estimate(250, 'one pallet of IT equipment or small appliances'),
    kgPerPiece: estimate(10, 'one desktop computer, monitor or small appliance'),
  },
  'construction-demolition': {
    ...loose(484, 'building materials, mixed / other'),
    kgPerPallet: estimate(1000, 'one pallet or big bag of bricks, tiles or rubble'),
    kgPerPiece: estimate(2.5, 'one brick or tile'),
  },
  'chemicals-hazardous': {
    ...liquid(7.5, 'fats / oils / grease'),
    kgPerPallet: { value: round(4 * DRUM_KG + 25, 1), source: `four 200-litre drums of oil at ${EPA_2016} 7.5 lb per gallon, on one EUR pallet (EPAL, 25 kg)` },
    kgPerPiece: { value: DRUM_KG, source: `one 200-litre drum of oil at ${EPA_2016} 7.5 lb per gallon` },
  },
  other: {
    ...loose(138, 'trash (mixed commercial waste)'),
    kgPerPallet: estimate(300, 'one pallet of mixed material'),
    kgPerPiece: estimate(10, 'one item of unknown material'),
  },
}

/** A category's row; a category added later by an admin uses the row for other materials until it gets its own. */
export function conversionRowFor(categorySlug: string): ConversionRow {
  return CONVERSION_TABLE[categorySlug] ?? CONVERSION_TABLE.other!
}

function round(n: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
