// The e-invoice read back as an accounting system reads it: every mandatory business term of
// EN 16931 / Peppol BIS Billing 3.0 looked up by its UBL path and checked against the invoice
// it was written from, with the calculation rules (BR-CO-*), the rules of each VAT category
// (BR-S/AE/IC/G/O-*) and the Peppol rules (R0xx) a validator would apply.
import { describe, expect, it } from 'vitest'
import { ublAmount } from '../../src/invoices/ubl.js'
import { PARTIES, SAMPLE_KINDS, sampleInvoice, type SampleKind } from './invoice-samples.js'
import { BUYER, failures, lineNet, read, SELLER } from './ubl-checks.js'
import { elementsAt, valuesAt } from './xml-lookup.js'

describe('the e-invoice (UBL 2.1, Peppol BIS Billing 3.0)', () => {
  it.each(SAMPLE_KINDS)('%s: every mandatory business term is there and every rule holds', (kind: SampleKind) => {
    const doc = sampleInvoice(kind)
    expect(failures(doc)).toEqual([])
  })

  it('holds with two VAT rates, a price per base quantity that is not one, and an amount still due', () => {
    const doc = sampleInvoice('domestic', { seller: PARTIES.FI, buyer: { ...PARTIES.FI, legalName: 'Turun Romu Oy' } })
    doc.lines = [
      { ...doc.lines[0], vatRatePercent: '25.5', quantity: '3.333', priceMinor: 99_99, baseQuantity: '0.5', lineExtensionMinor: lineNet('3.333', 99_99, '0.5') },
      { ...doc.lines[1], vatRatePercent: '14', quantity: '7', priceMinor: 1_234, baseQuantity: '1', lineExtensionMinor: 8_638 },
    ]
    const [a, b] = doc.lines.map((l) => l.lineExtensionMinor)
    doc.vat = [
      { category: 'S', ratePercent: '25.5', taxableMinor: a, taxMinor: Math.round(a * 0.255), exemptionReason: null, exemptionCode: null },
      { category: 'S', ratePercent: '14', taxableMinor: b, taxMinor: Math.round(b * 0.14), exemptionReason: null, exemptionCode: null },
    ]
    const tax = doc.vat[0].taxMinor + doc.vat[1].taxMinor
    doc.totals = { lineExtensionMinor: a + b, taxExclusiveMinor: a + b, taxMinor: tax, taxInclusiveMinor: a + b + tax, prepaidMinor: 0, payableMinor: a + b + tax }
    expect(failures(doc)).toEqual([])
  })

  it('the checks can fail: a wrong total, a missing address scheme or a rate on an exempt line is caught', () => {
    const wrongTotal = sampleInvoice('domestic')
    wrongTotal.totals = { ...wrongTotal.totals, taxInclusiveMinor: wrongTotal.totals.taxInclusiveMinor + 1 }
    expect(failures(wrongTotal)).toEqual(expect.arrayContaining([expect.stringMatching(/^BT-112/), expect.stringMatching(/^BT-115/)]))
    const nowhere = sampleInvoice('intra-eu', { buyer: { ...PARTIES.DE, address: { ...PARTIES.DE.address, country: 'US' }, vatNumber: null, orgNumber: '' } })
    expect(failures(nowhere)).toEqual(expect.arrayContaining([expect.stringMatching(/^BT-49 /)]))
    const exempt = sampleInvoice('intra-eu')
    exempt.lines[0] = { ...exempt.lines[0], vatRatePercent: '25' }
    expect(failures(exempt)).toEqual(expect.arrayContaining([expect.stringMatching(/^line 1: BT-152/)]))
    const noPhone = sampleInvoice('domestic-reverse-charge', { seller: { ...PARTIES.DE, contactPhone: null } })
    expect(failures(noPhone)).toEqual([expect.stringMatching(/^BG-6 seller contact/)])
  })

  it('states the handover date and destination of an intra-EU supply when the invoice knows them', () => {
    const doc = sampleInvoice('intra-eu', { delivery: { date: '2026-12-05', country: 'DE' } })
    expect(failures(doc)).toEqual([])
    const { x } = read(doc)
    expect(x.at('cac:Delivery/cbc:ActualDeliveryDate')).toEqual(['2026-12-05'])
    expect(x.at('cac:InvoicePeriod/cbc:StartDate')).toEqual([])
    const { x: without } = read(sampleInvoice('intra-eu'))
    expect(without.at('cac:InvoicePeriod/cbc:StartDate')).toEqual(['2026-12-02'])
    expect(without.at('cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode')).toEqual(['DE'])
    const { x: domestic } = read(sampleInvoice('domestic'))
    expect(domestic.at('cac:Delivery/cbc:ActualDeliveryDate')).toEqual([])
  })

  it('escapes names with & < > " and keeps Nordic and German letters exactly', () => {
    const doc = sampleInvoice('intra-eu')
    const { xml, x } = read(doc)
    expect(xml).toContain('Müller &amp; Söhne &lt;Schrott&gt; GmbH')
    expect(xml).not.toContain('<Schrott>')
    expect(x.at(`${BUYER}/cac:PartyName/cbc:Name`)).toEqual(['Müller & Söhne <Schrott> GmbH'])
    expect(x.at('{line}/cac:Item/cbc:Name')[0]).toBe('Blandat järnskrot & <HMS 1/2> "80:20"')
    expect(x.at(`${SELLER}/cac:Contact/cbc:Name`)).toEqual(['Åsa Öberg'])
    expect(x.at(`${SELLER}/cac:PostalAddress/cbc:CityName`)).toEqual(['Karlstad'])
  })

  it('drops characters XML cannot carry instead of writing a file that does not parse', () => {
    const doc = sampleInvoice('domestic', { buyer: { ...PARTIES.SE2, legalName: 'Göta\u0000 Skrot\u0007 AB\ud800' } })
    const { x } = read(doc)
    expect(x.at(`${BUYER}/cac:PartyName/cbc:Name`)).toEqual(['Göta Skrot AB'])
  })

  it('addresses each party by a scheme of the EAS list: organisation numbers in the Nordics, VAT numbers elsewhere', () => {
    const scheme = (kind: SampleKind, side: string) => {
      const { x } = read(sampleInvoice(kind))
      return [x.at(`${side}/cbc:EndpointID/@schemeID`)[0], x.at(`${side}/cbc:EndpointID`)[0]]
    }
    expect(scheme('domestic', SELLER)).toEqual(['0007', '5568123458'])
    expect(scheme('intra-eu', BUYER)).toEqual(['9930', 'DE123456789'])
    expect(scheme('export-norway', SELLER)).toEqual(['0184', '12345674'])
    expect(scheme('export-norway', BUYER)).toEqual(['0192', '923456783'])
    expect(scheme('credit-note', SELLER)).toEqual(['0213', 'FI12345671'])
    const { x } = read(sampleInvoice('domestic'))
    expect(x.at(`${SELLER}/cac:PartyLegalEntity/cbc:CompanyID`)).toEqual(['5568123458'])
    expect(x.at(`${SELLER}/cac:PartyLegalEntity/cbc:CompanyID/@schemeID`)).toEqual(['0007'])
  })

  it('takes a Nordic organisation number from the VAT number when the one on file has another form', () => {
    for (const [party, scheme, id] of [[PARTIES.SE, '0007', '5568123458'], [PARTIES.NO, '0192', '923456783'], [PARTIES.DK, '0184', '12345674']] as const) {
      const doc = sampleInvoice('domestic', { seller: { ...party, orgNumber: 'SE1l6ne' }, buyer: { ...PARTIES.SE2, orgNumber: '' } })
      const { x } = read(doc)
      expect(x.at(`${SELLER}/cbc:EndpointID/@schemeID`), party.legalName).toEqual([scheme])
      expect(x.at(`${SELLER}/cbc:EndpointID`)).toEqual([id])
      expect(x.at(`${SELLER}/cac:PartyLegalEntity/cbc:CompanyID`)).toEqual([id])
      expect(x.at(`${BUYER}/cbc:EndpointID`)).toEqual(['5566778899'])
    }
  })

  it('states the Register of Business Enterprises for a Norwegian seller (NO-R-002)', () => {
    const { x } = read(sampleInvoice('export-norway', { seller: PARTIES.NO, buyer: PARTIES.SE }))
    const schemes = elementsAt(x.root, `${SELLER}/cac:PartyTaxScheme`).map((s) => [valuesAt(s, 'cbc:CompanyID')[0], valuesAt(s, 'cac:TaxScheme/cbc:ID')[0]])
    expect(schemes).toEqual([['NO923456783MVA', 'VAT'], ['Foretaksregisteret', 'TAX']])
  })

  it('is a CreditNote for a credit note, with the invoice it corrects', () => {
    const { xml, x } = read(sampleInvoice('credit-note'))
    expect(x.root.localName).toBe('CreditNote')
    expect(x.root.namespaceURI).toBe('urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2')
    expect(xml).not.toContain('InvoiceLine')
    expect(x.at('cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')).toEqual(['AM-2026-0001'])
  })

  it('writes amounts with two decimals', () => {
    expect([0, 5, -5, 100, 123456, -123456, 1_000_000_000_00].map(ublAmount)).toEqual(['0.00', '0.05', '-0.05', '1.00', '1234.56', '-1234.56', '1000000000.00'])
    expect(() => ublAmount(1.5)).toThrow()
  })
})
