// Reporting a listing and deciding its reports. A decision is one transaction: the withdrawal
// (when it is one), every open report of the listing closed, the audit entry and the emails to
// the reporters commit together or not at all.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import type { CompanyStatus, ListingStatus } from '../db/types.js'
import { isUuid } from '../lib/ids.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { recordAudit } from '../admin/audit.js'
import { withdrawListingByAdmin } from '../admin/listing-review.js'
import { reportDismissedMessage, reportUpheldMessage } from '../../views/emails/reports.js'
import { reportRefusal, type ReportDecision, type ReportReason, type ReportRefusal, type ReportStatus } from './report-rules.js'

export type FileReportResult = { ok: true; reportId: string } | ({ ok: false } & ReportRefusal)

const listingUrl = (baseUrl: string, listingId: string) => `${baseUrl}/listings/${listingId}#report`

export async function fileReport(
  db: Kysely<DB>,
  args: { listingId: string; companyId: string; companyStatus: CompanyStatus; userId: string; kind: ReportReason; details: string; now: Date },
): Promise<FileReportResult> {
  const listing = isUuid(args.listingId)
    ? await db.selectFrom('listings').select(['status', 'company_id']).where('id', '=', args.listingId).executeTakeFirst()
    : undefined
  const open = listing ? await findOpenReport(db, args.listingId, args.companyId) : undefined
  const refusal = reportRefusal(listing, { companyId: args.companyId, status: args.companyStatus }, Boolean(open))
  if (refusal) return { ok: false, ...refusal }
  // Two reports sent at once by one company: the unique index takes the first, the second inserts nothing.
  const row = await db.insertInto('listing_reports').values({
    listing_id: args.listingId, reporter_company_id: args.companyId, reporter_user_id: args.userId,
    reason_kind: args.kind, details: args.details, created_at: args.now,
  }).onConflict((oc) => oc.columns(['listing_id', 'reporter_company_id']).where('status', '=', 'open').doNothing())
    .returning('id').executeTakeFirst()
  if (!row) return { ok: false, ...reportRefusal(listing, { companyId: args.companyId, status: args.companyStatus }, true)! }
  return { ok: true, reportId: row.id }
}

function findOpenReport(db: Kysely<DB>, listingId: string, companyId: string) {
  return db.selectFrom('listing_reports').select('id')
    .where('listing_id', '=', listingId).where('reporter_company_id', '=', companyId).where('status', '=', 'open')
    .executeTakeFirst()
}

/** The company's latest report of the listing, for its own eyes on the listing page. */
export async function latestCompanyReport(db: Kysely<DB>, listingId: string, companyId: string) {
  return db.selectFrom('listing_reports')
    .select(['id', 'reason_kind', 'status', 'created_at', 'decided_at'])
    .where('listing_id', '=', listingId).where('reporter_company_id', '=', companyId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1)
    .executeTakeFirst()
}
export type CompanyReport = NonNullable<Awaited<ReturnType<typeof latestCompanyReport>>>

export async function countOpenReports(db: Kysely<DB>, listingId: string): Promise<number> {
  const row = await db.selectFrom('listing_reports').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('listing_id', '=', listingId).where('status', '=', 'open').executeTakeFirstOrThrow()
  return Number(row.n)
}

// ---------------------------------------------------------------------------------------------
// The admin's queue

export type QueuedReport = {
  id: string
  kind: ReportReason
  details: string
  createdAt: Date
  company: { id: string; name: string }
  reporterName: string | null
}

export type ReportGroup = {
  listing: { id: string; title: string; status: ListingStatus }
  seller: { id: string; name: string }
  count: number
  firstAt: Date
  reports: QueuedReport[]
}

/** Listings with open reports, the longest waiting first (at most `limit`), each with its open reports oldest first. */
export async function listOpenReportGroups(db: Kysely<DB>, limit: number, onlyListingId?: string): Promise<{ groups: ReportGroup[]; total: number }> {
  let headQuery = db.selectFrom('listing_reports as r')
    .innerJoin('listings as l', 'l.id', 'r.listing_id')
    .innerJoin('companies as s', 's.id', 'l.company_id')
    .select(['l.id', 'l.title', 'l.status', 's.id as seller_id', 's.legal_name as seller_name'])
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('r.created_at').as('first_at'), eb.fn.count<string>('l.id').over().as('total')])
    .where('r.status', '=', 'open')
  if (onlyListingId) headQuery = headQuery.where('r.listing_id', '=', onlyListingId)
  const heads = await headQuery
    .groupBy(['l.id', 's.id'])
    .orderBy('first_at').orderBy('l.id')
    .limit(limit)
    .execute()
  if (heads.length === 0) return { groups: [], total: 0 }
  const rows = await db.selectFrom('listing_reports as r')
    .innerJoin('companies as c', 'c.id', 'r.reporter_company_id')
    .leftJoin('users as u', 'u.id', 'r.reporter_user_id')
    .select(['r.id', 'r.listing_id', 'r.reason_kind', 'r.details', 'r.created_at', 'c.id as company_id', 'c.legal_name', 'u.name'])
    .where('r.status', '=', 'open').where('r.listing_id', 'in', heads.map((h) => h.id))
    .orderBy('r.created_at').orderBy('r.id')
    .execute()
  const groups = heads.map((h): ReportGroup => ({
    listing: { id: h.id, title: h.title, status: h.status },
    seller: { id: h.seller_id, name: h.seller_name },
    count: Number(h.n),
    firstAt: new Date(h.first_at),
    reports: rows.filter((r) => r.listing_id === h.id).map((r) => ({
      id: r.id, kind: r.reason_kind, details: r.details, createdAt: r.created_at,
      company: { id: r.company_id, name: r.legal_name }, reporterName: r.name,
    })),
  }))
  return { groups, total: Number(heads[0]!.total) }
}

/** One listing's group, or undefined when it has no open report (for a form sent back with its errors). */
export async function findOpenReportGroup(db: Kysely<DB>, listingId: string): Promise<ReportGroup | undefined> {
  if (!isUuid(listingId)) return undefined
  return (await listOpenReportGroups(db, 1, listingId)).groups[0]
}

// ---------------------------------------------------------------------------------------------
// Deciding

export type DecisionContext = { listingId: string; adminId: string; now: Date; baseUrl: string; ip?: string | null }

export type DecisionResult =
  | { ok: true; decision: ReportDecision; title: string; reports: number; notified: string[]; sellerEmailedTo: string[] }
  | { ok: false; status: 404 | 409; message: string }

const NOTHING_OPEN = 'This listing has no open reports: another administrator may have decided them a moment ago. Nothing was changed.'

/**
 * Dismisses every open report of the listing (the note goes to each reporter), or withdraws the
 * listing through the admin withdrawal (its reason goes to the seller) and closes the reports.
 */
export async function decideReports(
  db: Kysely<DB>,
  ctx: DecisionContext & ({ decision: 'dismissed'; note: string } | { decision: 'withdrawn'; reason: string }),
): Promise<DecisionResult> {
  if (!isUuid(ctx.listingId)) return { ok: false, status: 404, message: 'There is no such listing.' }
  return db.transaction().execute(async (trx): Promise<DecisionResult> => {
    // Locked, so two admins deciding at once cannot both close them: the second finds none open.
    const open = await trx.selectFrom('listing_reports')
      .select(['id', 'reporter_user_id', 'reporter_company_id'])
      .where('listing_id', '=', ctx.listingId).where('status', '=', 'open')
      .orderBy('created_at').forUpdate().execute()
    const listing = await trx.selectFrom('listings').select(['id', 'title']).where('id', '=', ctx.listingId).executeTakeFirst()
    if (!listing) return { ok: false, status: 404, message: 'There is no such listing.' }
    if (open.length === 0) return { ok: false, status: 409, message: NOTHING_OPEN }

    let sellerEmailedTo: string[] = []
    let note: string
    if (ctx.decision === 'withdrawn') {
      const withdrawn = await withdrawListingByAdmin(trx, { ...ctx, reason: ctx.reason })
      if (!withdrawn.ok) return { ok: false, status: withdrawn.status, message: `${withdrawn.message} Dismiss the reports instead, with a note.` }
      sellerEmailedTo = withdrawn.emailedTo
      note = ctx.reason
    } else {
      note = ctx.note
    }
    const status: ReportStatus = ctx.decision
    await trx.updateTable('listing_reports')
      .set({ status, decided_by: ctx.adminId, decided_at: ctx.now, decision_note: note })
      .where('id', 'in', open.map((r) => r.id))
      .execute()

    // Each person who reported, while still a confirmed member of the company that reported; once each.
    const userIds = [...new Set(open.flatMap((r) => (r.reporter_user_id ? [r.reporter_user_id] : [])))]
    const reporters = userIds.length === 0 ? [] : await trx.selectFrom('users').select(['id', 'email', 'name', 'company_id'])
      .where('id', 'in', userIds).where('email_verified_at', 'is not', null).orderBy('created_at').execute()
    const still = reporters.filter((u) => open.some((r) => r.reporter_user_id === u.id && r.reporter_company_id === u.company_id))
    const url = listingUrl(ctx.baseUrl, listing.id)
    await enqueueEmails(trx, still.map((u) => (ctx.decision === 'withdrawn'
      ? reportUpheldMessage(u, { title: listing.title, url })
      : reportDismissedMessage(u, { title: listing.title, note, url }))))
    const notified = still.map((u) => u.email)
    await recordAudit(trx, {
      actorUserId: ctx.adminId, action: `reports.${ctx.decision}`, subjectType: 'listing', subjectId: listing.id, ip: ctx.ip ?? null,
      detail: { title: listing.title, reports: open.length, note, notified },
    })
    return { ok: true, decision: ctx.decision, title: listing.title, reports: open.length, notified, sellerEmailedTo }
  })
}
