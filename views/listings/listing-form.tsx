import { CsrfField, ErrorSummary, Field, Select, TextArea, type FieldErrors, type FormValues } from '../components/form.js'
import { countryOptions } from '../../src/lib/countries.js'
import { LOGISTICS, LOGISTICS_LABELS, UNITS, UNIT_LABELS } from '../../src/listings/schemas.js'

export type CategoryOption = { slug: string; name: string }

function Radio(props: { name: string; value: string; label: string; values?: FormValues; id?: string }) {
  const id = props.id ?? `f-${props.name}-${props.value}`
  return (
    <label class="choice" for={id}>
      <input type="radio" id={id} name={props.name} value={props.value} checked={props.values?.[props.name] === props.value} /> {props.label}
    </label>
  )
}

function DateTimeField(props: { name: string; label: string; values?: FormValues; errors?: FieldErrors; timeZone: string }) {
  const id = `f-${props.name}`
  const error = props.errors?.[props.name]
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <p class="hint" id={`${id}-hint`}>Your time zone: {props.timeZone}</p>
      <input id={id} type="datetime-local" name={props.name} value={props.values?.[props.name]} aria-describedby={`${id}-hint`} aria-invalid={error ? 'true' : undefined} />
      {error && <p class="error">{error}</p>}
    </div>
  )
}

export function AuctionFields(props: { values?: FormValues; errors?: FieldErrors; timeZone: string }) {
  const { values, errors } = props
  return (
    <>
      <div class="row">
        <Field name="start_price" label="Start price (€)" values={values} errors={errors} required />
        <Field name="bid_increment" label="Bid increment (€)" values={values} errors={errors} required hint="How much each bid must add." />
      </div>
      <div class="row">
        <Field name="reserve_price" label="Reserve price (€)" values={values} errors={errors} hint="Below it the lot is not sold. Bidders only see whether it is met." />
        <Field name="buy_now_price" label="Buy-now price (€)" values={values} errors={errors} hint="A buyer may end the auction at once at this price." />
      </div>
      <div class="row">
        <DateTimeField name="starts_at" label="Starts" values={values} errors={errors} timeZone={props.timeZone} />
        <DateTimeField name="ends_at" label="Ends" values={values} errors={errors} timeZone={props.timeZone} />
      </div>
      <p class="hint">An auction runs between 1 hour and 30 days. A bid in the last 2 minutes extends it by 2 minutes.</p>
    </>
  )
}

export function ListingForm(props: {
  csrfToken: string
  action: string
  /** The platform's commission in words, shown beside the prices before the seller lists. */
  feeNotice?: string
  categories: CategoryOption[]
  timeZone: string
  values?: FormValues
  errors?: FieldErrors
}) {
  const { values, errors } = props
  return (
    <form method="post" action={props.action} class="stack listing-form" novalidate>
      <ErrorSummary errors={errors} message={errors?._form} />
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="tz" value={props.timeZone} />
      <fieldset>
        <legend>The material</legend>
        <Field name="title" label="Title" values={values} errors={errors} required maxlength={120} hint="What and how much, e.g. “Baled corrugated cardboard, 12 t”." />
        <TextArea name="description" label="Description" values={values} errors={errors} required rows={6} />
        <Select name="category" label="Category" options={props.categories.map((c) => ({ value: c.slug, label: c.name }))} values={values} errors={errors} required />
        <div class={errors?.ewc_code ? 'field has-error' : 'field'}>
          <label for="f-ewc_code">European waste code (EWC)<span class="optional"> (optional)</span></label>
          <p class="hint" id="f-ewc_code-hint">Type digits or words, e.g. “15 01 01” or “cardboard”, and pick a code. <a href="/ewc" target="_blank">Browse the list</a>.</p>
          <input id="f-ewc_code" name="ewc_code" value={values?.ewc_code} list="ewc-options" autocomplete="off" aria-describedby="f-ewc_code-hint"
            hx-get="/ewc/suggest" hx-trigger="input changed delay:300ms" hx-target="#ewc-options" hx-swap="innerHTML" />
          <datalist id="ewc-options"></datalist>
          {errors?.ewc_code && <p class="error">{errors.ewc_code}</p>}
        </div>
        <div class="row">
          <Field name="quantity" label="Quantity" values={values} errors={errors} required />
          <Select name="unit" label="Unit" options={UNITS.map((u) => ({ value: u, label: UNIT_LABELS[u] }))} values={values} errors={errors} required />
        </div>
        <fieldset class="choices">
          <legend>Supply</legend>
          <Radio name="recurrence" value="one_off" label="One-off lot" values={values} />
          <Radio name="recurrence" value="recurring" label="Recurring supply" values={values} />
          {errors?.recurrence && <p class="error">{errors.recurrence}</p>}
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>Where and how</legend>
        <div class="row">
          <Field name="location_city" label="City" values={values} errors={errors} required />
          <Field name="location_postcode" label="Postcode" values={values} errors={errors} required />
        </div>
        <Select name="location_country" label="Country" options={countryOptions} values={values} errors={errors} required />
        <Select name="logistics" label="Collection or delivery" options={LOGISTICS.map((l) => ({ value: l, label: LOGISTICS_LABELS[l] }))} values={values} errors={errors} required />
        <TextArea name="logistics_note" label="Terms of collection or delivery" values={values} errors={errors} rows={2} />
      </fieldset>
      <fieldset class="sale-type">
        <legend>How you sell it</legend>
        {props.feeNotice && <p class="hint fee-notice">{props.feeNotice}</p>}
        <div class="choices">
          <Radio name="sale_type" value="auction" label="Timed auction" values={values} id="sale-auction" />
          <Radio name="sale_type" value="fixed_price" label="Fixed price" values={values} id="sale-fixed" />
          {errors?.sale_type && <p class="error">{errors.sale_type}</p>}
        </div>
        <div class="fixed-fields">
          <h3>Fixed price</h3>
          <Field name="fixed_price" label="Price (€)" values={values} errors={errors} hint="Prices are excluding VAT." />
        </div>
        <div class="auction-fields">
          <h3>Auction</h3>
          <AuctionFields values={values} errors={errors} timeZone={props.timeZone} />
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" name="intent" value="submit">Send for review</button>
        <button type="submit" name="intent" value="draft" class="secondary">Save draft</button>
      </div>
    </form>
  )
}

export function AuctionTermsForm(props: { csrfToken: string; action: string; timeZone: string; values?: FormValues; errors?: FieldErrors; bidCount: number }) {
  return (
    <form method="post" action={props.action} class="stack" novalidate>
      <ErrorSummary errors={props.errors} message={props.errors?._form} />
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="tz" value={props.timeZone} />
      {props.bidCount > 0 && (
        <p class="alert info">This auction has {props.bidCount} bid{props.bidCount === 1 ? '' : 's'}: you cannot lower the reserve, raise the start price, change the increment or shorten it.</p>
      )}
      <AuctionFields values={props.values} errors={props.errors} timeZone={props.timeZone} />
      <button type="submit">Save auction terms</button>
    </form>
  )
}

export function EwcOptions(props: { codes: { display_code: string; description: string; hazardous: boolean }[] }) {
  return (
    <>
      {props.codes.map((c) => <option value={c.display_code}>{`${c.hazardous ? 'Hazardous — ' : ''}${c.description}`}</option>)}
    </>
  )
}
