import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { createLogger } from '../../src/lib/logger.js'
import { CATEGORIES } from '../../src/seed/categories.js'
import { DEMO_ADMIN, DEMO_COMPANIES, DEMO_PASSWORD, seedDemoData, seedIfEmpty } from '../../src/seed/seed.js'
import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'

const log = createLogger('silent')

// The slugs the CO2e factor table is keyed by; a renamed slug would orphan its factors.
const FACTOR_SLUGS = [
  'paper-cardboard', 'plastics', 'ferrous-metals', 'non-ferrous-metals', 'wood-pallets', 'glass', 'textiles',
  'organic-food', 'electronics-weee', 'construction-demolition', 'chemicals-hazardous', 'other',
]

/** Everything the seed writes, in a stable order, to compare before and after. */
async function snapshot(db: Kysely<DB>) {
  return {
    categories: await db.selectFrom('categories').selectAll().orderBy('slug').execute(),
    companies: await db.selectFrom('companies').selectAll().orderBy('org_number').execute(),
    users: await db.selectFrom('users').selectAll().orderBy('email').execute(),
    audit: await db.selectFrom('audit_log').select(['action', 'subject_id']).orderBy('id').execute(),
    outbox: await db.selectFrom('outbox').select('id').execute(),
  }
}

describe('demo seed', async () => {
  const { app, db } = await createTestApp()
  const first = await seedIfEmpty(db, log)

  it('has the waste categories (a migration inserts them) with the slugs of the CO2e factors', async () => {
    expect(first?.categories).toBe(0) // already there: the seed only fills in missing ones
    const rows = await db.selectFrom('categories').select(['slug', 'name', 'description']).execute()
    expect(rows.map((r) => r.slug).sort()).toEqual([...FACTOR_SLUGS].sort())
    for (const row of rows) {
      expect(row.name.length).toBeGreaterThan(2)
      expect(row.description).toMatch(/\.$/)
    }
    expect(rows.find((r) => r.slug === 'electronics-weee')?.name).toBe('Electronics (WEEE)')
  })

  it('creates a verified platform admin', async () => {
    const admin = await db.selectFrom('users').selectAll().where('email', '=', DEMO_ADMIN.email).executeTakeFirstOrThrow()
    expect(admin.is_admin).toBe(true)
    expect(admin.company_id).toBeNull()
    expect(admin.email_verified_at).not.toBeNull()
  })

  it('creates four approved companies in different countries and one pending, each with a verified owner', async () => {
    const companies = await db.selectFrom('companies')
      .innerJoin('users', 'users.company_id', 'companies.id')
      .select(['companies.legal_name', 'companies.country', 'companies.status', 'users.email', 'users.company_role', 'users.email_verified_at'])
      .execute()
    const approved = companies.filter((c) => c.status === 'approved')
    expect(approved).toHaveLength(4)
    expect(new Set(approved.map((c) => c.country)).size).toBe(4)
    expect(companies.filter((c) => c.status === 'pending')).toHaveLength(1)
    for (const c of companies) {
      expect(c.company_role).toBe('owner')
      expect(c.email_verified_at).not.toBeNull()
    }
  })

  it('lets every demo login log in with the demo password', async () => {
    const logins = [DEMO_ADMIN.email, ...DEMO_COMPANIES.map((c) => c.owner.email)]
    for (const email of logins) {
      const browser = new TestBrowser(app)
      const res = await browser.post('/login', { email, password: DEMO_PASSWORD })
      expect(res.status, email).toBe(303)
      expect(res.headers.get('location')).toBe('/')
      const account = await browser.get('/account')
      expect(account.status).toBe(200)
      expect(await account.text()).toContain(email)
    }
    // And the shared password is the only way in: a wrong one is refused.
    const res = await new TestBrowser(app).post('/login', { email: DEMO_ADMIN.email, password: 'not-the-demo-password' })
    expect(res.status).toBe(401)
  })

  it('shows the seeded categories on the home page', async () => {
    const html = await (await app.request('/')).text()
    for (const c of CATEGORIES) expect(html).toContain(c.name.replace('&', '&amp;'))
  })

  it('changes nothing when run again, whether through seedIfEmpty or directly', async () => {
    const before = await snapshot(db)
    expect(await seedIfEmpty(db, log)).toBeNull()
    expect(await seedDemoData(db, log)).toEqual({ categories: 0, admin: false, companies: 0, users: 0 })
    expect(await snapshot(db)).toEqual(before)
  })

  it('completes a half-seeded database without touching what is there', async () => {
    const removed = DEMO_COMPANIES[1]
    await db.deleteFrom('companies').where('org_number', '=', removed.orgNumber).execute()
    await db.updateTable('categories').set({ name: 'Timber and pallets' }).where('slug', '=', 'wood-pallets').execute()
    const summary = await seedDemoData(db, log)
    expect(summary).toEqual({ categories: 0, admin: false, companies: 1, users: 1 })
    const wood = await db.selectFrom('categories').select('name').where('slug', '=', 'wood-pallets').executeTakeFirstOrThrow()
    expect(wood.name).toBe('Timber and pallets')
    const owner = await db.selectFrom('users').select('email').where('email', '=', removed.owner.email).executeTakeFirst()
    expect(owner).toBeDefined()
  })
})

describe('seedIfEmpty on a database in use', async () => {
  const { db } = await createTestApp()

  it('leaves a database with a user in it alone', async () => {
    await db.insertInto('users').values({ email: 'someone@example.com', name: 'Someone', password_hash: 'x', is_admin: true }).execute()
    expect(await seedIfEmpty(db, log)).toBeNull()
    const companies = await db.selectFrom('companies').select('id').execute()
    expect(companies).toHaveLength(0)
  })
})
