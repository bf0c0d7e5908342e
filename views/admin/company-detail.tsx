import type { AuditEntry, CompanyDetail } from '../../src/admin/types.js'
import type { FieldErrors, FormValues } from '../components/form.js'
import { AdminFrame } from './nav.js'
import { CompanyFacts, VerifiedMark } from './company-facts.js'
import { ButtonForm, ReasonForm } from './moderation-forms.js'
import { AuditTable } from './audit.js'
import { formatTime } from './format.js'

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
      <h2>Recent activity</h2>
      <AuditTable entries={props.activity} />
    </AdminFrame>
  )
}
