import type { ReportSectionView } from '../../src/reports/report-view.js'
import { CsrfField, fieldAria, FieldError, hintId, Notice } from '../components/form.js'
import { REPORT_DETAILS_MAX_LENGTH, REPORT_REASONS } from '../../src/reports/report-rules.js'
import { reportGroupId } from '../admin/reports.js'

export type { ReportSectionView }

/** The "Report this listing" form, folded away in a disclosure until it is opened (or sent back with errors). */
function ReportForm(props: { view: ReportSectionView }) {
  const v = props.view
  const values = v.form?.values ?? {}
  const errors = v.form?.errors ?? {}
  const open = Object.keys(errors).length > 0
  const kindError = errors.reason_kind
  const detailsError = errors.details
  return (
    <details class="reason-form report-form" open={open}>
      <summary>Report this listing</summary>
      <form method="post" action={`/listings/${v.listingId}/reports`} class="stack" novalidate>
        <CsrfField token={v.csrfToken} />
        <p class="hint">A NordicLoop administrator reads your report. The seller is not told who reported the listing. We email you the outcome.</p>
        {errors._form && <p class="alert error" role="alert">{errors._form}</p>}
        <fieldset class={kindError ? 'field has-error' : 'field'} {...fieldAria('report-kind', { error: kindError })}>
          <legend>What is wrong?</legend>
          {Object.entries(REPORT_REASONS).map(([kind, label]) => (
            <label class="choice">
              <input type="radio" name="reason_kind" value={kind} required checked={values.reason_kind === kind} /> {label}
            </label>
          ))}
          <FieldError id="report-kind" error={kindError} />
        </fieldset>
        <div class={detailsError ? 'field has-error' : 'field'}>
          <label for="report-details">Details <span class="optional">(needed for “Something else”)</span></label>
          <p class="hint" id={hintId('report-details')}>What you saw, and where: at most {REPORT_DETAILS_MAX_LENGTH.toLocaleString('en-GB')} characters.</p>
          <textarea id="report-details" name="details" rows={4} maxlength={REPORT_DETAILS_MAX_LENGTH}
            {...fieldAria('report-details', { hint: true, error: detailsError })}>{values.details ?? ''}</textarea>
          <FieldError id="report-details" error={detailsError} />
        </div>
        <button type="submit" class="secondary">Send report</button>
      </form>
    </details>
  )
}

/** At the end of a listing page: the viewer company's report and its outcome, the form, or the admin's link to the queue. */
export function ReportSection(props: { view: ReportSectionView }) {
  const v = props.view
  if (v.adminOpen !== undefined) {
    if (v.adminOpen === 0) return null
    return (
      <section id="report" class="report">
        <p class="alert info"><a href={`/admin/reports#${reportGroupId(v.listingId)}`}>{v.adminOpen} open report{v.adminOpen === 1 ? '' : 's'}</a> about this listing wait for a decision.</p>
      </section>
    )
  }
  if (!v.latest && !v.canReport && !v.notice) return null
  return (
    <section id="report" class="report" aria-label="Report this listing">
      {v.notice && <Notice kind="success">{v.notice}</Notice>}
      {!v.canReport && v.form?.errors._form && <p class="alert error" role="alert">{v.form.errors._form}</p>}
      {v.latest && (
        <p class="hint">
          Your company reported this listing on {v.latest.at} ({v.latest.reason}).{' '}
          {v.latest.outcome ?? 'An administrator will look at it; we email you the outcome.'}
        </p>
      )}
      {v.canReport && <ReportForm view={v} />}
    </section>
  )
}
