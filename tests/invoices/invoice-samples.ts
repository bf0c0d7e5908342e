// Invoices and credit notes of each VAT kind, made the way the rules make them (VAT per
// category rounded half up from the taxable amount), for the print and e-invoice tests.
import type { InvoiceDocument, InvoiceLine, InvoiceParty, VatCategoryCode } from '../../src/invoices/invoice-document.js'

export const PARTIES = {
  SE: { legalName: 'Vänerpack Återvinning AB', vatNumber: 'SE556812345801', orgNumber: '556812-3458', address: { line: 'Hamngatan 4', postcode: '652 25', city: 'Karlstad', country: 'SE' }, contactName: 'Åsa Öberg', contactEmail: 'asa@vanerpack.example' },
  SE2: { legalName: 'Göta Skrot & Metall AB', vatNumber: 'SE556677889901', orgNumber: '5566778899', address: { line: 'Industrivägen 12', postcode: '417 05', city: 'Göteborg', country: 'SE' }, contactName: null, contactEmail: null },
  DE: { legalName: 'Müller & Söhne <Schrott> GmbH', vatNumber: 'DE123456789', orgNumber: 'HRB 98765', address: { line: 'Straße des 17. Juni 5', postcode: '10623', city: 'Berlin', country: 'DE' }, contactName: 'Jürgen Weiß', contactEmail: 'jw@mueller.example', contactPhone: '+49 30 1234567' },
  DE2: { legalName: 'Rhein Recycling "Süd" GmbH', vatNumber: 'DE987654321', orgNumber: 'HRB 4711', address: { line: 'Kölner Str. 1', postcode: '50667', city: 'Köln', country: 'DE' }, contactName: null, contactEmail: null },
  NO: { legalName: 'Ørsted Gjenvinning AS', vatNumber: 'NO923456783MVA', orgNumber: '923456783', address: { line: 'Kjøpmannsgata 2', postcode: '7013', city: 'Trondheim', country: 'NO' }, contactName: 'Bjørn Sæther', contactEmail: null },
  DK: { legalName: 'Æbeltoft Genbrug ApS', vatNumber: 'DK12345674', orgNumber: '12345674', address: { line: 'Søndergade 3', postcode: '8400', city: 'Ebeltoft', country: 'DK' }, contactName: null, contactEmail: null },
  FI: { legalName: 'Ålands Metall Oy', vatNumber: 'FI12345671', orgNumber: '1234567-1', address: { line: 'Torggatan 1', postcode: '22100', city: 'Mariehamn', country: 'FI' }, contactName: null, contactEmail: null },
} satisfies Record<string, InvoiceParty>

export type SampleKind = 'domestic' | 'domestic-reverse-charge' | 'intra-eu' | 'export-norway' | 'credit-note' | 'outside-scope' | 'fee'

type Setup = { seller: InvoiceParty; buyer: InvoiceParty; category: VatCategoryCode; rate: string; reason: string | null; code: string | null }

const SETUPS: Record<SampleKind, Setup> = {
  domestic: { seller: PARTIES.SE, buyer: PARTIES.SE2, category: 'S', rate: '25', reason: null, code: null },
  'credit-note': { seller: PARTIES.FI, buyer: PARTIES.DK, category: 'K', rate: '0', reason: 'Intra-Community supply, Article 138 of Directive 2006/112/EC', code: 'VATEX-EU-IC' },
  'domestic-reverse-charge': { seller: PARTIES.DE, buyer: PARTIES.DE2, category: 'AE', rate: '0', reason: 'Steuerschuldnerschaft des Leistungsempfängers (reverse charge), § 13b UStG', code: 'VATEX-EU-AE' },
  'intra-eu': { seller: PARTIES.SE, buyer: PARTIES.DE, category: 'K', rate: '0', reason: 'Intra-Community supply, Article 138 of Directive 2006/112/EC: the buyer accounts for the VAT', code: 'VATEX-EU-IC' },
  'export-norway': { seller: PARTIES.DK, buyer: PARTIES.NO, category: 'G', rate: '0', reason: 'Export outside the EU, Article 146 of Directive 2006/112/EC', code: 'VATEX-EU-G' },
  'outside-scope': { seller: { ...PARTIES.SE, vatNumber: null }, buyer: { ...PARTIES.NO, vatNumber: null }, category: 'O', rate: '0', reason: 'Not subject to VAT', code: 'VATEX-EU-O' },
  fee: { seller: PARTIES.SE2, buyer: PARTIES.SE, category: 'S', rate: '25', reason: null, code: null },
}

/** VAT of a taxable amount in minor units at a percent rate, rounded half up (BR-CO-17). */
export function vatOf(taxable: number, rate: string): number {
  return Math.round((taxable * Number(rate)) / 100)
}

function line(id: string, name: string, quantity: string, unitCode: string, unitLabel: string, priceMinor: number, baseQuantity: string, s: Setup): InvoiceLine {
  // quantity × price ÷ base, exact for these samples (checked by the tests).
  const lineExtensionMinor = Math.round((Number(quantity) * priceMinor) / Number(baseQuantity))
  return { id, name, description: 'Ferrous metals, EWC 17 04 05', quantity, unitCode, unitLabel, priceMinor, baseQuantity, lineExtensionMinor, vatCategory: s.category, vatRatePercent: s.rate }
}

/** A paid invoice (or credit note) of the kind, with two lines, one priced per unit and one for a base quantity of 2. */
export function sampleInvoice(kind: SampleKind, over: Partial<InvoiceDocument> = {}): InvoiceDocument {
  const s = SETUPS[kind]
  const lines = kind === 'fee'
    ? [line('1', 'NordicLoop fee, deal 42', '1', 'C62', 'fee', 4_990, '1', s)]
    : [
      line('1', 'Blandat järnskrot & <HMS 1/2> "80:20"', '12.5', 'TNE', 't', 10_000, '1', s),
      line('2', 'Pallets of baled cans', '7', 'XPX', 'pallets', 25_050, '2', s),
    ]
  const net = lines.reduce((sum, l) => sum + l.lineExtensionMinor, 0)
  const tax = vatOf(net, s.rate)
  const credit = kind === 'credit-note'
  const paid = kind === 'domestic' ? 0 : net + tax
  return {
    kind: credit ? 'credit_note' : 'invoice',
    number: credit ? 'AM-2026-0002' : 'VP-2026-0007',
    issueDate: '2026-12-02',
    dueDate: credit ? null : '2027-01-01',
    currency: 'EUR',
    buyerReference: 'Deal 42',
    precedingInvoice: credit ? { number: 'AM-2026-0001', issueDate: '2026-11-20' } : null,
    notes: [`Issued by NordicLoop AB on behalf of ${s.seller.legalName}.`, ...(s.reason ? [`VAT: ${s.reason}`] : [])],
    seller: s.seller,
    buyer: s.buyer,
    payment: kind === 'fee' ? null : { meansCode: '58', reference: 'RF18539007547034', iban: 'SE4550000000058398257466', bic: 'ESSESESS', accountName: 'NordicLoop AB client account' },
    lines,
    vat: [{ category: s.category, ratePercent: s.rate, taxableMinor: net, taxMinor: tax, exemptionReason: s.reason, exemptionCode: s.code }],
    totals: { lineExtensionMinor: net, taxExclusiveMinor: net, taxMinor: tax, taxInclusiveMinor: net + tax, prepaidMinor: paid, payableMinor: net + tax - paid },
    ...over,
  }
}

export const SAMPLE_KINDS = Object.keys(SETUPS) as SampleKind[]
