// A company submits a waste permit; an admin verifies or rejects it. Each step is one
// transaction with its audit line and its email; the rows are never deleted.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { Logger } from '../lib/logger.js'
import { zoneForCountry } from '../lib/time.js'
import type { PhotoStorage } from '../images/storage.js'
import { recordAudit } from '../admin/audit.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { permitRejectedMessage, permitVerifiedMessage } from '../../views/emails/permits.js'
import { isoDate, localDate } from './permits.js'
import { permitDocumentKey, readPermitDocument, storePermitDocument } from './permit-documents.js'

export type PermitInput = { permit_number: string; issuing_authority: string; expires_on: string }
export type PermitStep = { ok: true; permitId: string } | { ok: false; status: 404 | 409 | 422 | 503; field?: string; message: string }

export const STORAGE_DOWN = 'The document cannot be saved right now. Please try again in a moment.'

/** Stores the document, then records the permit as submitted for an admin to verify. */
export async function submitPermit(
  db: Kysely<DB>,
  deps: { storage: PhotoStorage; log: Logger },
  actor: { companyId: string; userId: string; ip: string },
  input: PermitInput,
  file: Uint8Array | null,
  now: Date,
): Promise<PermitStep> {
  const company = await db.selectFrom('companies').select('country').where('id', '=', actor.companyId).executeTakeFirstOrThrow()
  if (input.expires_on <= localDate(now, zoneForCountry(company.country))) {
    return { ok: false, status: 422, field: 'expires_on', message: 'This permit has expired: upload one that is still valid.' }
  }
  const checked = await readPermitDocument(file ?? new Uint8Array())
  if (!checked.ok) return { ok: false, status: 422, field: 'document', message: checked.message }
  const permitId = randomUUID()
  const key = permitDocumentKey(actor.companyId, permitId, checked.document.contentType)
  try {
    await storePermitDocument(deps.storage, key, checked.document)
  } catch (err) {
    deps.log.error('permit document storage failed', { companyId: actor.companyId, error: (err as Error).message })
    return { ok: false, status: 503, field: 'document', message: STORAGE_DOWN }
  }
  // The document is stored first (a failed upload leaves no row pointing nowhere); if the row
  // then cannot be written, the document goes again, so no unlisted file is left behind.
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('waste_permits').values({
      id: permitId, company_id: actor.companyId, permit_number: input.permit_number, issuing_authority: input.issuing_authority,
      expires_on: input.expires_on, document_key: key, document_content_type: checked.document.contentType,
      uploaded_by: actor.userId, created_at: now,
    }).execute()
    await recordAudit(trx, {
      actorUserId: actor.userId, action: 'permit.submitted', subjectType: 'waste_permit', subjectId: permitId,
      detail: { companyId: actor.companyId, number: input.permit_number, expiresOn: input.expires_on }, ip: actor.ip,
    })
  }).catch(async (err: unknown) => {
    await deps.storage.delete([key]).catch((cleanup: Error) => deps.log.warn('permit document cleanup failed', { key, error: cleanup.message }))
    throw err
  })
  return { ok: true, permitId }
}

export type PermitDecision = { kind: 'verify' } | { kind: 'reject'; reason: string }

/**
 * An admin's decision on a submitted permit, under the permit's row lock: a second decision
 * (two admins at once, a resubmitted form) finds it decided and changes nothing.
 */
export async function decidePermit(
  db: Kysely<DB>,
  admin: { userId: string; ip: string },
  permitId: string,
  decision: PermitDecision,
  ctx: { now: Date; baseUrl: string },
): Promise<PermitStep> {
  return db.transaction().execute(async (trx) => {
    const permit = await trx.selectFrom('waste_permits').innerJoin('companies', 'companies.id', 'waste_permits.company_id')
      .select(['waste_permits.id', 'waste_permits.company_id', 'waste_permits.status', 'waste_permits.permit_number', 'waste_permits.issuing_authority',
        'waste_permits.expires_on', 'companies.legal_name', 'companies.country'])
      .where('waste_permits.id', '=', permitId).forUpdate('waste_permits').executeTakeFirst()
    if (!permit) return { ok: false as const, status: 404 as const, message: 'There is no such permit.' }
    if (permit.status !== 'submitted') return { ok: false as const, status: 409 as const, message: `This permit was already ${permit.status}.` }
    const expiresOn = isoDate(permit.expires_on)
    if (decision.kind === 'verify' && expiresOn <= localDate(ctx.now, zoneForCountry(permit.country))) {
      return { ok: false as const, status: 409 as const, message: 'This permit has expired: reject it, saying so.' }
    }
    await trx.updateTable('waste_permits').set({
      status: decision.kind === 'verify' ? 'verified' : 'rejected',
      rejection_reason: decision.kind === 'reject' ? decision.reason : null,
      verified_by: admin.userId, verified_at: ctx.now,
    }).where('id', '=', permit.id).execute()
    await recordAudit(trx, {
      actorUserId: admin.userId, action: decision.kind === 'verify' ? 'permit.verified' : 'permit.rejected', subjectType: 'waste_permit', subjectId: permit.id,
      detail: { companyId: permit.company_id, number: permit.permit_number, ...(decision.kind === 'reject' ? { reason: decision.reason } : {}) }, ip: admin.ip,
    })
    const facts = { number: permit.permit_number, authority: permit.issuing_authority, expiresOn }
    const url = `${ctx.baseUrl}/account/permits`
    const owners = await companyOwners(trx, permit.company_id)
    await enqueueEmails(trx, owners.map((o) => decision.kind === 'verify'
      ? permitVerifiedMessage(o.email, o.name, permit.legal_name, facts, url)
      : permitRejectedMessage(o.email, o.name, permit.legal_name, facts, decision.reason, url)))
    return { ok: true as const, permitId: permit.id }
  })
}

/** Who hears about the company's permits: its owners with a confirmed address. */
export function companyOwners(db: Kysely<DB>, companyId: string) {
  return db.selectFrom('users').select(['email', 'name'])
    .where('company_id', '=', companyId).where('company_role', '=', 'owner').where('email_verified_at', 'is not', null)
    .orderBy('email').execute()
}
