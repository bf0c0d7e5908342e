// The VAT facts of companies as the rules read them: country, VAT number and whether that
// number is valid for the country (format and check digits, src/compliance/vat-numbers.ts).
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { checkVatNumber } from '../compliance/vat-numbers.js'
import { decideSaleVat, kindOfCategory, type VatDecision, type VatParty } from './vat-rules.js'

export function vatParty(company: { country: string; vat_number: string | null }): VatParty {
  const valid = company.vat_number !== null && checkVatNumber(company.vat_number, company.country).ok
  return { country: company.country, vatNumber: company.vat_number, vatNumberValid: valid }
}

type CompanyVatFacts = { id: string; country: string; vat_number: string | null }

/** The VAT of selling a lot of this category from the seller to the buyer, from their companies as read. */
export function vatOfSale(companies: CompanyVatFacts[], sale: { sellerCompanyId: string; buyerCompanyId: string }, categorySlug: string): VatDecision {
  const party = (id: string) => {
    const c = companies.find((x) => x.id === id)
    if (!c) throw new Error(`company ${id} of a sale is missing`)
    return vatParty(c)
  }
  return decideSaleVat(party(sale.sellerCompanyId), party(sale.buyerCompanyId), kindOfCategory(categorySlug))
}

/** The VAT of selling this listing from the seller to the buyer, as the companies stand now. */
export async function saleVatFor(db: Kysely<DB>, sale: { listingId: string; sellerCompanyId: string; buyerCompanyId: string }): Promise<VatDecision> {
  const [category, companies] = await Promise.all([
    db.selectFrom('listings').innerJoin('categories', 'categories.id', 'listings.category_id')
      .select('categories.slug').where('listings.id', '=', sale.listingId).executeTakeFirstOrThrow(),
    db.selectFrom('companies').select(['id', 'country', 'vat_number']).where('id', 'in', [sale.sellerCompanyId, sale.buyerCompanyId]).execute(),
  ])
  return vatOfSale(companies, sale, category.slug)
}
