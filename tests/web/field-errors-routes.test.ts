// The forms people fill in most, posted with bad values through the real app: the answer
// (a full page for a plain browser, the fragment for htmx) ties each field's message to its
// field with aria-describedby and marks the field aria-invalid="true".
import { describe, expect, test } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany, logInAs, TEST_PASSWORD } from '../support/factories.js'
import { TestBrowser } from '../support/browser.js'
import { createTestListing } from '../support/listing-factory.js'
import { generateToken } from '../../src/lib/tokens.js'
import { invalidFields, unlinkedFieldErrors } from './field-errors-check.js'

const { app, db, clock } = await createTestApp()
const [seller, buyer] = await Promise.all([createTestCompany(db, { status: 'approved' }), createTestCompany(db, { status: 'approved' })])
const auction = await createTestListing(db, seller.companyId, { now: clock() })
const visitor = new TestBrowser(app)
const sellerBrowser = await logInAs(app, seller.owner)
const buyerBrowser = await logInAs(app, buyer.owner)

type Case = { name: string; as: () => TestBrowser; path: string; fields: Record<string, string>; invalid: string[] }

const CASES: Case[] = [
  { name: 'register, every field empty', as: () => visitor, path: '/register', fields: {},
    invalid: ['legal_name', 'org_number', 'country', 'address_line', 'postcode', 'city', 'contact_name', 'email', 'password'] },
  { name: 'register, a bad email and passwords that differ', as: () => visitor, path: '/register',
    fields: { legal_name: 'Fokus AB', org_number: '556677-8899', country: 'SE', address_line: 'Gatan 1', postcode: '111 22', city: 'Stockholm',
      contact_name: 'Eva', email: 'not-an-email', password: TEST_PASSWORD, password_confirm: 'something else entirely' }, invalid: ['email'] },
  { name: 'login, no email', as: () => visitor, path: '/login', fields: { email: '', password: 'x' }, invalid: ['email'] },
  { name: 'password reset, a bad email', as: () => visitor, path: '/password-reset', fields: { email: 'nope' }, invalid: ['email'] },
  { name: 'listing form, description too short and no category', as: () => sellerBrowser, path: '/listings',
    fields: { title: 'Baled cardboard, 12 t', description: 'short', category: '', quantity: '12', unit: 't', recurrence: 'one_off',
      location_city: 'Malmö', location_postcode: '211 20', location_country: 'SE', logistics: 'pickup', sale_type: 'fixed_price', fixed_price: '1500', intent: 'draft' },
    invalid: ['description', 'category'] },
  { name: 'bid, an amount that is not money', as: () => buyerBrowser, path: `/listings/${auction}/bids`,
    fields: { amount: 'a lot', max_amount: '', idempotency_key: generateToken() }, invalid: ['amount'] },
  { name: 'bid, below the minimum', as: () => buyerBrowser, path: `/listings/${auction}/bids`,
    fields: { amount: '1', max_amount: '', idempotency_key: generateToken() }, invalid: ['amount'] },
]

describe('a form posted with bad values answers with each message tied to its field', () => {
  for (const htmx of [false, true]) {
    test.each(CASES)(`$name (${htmx ? 'htmx' : 'plain'})`, async ({ as, path, fields, invalid }) => {
      const res = await as().post(path, fields, { htmx })
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      const html = await res.text()
      expect(unlinkedFieldErrors(html)).toEqual([])
      expect(invalidFields(html)).toEqual(expect.arrayContaining(invalid))
    })
  }
})
