// Admin decisions about a company's status. Each one is a single transaction: the status
// change, the audit entry and the emails commit together or not at all.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { CompanyStatus } from '../db/types.js'
import type { Email } from '../notifications/email.js'
import {
  companyApprovedMessage, companyReactivatedMessage, companyRejectedMessage, companySuspendedMessage,
} from '../../views/emails/accounts.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { recordAudit } from './audit.js'
import { companyMayTrade } from '../listings/listing-state.js'
import { retractCompanyBids } from '../auctions/retract-bids.js'
import { isUuid } from './queries.js'

export type ModerationContext = { companyId: string; adminId: string; now: Date; baseUrl: string; ip?: string | null }

export type ModerationResult =
  | { ok: true; company: { id: string; legalName: string; status: CompanyStatus }; emailedTo: string[] }
  | { ok: false; status: 404 | 409; message: string }

type Recipient = { email: string; name: string }

type Transition = {
  from: CompanyStatus
  to: CompanyStatus
  action: string
  /** Past participle for messages: "cannot be approved". */
  done: string
  /** Owners only, or every member of the company. */
  recipients: 'owners' | 'everyone'
  email: (to: Recipient, companyName: string, reason: string | null, baseUrl: string) => Email
}

const statusWords: Record<CompanyStatus, string> = { pending: 'awaiting approval', approved: 'approved', rejected: 'rejected', suspended: 'suspended' }

function conflictMessage(name: string, current: CompanyStatus, t: Transition): string {
  return `${name} is ${statusWords[current]}, so it cannot be ${t.done}: only a company that is ${statusWords[t.from]} can. ` +
    'Another administrator may have acted on it a moment ago. Nothing was changed.'
}

async function changeStatus(db: Kysely<DB>, t: Transition, ctx: ModerationContext, reason: string | null): Promise<ModerationResult> {
  if (!isUuid(ctx.companyId)) return { ok: false, status: 404, message: 'There is no such company.' }
  return db.transaction().execute(async (trx) => {
    // The condition on the current status is the lock: when two admins act at once, the
    // second UPDATE waits for the first, re-reads the row, no longer matches and changes nothing.
    const company = await trx
      .updateTable('companies')
      .set({ status: t.to, status_reason: reason, status_changed_at: ctx.now })
      .where('id', '=', ctx.companyId)
      .where('status', '=', t.from)
      .returning(['id', 'legal_name', 'status'])
      .executeTakeFirst()
    if (!company) {
      const current = await trx.selectFrom('companies').select(['legal_name', 'status']).where('id', '=', ctx.companyId).executeTakeFirst()
      if (!current) return { ok: false as const, status: 404 as const, message: 'There is no such company.' }
      return { ok: false as const, status: 409 as const, message: conflictMessage(current.legal_name, current.status, t) }
    }

    // Only confirmed addresses: an unconfirmed one is not proven to belong to the registrant,
    // and its owner cannot log in until confirming, at which point the status is on the page.
    let people = trx
      .selectFrom('users')
      .select(['email', 'name'])
      .where('company_id', '=', company.id)
      .where('email_verified_at', 'is not', null)
    if (t.recipients === 'owners') people = people.where('company_role', '=', 'owner')
    const recipients = await people.orderBy('created_at').execute()
    await enqueueEmails(trx, recipients.map((r) => t.email(r, company.legal_name, reason, ctx.baseUrl)))

    // A company that may no longer trade loses its bids on live auctions at once; the auctions
    // are worked out again without them, their pages update and their bidders are told.
    const retracted = companyMayTrade(t.from) && !companyMayTrade(t.to)
      ? await retractCompanyBids(trx, { companyId: company.id, now: ctx.now, baseUrl: ctx.baseUrl })
      : 0

    await recordAudit(trx, {
      actorUserId: ctx.adminId, action: t.action, subjectType: 'company', subjectId: company.id, ip: ctx.ip ?? null,
      detail: { from: t.from, to: t.to, ...(reason ? { reason } : {}), emailedTo: recipients.map((r) => r.email), ...(retracted ? { auctionsWithBidsRetracted: retracted } : {}) },
    })
    return { ok: true as const, company: { id: company.id, legalName: company.legal_name, status: company.status }, emailedTo: recipients.map((r) => r.email) }
  })
}

const approve: Transition = {
  from: 'pending', to: 'approved', action: 'company.approved', done: 'approved', recipients: 'everyone',
  email: (r, name, _reason, base) => companyApprovedMessage(r.email, r.name, name, `${base}/`),
}
const reject: Transition = {
  from: 'pending', to: 'rejected', action: 'company.rejected', done: 'rejected', recipients: 'everyone',
  email: (r, name, reason, base) => companyRejectedMessage(r.email, r.name, name, reason ?? '', `${base}/account`),
}
const suspend: Transition = {
  from: 'approved', to: 'suspended', action: 'company.suspended', done: 'suspended', recipients: 'owners',
  email: (r, name, reason, base) => companySuspendedMessage(r.email, r.name, name, reason ?? '', `${base}/account`),
}
const reactivate: Transition = {
  from: 'suspended', to: 'approved', action: 'company.reactivated', done: 'reactivated', recipients: 'owners',
  email: (r, name, _reason, base) => companyReactivatedMessage(r.email, r.name, name, `${base}/`),
}

/** Pending → approved; the company may now list and bid. */
export const approveCompany = (db: Kysely<DB>, ctx: ModerationContext) => changeStatus(db, approve, ctx, null)

/** Pending → rejected, with the reason sent to the company. */
export const rejectCompany = (db: Kysely<DB>, ctx: ModerationContext & { reason: string }) => changeStatus(db, reject, ctx, ctx.reason)

/** Approved → suspended, with the reason sent to the owners. */
export const suspendCompany = (db: Kysely<DB>, ctx: ModerationContext & { reason: string }) => changeStatus(db, suspend, ctx, ctx.reason)

/** Suspended → approved again; the suspension reason is cleared. */
export const reactivateCompany = (db: Kysely<DB>, ctx: ModerationContext) => changeStatus(db, reactivate, ctx, null)
