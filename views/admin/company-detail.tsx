import type { AuditEntry, CompanyDetail } from '../../src/admin/types.js'
import type { FieldErrors, FormValues } from '../components/form.js'
import { AdminFrame } from './nav.js'
import { CompanyFacts, VerifiedMark } from './company-facts.js'
import { ButtonForm, ReasonForm } from './moderation-forms.js'
import { AuditTable } from './audit.js'
import { formatTime } from './format.js'
import type { CompanyTrading } from '../../src/admin/company-trading.js'
import { formatMoney } from '../../src/lib/money.js'
import { AdminRatingList } from '../ratings/admin-ratings.js'
import { DashboardRows, type Column } from '../components/dashboard-rows.js'

export type DetailFormState = { action: 'reject' | 'suspend'; values?: FormValues; errors?: FieldErrors }

const ACTIONS_ID = 'company-actions'

/** What an admin may do with the company in its current status; htmx re-renders this alone on an error. */
export function CompanyActions(props: { company: CompanyDetail; csrfToken: string; form?: DetailFormState; problem?: string }) {
  const { company } = props
  const common = { companyId: company.id, csrfToken: props.csrfToken, back: 'detail' as const, target: ACTIONS_ID }
  const state = (action: DetailFormState['action']) => (props.form?.action === action ? props.form : undefined)
  return (
    <div id={ACTIONS_ID} class="actions">
      {props.problem && <div class="alert error" role="alert">{props.problem}</div>}
      {company.status === 'pending' && (
        <>
          <ButtonForm {...common} action="approve" label="Approve" />
          <ReasonForm {...common} action="reject" label="Reject" hint="The company's owner receives this reason by email."
            values={state('reject')?.values} errors={state('reject')?.errors} />
        </>
      )}
      {company.status === 'approved' && (
        <ReasonForm {...common} action="suspend" label="Suspend"
          hint="The company can no longer list or bid. Its owners receive this reason by email."
          values={state('suspend')?.values} errors={state('suspend')?.errors} />
      )}
      {company.status === 'suspended' && <ButtonForm {...common} action="reactivate" label="Reactivate" />}
      {company.status === 'rejected' && <p>This registration was rejected; there is nothing more to decide.</p>}
    </div>
  )
}

export function CompanyDetailPage(props: {
  company: CompanyDetail
  activity: AuditEntry[]
  trading: CompanyTrading
  csrfToken: string
  notice?: string
  form?: DetailFormState
  problem?: string
}) {
  const { company } = props
  return (
    <AdminFrame current="companies" title={company.legalName} notice={props.notice}>
      <CompanyFacts company={company} />
      <h2>Decisions</h2>
      <CompanyActions company={company} csrfToken={props.csrfToken} form={props.form} problem={props.problem} />
      <h2>Members</h2>
      <table>
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Joined</th></tr></thead>
        <tbody>
          {company.members.map((m) => (
            <tr><td>{m.name}</td><td>{m.email} <VerifiedMark person={m} /></td><td>{m.role}</td><td>{formatTime(m.createdAt)}</td></tr>
          ))}
        </tbody>
      </table>
      <CompanyTradingSections trading={props.trading} companyId={company.id} csrfToken={props.csrfToken} />
      <h2>Recent activity</h2>
      <AuditTable entries={props.activity} />
    </AdminFrame>
  )
}

const latest = (shown: number, total: number, what: string) => (total > shown ? `The latest ${shown} of ${total} ${what}.` : `${total} ${what}.`)

/** What the company did on the platform: listings, bids, deals, strikes and ratings. */
function CompanyTradingSections(props: { trading: CompanyTrading; companyId: string; csrfToken: string }) {
  const t = props.trading
  type Listing = CompanyTrading['listings'][number]
  type Bid = CompanyTrading['bids'][number]
  type Deal = CompanyTrading['deals'][number]
  const listingColumns: Column<Listing>[] = [
    { label: 'Listing', cell: (l) => <a href={`/listings/${l.id}`}>{l.title}</a> },
    { label: 'Sale', cell: (l) => (l.saleType === 'auction' ? 'Auction' : 'Fixed price') },
    { label: 'Status', cell: (l) => l.status.replace('_', ' ') },
    { label: 'Price', cell: (l) => (l.price === null ? '—' : formatMoney(l.price, l.currency)) },
    { label: 'Created', cell: (l) => formatTime(l.createdAt) },
  ]
  const bidColumns: Column<Bid>[] = [
    { label: 'Listing', cell: (b) => <a href={`/listings/${b.listingId}`}>{b.title}</a> },
    { label: 'Amount', cell: (b) => formatMoney(b.amount, b.currency) },
    { label: 'Kind', cell: (b) => (b.kind === 'auto' ? 'automatic (maximum)' : b.kind === 'buy_now' ? 'buy now' : 'bid') },
    { label: 'When', cell: (b) => formatTime(b.at) },
  ]
  const dealColumns: Column<Deal>[] = [
    { label: 'Deal', cell: (d) => <a href={`/deals/${d.id}`}>Deal {d.number}</a> },
    { label: 'As', cell: (d) => d.role },
    { label: 'With', cell: (d) => d.counterpart },
    { label: 'State', cell: (d) => d.status.replace('_', ' ') },
    { label: 'Price', cell: (d) => formatMoney(d.amount, d.currency) },
    { label: 'Opened', cell: (d) => formatTime(d.createdAt) },
  ]
  return (
    <>
      <h2>Listings</h2>
      <p>{latest(t.listings.length, t.listingCount, t.listingCount === 1 ? 'listing' : 'listings')}</p>
      {t.listings.length > 0 && <DashboardRows columns={listingColumns} rows={t.listings} />}
      <h2>Bids</h2>
      <p>{latest(t.bids.length, t.bidCount, t.bidCount === 1 ? 'bid' : 'bids')}</p>
      {t.bids.length > 0 && <DashboardRows columns={bidColumns} rows={t.bids} />}
      <h2>Deals</h2>
      <p>{latest(t.deals.length, t.dealCount, t.dealCount === 1 ? 'deal' : 'deals')} <strong>{t.strikes}</strong> {t.strikes === 1 ? 'strike' : 'strikes'} (deals cancelled because this company did not pay, last 12 months).</p>
      {t.deals.length > 0 && <DashboardRows columns={dealColumns} rows={t.deals} />}
      <h2>Ratings given and received</h2>
      <AdminRatingList rows={t.ratings} csrfToken={props.csrfToken} back={`/admin/companies/${props.companyId}`} />
    </>
  )
}
