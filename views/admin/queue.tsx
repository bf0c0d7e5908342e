import type { CompanyRegistration } from '../../src/admin/types.js'
import type { FieldErrors, FormValues } from '../components/form.js'
import { AdminFrame } from './nav.js'
import { CompanyFacts } from './company-facts.js'
import { ButtonForm, ReasonForm } from './moderation-forms.js'

export const queueItemId = (companyId: string) => `pending-${companyId}`

/** Input and errors of a rejection being retried, for the one company it concerns. */
export type QueueFormState = { companyId: string; values?: FormValues; errors?: FieldErrors }

/** One company awaiting approval; htmx swaps this whole article after a decision. */
export function QueueItem(props: { company: CompanyRegistration; csrfToken: string; form?: QueueFormState }) {
  const { company } = props
  const id = queueItemId(company.id)
  const form = props.form?.companyId === company.id ? props.form : undefined
  return (
    <article id={id} class="card">
      <h2><a href={`/admin/companies/${company.id}`}>{company.legalName}</a></h2>
      <CompanyFacts company={company} />
      <div class="actions">
        <ButtonForm action="approve" label="Approve" companyId={company.id} csrfToken={props.csrfToken} back="queue" target={id} />
        <ReasonForm action="reject" label="Reject" companyId={company.id} csrfToken={props.csrfToken} back="queue" target={id}
          hint="The company's owner receives this reason by email." values={form?.values} errors={form?.errors} />
      </div>
    </article>
  )
}

/** What replaces a queue item once it is decided (or was already decided by someone else). */
export function QueueItemOutcome(props: { companyId: string; kind: 'success' | 'error'; message: string }) {
  return (
    <article id={queueItemId(props.companyId)} class="card">
      <div class={`alert ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>{props.message}</div>
    </article>
  )
}

export function PendingQueuePage(props: {
  companies: CompanyRegistration[]
  csrfToken: string
  notice?: string
  form?: QueueFormState
  problem?: string
}) {
  return (
    <AdminFrame current="pending" title="Companies awaiting approval" notice={props.notice}>
      {props.problem && <div class="alert error" role="alert">{props.problem}</div>}
      {props.companies.length === 0
        ? <p>No company is waiting for approval.</p>
        : <p>{props.companies.length} waiting, the longest-waiting first.</p>}
      {props.companies.map((company) => <QueueItem company={company} csrfToken={props.csrfToken} form={props.form} />)}
    </AdminFrame>
  )
}
