// "Won and bought": what the company bought, by auction, buy-now or at a fixed price, and
// where each sale stands.
import type { PurchaseView, DealStatus } from '../../src/dashboard/dashboard-view.js'
import { HazardLabel } from '../components/hazard-label.js'

const STATUS_CLASS: Partial<Record<DealStatus, string>> = {
  awaiting_payment: 'badge warn', paid: 'badge ok', handed_over: 'badge ok', completed: 'badge ok', disputed: 'badge warn', cancelled: 'badge',
}

export function PurchasesPage(props: { rows: (PurchaseView & { hazardous?: boolean })[]; limited: boolean }) {
  return (
    <section>
      <h1>Won and bought</h1>
      {props.rows.length === 0 ? (
        <p>Your company has not bought anything yet. Auctions you win and items you buy are listed here. <a href="/listings">Browse listings</a></p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Listing</th><th scope="col">Seller</th><th scope="col">Amount</th><th scope="col">How</th>
                <th scope="col">State</th><th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td><a href={`/listings/${r.listingId}`}>{r.title}</a>{r.hazardous && <> <HazardLabel /></>}</td>
                  <td>{r.seller}</td>
                  <td>{r.amount}</td>
                  <td>{r.kind}</td>
                  <td><span class={STATUS_CLASS[r.status] ?? 'badge'}>{r.statusLabel}</span> <a href={`/deals/${r.dealId}`}>Deal {r.dealNumber}</a></td>
                  <td><time datetime={r.date.iso}>{r.date.text}</time></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.limited && <p class="hint">Only the most recent purchases are shown.</p>}
    </section>
  )
}
