// The admin's money queues: "Payments to record" (bank transfers received, found by the
// reference the buyer wrote) and "Payouts due" (payouts and refunds sent). Plain forms; after a
// recording the admin is sent back to the queue, which reads what was recorded from the database.
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../web/context.js'
import { currentUser } from '../web/guards.js'
import { ID } from '../lib/ids.js'
import { formatMoney } from '../lib/money.js'
import { redirectTo } from '../web/redirect.js'
import { renderPage } from '../web/render.js'
import { submittedForm, validForm } from '../web/validation.js'
import { clientIp } from '../web/client-ip.js'
import type { FieldErrors, FormValues } from '../web/forms.js'
import { statusWords } from '../deals/deal-rules.js'
import { dealNumberFromReference } from '../deals/payment-reference.js'
import { dealTerms } from '../deals/terms.js'
import { PaymentsPage, type PaymentSearch, type ReceiptFormState } from '../../views/admin/payments.js'
import { PayoutsPage, type PayoutFormState } from '../../views/admin/payouts.js'
import { findDealWithNames } from './deal-queries.js'
import { dealIdParam, requireDeal, unshownProblem } from './deal-pages.js'
import { recordBankReceipt, recordPayoutSent, type AdminAct } from './money-actions.js'
import {
  findDealByNumber, findPayout, findReceipt, listAwaitingPayment, listPayoutCandidates, PAYMENTS_QUEUE_LIMIT, PAYOUTS_QUEUE_LIMIT,
} from './money-queries.js'
import { presentPaymentRow, presentPayoutsDue, receiptNotice } from './money-present.js'
import { dayAt, futureDayProblem, latestToday, PaymentSearchQuery, PayoutForm, ReceiptForm } from './money-schemas.js'

const MISTYPED = (typed: string) =>
  `“${typed}” is not a NordicLoop payment reference: a character is probably mistyped, since its check digits do not match. ` +
  'A reference looks like RF18 NL10 42 (RF, two check digits, NL and the deal number); compare it with the bank statement.'

/** A number in the address that names a row, or null (a damaged link shows the page without it). */
const rowId = (v: string | undefined) => (v && /^\d{1,15}$/.test(v) ? Number(v) : null)

function adminAct(c: Context<AppEnv>): AdminAct {
  return { adminId: currentUser(c).userId, ip: clientIp(c), now: c.var.clock(), terms: dealTerms(c.var.config) }
}

async function searchPayments(c: Context<AppEnv>, typed: string): Promise<PaymentSearch> {
  const number = dealNumberFromReference(typed)
  if (number === null) return { reference: typed, error: MISTYPED(typed) }
  const deal = await findDealByNumber(c.var.db, number)
  if (!deal) return { reference: typed, message: `The reference is well formed, but no deal has the number ${number}. Check the reference on the bank statement.` }
  if (deal.status === 'awaiting_payment') return { reference: typed, found: { row: presentPaymentRow(deal, c.var.clock()), awaiting: true } }
  return { reference: typed, found: { dealId: deal.id, number: deal.number, title: deal.title, awaiting: false, status: statusWords(deal.status) } }
}

/** The payments queue, with a search, a notice, or one deal's form coming back with messages. */
async function showPayments(c: Context<AppEnv>, opts: { status?: 200 | 409 | 422; search?: PaymentSearch; notice?: string; state?: ReceiptFormState } = {}) {
  const now = c.var.clock()
  const deals = await listAwaitingPayment(c.var.db)
  let search = opts.search
  // A form sent back for a deal beyond the first page of the queue (or no longer in it) is shown above it.
  if (opts.state && !search && !deals.some((d) => d.id === opts.state!.dealId)) {
    const deal = await findDealWithNames(c.var.db, opts.state.dealId)
    if (deal) {
      search = deal.status === 'awaiting_payment'
        ? { reference: '', found: { row: presentPaymentRow(deal, now), awaiting: true } }
        : { reference: '', found: { dealId: deal.id, number: deal.number, title: deal.title, awaiting: false, status: statusWords(deal.status) } }
    }
  }
  const status = opts.status ?? (search?.error ? 422 : 200)
  // A refusal for a deal no longer waiting for money has no form to stand beside: it goes on top.
  const hasForm = deals.some((d) => d.id === opts.state?.dealId) || (search?.found?.awaiting && search.found.row.dealId === opts.state?.dealId)
  return renderPage(c, 'Payments to record', (
    <PaymentsPage rows={deals.map((d) => presentPaymentRow(d, now))} limit={PAYMENTS_QUEUE_LIMIT} csrfToken={c.var.csrfToken}
      today={latestToday(now)} notice={opts.notice} search={search} state={opts.state} problem={hasForm ? undefined : unshownProblem(opts.state)} />
  ), status)
}

const receiptInvalid = async (c: Context<AppEnv>, values: FormValues, errors: FieldErrors) =>
  showPayments(c, { status: 422, state: { dealId: (await requireDeal(c)).id, values, errors } })

async function showPayouts(c: Context<AppEnv>, opts: { status?: 200 | 409 | 422; notice?: string; problem?: string; state?: PayoutFormState } = {}) {
  const rows = await listPayoutCandidates(c.var.db, PAYOUTS_QUEUE_LIMIT + 1)
  const items = presentPayoutsDue(rows.slice(0, PAYOUTS_QUEUE_LIMIT))
  const state = opts.state
  // A refusal for a payout no longer due (another admin recorded it) has no form to stand beside.
  const problem = opts.problem ?? (items.some((i) => i.dealId === state?.dealId && i.party === state?.party) ? undefined : unshownProblem(state))
  return renderPage(c, 'Payouts due', (
    <PayoutsPage items={items} limited={rows.length > PAYOUTS_QUEUE_LIMIT} csrfToken={c.var.csrfToken} today={latestToday(c.var.clock())}
      notice={opts.notice} problem={problem} state={state} />
  ), opts.status ?? 200)
}

const payoutInvalid = async (c: Context<AppEnv>, values: FormValues, errors: FieldErrors) =>
  showPayouts(c, { status: 422, state: { dealId: (await requireDeal(c)).id, party: values.party ?? '', values, errors } })

/** The confirmation of a payout just recorded, read back from the database. */
async function payoutNotice(c: Context<AppEnv>, payoutId: number | null): Promise<string | undefined> {
  const row = payoutId === null ? null : await findPayout(c.var.db, payoutId)
  if (!row) return undefined
  const what = row.party === 'seller' ? 'payout' : 'refund'
  return `Recorded the ${what} of ${formatMoney(row.amount, row.currency)} to ${row.payee} for deal ${row.number} (bank reference ${row.reference}). Both sides have been told.`
}

/** The confirmation of a receipt just recorded, read back from the database. */
async function receiptNoticeOf(c: Context<AppEnv>, paymentId: number | null): Promise<string | undefined> {
  const r = paymentId === null ? null : await findReceipt(c.var.db, paymentId)
  return r ? receiptNotice({ number: r.number, amount: r.amount, reference: r.reference, price: r.price, receivedSoFar: r.received_so_far, currency: r.currency }) : undefined
}

export const adminMoneyRoutes = new Hono<AppEnv>()
  .get('/payments', async (c) => {
    const parsed = PaymentSearchQuery.safeParse(c.req.query())
    const typed = parsed.success ? parsed.data.reference : ''
    const search = !parsed.success ? { reference: '', error: parsed.error.issues[0]?.message ?? MISTYPED('') }
      : typed ? await searchPayments(c, typed) : undefined
    const recorded = await receiptNoticeOf(c, rowId(c.req.query('recorded')))
    return showPayments(c, { search, notice: recorded })
  })
  .post(`/payments/${ID}`, validForm(ReceiptForm, receiptInvalid), async (c) => {
    const dealId = dealIdParam(c)
    const form = c.req.valid('form')
    const act = adminAct(c)
    const future = futureDayProblem(form.received_on, act.now, 'the money arrived')
    if (future) return showPayments(c, { status: 422, state: { dealId, values: await submittedForm(c), errors: { received_on: future } } })
    const deal = await requireDeal(c)
    const result = await recordBankReceipt(c.var.db, {
      dealId, amount: form.amount, currency: deal.currency, receivedAt: dayAt(form.received_on), bankReference: form.bank_reference,
    }, act)
    if (!result.ok && result.status === 404) throw new HTTPException(404, { message: result.message })
    if (!result.ok) {
      // Paid meanwhile (a card payment, another admin): money that came in as well goes back to the buyer.
      const after = await findDealWithNames(c.var.db, dealId)
      const refund = after && after.status !== 'awaiting_payment' ? ' If this transfer did arrive as well, it has to be refunded to the buyer.' : ''
      return showPayments(c, { status: 409, state: { dealId, values: await submittedForm(c), problem: `Nothing was recorded. ${result.message}${refund}` } })
    }
    return redirectTo(c, `/admin/payments?recorded=${result.paymentId}`)
  })
  .get('/payouts', async (c) => {
    return showPayouts(c, { notice: await payoutNotice(c, rowId(c.req.query('sent'))) })
  })
  .post(`/payouts/${ID}`, validForm(PayoutForm, payoutInvalid), async (c) => {
    const dealId = dealIdParam(c)
    const form = c.req.valid('form')
    const act = adminAct(c)
    const state = { dealId, party: form.party, values: { paid_on: form.paid_on, bank_reference: form.bank_reference } }
    const future = futureDayProblem(form.paid_on, act.now, 'the money was sent')
    if (future) return showPayouts(c, { status: 422, state: { ...state, errors: { paid_on: future } } })
    const result = await recordPayoutSent(c.var.db, { dealId, party: form.party, amount: form.amount, paidOn: dayAt(form.paid_on), bankReference: form.bank_reference }, act)
    if (!result.ok && result.status === 404) throw new HTTPException(404, { message: result.message })
    if (!result.ok) return showPayouts(c, { status: 409, state: { ...state, problem: `Nothing was recorded. ${result.message}` } })
    return redirectTo(c, `/admin/payouts?sent=${result.payoutId}`)
  })
