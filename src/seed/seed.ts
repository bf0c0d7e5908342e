// Demo data, so that a newcomer who runs `npm start` finds a marketplace with categories,
// an admin and a few trading companies to log in as. Every step looks before it writes:
// running the seed again changes nothing, and it repairs a half-seeded database.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { CompanyStatus } from '../db/types.js'
import type { Logger } from '../lib/logger.js'
import { hashPassword } from '../accounts/passwords.js'
import { createAdmin } from '../admin/create-admin.js'
import type { PhotoStorage } from '../images/storage.js'
import { seedCategories } from './categories.js'
import { seedDemoListings, type ListingSeedSummary } from './listings.js'
import { seedDemoDeals } from './deals.js'
import { seedDemoPermits } from './permits.js'
import { seedDemoRatings } from './ratings.js'
import { seedImpactDeals } from './impact-deals.js'
import type { DealTerms } from '../deals/terms.js'

/** One password for every demo login; it is printed in the README, so never use it in production. */
export const DEMO_PASSWORD = 'nordicloop-demo'

export const DEMO_ADMIN = { email: 'admin@nordicloop.example', name: 'Platform admin' }

export type DemoCompany = {
  legalName: string
  /** The national registration number (Sweden's organisationsnummer, Germany's Handelsregister entry…). */
  orgNumber: string
  /** Valid for the country (compliance/vat-numbers.ts), normalised. */
  vatNumber: string
  /** Where invoices go, when not to the registered address. */
  billing?: { line: string; postcode: string; city: string; country: string }
  country: string
  addressLine: string
  postcode: string
  city: string
  status: CompanyStatus
  owner: { name: string; email: string }
}

// Reserved `.example` domains: no demo email can reach a real mailbox.
export const DEMO_COMPANIES: readonly DemoCompany[] = [
  {
    legalName: 'Vänerpack AB', orgNumber: '556812-3458', vatNumber: 'SE556812345801', country: 'SE',
    billing: { line: 'Box 1045', postcode: '651 15', city: 'Karlstad', country: 'SE' },
    addressLine: 'Industrigatan 14', postcode: '652 21', city: 'Karlstad', status: 'approved',
    owner: { name: 'Karin Lindqvist', email: 'karin.lindqvist@vanerpack.example' },
  },
  {
    legalName: 'Saimaan Saha Oy', orgNumber: '2468135-7', vatNumber: 'FI24681357', country: 'FI',
    addressLine: 'Sahantie 3', postcode: '53100', city: 'Lappeenranta', status: 'approved',
    owner: { name: 'Mikko Virtanen', email: 'mikko.virtanen@saimaansaha.example' },
  },
  {
    legalName: 'Fynsk Fødevarer ApS', orgNumber: '35791248', vatNumber: 'DK35791248', country: 'DK',
    addressLine: 'Havnegade 22', postcode: '5000', city: 'Odense C', status: 'approved',
    owner: { name: 'Mette Jørgensen', email: 'mette.jorgensen@fynskfoedevarer.example' },
  },
  {
    legalName: 'Brenner Metallbau GmbH', orgNumber: 'HRB 31245', vatNumber: 'DE312456782', country: 'DE',
    billing: { line: 'Postfach 10 42 11', postcode: '44042', city: 'Dortmund', country: 'DE' },
    addressLine: 'Werkstraße 7', postcode: '44147', city: 'Dortmund', status: 'approved',
    owner: { name: 'Jonas Brenner', email: 'jonas.brenner@brenner-metallbau.example' },
  },
  {
    // Pending, so the admin's approval queue has something in it.
    legalName: 'Fjordplast Gjenvinning AS', orgNumber: '923 456 783', vatNumber: 'NO923456783MVA', country: 'NO',
    addressLine: 'Sjøgata 5', postcode: '5003', city: 'Bergen', status: 'pending',
    owner: { name: 'Ingrid Haugen', email: 'ingrid.haugen@fjordplast.example' },
  },
]

export type SeedSummary = { categories: number; admin: boolean; companies: number; users: number; deals: number } & ListingSeedSummary

/**
 * What the demo listings and deals need: where their photos go, the deal terms (with the
 * site's address for the links in emails), and the clock their times are counted from (the
 * real one by default).
 */
export type SeedDeps = { storage: PhotoStorage; terms: DealTerms; clock?: () => Date }

/** Categories, the demo admin, the demo companies with their owners, and their listings; idempotent. */
export async function seedDemoData(db: Kysely<DB>, log: Logger, deps: SeedDeps): Promise<SeedSummary> {
  const clock = deps.clock ?? (() => new Date())
  const now = clock()
  const base = { categories: await seedCategories(db), admin: false, companies: 0, users: 0 }

  // createAdmin resets the password of an existing account: only call it for a new one, so
  // a demo admin who changed their password keeps it.
  const admin = await db.selectFrom('users').select('id').where('email', '=', DEMO_ADMIN.email).executeTakeFirst()
  if (!admin) {
    await createAdmin(db, { ...DEMO_ADMIN, password: DEMO_PASSWORD }, now)
    base.admin = true
  }

  for (const company of DEMO_COMPANIES) {
    const created = await seedCompany(db, company, now)
    base.companies += created.company ? 1 : 0
    base.users += created.owner ? 1 : 0
  }
  const listings = await seedDemoListings(db, log, { storage: deps.storage, baseUrl: deps.terms.baseUrl, clock })
  const deals = await seedDemoDeals(db, log, { storage: deps.storage, clock, terms: deps.terms, adminEmail: DEMO_ADMIN.email })
  await seedDemoPermits(db, log, { storage: deps.storage, clock, baseUrl: deps.terms.baseUrl, adminEmail: DEMO_ADMIN.email })
  const rated = await seedDemoRatings(db, log, { storage: deps.storage, clock, terms: deps.terms, adminEmail: DEMO_ADMIN.email })
  const impact = await seedImpactDeals(db, log, { storage: deps.storage, clock, terms: deps.terms, adminEmail: DEMO_ADMIN.email })
  const summary: SeedSummary = { ...base, ...listings, photos: listings.photos + deals.photos + rated.photos + impact.photos, deals: deals.deals + rated.deals + impact.deals }
  if (summary.categories || summary.admin || summary.companies || summary.users || summary.listings || summary.deals) {
    log.info('demo data seeded', { ...summary, adminEmail: DEMO_ADMIN.email, password: DEMO_PASSWORD })
  }
  return summary
}

async function seedCompany(db: Kysely<DB>, company: DemoCompany, now: Date) {
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  return db.transaction().execute(async (trx) => {
    // The same lookup as the unique index: a country's organisation numbers, case-insensitive.
    const existing = await trx.selectFrom('companies').select('id')
      .where('country', '=', company.country)
      .where(sql<string>`lower(org_number)`, '=', company.orgNumber.toLowerCase())
      .executeTakeFirst()
    const companyId = existing?.id ?? (await trx.insertInto('companies').values({
      legal_name: company.legalName, org_number: company.orgNumber, country: company.country, vat_number: company.vatNumber,
      billing_address_line: company.billing?.line ?? null, billing_postcode: company.billing?.postcode ?? null,
      billing_city: company.billing?.city ?? null, billing_country: company.billing?.country ?? null,
      address_line: company.addressLine, postcode: company.postcode, city: company.city,
      contact_name: company.owner.name, status: company.status,
      status_changed_at: company.status === 'pending' ? null : now,
    }).returning('id').executeTakeFirstOrThrow()).id
    // A company seeded before VAT numbers were asked gets its number; one that has one keeps it.
    if (existing) await trx.updateTable('companies').set({ vat_number: company.vatNumber }).where('id', '=', companyId).where('vat_number', 'is', null).execute()

    const owner = await trx.insertInto('users').values({
      company_id: companyId, email: company.owner.email, name: company.owner.name, password_hash: passwordHash,
      company_role: 'owner', email_verified_at: now,
    }).onConflict((oc) => oc.column('email').doNothing()).returning('id').executeTakeFirst()
    return { company: !existing, owner: owner !== undefined }
  })
}

/**
 * On the first start of an empty embedded database, fills it with demo data. A database that
 * already has a company or a user is someone's data and is left exactly as it is.
 */
export async function seedIfEmpty(db: Kysely<DB>, log: Logger, deps: SeedDeps): Promise<SeedSummary | null> {
  const [company, user] = await Promise.all([
    db.selectFrom('companies').select('id').limit(1).executeTakeFirst(),
    db.selectFrom('users').select('id').limit(1).executeTakeFirst(),
  ])
  if (company || user) return null
  return seedDemoData(db, log, deps)
}
