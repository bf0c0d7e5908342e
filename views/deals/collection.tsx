// Where and when the material changes hands: the address, the agreed time, the times proposed
// (each with the button the reader may press: pick the other side's, withdraw their own), a
// form to propose times and, for the seller, one to correct the address. Plain forms; with
// htmx a refused form comes back in place with its messages.
import type { DealPageView } from '../../src/deals/deal-view.js'
import { CsrfField, Field, Notice } from '../components/form.js'

export const COLLECTION_ID = 'collection'
const ROWS = [1, 2, 3] as const

const enhance = (action: string) => ({ 'hx-post': action, 'hx-target': `#${COLLECTION_ID}`, 'hx-swap': 'outerHTML' })

export function CollectionSection(props: { deal: DealPageView; notice?: { ok: boolean; text: string } }) {
  const d = props.deal
  const c = d.collection
  const base = `/deals/${d.id}/collection`
  const open = c.windows.filter((w) => w.open)
  const form = c.form
  const other = d.role === 'buyer' ? 'seller' : 'buyer'
  return (
    <section id={COLLECTION_ID} aria-labelledby="collection-title">
      <h2 id="collection-title">Collection</h2>
      {props.notice && <Notice kind={props.notice.ok ? 'success' : 'error'}>{props.notice.text}</Notice>}
      <dl class="facts">
        <dt>Address</dt><dd>{c.address || 'Not given yet'}</dd>
        <dt>Agreed time</dt><dd>{c.agreed ?? 'Not agreed yet'}</dd>
      </dl>
      {open.length > 0 && (
        <>
          <h3>Proposed times</h3>
          <ul class="stack">
            {open.map((w) => {
              const mine = w.proposedBy === d.role
              return (
                <li>
                  <strong>{w.text}</strong>{' '}
                  <span class="small">{mine ? 'proposed by you' : `proposed by the ${w.proposedBy}`}</span>
                  {c.mayArrange && (
                    <form method="post" action={`${base}/${mine ? 'withdraw' : 'pick'}`} class="step-form" {...enhance(`${base}/${mine ? 'withdraw' : 'pick'}`)}>
                      <CsrfField token={d.csrfToken} />
                      <input type="hidden" name="window" value={w.id} />
                      <button type="submit" class={mine ? 'secondary' : ''}>{mine ? 'Withdraw this time' : 'Pick this time'}</button>
                    </form>
                  )}
                </li>
              )
            })}
          </ul>
        </>
      )}
      {c.mayArrange && (
        <details class="reason-form" open={form?.name === 'propose' || (!c.agreed && open.length === 0) ? true : undefined}>
          <summary>{c.agreed ? 'Propose a new time' : open.some((w) => w.proposedBy !== d.role) ? 'None of these suits? Propose another time' : 'Propose collection times'}</summary>
          <form method="post" action={`${base}/windows`} class="stack" {...enhance(`${base}/windows`)}>
            <CsrfField token={d.csrfToken} />
            <p class="hint">
              Times in {c.timeZone}. Propose up to three windows at once, each at most 14 days long; the {other} picks one
              {c.agreed ? ', which then replaces the agreed time' : ''}.
            </p>
            {ROWS.map((n) => (
              <fieldset>
                <legend>{n === 1 ? 'Time' : 'Another time'}</legend>
                <div class="row">
                  <Field name={`start_${n}`} label="From" type="datetime-local" required={n === 1} values={form?.name === 'propose' ? form.values : undefined} errors={form?.name === 'propose' ? form.errors : undefined} />
                  <Field name={`end_${n}`} label="Until" type="datetime-local" required={n === 1} values={form?.name === 'propose' ? form.values : undefined} errors={form?.name === 'propose' ? form.errors : undefined} />
                </div>
              </fieldset>
            ))}
            <button type="submit">Propose {c.agreed ? 'the new time' : 'these times'}</button>
          </form>
        </details>
      )}
      {c.mayArrange && d.role === 'seller' && (
        <details class="reason-form" open={form?.name === 'address' ? true : undefined}>
          <summary>Correct the collection address</summary>
          <form method="post" action={`${base}/address`} class="stack" {...enhance(`${base}/address`)}>
            <CsrfField token={d.csrfToken} />
            <Field name="address" label="Collection address" required maxlength={300}
              values={form?.name === 'address' ? form.values : { address: c.address }} errors={form?.name === 'address' ? form.errors : undefined}
              hint="Where the buyer collects the material: street, postcode and town, and anything that helps them find the gate." />
            <button type="submit">Save the address</button>
          </form>
        </details>
      )}
    </section>
  )
}
