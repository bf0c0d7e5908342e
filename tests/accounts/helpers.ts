import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import type { TestBrowser } from '../support/browser.js'
import { validVatNumber } from '../support/vat-numbers.js'

let counter = 0

/** Form fields of a valid registration; each call gets its own email and org number. */
export function registrationFields(overrides: Record<string, string> = {}) {
  counter += 1
  const n = `${Date.now().toString(36)}${counter}`
  return {
    legal_name: `Kartong Återvinning ${n} AB`,
    org_number: `SE5566${n}`,
    country: 'SE',
    vat_number: validVatNumber('SE')!,
    address_line: 'Industrigatan 4',
    postcode: '211 20',
    city: 'Malmö',
    contact_name: 'Sara Lind',
    email: `sara.${n}@kartong.example`,
    password: 'correct horse battery',
    password_confirm: 'correct horse battery',
    ...overrides,
  }
}

/** The last email queued for an address. */
export async function lastEmailTo(db: Kysely<DB>, to: string) {
  return db.selectFrom('outbox').selectAll().where('to_address', '=', to).orderBy('id', 'desc').executeTakeFirst()
}

/** The path of the first link to our site in an email's text. */
export function linkIn(text: string): string {
  const match = text.match(/https?:\/\/[^\s]+/)
  if (!match) throw new Error(`no link in email: ${text}`)
  const url = new URL(match[0])
  return url.pathname + url.search
}

/** Registers through the form, confirms the email through the link, and logs in. */
export async function registerVerifiedUser(browser: TestBrowser, db: Kysely<DB>, overrides: Record<string, string> = {}) {
  const fields = registrationFields(overrides)
  const res = await browser.post('/register', fields)
  if (res.status !== 303) throw new Error(`registration failed: ${res.status} ${await res.text()}`)
  const mail = await lastEmailTo(db, fields.email)
  await browser.get(linkIn(mail!.text_body))
  const login = await browser.post('/login', { email: fields.email, password: fields.password })
  if (login.status !== 303) throw new Error(`login failed: ${login.status}`)
  const user = await db.selectFrom('users').selectAll().where('email', '=', fields.email).executeTakeFirstOrThrow()
  return { fields, user }
}
