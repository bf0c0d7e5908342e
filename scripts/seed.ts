// npm run seed                        categories, demo admin, demo companies and their live listings (any database)
// npm run seed -- --categories-only   only the waste categories: what a production database needs
import { parseArgs } from 'node:util'
import { createPhotoStorage } from '../src/images/storage.js'
import { seedCategories } from '../src/seed/categories.js'
import { DEMO_ADMIN, DEMO_PASSWORD, seedDemoData } from '../src/seed/seed.js'
import { openForScript } from './cli.js'
import { dealTerms } from '../src/deals/terms.js'

const { values } = parseArgs({ options: { 'categories-only': { type: 'boolean', default: false } } })
const { config, log, database } = await openForScript()
try {
  if (values['categories-only']) {
    const added = await seedCategories(database.db)
    console.log(added ? `Added ${added} categories.` : 'All categories were already there.')
  } else if (config.NODE_ENV === 'production') {
    // The demo logins share a password printed in the README: on a public site they would be
    // open doors. Production gets the categories and real admins from `npm run admin:create`.
    console.error('Refusing to seed demo logins with NODE_ENV=production. Use `npm run seed -- --categories-only`.')
    process.exitCode = 2
  } else {
    const summary = await seedDemoData(database.db, log, { storage: createPhotoStorage(config), terms: dealTerms(config) })
    console.log(`Seeded: ${summary.categories} categories, ${summary.admin ? 'the admin' : 'no admin'}, ${summary.companies} companies, ${summary.users} users, `
      + `${summary.listings} listings with ${summary.photos} photos, ${summary.bids} bids, ${summary.watching} watchlist entries (the rest existed already).`)
    console.log(`Demo logins: ${DEMO_ADMIN.email} and the company owners, password ${DEMO_PASSWORD}`)
  }
} finally {
  await database.close()
}
