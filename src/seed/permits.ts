// Demo waste permits, made through the real flows: Brenner Metallbau holds a verified permit
// (so it can buy the hazardous waste oil Saimaan Saha sells), Vänerpack's permit waits in the
// admin's queue, and Fynsk Fødevarer and Saimaan Saha hold none (they see why they cannot bid).
import PDFDocument from 'pdfkit'
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import type { PhotoStorage } from '../images/storage.js'
import { decidePermit, submitPermit } from '../compliance/permit-actions.js'
import { addDays } from '../compliance/permit-notices.js'
import { BRENNER, VANERPACK, loadMembers, type Org } from './listings.js'

type DemoPermit = { holder: Org; number: string; authority: string; years: number; verified: boolean; company: string; address: string; scope: string }

const DEMO_PERMITS: DemoPermit[] = [
  {
    holder: BRENNER, number: '52.2-8851-0427/25', authority: 'Bezirksregierung Arnsberg', years: 2, verified: true,
    company: 'Brenner Metallbau GmbH', address: 'Werkstraße 7, 44147 Dortmund',
    scope: 'Collection, storage and pre-treatment of used mineral oils (EWC 13 02 05*, 13 02 08*) and oily metal swarf (EWC 12 01 18*), up to 40 t a year.',
  },
  {
    holder: VANERPACK, number: '551-4127-2025', authority: 'Länsstyrelsen Värmland', years: 5, verified: false,
    company: 'Vänerpack AB', address: 'Industrigatan 14, 652 21 Karlstad',
    scope: 'Intermediate storage of hazardous waste: spent inks and adhesives (EWC 08 03 12*, 08 04 09*), up to 5 t at any time.',
  },
]

/** A one-page permit as an authority issues it, drawn as a PDF. */
export function permitPdf(p: DemoPermit, issuedOn: string, expiresOn: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Waste permit ${p.number}` } })
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
    doc.font('Helvetica-Bold').fontSize(16).text(p.authority)
    doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor('#555').text('Waste management permit (demo document, NordicLoop sample data)')
    doc.moveDown(1.5).fillColor('#000').font('Helvetica-Bold').fontSize(13).text(`Permit no. ${p.number}`)
    const rows: [string, string][] = [
      ['Holder', p.company], ['Site', p.address], ['Scope', p.scope], ['Issued on', issuedOn], ['Valid until', `${expiresOn} (expires on this date)`],
    ]
    doc.moveDown()
    for (const [label, value] of rows) {
      doc.font('Helvetica-Bold').fontSize(10).text(label)
      doc.font('Helvetica').text(value).moveDown(0.6)
    }
    doc.moveDown(2).text('On behalf of the authority', { continued: false }).moveDown(2).text('______________________________')
    doc.end()
  })
}

/** Adds the demo permits a company does not have yet; returns how many. */
export async function seedDemoPermits(db: Kysely<DB>, log: Logger, deps: { storage: PhotoStorage; clock: () => Date; baseUrl: string; adminEmail: string }) {
  const members = await loadMembers(db)
  const admin = await db.selectFrom('users').select('id').where('email', '=', deps.adminEmail).executeTakeFirst()
  let added = 0
  for (const demo of DEMO_PERMITS) {
    const member = members.get(demo.holder)
    if (!member || !admin) continue
    const existing = await db.selectFrom('waste_permits').select('id').where('company_id', '=', member.companyId).executeTakeFirst()
    if (existing) continue
    const now = deps.clock()
    const issuedOn = addDays(now.toISOString().slice(0, 10), -200)
    const expiresOn = addDays(issuedOn, demo.years * 365)
    const submitted = await submitPermit(db, { storage: deps.storage, log }, { companyId: member.companyId, userId: member.userId, ip: '127.0.0.1' },
      { permit_number: demo.number, issuing_authority: demo.authority, expires_on: expiresOn }, await permitPdf(demo, issuedOn, expiresOn), now)
    if (!submitted.ok) {
      log.warn('demo permit not seeded', { holder: demo.holder, reason: submitted.message })
      continue
    }
    if (demo.verified) await decidePermit(db, { userId: admin.id, ip: '127.0.0.1' }, submitted.permitId, { kind: 'verify' }, { now, baseUrl: deps.baseUrl })
    added += 1
  }
  return added
}
