// Admin decisions about a listing: approve or reject one awaiting review, withdraw one that is
// live. Each is a single transaction: the status change, the audit entry and the emails to the
// seller's company commit together or not at all.
import type { Kysely } from 'kysely'
import { changeListing, companyMayTrade, companyMayTradeSql, lockListing } from '../listings/listing-state.js'
import type { DB } from '../db/schema.js'
import type { ListingStatus } from '../db/types.js'
import type { Email } from '../notifications/email.js'
import { listingApprovedMessage, listingRejectedMessage, listingWithdrawnMessage } from '../../views/emails/listings.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { recordAudit } from './audit.js'
import { isUuid } from './queries.js'

/** An auction approved closer to its end than this would give buyers no fair chance to bid. */
export const MIN_TIME_LEFT_AT_APPROVAL_MS = 60 * 60 * 1000

export type ReviewContext = { listingId: string; adminId: string; now: Date; baseUrl: string; ip?: string | null }

export type ReviewResult =
  | { ok: true; listing: { id: string; title: string; status: ListingStatus }; emailedTo: string[] }
  /**
   * `decided`: someone else already moved the listing on, nothing left to do here.
   * `refused`: still awaiting review, but this decision cannot be taken; the other one may.
   */
  | { ok: false; status: 404 | 409; kind: 'missing' | 'decided' | 'refused'; message: string }

type Recipient = { email: string; name: string }
type Updated = { id: string; title: string; status: ListingStatus; company_id: string }

const NO_SUCH_LISTING = 'There is no such listing.'

const statusWords: Record<ListingStatus, string> = {
  draft: 'a draft', pending_review: 'awaiting review', live: 'live', ended: 'ended', withdrawn: 'withdrawn', rejected: 'rejected',
}

const STATUS_COMPANY = { pending: 'still awaiting approval', approved: 'approved', rejected: 'rejected', suspended: 'suspended' } as const

// Only when the listing changed twice between our UPDATE and the re-read (a resubmission racing us).
const changedMeanwhile = { ok: false, status: 409, kind: 'decided', message: 'The listing changed a moment ago. Reload the page and try again; nothing was changed.' } as const

function formatUtc(d: Date) {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** Emails every member of the seller's company with a confirmed address, and records the decision. */
async function announce(
  trx: Kysely<DB>,
  listing: Updated,
  ctx: ReviewContext,
  audit: { action: string; from: ListingStatus; reason?: string },
  email: (to: Recipient) => Email,
): Promise<Extract<ReviewResult, { ok: true }>> {
  // Only confirmed addresses: an unconfirmed one is not proven to belong to the company.
  const recipients = await trx
    .selectFrom('users')
    .select(['email', 'name'])
    .where('company_id', '=', listing.company_id)
    .where('email_verified_at', 'is not', null)
    .orderBy('created_at')
    .execute()
  await enqueueEmails(trx, recipients.map(email))
  const emailedTo = recipients.map((r) => r.email)
  await recordAudit(trx, {
    actorUserId: ctx.adminId, action: audit.action, subjectType: 'listing', subjectId: listing.id, ip: ctx.ip ?? null,
    detail: { title: listing.title, from: audit.from, to: listing.status, ...(audit.reason ? { reason: audit.reason } : {}), emailedTo },
  })
  return { ok: true, listing: { id: listing.id, title: listing.title, status: listing.status }, emailedTo }
}

/** Why a conditional UPDATE matched nothing, read after the fact. */
async function explainMiss(trx: Kysely<DB>, listingId: string, expected: ListingStatus, verb: string): Promise<Extract<ReviewResult, { ok: false }> | null> {
  const current = await trx.selectFrom('listings').select(['title', 'status']).where('id', '=', listingId).executeTakeFirst()
  if (!current) return { ok: false, status: 404, kind: 'missing', message: NO_SUCH_LISTING }
  if (current.status !== expected) {
    return {
      ok: false, status: 409, kind: 'decided',
      message: `“${current.title}” is ${statusWords[current.status]}, so it cannot be ${verb}: only a listing that is ${statusWords[expected]} can. ` +
        'Another administrator may have acted on it a moment ago. Nothing was changed.',
    }
  }
  return null
}

/**
 * Awaiting review → live, published now. An auction whose start time has passed is live from
 * this moment (its start time is kept: bidding opens because the listing is live). One that has
 * already ended, or would end within the hour, is refused: the seller must set new times, so
 * the admin rejects it with that reason instead. The seller's company must still be approved.
 */
export async function approveListing(db: Kysely<DB>, ctx: ReviewContext): Promise<ReviewResult> {
  if (!isUuid(ctx.listingId)) return { ok: false, status: 404, kind: 'missing', message: NO_SUCH_LISTING }
  const latestEnd = new Date(ctx.now.getTime() + MIN_TIME_LEFT_AT_APPROVAL_MS)
  return db.transaction().execute(async (trx) => {
    // The conditions are the lock: when two admins act at once, the second UPDATE waits for the
    // first, re-reads the row, no longer matches and changes nothing.
    const listing = await trx
      .updateTable('listings')
      .set({ status: 'live', published_at: ctx.now, status_reason: null, updated_at: ctx.now })
      .where('id', '=', ctx.listingId)
      .where('status', '=', 'pending_review')
      .where((eb) => eb.or([eb('sale_type', '<>', 'auction'), eb('ends_at', '>=', latestEnd)]))
      .where(companyMayTradeSql('listings.company_id'))
      .returning(['id', 'title', 'status', 'company_id'])
      .executeTakeFirst()
    if (!listing) {
      const miss = await explainMiss(trx, ctx.listingId, 'pending_review', 'approved')
      if (miss) return miss
      return refusal(trx, ctx)
    }
    return announce(trx, listing, ctx, { action: 'listing.approved', from: 'pending_review' },
      (r) => listingApprovedMessage(r.email, r.name, listing.title, `${ctx.baseUrl}/listings/${listing.id}`))
  })
}

/** The listing is awaiting review but may not go live: its auction is over or nearly, or its seller may not trade. */
async function refusal(trx: Kysely<DB>, ctx: ReviewContext): Promise<Extract<ReviewResult, { ok: false }>> {
  const row = await trx
    .selectFrom('listings')
    .innerJoin('companies', 'companies.id', 'listings.company_id')
    .select(['listings.title', 'listings.ends_at', 'companies.legal_name', 'companies.status as company_status'])
    .where('listings.id', '=', ctx.listingId)
    .executeTakeFirstOrThrow()
  if (!companyMayTrade(row.company_status)) {
    return {
      ok: false, status: 409, kind: 'refused',
      message: `“${row.title}” cannot go live: its seller ${row.legal_name} is ${STATUS_COMPANY[row.company_status]}. Reject the listing instead, with the reason.`,
    }
  }
  const ended = row.ends_at !== null && row.ends_at.getTime() <= ctx.now.getTime()
  const when = row.ends_at ? formatUtc(row.ends_at) : 'an unknown time'
  return {
    ok: false, status: 409, kind: 'refused',
    message: ended
      ? `“${row.title}” cannot be approved: its auction already ended at ${when}. Reject it instead and ask the seller to set new times.`
      : `“${row.title}” cannot be approved: its auction ends at ${when}, less than an hour from now, which leaves buyers no fair chance to bid. ` +
        'Reject it instead and ask the seller to set new times.',
  }
}

/** Awaiting review → rejected, with the reason the seller reads and can act on. */
export async function rejectListing(db: Kysely<DB>, ctx: ReviewContext & { reason: string }): Promise<ReviewResult> {
  if (!isUuid(ctx.listingId)) return { ok: false, status: 404, kind: 'missing', message: NO_SUCH_LISTING }
  return db.transaction().execute(async (trx) => {
    const listing = await trx
      .updateTable('listings')
      .set({ status: 'rejected', status_reason: ctx.reason, updated_at: ctx.now })
      .where('id', '=', ctx.listingId)
      .where('status', '=', 'pending_review')
      .returning(['id', 'title', 'status', 'company_id'])
      .executeTakeFirst()
    if (!listing) return (await explainMiss(trx, ctx.listingId, 'pending_review', 'rejected')) ?? changedMeanwhile
    return announce(trx, listing, ctx, { action: 'listing.rejected', from: 'pending_review', reason: ctx.reason },
      (r) => listingRejectedMessage(r.email, r.name, listing.title, ctx.reason, `${ctx.baseUrl}/listings/${listing.id}/edit`))
  })
}

/**
 * Live → withdrawn by an admin, with a reason, whatever bids it has: this is for listings that
 * break the rules, where the seller's own "no withdrawal once bids are in" does not apply.
 * Given a transaction it runs inside it, so a caller (deciding a listing's reports) commits its
 * own changes with the withdrawal or not at all.
 */
export async function withdrawListingByAdmin(db: Kysely<DB>, ctx: ReviewContext & { reason: string }): Promise<ReviewResult> {
  if (!isUuid(ctx.listingId)) return { ok: false, status: 404, kind: 'missing', message: NO_SUCH_LISTING }
  const inTransaction = <T>(work: (trx: Kysely<DB>) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work))
  return inTransaction(async (trx) => {
    const locked = await lockListing(trx, ctx.listingId)
    if (!locked || locked.status !== 'live') return (await explainMiss(trx, ctx.listingId, 'live', 'withdrawn')) ?? changedMeanwhile
    // Open pages learn at once that the listing is off the market (the change is announced).
    await changeListing(trx, locked, { status: 'withdrawn', status_reason: ctx.reason, ended_at: ctx.now }, ctx.now)
    const listing = { id: locked.id, title: locked.title, status: 'withdrawn' as const, company_id: locked.company_id }
    return announce(trx, listing, ctx, { action: 'listing.withdrawn', from: 'live', reason: ctx.reason },
      (r) => listingWithdrawnMessage(r.email, r.name, listing.title, ctx.reason, `${ctx.baseUrl}/listings/${listing.id}`))
  })
}
