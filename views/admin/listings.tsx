import type { FieldErrors, FormValues } from '../components/form.js'
import type { LiveListing, LiveListingPage } from '../../src/admin/listing-types.js'
import { AdminFrame, StatusBadge } from './nav.js'
import { formatTime, statusLabels } from './format.js'
import { ReasonDecision } from './listing-forms.js'

export const liveItemId = (listingId: string) => `live-${listingId}`

export type WithdrawFormState = { listingId: string; values?: FormValues; errors?: FieldErrors }

/** One live listing; htmx swaps this whole article after a withdrawal. */
export function LiveListingItem(props: { listing: LiveListing; csrfToken: string; form?: WithdrawFormState }) {
  const l = props.listing
  const id = liveItemId(l.id)
  const form = props.form?.listingId === l.id ? props.form : undefined
  return (
    <article id={id} class="card">
      <h2><a href={`/listings/${l.id}`}>{l.title}</a></h2>
      <p>
        {l.categoryName} · {l.saleType === 'auction' ? `Auction, ${l.bidCount} bid${l.bidCount === 1 ? '' : 's'}` : 'Fixed price'} · {l.price}
        {l.endsAt && <> · ends <time datetime={l.endsAt.toISOString()}>{formatTime(l.endsAt)}</time></>}
      </p>
      <p>
        Seller <a href={`/admin/companies/${l.seller.id}`}>{l.seller.name}</a>, {l.seller.countryName}{' '}
        <StatusBadge status={l.seller.status} label={statusLabels[l.seller.status]} />
        {' '}· published {formatTime(l.publishedAt)}
      </p>
      <div class="actions">
        <ReasonDecision url={`/admin/listings/${l.id}/withdraw`} csrfToken={props.csrfToken} target={id} id={`withdraw-reason-${l.id}`}
          label="Withdraw" hint="The listing leaves the marketplace at once. The seller's company receives this reason by email."
          values={form?.values} errors={form?.errors} />
      </div>
    </article>
  )
}

export function LiveListingOutcome(props: { listingId: string; kind: 'success' | 'error'; message: string }) {
  return (
    <article id={liveItemId(props.listingId)} class="card">
      <div class={`alert ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>{props.message}</div>
    </article>
  )
}

function pageHref(q: string, before?: string) {
  const params = new URLSearchParams()
  if (q) params.set('q', q)
  if (before) params.set('before', before)
  const query = params.toString()
  return query ? `/admin/listings?${query}` : '/admin/listings'
}

export function LiveListingsPage(props: {
  q: string
  page: LiveListingPage
  firstPage: boolean
  csrfToken: string
  notice?: string
  problem?: string
  form?: WithdrawFormState
}) {
  const { q, page } = props
  return (
    <AdminFrame current="listings" title="Live listings" notice={props.notice}>
      {props.problem && <div class="alert error" role="alert">{props.problem}</div>}
      <form method="get" action="/admin/listings" class="search-form" role="search">
        <label for="listing-q">Title</label>
        <input id="listing-q" type="search" name="q" value={q} maxlength={200} />
        <button type="submit">Search</button>
      </form>
      {page.listings.length === 0 && <p>No live listing{q ? <> has “{q}” in its title</> : ''}.</p>}
      {page.listings.map((listing) => <LiveListingItem listing={listing} csrfToken={props.csrfToken} form={props.form} />)}
      <p class="pager">
        {!props.firstPage && <a href={pageHref(q)}>First page</a>}
        {!props.firstPage && page.nextCursor && ' · '}
        {page.nextCursor && <a href={pageHref(q, page.nextCursor)} rel="next">Older listings</a>}
      </p>
    </AdminFrame>
  )
}
