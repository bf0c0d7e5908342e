// What the account page and the admin's queue read about permits, and how a permit stands.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { isoDate, permitCounts } from './permits.js'
import { permitDocumentUrl } from './permit-documents.js'

export type PermitRow = {
  id: string; number: string; authority: string; expiresOn: string; status: 'submitted' | 'verified' | 'rejected'
  rejectionReason: string | null; documentUrl: string; documentKind: 'PDF' | 'image'; submittedAt: Date
}

const PERMIT_COLUMNS = [
  'waste_permits.id', 'waste_permits.permit_number', 'waste_permits.issuing_authority', 'waste_permits.expires_on', 'waste_permits.status',
  'waste_permits.rejection_reason', 'waste_permits.document_content_type', 'waste_permits.created_at',
] as const

type Selected = {
  id: string; permit_number: string; issuing_authority: string; expires_on: Date; status: PermitRow['status']
  rejection_reason: string | null; document_content_type: string; created_at: Date
}

const toPermitRow = (r: Selected): PermitRow => ({
  id: r.id, number: r.permit_number, authority: r.issuing_authority, expiresOn: isoDate(r.expires_on), status: r.status,
  rejectionReason: r.rejection_reason, documentUrl: permitDocumentUrl(r.id),
  documentKind: r.document_content_type === 'application/pdf' ? 'PDF' : 'image', submittedAt: r.created_at,
})

/** A company's permits, newest first. */
export async function companyPermits(db: Kysely<DB>, companyId: string): Promise<PermitRow[]> {
  const rows = await db.selectFrom('waste_permits').select(PERMIT_COLUMNS)
    .where('company_id', '=', companyId).orderBy('created_at', 'desc').orderBy('id').execute()
  return rows.map(toPermitRow)
}

/** Permits waiting for an admin, oldest first, with their company. */
export async function submittedPermits(db: Kysely<DB>) {
  const rows = await db.selectFrom('waste_permits').innerJoin('companies', 'companies.id', 'waste_permits.company_id')
    .select([...PERMIT_COLUMNS, 'companies.id as company_id', 'companies.legal_name', 'companies.country', 'companies.org_number'])
    .where('waste_permits.status', '=', 'submitted').orderBy('waste_permits.created_at').orderBy('waste_permits.id').limit(200).execute()
  return rows.map((r) => ({ ...toPermitRow(r), company: { id: r.company_id, name: r.legal_name, country: r.country, orgNumber: r.org_number } }))
}

export async function countSubmittedPermits(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('waste_permits').select(db.fn.countAll<number>().as('n')).where('status', '=', 'submitted').executeTakeFirstOrThrow()
  return Number(row.n)
}

export type PermitStanding = { tone: 'ok' | 'waiting' | 'bad'; text: string }

/** How a permit stands on the calendar day `today` (the company's), in words. */
export function permitStanding(p: { status: PermitRow['status']; expiresOn: string; rejectionReason: string | null }, today: string): PermitStanding {
  if (p.status === 'rejected') return { tone: 'bad', text: `Not accepted: ${p.rejectionReason ?? ''}` }
  if (p.status === 'submitted') return { tone: 'waiting', text: 'Waiting for NordicLoop to verify it' }
  if (permitCounts({ status: p.status, expiresOn: p.expiresOn }, today)) return { tone: 'ok', text: `Verified; counts until it expires on ${p.expiresOn}` }
  return { tone: 'bad', text: `Expired on ${p.expiresOn}` }
}
