import { COUNTRIES } from '../../src/lib/countries.js'
import type { CompanyRegistration, PersonSummary } from '../../src/admin/types.js'
import { formatTime, statusLabels } from './format.js'
import { StatusBadge } from './nav.js'

export function VerifiedMark(props: { person: PersonSummary }) {
  return props.person.emailVerified
    ? <span class="badge ok">email confirmed</span>
    : <span class="badge warn">email not confirmed</span>
}

/** Everything the company gave when registering, as a definition list. */
export function CompanyFacts(props: { company: CompanyRegistration }) {
  const c = props.company
  return (
    <dl class="facts">
      <dt>Status</dt>
      <dd>
        <StatusBadge status={c.status} label={statusLabels[c.status]} />
        {c.statusReason && <> — {c.statusReason}</>}
        {c.statusChangedAt && <> <small>(since {formatTime(c.statusChangedAt)})</small></>}
      </dd>
      <dt>Organisation / VAT number</dt><dd>{c.orgNumber}</dd>
      <dt>Country</dt><dd>{COUNTRIES[c.country] ?? c.country} ({c.country})</dd>
      <dt>Address</dt><dd>{c.addressLine}, {c.postcode} {c.city}</dd>
      <dt>Contact person</dt><dd>{c.contactName}</dd>
      <dt>{c.owners.length === 1 ? 'Owner' : 'Owners'}</dt>
      <dd>
        {c.owners.length === 0 && 'none'}
        {c.owners.map((o) => <div>{o.email} <VerifiedMark person={o} /></div>)}
      </dd>
      <dt>Registered</dt><dd><time datetime={c.createdAt.toISOString()}>{formatTime(c.createdAt)}</time></dd>
    </dl>
  )
}
