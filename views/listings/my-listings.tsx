import type { ListingStatus } from '../../src/db/schema.js'
import { STATUS_LABELS, displayPrice } from '../../src/listings/present.js'
import { Notice } from '../components/form.js'

type Row = {
  id: string; title: string; status: ListingStatus; outcome: 'sold' | 'unsold' | null; sale_type: string; fixed_price: number | null
  start_price: number | null; current_price: number | null; currency: string; bid_count: number; status_reason: string | null; category_name: string
}

const notices: Record<string, string> = {
  submitted: 'Your listing was sent for review. We will email you when it is live.',
  withdrawn: 'The listing was withdrawn.',
}

const ORDER: ListingStatus[] = ['live', 'pending_review', 'draft', 'rejected', 'ended', 'withdrawn']

export function MyListingsPage(props: { listings: Row[]; notice?: string; canCreate: boolean }) {
  return (
    <section>
      <h1>My listings</h1>
      {props.notice && notices[props.notice] && <Notice kind="success">{notices[props.notice]}</Notice>}
      {props.canCreate && <p><a class="button" href="/listings/new">New listing</a></p>}
      {props.listings.length === 0 && <p>You have no listings yet.</p>}
      {ORDER.map((status) => {
        const rows = props.listings.filter((l) => l.status === status)
        if (rows.length === 0) return null
        return (
          <>
            <h2>{STATUS_LABELS[status]} <span class="count">({rows.length})</span></h2>
            <div class="table-wrap">
              <table>
                <thead><tr><th scope="col">Listing</th><th scope="col">Category</th><th scope="col">Price</th><th scope="col">Bids</th><th scope="col">Note</th></tr></thead>
                <tbody>
                  {rows.map((l) => {
                    const price = displayPrice(l)
                    return (
                      <tr>
                        <td><a href={`/listings/${l.id}`}>{l.title}</a></td>
                        <td>{l.category_name}</td>
                        <td>{price.amount}</td>
                        <td>{l.sale_type === 'auction' ? l.bid_count : '—'}</td>
                        <td>{l.outcome ?? l.status_reason ?? ''}</td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          </>
        )
      })}
    </section>
  )
}
