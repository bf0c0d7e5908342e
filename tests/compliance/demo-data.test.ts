// The demo data shows this part of the product: every demo company's VAT number passes the
// check, Brenner Metallbau holds a verified permit with its document and can buy the live
// hazardous lot, Fynsk Fødevarer holds none and is told why, and Vänerpack's permit waits in
// the admin's queue.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'
import { logInAs } from '../support/factories.js'
import { createLogger } from '../../src/lib/logger.js'
import { createPhotoStorage } from '../../src/images/storage.js'
import { dealTerms } from '../../src/deals/terms.js'
import { DEMO_ADMIN, DEMO_COMPANIES, DEMO_PASSWORD, seedDemoData } from '../../src/seed/seed.js'
import { checkVatNumber, isNorwegianOrgNumber } from '../../src/compliance/vat-numbers.js'
import { verifiedPermit } from '../../src/compliance/permits.js'
import { PERMIT_REQUIRED_MESSAGE } from '../../src/compliance/hazardous-rules.js'

const uploads = await mkdtemp(join(tmpdir(), 'nordicloop-permits-'))
afterAll(() => rm(uploads, { recursive: true, force: true }))
const { app, db, clock, config } = await createTestApp({ config: { UPLOAD_DIR: uploads } })
await seedDemoData(db, createLogger('silent'), { storage: createPhotoStorage(config), terms: dealTerms(config), clock })

const company = (name: string) => db.selectFrom('companies').selectAll().where('legal_name', '=', name).executeTakeFirstOrThrow()
const loginOf = (name: string) => ({ email: DEMO_COMPANIES.find((c) => c.legalName === name)!.owner.email, password: DEMO_PASSWORD })

describe('demo companies and permits', () => {
  it("gives every demo company a VAT number that passes its country's check, and Norway's organisation number its mod 11", async () => {
    for (const demo of DEMO_COMPANIES) {
      const row = await company(demo.legalName)
      expect(checkVatNumber(row.vat_number ?? '', row.country), demo.legalName).toEqual({ ok: true, value: row.vat_number })
    }
    expect(isNorwegianOrgNumber((await company('Fjordplast Gjenvinning AS')).org_number)).toBe(true)
  })

  it('lets Brenner Metallbau, holding a verified permit, buy the live hazardous lot; Fynsk Fødevarer sees why it cannot', async () => {
    const brenner = await company('Brenner Metallbau GmbH')
    expect(await verifiedPermit(db, brenner.id, clock())).toMatchObject({ authority: 'Bezirksregierung Arnsberg' })
    expect(await verifiedPermit(db, (await company('Fynsk Fødevarer ApS')).id, clock())).toBeNull()
    const lot = await db.selectFrom('listings').innerJoin('ewc_codes', 'ewc_codes.code', 'listings.ewc_code')
      .select(['listings.id', 'listings.status']).where('ewc_codes.hazardous', '=', true).executeTakeFirstOrThrow()
    expect(lot.status).toBe('live')

    const fynsk = await logInAs(app, loginOf('Fynsk Fødevarer ApS'))
    const refused = (await (await fynsk.get(`/listings/${lot.id}`)).text()).replace(/&#39;/g, "'")
    expect(refused).toContain(PERMIT_REQUIRED_MESSAGE)
    expect(refused).not.toContain(`action="/listings/${lot.id}/buy"`)

    const buyer = await logInAs(app, loginOf('Brenner Metallbau GmbH'))
    expect(await (await buyer.get(`/listings/${lot.id}`)).text()).toContain(`action="/listings/${lot.id}/buy"`)
    const permitsPage = await (await buyer.get('/account/permits')).text()
    const docPath = /href="(\/permits\/[0-9a-f-]{36}\/document)"/.exec(permitsPage)![1]
    const doc = await buyer.get(docPath)
    expect(doc.headers.get('content-type')).toBe('application/pdf')
    expect(new TextDecoder().decode((await doc.arrayBuffer()).slice(0, 5))).toBe('%PDF-')
    expect((await fynsk.get(docPath)).status).toBe(404)
  })

  it("puts Vänerpack's permit in the admin's queue", async () => {
    const admin = await logInAs(app, { email: DEMO_ADMIN.email, password: DEMO_PASSWORD })
    expect(await (await admin.get('/admin/permits')).text()).toContain('Vänerpack AB')
  })
})
