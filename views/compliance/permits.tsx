// A company's waste permits on its account: what they are and how they stand, and (for owners)
// the form to upload one. Plain forms: a multipart POST, then a redirect back here.
import { CsrfField, ErrorSummary, Field, FieldError, Notice, fieldAria, type FieldErrors, type FormValues } from '../components/form.js'

export type PermitListItem = {
  id: string; number: string; authority: string; expiresOn: string; documentUrl: string; documentKind: string
  standing: { tone: 'ok' | 'waiting' | 'bad'; text: string }
}

export function PermitTable(props: { permits: PermitListItem[] }) {
  if (props.permits.length === 0) return <p>No permit uploaded yet.</p>
  return (
    <table>
      <thead><tr><th scope="col">Permit number</th><th scope="col">Issued by</th><th scope="col">Expires on</th><th scope="col">Status</th><th scope="col">Document</th></tr></thead>
      <tbody>
        {props.permits.map((p) => (
          <tr>
            <td>{p.number}</td><td>{p.authority}</td><td>{p.expiresOn}</td>
            <td><span class={`status status-permit-${p.standing.tone}`}>{p.standing.text}</span></td>
            <td><a href={p.documentUrl}>View ({p.documentKind})</a></td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function PermitUploadForm(props: { csrfToken: string; values?: FormValues; errors?: FieldErrors }) {
  const { values, errors } = props
  const docError = errors?.document
  return (
    <form method="post" action="/account/permits" enctype="multipart/form-data" class="stack" novalidate>
      <ErrorSummary errors={errors} />
      <CsrfField token={props.csrfToken} />
      <Field name="permit_number" label="Permit number" values={values} errors={errors} required maxlength={100} />
      <Field name="issuing_authority" label="Issuing authority" values={values} errors={errors} required maxlength={200}
        hint="E.g. Länsstyrelsen Värmland, Bezirksregierung Arnsberg, Miljøstyrelsen." />
      <Field name="expires_on" label="Expiry date" type="date" values={values} errors={errors} required
        hint="The permit counts until the day before this date." />
      <div class={docError ? 'field has-error' : 'field'}>
        <label for="f-document">Scanned permit</label>
        <p class="hint" id="f-document-hint">A PDF, or a photo or scan (JPEG, PNG, WebP), at most 15 MB. Only your company and NordicLoop's staff can see it.</p>
        <input id="f-document" name="document" type="file" accept="application/pdf,image/jpeg,image/png,image/webp" required {...fieldAria('f-document', { hint: true, error: docError })} />
        <FieldError id="f-document" error={docError} />
      </div>
      <button type="submit">Upload the permit</button>
    </form>
  )
}

export function PermitsPage(props: {
  csrfToken: string; companyName: string; isOwner: boolean; permits: PermitListItem[]; holdsValidPermit: boolean
  notice?: string; values?: FormValues; errors?: FieldErrors
}) {
  return (
    <section>
      <h1>{props.companyName}: waste permits</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <p>
        Hazardous lots (EWC codes marked with *) can only be bid on and bought by a company whose waste permit
        NordicLoop has verified. A permit stops counting on its expiry date; we email your owners 30 days before.
      </p>
      <p>{props.holdsValidPermit ? 'Your company holds a verified permit: it can trade hazardous lots.' : 'Your company holds no verified, unexpired permit: it cannot bid on or buy hazardous lots.'}</p>
      <PermitTable permits={props.permits} />
      {props.isOwner
        ? <><h2>Upload a permit</h2><PermitUploadForm csrfToken={props.csrfToken} values={props.values} errors={props.errors} /></>
        : <p>Your company's owners upload permits.</p>}
      <p><a href="/account">Back to your account</a></p>
    </section>
  )
}

/** On the account page: the permits in short, with the link to the page above. */
export function PermitSummary(props: { holdsValidPermit: boolean }) {
  return (
    <>
      <h3>Waste permits</h3>
      <p>{props.holdsValidPermit ? 'Verified permit on file: your company can trade hazardous lots.' : 'No verified, unexpired permit: your company cannot bid on or buy hazardous lots.'} <a href="/account/permits">Waste permits</a></p>
    </>
  )
}
