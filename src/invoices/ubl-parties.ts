// Seller and buyer in the e-invoice (BG-4, BG-7): the electronic address an access point
// routes by (BT-34 / BT-49, with its Peppol EAS scheme), the postal address, the VAT number,
// the legal registration number and the contact.
//
// The electronic address is the party's organisation number where the Nordic countries use
// it on Peppol (Sweden 0007, Norway 0192, Denmark 0184), otherwise its VAT number under the
// country's VAT scheme (Germany 9930, Finland 0213, ...). Codes from the Peppol EAS code list
// (docs.peppol.eu/poacc/billing/3.0/codelist/eas/); the deprecated 9955 (SE VAT), 9906 (IT)
// and 9909 (NO VAT) are not used.
import { isNorwegianOrgNumber } from '../compliance/vat-numbers.js'
import { luhnValid } from '../compliance/vat-checks.js'
import type { InvoiceParty } from './invoice-document.js'
import { el, leaf, type XmlNode } from './ubl-xml.js'

/** EAS codes of the VAT number schemes, by the party's country. */
const VAT_EAS: Record<string, string> = {
  AT: '9914', BE: '9925', BG: '9926', CH: '9927', CY: '9928', CZ: '9929', DE: '9930', EE: '9931', ES: '9920', FI: '0213',
  FR: '9957', GB: '9932', GR: '9933', HR: '9934', HU: '9910', IE: '9935', IT: '0211', LI: '9936', LT: '9937', LU: '9938',
  LV: '9939', MT: '9943', NL: '9944', PL: '9945', PT: '9946', RO: '9947', SI: '9949', SK: '9950',
}

/**
 * Organisation numbers with an ISO 6523 scheme (used both as EAS and as ICD), each with the
 * format Peppol checks (PEPPOL-COMMON-R041, R042, R049; SE-R-003/004/013): only a number that
 * passes is given the scheme, so the e-invoice never claims a scheme its value breaks.
 */
const ORG_SCHEMES: Record<string, { scheme: string; normalise: (n: string) => string | null; preferred: boolean }> = {
  SE: { scheme: '0007', normalise: (n) => digitsIf(n, /^\d{10}$/, luhnValid), preferred: true },
  NO: { scheme: '0192', normalise: (n) => digitsIf(n, /^\d{9}$/, isNorwegianOrgNumber), preferred: true },
  DK: { scheme: '0184', normalise: (n) => digitsIf(n.replace(/^DK/i, ''), /^\d{8}$/, () => true), preferred: true },
  FI: { scheme: '0212', normalise: (n) => (/^\d{7}-\d$/.test(n.trim()) ? n.trim() : null), preferred: false },
  IS: { scheme: '0196', normalise: (n) => digitsIf(n, /^\d{10}$/, () => true), preferred: false },
  BE: { scheme: '0208', normalise: (n) => digitsIf(n, /^\d{10}$/, (d) => 97 - (Number(d.slice(0, 8)) % 97) === Number(d.slice(8))), preferred: false },
}

function digitsIf(value: string, shape: RegExp, check: (digits: string) => boolean): string | null {
  const digits = value.replace(/[\s.\-]/g, '')
  return shape.test(digits) && check(digits) ? digits : null
}

/**
 * The organisation number inside a Nordic VAT number: Sweden's is SE + the number + 01, Norway's
 * NO + the number + MVA, Denmark's DK + the CVR number. The VAT number was checked when the
 * company saved it, so it also stands in for an organisation number typed in another form.
 */
function orgFromVat(p: InvoiceParty): string {
  const vat = p.vatNumber ?? ''
  const shapes: Record<string, RegExp> = { SE: /^SE(\d{10})01$/, NO: /^NO(\d{9})MVA$/, DK: /^DK(\d{8})$/ }
  return (Object.hasOwn(shapes, p.address.country) && shapes[p.address.country].exec(vat)?.[1]) || ''
}

/** The party's organisation number with its scheme, when it has the form the scheme requires. */
export function registration(p: InvoiceParty): { id: string; scheme: string | null } | null {
  const country = p.address.country
  const rule = Object.hasOwn(ORG_SCHEMES, country) ? ORG_SCHEMES[country] : null
  if (rule) {
    const id = rule.normalise(p.orgNumber) ?? rule.normalise(orgFromVat(p))
    // Sweden's rules check any Swedish seller's number, scheme or not: a malformed one is left out.
    if (id) return { id, scheme: rule.scheme }
    return country === 'SE' || !p.orgNumber.trim() ? null : { id: p.orgNumber.trim(), scheme: null }
  }
  return p.orgNumber.trim() ? { id: p.orgNumber.trim(), scheme: null } : null
}

/** BT-34 / BT-49: where the party receives e-invoices, or null when it has no identifier of a listed scheme. */
export function endpoint(p: InvoiceParty): { id: string; scheme: string } | null {
  const country = p.address.country
  const reg = registration(p)
  const org = reg?.scheme ? { id: reg.id, scheme: reg.scheme } : null
  if (org && Object.hasOwn(ORG_SCHEMES, country) && ORG_SCHEMES[country].preferred) return org
  if (p.vatNumber && Object.hasOwn(VAT_EAS, country)) return { id: p.vatNumber, scheme: VAT_EAS[country] }
  return org
}

/** cac:Party of the seller or the buyer. `withVat` is false on an invoice not subject to VAT (BR-O-02). */
export function partyXml(p: InvoiceParty, opts: { withVat: boolean; seller: boolean }): XmlNode | null {
  const address = endpoint(p)
  const reg = registration(p)
  return el('cac:Party', [
    address && leaf('cbc:EndpointID', address.id, { schemeID: address.scheme }),
    el('cac:PartyName', [leaf('cbc:Name', p.legalName)]),
    el('cac:PostalAddress', [
      leaf('cbc:StreetName', p.address.line),
      leaf('cbc:CityName', p.address.city),
      leaf('cbc:PostalZone', p.address.postcode),
      el('cac:Country', [leaf('cbc:IdentificationCode', p.address.country)]),
    ]),
    opts.withVat && p.vatNumber && el('cac:PartyTaxScheme', [leaf('cbc:CompanyID', p.vatNumber), el('cac:TaxScheme', [leaf('cbc:ID', 'VAT')])]),
    // Norwegian companies state their entry in the Register of Business Enterprises (foretaksregisterloven § 10-2; Peppol NO-R-002).
    opts.seller && p.address.country === 'NO' && el('cac:PartyTaxScheme', [leaf('cbc:CompanyID', 'Foretaksregisteret'), el('cac:TaxScheme', [leaf('cbc:ID', 'TAX')])]),
    el('cac:PartyLegalEntity', [leaf('cbc:RegistrationName', p.legalName), reg && leaf('cbc:CompanyID', reg.id, { schemeID: reg.scheme })]),
    el('cac:Contact', [leaf('cbc:Name', p.contactName), leaf('cbc:Telephone', p.contactPhone), leaf('cbc:ElectronicMail', p.contactEmail)]),
  ])
}
