import type { OutboxEntry, OutboxPage as Page } from '../../src/admin/outbox-queries.js'
import { CsrfField } from '../components/form.js'
import { AdminFrame, StatusBadge } from './nav.js'
import { formatTime } from './format.js'

type Status = '' | 'pending' | 'sending' | 'failed' | 'sent'

const statusLabels: Record<Exclude<Status, ''>, string> = { pending: 'Pending', sending: 'Sending', failed: 'Failed', sent: 'Sent' }

function pageHref(status: Status, before?: number) {
  const params = new URLSearchParams()
  if (status) params.set('status', status)
  if (before) params.set('before', String(before))
  const query = params.toString()
  return query ? `/admin/outbox?${query}` : '/admin/outbox'
}

/** When it goes (waiting), since when it is being sent (sending), when it went (sent). */
function When(props: { e: OutboxEntry }) {
  const { e } = props
  const at = (d: Date | null) => d ? <time datetime={d.toISOString()}>{formatTime(d)}</time> : '—'
  if (e.status === 'pending') return <>next try {at(e.nextAttemptAt)}</>
  if (e.status === 'sending') return <>claimed until {at(e.leaseUntil)}</>
  if (e.status === 'sent') return <>sent {at(e.sentAt)}</>
  return <>gave up</>
}

function Row(props: { e: OutboxEntry; csrfToken: string }) {
  const { e } = props
  return (
    <tr id={`email-${e.id}`}>
      <td data-label="Email">#{e.id} <StatusBadge status={e.status} label={statusLabels[e.status]} /></td>
      <td data-label="To" class="to">{e.to}</td>
      <td data-label="Subject" class="subject">{e.subject}<br /><small>{e.template}</small></td>
      <td data-label="Attempts">{e.attempts}</td>
      <td data-label="When"><When e={e} /><br /><small>queued {formatTime(e.createdAt)}</small></td>
      <td data-label="Last error" class="last-error">{e.lastError ?? '—'}</td>
      <td data-label="">
        {e.status === 'failed' && (
          <form method="post" action={`/admin/outbox/${e.id}/retry`} class="inline">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="secondary">Retry</button>
          </form>
        )}
      </td>
    </tr>
  )
}

export function OutboxPage(props: {
  page: Page
  counts: Record<'pending' | 'sending' | 'failed', number>
  status: Status
  firstPage: boolean
  csrfToken: string
  notice?: string
  problem?: string
}) {
  const { page, counts, status } = props
  return (
    <AdminFrame current="outbox" title="Email outbox" notice={props.notice}>
      {props.problem && <div class="alert error" role="alert">{props.problem}</div>}
      <p>
        <a href={pageHref('pending')}>{counts.pending} waiting</a> · <a href={pageHref('sending')}>{counts.sending} being sent</a>
        {' '}· <a href={pageHref('failed')}>{counts.failed} failed</a>. Newest first, {page.entries.length} shown. Bodies are not shown here: an email may hold a private link.
      </p>
      <form method="get" action="/admin/outbox" class="search-form outbox-filter" role="search">
        <label for="outbox-status">Status</label>
        <select id="outbox-status" name="status">
          <option value="" selected={status === ''}>All</option>
          {Object.entries(statusLabels).map(([value, label]) => <option value={value} selected={status === value}>{label}</option>)}
        </select>
        <button type="submit">Show</button>
      </form>
      {page.entries.length === 0
        ? <p>{status ? `No ${statusLabels[status].toLowerCase()} email${props.firstPage ? '' : ' further back'}.` : 'The outbox is empty.'}</p>
        : (
          <table class="card-table outbox">
            <thead>
              <tr><th scope="col">Email</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Attempts</th><th scope="col">When</th><th scope="col">Last error</th><th scope="col"><span class="visually-hidden">Action</span></th></tr>
            </thead>
            <tbody>{page.entries.map((e) => <Row e={e} csrfToken={props.csrfToken} />)}</tbody>
          </table>
        )}
      <p class="pager">
        {!props.firstPage && <a href={pageHref(status)}>Newest</a>}
        {!props.firstPage && page.nextCursor && ' · '}
        {page.nextCursor && <a href={pageHref(status, page.nextCursor)} rel="next">Older emails</a>}
      </p>
    </AdminFrame>
  )
}
