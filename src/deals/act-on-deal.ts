// Carries out one step of a deal: lock the deal's row, let the rules decide, write the change,
// its line in the history and the emails to both sides, and announce it to open deal pages —
// all in one transaction, so a step either happened completely or not at all. Two people
// acting at once are serialised by the lock; the second is judged on what the first left.
import type { Kysely, Selectable } from 'kysely'
import type { DB, Deals } from '../db/schema.js'
import type { EmailAttachment } from '../notifications/email.js'
import { enqueueEmails } from '../notifications/outbox.js'
import { dealStepMessage } from '../../views/emails/deals.js'
import { decide, type DealAction, type DealActor, type Party } from './deal-rules.js'
import { dealRecipients } from './deal-people.js'
import { issuePaperwork } from '../invoices/issue.js'
import { paperworkAttachments } from '../invoices/invoice-files.js'
import { describeStep, nextAction, stepTitle, type StepDetail } from './present.js'
import type { DealTerms } from './terms.js'
import { openTransferNote } from '../transfer-notes/queries.js'

export type DealRow = Selectable<Deals>

/** Who asks: a person (a member of a company, or an admin) or the platform itself. */
export type DealViewer = { userId: string; companyId: string | null; isAdmin: boolean } | 'system'

export type StepResult = { ok: true; deal: DealRow } | { ok: false; status: 404 | 409 | 422; message: string }

/**
 * What a step does besides the deal's own columns (a payment row, collection windows): run
 * under the lock once the rules allow the step; it may still refuse (e.g. a receipt already
 * recorded) before writing anything, and may add to the history line and the emails.
 */
export type StepEffect = (trx: Kysely<DB>, deal: DealRow, actor: DealActor) =>
  Promise<{ refusal: string } | { detail?: StepDetail; attachments?: (role: Party) => EmailAttachment[] }>

export const NOT_YOURS = 'There is no such deal.'

/** The role a viewer plays in a deal, or null when it is none of theirs (shown as "no such deal"). */
export function roleIn(deal: Pick<DealRow, 'buyer_company_id' | 'seller_company_id'>, viewer: DealViewer): DealActor | null {
  if (viewer === 'system') return { role: 'system' }
  if (viewer.companyId && viewer.companyId === deal.buyer_company_id) return { role: 'buyer', userId: viewer.userId, companyId: viewer.companyId }
  if (viewer.companyId && viewer.companyId === deal.seller_company_id) return { role: 'seller', userId: viewer.userId, companyId: viewer.companyId }
  if (viewer.isAdmin) return { role: 'admin', userId: viewer.userId }
  return null
}

export function lockDeal(db: Kysely<DB>, dealId: string) {
  return db.selectFrom('deals').selectAll().where('id', '=', dealId).forUpdate().executeTakeFirst()
}

/** Who hears of a step: both sides, except a reminder (the buyer's business only). */
const AUDIENCE: Partial<Record<DealAction['type'], Party[]>> = { remind_payment: ['buyer'] }

export type StepRequest = { dealId: string; viewer: DealViewer; action: DealAction; now: Date; terms: DealTerms; effect?: StepEffect }

export async function actOnDeal(db: Kysely<DB>, req: StepRequest): Promise<StepResult> {
  return db.transaction().execute((trx) => actOnDealIn(trx, req))
}

/** The same, inside a transaction the caller already holds (a webhook that records its event id beside the payment). */
export async function actOnDealIn(trx: Kysely<DB>, req: StepRequest): Promise<StepResult> {
  const deal = await lockDeal(trx, req.dealId)
  const actor = deal && roleIn(deal, req.viewer)
  if (!deal || !actor) return { ok: false, status: 404, message: NOT_YOURS }
  const decision = decide(factsOf(deal), req.action, actor, req.now, { autoCompleteDays: req.terms.autoCompleteDays })
  if (!decision.ok) return { ok: false, status: 409, message: decision.message }
  const effect = req.effect ? await req.effect(trx, deal, actor) : {}
  if ('refusal' in effect) return { ok: false, status: 409, message: effect.refusal }

  const updated = await trx.updateTable('deals')
    .set({ ...decision.changes, version: deal.version + 1, updated_at: req.now })
    .where('id', '=', deal.id).returningAll().executeTakeFirstOrThrow()
  // The invoices and credit notes the new state calls for, issued in this same transaction.
  const issued = await issuePaperwork(trx, updated, req)
  const paperwork = await paperworkAttachments(issued)
  const attachments = effect.attachments || issued.length > 0
    ? (role: Party) => [...(effect.attachments?.(role) ?? []), ...paperwork(role)] : undefined
  const detail: StepDetail = { ...actionDetail(req.action), ...effect.detail }
  await trx.insertInto('deal_events').values({
    deal_id: deal.id, kind: req.action.type, actor_role: actor.role, actor_user_id: 'userId' in actor ? actor.userId : null,
    detail: JSON.stringify(detail), created_at: req.now,
  }).execute()
  // The paperwork of a deal just paid is made in the payment's own transaction.
  if (deal.status !== 'paid' && updated.status === 'paid') await openTransferNote(trx, updated, req.now)
  await tellParties(trx, updated, { kind: req.action.type, detail, actorRole: actor.role }, req, attachments)
  return { ok: true, deal: updated }
}

async function tellParties(trx: Kysely<DB>, deal: DealRow, step: { kind: string; detail: StepDetail; actorRole: DealActor['role'] },
  req: { now: Date; terms: DealTerms; action: DealAction }, attachments?: (role: Party) => EmailAttachment[]) {
  const [people, listing] = await Promise.all([
    dealRecipients(trx, deal),
    trx.selectFrom('listings').select('title').where('id', '=', deal.listing_id).executeTakeFirstOrThrow(),
  ])
  const url = `${req.terms.baseUrl}/deals/${deal.id}`
  const parties = AUDIENCE[req.action.type] ?? (['buyer', 'seller'] as const)
  const emails = parties.flatMap((role) => people[role].map((r) => dealStepMessage(r, {
    number: deal.number, title: listing.title, url, subject: stepTitle(step.kind),
    headline: describeStep(step, deal, role, r.timeZone),
    next: nextAction(deal, role, req.now, r.timeZone, req.terms).text,
    attachments: attachments?.(role),
  })))
  await enqueueEmails(trx, emails)
}

export function factsOf(deal: DealRow) {
  return {
    status: deal.status, amount: deal.amount, amountReceived: deal.amount_received, feeRateBp: deal.fee_rate_bp, feeMinimum: deal.fee_minimum,
    payBy: deal.pay_by, paymentReminderSentAt: deal.payment_reminder_sent_at, autoCompleteAt: deal.auto_complete_at,
    cancelRequestedBy: deal.cancel_requested_by, refundAmount: deal.refund_amount, vatAmount: deal.vat_amount,
  }
}

/** What of the action the history keeps (amounts, reasons, notes). */
function actionDetail(action: DealAction): StepDetail {
  switch (action.type) {
    case 'record_payment': return { amount: action.amount, gateway: action.gateway, reference: action.reference, receivedAt: action.receivedAt.toISOString() }
    case 'open_dispute': return { reason: action.reason, text: action.text }
    case 'resolve_dispute': return { resolution: action.resolution, note: action.note }
    case 'record_payout': return { party: action.party, amount: action.amount }
    default: return {}
  }
}
