// What the payment tests share: a deal awaiting payment, straight into the database (the deal's
// own rules are tested with the deals), and the app listening on a real socket, as Stripe's
// webhook calls reach it.
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import type { App } from '../../src/app.js'
import { createTestCompany } from '../support/factories.js'
import { createTestListing } from '../support/listing-factory.js'

export async function createTestDeal(db: Kysely<DB>, opts: { now: Date; amount?: number; currency?: string }) {
  const seller = await createTestCompany(db, { status: 'approved' })
  const buyer = await createTestCompany(db, { status: 'approved' })
  const listing = await createTestListing(db, seller.companyId, { now: opts.now, status: 'ended' })
  const deal = await db.insertInto('deals').values({
    listing_id: listing, seller_company_id: seller.companyId, buyer_company_id: buyer.companyId, buyer_user_id: buyer.owner.userId,
    amount: opts.amount ?? 125_000, currency: opts.currency ?? 'EUR', kind: 'auction', created_at: opts.now,
    pay_by: new Date(opts.now.getTime() + 7 * 86400_000), updated_at: opts.now,
  }).returning('id').executeTakeFirstOrThrow()
  return deal.id
}

/** The app on a free local port; `url` is its origin. */
export async function listen(app: App): Promise<{ url: string; close(): Promise<void> }> {
  const server: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
