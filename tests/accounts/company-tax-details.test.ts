// A company's VAT number and billing address: asked at registration, checked against the
// chosen country, and edited by owners on the account page.
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { TestBrowser } from '../support/browser.js'
import { addTestMember, createTestCompany, logInAs } from '../support/factories.js'
import { validVatNumber } from '../support/vat-numbers.js'
import { registrationFields } from './helpers.js'

const { app, db } = await createTestApp()

const companyRow = (orgNumber: string) => db.selectFrom('companies').selectAll().where('org_number', '=', orgNumber).executeTakeFirst()
const countCompanies = async () => Number((await db.selectFrom('companies').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

describe('registration asks for the VAT number and an optional billing address', () => {
  it('asks for them on the form', async () => {
    const html = await (await new TestBrowser(app).get('/register')).text()
    for (const name of ['vat_number', 'billing_address_line', 'billing_postcode', 'billing_city', 'billing_country']) expect(html).toContain(`name="${name}"`)
  })

  it('stores the VAT number normalised with its prefix, and no billing address when none is given', async () => {
    const fields = registrationFields({ country: 'NO', org_number: `923 609 016`, vat_number: '923 609 016' })
    expect((await new TestBrowser(app).post('/register', fields)).status).toBe(303)
    expect(await companyRow(fields.org_number)).toMatchObject({
      vat_number: 'NO923609016MVA', billing_address_line: null, billing_postcode: null, billing_city: null, billing_country: null,
    })
  })

  it('stores a whole billing address', async () => {
    const fields = registrationFields({ billing_address_line: 'Box 120', billing_postcode: '201 21', billing_city: 'Malmö', billing_country: 'se' })
    expect((await new TestBrowser(app).post('/register', fields)).status).toBe(303)
    expect(await companyRow(fields.org_number)).toMatchObject({ billing_address_line: 'Box 120', billing_postcode: '201 21', billing_city: 'Malmö', billing_country: 'SE' })
  })

  const refused: Array<[string, Record<string, string>, string]> = [
    ['no VAT number', { vat_number: '' }, 'Enter the VAT number.'],
    ['a German number for a Swedish company', { vat_number: 'DE136695976' }, 'This is a VAT number of Germany (DE); a company in Sweden has one starting with SE.'],
    ['a typing mistake', { vat_number: 'SE556036079401' }, 'check digits do not add up'],
    ['a number too short', { vat_number: 'SE55603607901' }, 'A VAT number in Sweden is SE + the 10-digit organisation number + 01'],
    ['a Swedish number for a Finnish company', { country: 'FI' }, 'This is a VAT number of Sweden (SE); a company in Finland has one starting with FI.'],
    ['junk', { vat_number: '<b>1</b>' }, 'A VAT number has only letters and digits'],
    ['a Norwegian organisation number with a typing mistake', { country: 'NO', org_number: '923 609 017', vat_number: 'NO923609016MVA' }, 'A Norwegian organisation number is 9 digits'],
    ['half a billing address', { billing_address_line: 'Box 120' }, 'Enter the billing postcode, or leave the whole billing address empty.'],
    ['a billing country not on the list', { billing_address_line: 'Box 1', billing_postcode: '1', billing_city: 'X', billing_country: 'XX' }, 'Choose a country from the list.'],
  ]
  it.each(refused)('refuses %s with a message on the field, and creates nothing', async (_what, overrides, message) => {
    const before = await countCompanies()
    const res = await new TestBrowser(app).post('/register', registrationFields(overrides))
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html.replace(/&#39;/g, "'")).toContain(message)
    expect(await countCompanies()).toBe(before)
  })
})

describe('owners edit the VAT number and billing address on the account page', () => {
  const details = { address_line: 'Nya gatan 2', postcode: '411 01', city: 'Göteborg', contact_name: 'Per Persson', contact_email: '', contact_phone: '' }

  it('shows and saves them, checked against the company country, with an audit line', async () => {
    const company = await createTestCompany(db, { status: 'approved', country: 'FI' })
    const owner = await logInAs(app, company.owner)
    const form = await (await owner.get('/account/company')).text()
    expect(form).toContain(`value="${company.vatNumber}"`)
    const vat = validVatNumber('FI')!
    const res = await owner.post('/account/company', { ...details, vat_number: vat.slice(2), billing_address_line: 'PL 45', billing_postcode: '00101', billing_city: 'Helsinki', billing_country: 'FI' })
    expect(res.status).toBe(303)
    const row = await db.selectFrom('companies').selectAll().where('id', '=', company.companyId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ vat_number: vat, billing_address_line: 'PL 45', billing_city: 'Helsinki', billing_country: 'FI' })
    const page = await (await owner.get('/account')).text()
    expect(page).toContain(vat)
    expect(page).toContain('PL 45, 00101 Helsinki')
    const audit = await db.selectFrom('audit_log').select('detail').where('subject_id', '=', company.companyId).where('action', '=', 'company.details_changed').executeTakeFirstOrThrow()
    expect(JSON.stringify(audit.detail)).toContain(vat)
  })

  it("refuses another country's number or a bad one, changing nothing; members cannot edit", async () => {
    const company = await createTestCompany(db, { status: 'approved', country: 'DK' })
    const owner = await logInAs(app, company.owner)
    const before = await db.selectFrom('companies').selectAll().where('id', '=', company.companyId).executeTakeFirstOrThrow()
    for (const vat of [validVatNumber('SE')!, 'DK13585629', 'DK1358562', 'x']) {
      const res = await owner.post('/account/company', { ...details, vat_number: vat })
      expect(res.status, vat).toBe(422)
      expect(await res.text()).toContain('VAT number')
    }
    const member = await logInAs(app, await addTestMember(db, company.companyId))
    expect((await member.post('/account/company', { ...details, vat_number: validVatNumber('DK')! })).status).toBe(403)
    expect(await db.selectFrom('companies').selectAll().where('id', '=', company.companyId).executeTakeFirstOrThrow()).toEqual(before)
  })
})
