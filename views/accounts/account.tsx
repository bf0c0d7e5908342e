import type { Viewer } from '../../src/accounts/viewer.js'
import { PermitSummary } from '../compliance/permits.js'
import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors, type FormValues } from '../components/form.js'

export type Member = { id: string; name: string; email: string; role: string | null; verified: boolean }

/** An owner's controls for one member: make owner / member, remove. Plain forms, 303 back here. */
function MemberActions(props: { member: Member; csrfToken: string }) {
  const { member } = props
  const other = member.role === 'owner' ? 'member' : 'owner'
  return (
    <div class="row">
      <form method="post" action={`/account/members/${member.id}/role`}>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="role" value={other} />
        <button type="submit" class="secondary">Make {other}</button>
      </form>
      <form method="post" action={`/account/members/${member.id}/remove`}>
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="danger">Remove {member.name}</button>
      </form>
    </div>
  )
}

export function InviteForm(props: { csrfToken: string; values?: FormValues; errors?: FieldErrors; sentTo?: string }) {
  return (
    <form method="post" action="/account/invitations" hx-post="/account/invitations" hx-target="this" hx-swap="outerHTML" class="stack" novalidate>
      {props.sentTo && <Notice kind="success">Invitation sent to {props.sentTo}.</Notice>}
      <ErrorSummary errors={props.errors} />
      <CsrfField token={props.csrfToken} />
      <Field name="email" label="Colleague's work email" type="email" values={props.values} errors={props.errors} required autocomplete="off" />
      <button type="submit">Send invitation</button>
    </form>
  )
}

export function AccountPage(props: {
  viewer: Viewer
  csrfToken: string
  company: {
    legalName: string; orgNumber: string; country: string; address: string; vatNumber: string | null; billingAddress: string | null; holdsValidPermit: boolean; status: string; statusReason: string | null
    /** For owners: whether they may invite now, or only once the company is approved. */
    invite: 'open' | 'after-approval' | null
    contactName: string; contactEmail: string | null; contactPhone: string | null
  } | null
  members: Member[]
  invitations: { email: string; expiresAt: string }[]
  notice?: string
  problem?: string
}) {
  const { viewer, company } = props
  const isOwner = viewer.company?.role === 'owner'
  return (
    <section>
      <h1>Your account</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {props.problem && <Notice kind="error">{props.problem}</Notice>}
      <dl class="facts">
        <dt>Name</dt><dd>{viewer.name} <a href="/account/profile">Edit</a></dd>
        <dt>Email</dt><dd>{viewer.email} <a href="/account/email">Change</a></dd>
        {viewer.isAdmin && <><dt>Role</dt><dd>Platform administrator</dd></>}
      </dl>
      <p><a href="/account/password">Change password</a></p>
      {company && viewer.company && (
        <>
          <h2>{company.legalName}</h2>
          <dl class="facts">
            <dt>Status</dt><dd><span class={`status status-${company.status}`}>{company.status}</span>{company.statusReason && ` — ${company.statusReason}`}</dd>
            <dt>Organisation number</dt><dd>{company.orgNumber}</dd>
            <dt>Country</dt><dd>{company.country}</dd>
            <dt>VAT number</dt><dd>{company.vatNumber ?? 'Not given yet'}</dd>
            <dt>Address</dt><dd>{company.address}</dd>
            <dt>Billing address</dt><dd>{company.billingAddress ?? 'The address above'}</dd>
            <dt>Contact</dt><dd>{[company.contactName, company.contactEmail, company.contactPhone].filter(Boolean).join(', ')}</dd>
            <dt>Your role</dt><dd>{viewer.company.role}</dd>
          </dl>
          {isOwner && <p><a href="/account/company">Edit the address, contact and tax details</a></p>}
          <PermitSummary holdsValidPermit={company.holdsValidPermit} />
          <h3 id="members">Members</h3>
          {/* Focusable: on a phone the table scrolls sideways, and a keyboard must reach it. */}
          <table tabindex={0} aria-labelledby="members">
            <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th>{isOwner && <th scope="col">Change</th>}</tr></thead>
            <tbody>
              {props.members.map((m) => (
                <tr>
                  <td>{m.name}</td><td>{m.email}</td><td>{m.role}</td>
                  {isOwner && <td>{m.id === viewer.userId ? 'You' : <MemberActions member={m} csrfToken={props.csrfToken} />}</td>}
                </tr>
              ))}
            </tbody>
          </table>
          {company.invite === 'after-approval' && (
            <p>You can invite colleagues once NordicLoop has approved your company.</p>
          )}
          {company.invite === 'open' && (
            <>
              <h3>Invite a colleague</h3>
              {props.invitations.length > 0 && (
                <p>Open invitations: {props.invitations.map((i) => i.email).join(', ')}</p>
              )}
              <InviteForm csrfToken={props.csrfToken} />
            </>
          )}
        </>
      )}
    </section>
  )
}

export function AcceptInvitationForm(props: { csrfToken: string; action: string; email: string; companyName: string; values?: FormValues; errors?: FieldErrors; message?: string }) {
  return (
    <form method="post" action={props.action} hx-post={props.action} hx-target="this" hx-swap="outerHTML" class="stack" novalidate>
      <ErrorSummary errors={props.errors} message={props.message} />
      <CsrfField token={props.csrfToken} />
      <p>You are joining <strong>{props.companyName}</strong> as <strong>{props.email}</strong>.</p>
      <Field name="name" label="Your name" values={props.values} errors={props.errors} required autocomplete="name" maxlength={120} />
      <Field name="password" label="Choose a password" type="password" errors={props.errors} required autocomplete="new-password" hint="At least 10 characters." />
      <Field name="password_confirm" label="Repeat password" type="password" errors={props.errors} required autocomplete="new-password" />
      <button type="submit">Join {props.companyName}</button>
    </form>
  )
}
