// Which VAT a sale on NordicLoop carries, in one pure module: from where the seller and the
// buyer are established, whether their VAT numbers are valid, and what kind of material the lot
// is. The rates and the national reverse charges live in one table, each row naming its source.
// Prices on NordicLoop exclude VAT; the decision says what is added and what the invoice says.
//
// Assumptions, said once: every party is a business (only approved companies trade); the
// material leaves the seller's country when the buyer is abroad (the buyer collects it or has it
// carried), which the deal's collection and its waste transfer note document; a live VIES
// check is not made (src/compliance checks format and check digits).
import type { VatCategoryCode } from '../invoices/invoice-document.js'

/** What the national reverse charges distinguish; each seeded category maps to one (CATEGORY_KINDS). */
export type MaterialKind =
  | 'scrap_metal' | 'waste_paper' | 'plastics' | 'glass' | 'textiles' | 'wood'
  | 'food_by_products' | 'electronics' | 'demolition' | 'hazardous' | 'other'

/** The seeded categories (src/seed/categories.ts) by slug; an unknown slug is 'other'. */
export const CATEGORY_KINDS: Record<string, MaterialKind> = {
  'paper-cardboard': 'waste_paper', plastics: 'plastics', 'ferrous-metals': 'scrap_metal', 'non-ferrous-metals': 'scrap_metal',
  'wood-pallets': 'wood', glass: 'glass', textiles: 'textiles', 'organic-food': 'food_by_products',
  'electronics-weee': 'electronics', 'construction-demolition': 'demolition', 'chemicals-hazardous': 'hazardous', other: 'other',
}

export const kindOfCategory = (slug: string): MaterialKind => (Object.hasOwn(CATEGORY_KINDS, slug) ? CATEGORY_KINDS[slug] : 'other')

type CountryRule = {
  name: string
  inEu: boolean
  /** Standard rate in basis points (2500 = 25 %). */
  rateBp: number
  rateSource: string
  /** The kinds a domestic sale between VAT-registered businesses is reverse charged for. */
  reverseCharge: MaterialKind[]
  reverseChargeSource: string | null
  /** What the invoice of a domestic reverse charge says, in the law's words. */
  reverseChargeNote: string | null
}

/**
 * THE table. Rates as in force on 2 December 2026 for the demo countries; the reverse charges
 * checked against the tax authorities' own guidance named in each row. Other EU countries:
 * their standard rate from the European Commission's "VAT rates applied in the Member States";
 * their national reverse charges for waste are not modelled, so a domestic sale there is
 * charged at the standard rate (see the README).
 */
export const VAT_TABLE: Record<string, CountryRule> = {
  SE: {
    name: 'Sweden', inEu: true, rateBp: 2500, rateSource: 'Mervärdesskattelag (2023:200) 9 kap. 1 §',
    reverseCharge: ['scrap_metal'],
    reverseChargeSource: 'ML (2023:200), omvänd betalningsskyldighet för avfall och skrot av metaller (formerly 1 kap. 2 § 4 e ML 1994:200, prop. 2020/21:128); Skatteverket, rättslig vägledning "Avfall och skrot"; art. 199.1 d Directive 2006/112/EC. Metals only: paper, plastics and glass are taxed as usual.',
    reverseChargeNote: 'Omvänd betalningsskyldighet (reverse charge): the buyer accounts for the VAT, ML (2023:200), avfall och skrot av metaller.',
  },
  FI: {
    name: 'Finland', inEu: true, rateBp: 2550, rateSource: 'Arvonlisäverolaki 1501/1993, 84 § (25.5 % from 1 September 2024)',
    reverseCharge: ['scrap_metal'],
    reverseChargeSource: 'Arvonlisäverolaki 8 d § (metal scrap and metal waste, from 1 January 2015, HE 31/2014); Verohallinto, "Romualan käännetty arvonlisäverovelvollisuus": both parties in the VAT register.',
    reverseChargeNote: 'Käännetty verovelvollisuus (reverse charge): the buyer accounts for the VAT, AVL 8 d §.',
  },
  DK: {
    name: 'Denmark', inEu: true, rateBp: 2500, rateSource: 'Momsloven § 33',
    reverseCharge: ['scrap_metal', 'electronics'],
    reverseChargeSource: 'Momsloven § 46, stk. 1, nr. 7 (metalskrot; nr. 4 is gold); Den juridiske vejledning D.A.13.2.2.7; electronic scrap included per Skatterådet SKM2013.165.SR.',
    reverseChargeNote: 'Omvendt betalingspligt (reverse charge): the buyer accounts for the VAT, momsloven § 46, stk. 1, nr. 7.',
  },
  DE: {
    name: 'Germany', inEu: true, rateBp: 1900, rateSource: 'UStG § 12 Abs. 1',
    reverseCharge: ['scrap_metal', 'plastics', 'glass'],
    reverseChargeSource: 'UStG § 13b Abs. 2 Nr. 7 with Anlage 3 (Nr. 4 plastics waste 3915, Nr. 6 glass cullet 7001, Nr. 7–15 metal waste and scrap) and § 13b Abs. 5 (buyer is a business). Paper waste and textiles are not listed.',
    reverseChargeNote: 'Steuerschuldnerschaft des Leistungsempfängers (reverse charge): the buyer accounts for the VAT, § 13b Abs. 2 Nr. 7 UStG.',
  },
  NO: {
    name: 'Norway', inEu: false, rateBp: 2500, rateSource: 'Merverdiavgiftsloven § 5-1 (alminnelig sats)',
    reverseCharge: [], reverseChargeSource: 'No domestic reverse charge for waste in Norway (omvendt avgiftsplikt in mval. § 11-1 covers other goods).', reverseChargeNote: null,
  },
}

const EU_STANDARD_RATES_BP: Record<string, number> = {
  AT: 2000, BE: 2100, BG: 2000, CY: 1900, CZ: 2100, EE: 2400, ES: 2100, FR: 2000, GR: 2400, HR: 2500, HU: 2700, IE: 2300,
  IT: 2200, LT: 2100, LU: 1700, LV: 2100, MT: 1800, NL: 2100, PL: 2300, PT: 2300, RO: 2100, SI: 2200, SK: 2300,
}

/** The rule of a country: the demo countries from the table, other EU members by their standard rate. */
export function countryRule(country: string): CountryRule | null {
  if (Object.hasOwn(VAT_TABLE, country)) return VAT_TABLE[country]
  if (Object.hasOwn(EU_STANDARD_RATES_BP, country)) {
    return { name: country, inEu: true, rateBp: EU_STANDARD_RATES_BP[country], rateSource: 'European Commission, VAT rates applied in the Member States', reverseCharge: [], reverseChargeSource: null, reverseChargeNote: null }
  }
  return null
}

export type VatParty = { country: string; vatNumber: string | null; vatNumberValid: boolean }

export type VatRuleId =
  | 'domestic_standard' | 'domestic_reverse_charge' | 'intra_eu_supply' | 'export' | 'cross_border_standard'
  | 'fee_domestic' | 'fee_reverse_charge' | 'fee_outside_scope' | 'not_decided'

export type VatDecision = {
  rule: VatRuleId
  category: VatCategoryCode
  rateBp: number
  /** BT-120 / BT-121 on the invoice when no VAT is charged. */
  exemptionCode: string | null
  exemptionReason: string | null
  /** What people read beside the VAT line: the rule in a sentence. */
  note: string
  /** The law or guidance the decision rests on. */
  source: string
}

const ART_138 = 'Intra-Community supply exempt under Article 138 of Directive 2006/112/EC: the buyer accounts for the VAT (reverse charge).'
const ART_146 = 'Export outside the EU, exempt under Article 146 of Directive 2006/112/EC.'
const MVA_6_21 = 'Export from Norway, zero-rated under merverdiavgiftsloven § 6-21.'

function standard(rule: CountryRule, ruleId: VatRuleId, why: string): VatDecision {
  const percent = formatRate(rule.rateBp)
  return { rule: ruleId, category: 'S', rateBp: rule.rateBp, exemptionCode: null, exemptionReason: null, note: `${percent} % ${rule.name} VAT${why}`, source: rule.rateSource }
}

/**
 * The VAT of a sale of material from `seller` to `buyer`.
 * - Both in one EU country: that country's reverse charge for this kind when both VAT numbers
 *   are valid (the national rules apply between VAT-registered businesses), otherwise its rate.
 * - EU to another EU country: exempt intra-EU supply (K) when both VAT numbers are valid,
 *   otherwise the seller's country's rate.
 * - EU to outside the EU (Norway): exempt export (G).
 * - From Norway: 25 % MVA to a Norwegian buyer, zero-rated export to anyone abroad.
 */
export function decideSaleVat(seller: VatParty, buyer: VatParty, kind: MaterialKind): VatDecision {
  const from = countryRule(seller.country)
  const to = countryRule(buyer.country)
  if (!from) return notDecided(seller.country)
  const bothValid = seller.vatNumberValid && buyer.vatNumberValid
  if (seller.country === buyer.country) {
    if (bothValid && from.reverseCharge.includes(kind) && from.reverseChargeNote) {
      return { rule: 'domestic_reverse_charge', category: 'AE', rateBp: 0, exemptionCode: 'VATEX-EU-AE', exemptionReason: from.reverseChargeNote, note: from.reverseChargeNote, source: from.reverseChargeSource ?? from.rateSource }
    }
    return standard(from, 'domestic_standard', '')
  }
  if (!from.inEu) {
    // Norway (and any other country outside the EU) to abroad: an export from the seller's country.
    return { rule: 'export', category: 'G', rateBp: 0, exemptionCode: 'VATEX-EU-G', exemptionReason: MVA_6_21, note: MVA_6_21, source: 'Merverdiavgiftsloven § 6-21' }
  }
  if (!to || !to.inEu) {
    return { rule: 'export', category: 'G', rateBp: 0, exemptionCode: 'VATEX-EU-G', exemptionReason: ART_146, note: ART_146, source: 'Directive 2006/112/EC, Article 146(1)(b)' }
  }
  if (bothValid) {
    return { rule: 'intra_eu_supply', category: 'K', rateBp: 0, exemptionCode: 'VATEX-EU-IC', exemptionReason: ART_138, note: ART_138, source: 'Directive 2006/112/EC, Article 138(1)' }
  }
  const missing = buyer.vatNumberValid ? 'the seller' : 'the buyer'
  return standard(from, 'cross_border_standard', `: no valid VAT number for ${missing}, so the supply is taxed where it starts`)
}

const ART_44_196 = 'Reverse charge: the customer accounts for the VAT, Articles 44 and 196 of Directive 2006/112/EC.'
const OUTSIDE_EU = 'Service supplied to a business outside the EU: not subject to VAT in the EU (Article 44 of Directive 2006/112/EC); the customer accounts for any VAT where it is established.'

/**
 * The VAT of NordicLoop's fee to a seller: a service to a business, supplied where the seller is
 * established (Article 44). In the platform's own country it carries that country's rate; to a
 * seller in another EU country with a valid VAT number it is reverse charged (Article 196);
 * without one it is taxed in the platform's country; outside the EU it is not subject to EU VAT.
 */
export function decideFeeVat(platform: { country: string }, seller: VatParty): VatDecision {
  const home = countryRule(platform.country)
  if (!home) return notDecided(platform.country)
  const customer = countryRule(seller.country)
  if (seller.country === platform.country) return standard(home, 'fee_domestic', '')
  if (!customer || !customer.inEu) {
    return { rule: 'fee_outside_scope', category: 'O', rateBp: 0, exemptionCode: 'VATEX-EU-O', exemptionReason: OUTSIDE_EU, note: OUTSIDE_EU, source: 'Directive 2006/112/EC, Article 44' }
  }
  if (seller.vatNumberValid) {
    return { rule: 'fee_reverse_charge', category: 'AE', rateBp: 0, exemptionCode: 'VATEX-EU-AE', exemptionReason: ART_44_196, note: ART_44_196, source: 'Directive 2006/112/EC, Articles 44 and 196' }
  }
  return standard(home, 'fee_domestic', ': no valid VAT number for the seller')
}

function notDecided(country: string): VatDecision {
  return { rule: 'not_decided', category: 'O', rateBp: 0, exemptionCode: 'VATEX-EU-O', exemptionReason: `No VAT rule is recorded for ${country}.`, note: `No VAT rule is recorded for ${country}: ask NordicLoop.`, source: 'none' }
}

/** The VAT on a net amount, half a cent up; integer minor units throughout. */
export function vatOn(netMinor: number, rateBp: number): number {
  if (netMinor <= 0 || rateBp <= 0) return 0
  return Number((BigInt(netMinor) * BigInt(rateBp) * 2n + 10_000n) / 20_000n)
}

/** The net part of a gross amount that carries `rateBp` (a refund, a share of the price), half a cent up. */
export function netOfGross(grossMinor: number, rateBp: number): number {
  if (grossMinor <= 0) return 0
  if (rateBp <= 0) return grossMinor
  const denominator = 10_000n + BigInt(rateBp)
  return Number((BigInt(grossMinor) * 10_000n * 2n + denominator) / (denominator * 2n))
}

/** "25", "25.5", "0": a rate in basis points as EN 16931 writes a percentage. */
export function formatRate(rateBp: number): string {
  const whole = Math.floor(rateBp / 100)
  const cents = rateBp % 100
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`
}
