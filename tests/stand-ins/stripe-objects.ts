// The Stripe stand-in's objects: reading the client's form encoding, building a Checkout Session
// from it the way Stripe does (the fields NordicLoop reads), and the hosted checkout page.

export type StandInSession = {
  id: string
  object: 'checkout.session'
  mode: string
  status: 'open' | 'complete' | 'expired'
  payment_status: 'unpaid' | 'paid'
  amount_subtotal: number
  amount_total: number
  currency: string
  client_reference_id: string | null
  customer_email: string | null
  metadata: Record<string, string>
  payment_intent: string | null
  success_url: string
  cancel_url: string | null
  url: string
  created: number
  expires_at: number
  livemode: false
  line_items: Array<{ name: string; unit_amount: number; quantity: number }>
}

type Form = Record<string, unknown>

/**
 * `line_items[0][price_data][currency]=eur&metadata[deal_id]=…` as nested objects, numbered keys
 * as arrays; the way the stripe client encodes (and Stripe's API reads) request parameters.
 */
export function parseStripeForm(raw: string): Form {
  const root: Form = Object.create(null)
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.replace(/\]/g, '').split('[')
    if (path.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) continue
    let node = root
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value
      else node = (node[part] ??= Object.create(null)) as Form
    })
  }
  const arrays = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v
    const entries = Object.entries(v).map(([k, x]) => [k, arrays(x)] as const)
    return entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))
      ? entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, x]) => x)
      : Object.fromEntries(entries)
  }
  return arrays(root) as Form
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const obj = (v: unknown): Form => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Form) : {})

/** A new open session from the create parameters, or the error Stripe would answer. */
export function sessionFromForm(form: Form, made: { id: string; created: number; url: (id: string) => string }): StandInSession | { error: string; param?: string } {
  if (form.mode !== 'payment') return { error: 'This stand-in only takes mode=payment.', param: 'mode' }
  const success = str(form.success_url)
  if (!success || !/^https?:\/\//.test(success)) return { error: 'Not a valid URL', param: 'success_url' }
  const items = Array.isArray(form.line_items) ? form.line_items : []
  if (items.length === 0) return { error: 'line_items is required in payment mode.', param: 'line_items' }
  const lines: StandInSession['line_items'] = []
  let currency: string | undefined
  for (const [i, item] of items.entries()) {
    const price = obj(obj(item).price_data)
    const unit = Number(str(price.unit_amount))
    const quantity = Number(str(obj(item).quantity) ?? '1')
    currency ??= str(price.currency)
    if (!Number.isSafeInteger(unit) || unit < 1) return { error: 'Invalid integer', param: `line_items[${i}][price_data][unit_amount]` }
    if (!Number.isSafeInteger(quantity) || quantity < 1) return { error: 'Invalid integer', param: `line_items[${i}][quantity]` }
    if (!currency || str(price.currency) !== currency) return { error: 'All line items must share one currency.', param: `line_items[${i}][price_data][currency]` }
    lines.push({ name: str(obj(price.product_data).name) ?? '', unit_amount: unit, quantity })
  }
  const total = lines.reduce((sum, l) => sum + l.unit_amount * l.quantity, 0)
  if (total > 99_999_999) return { error: 'Amount must be no more than 99,999,999.', param: 'line_items' }
  return {
    id: made.id,
    object: 'checkout.session',
    mode: 'payment',
    status: 'open',
    payment_status: 'unpaid',
    amount_subtotal: total,
    amount_total: total,
    currency: currency!,
    client_reference_id: str(form.client_reference_id) ?? null,
    customer_email: str(form.customer_email) ?? null,
    metadata: Object.fromEntries(Object.entries(obj(form.metadata)).filter((e): e is [string, string] => typeof e[1] === 'string')),
    payment_intent: null,
    success_url: success,
    cancel_url: str(form.cancel_url) ?? null,
    url: made.url(made.id),
    created: made.created,
    // Stripe's default: a session can be paid for 24 hours.
    expires_at: made.created + 24 * 3600,
    livemode: false,
    line_items: lines,
  }
}

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** The hosted page: what is being paid and a Pay button (no card fields: this is a stand-in). */
export function checkoutPage(session: StandInSession): string {
  const amount = `${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}`
  const body = session.status === 'open'
    ? `<form method="post" action="/pay/${escape(session.id)}"><button type="submit">Pay ${escape(amount)}</button></form>
       ${session.cancel_url ? `<p><a href="${escape(session.cancel_url)}">Cancel and return</a></p>` : ''}`
    : `<p>This checkout session is ${escape(session.status)}.</p>`
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe stand-in checkout</title></head><body>
    <h1>Stripe stand-in checkout</h1>
    <p>${escape(session.line_items.map((l) => l.name).join(', '))}</p>
    <p>Amount: <strong>${escape(amount)}</strong></p>
    ${body}</body></html>`
}
