import { CsrfField, ErrorSummary, Field, Select, TextArea, type FieldErrors, type FormValues } from '../components/form.js'
import { countryOptions } from '../../src/lib/countries.js'
import { LOGISTICS, LOGISTICS_LABELS, UNITS, UNIT_LABELS } from '../../src/listings/schemas.js'
import type { PriceGuide } from '../../src/pricing/price-guidance.js'
import { PriceGuideSlot } from '../pricing/price-guide.js'

export type CategoryOption = { slug: string; name: string }

/** A radio button; when its group failed, it says so and points at the group's message (`f-<name>-error`). */
function Radio(props: { name: string; value: string; label: string; values?: FormValues; errors?: FieldErrors; id?: string }) {
  const id = props.id ?? `f-${props.name}-${props.value}`
  const failed = Boolean(props.errors?.[props.name])
  return (
    <label class="choice" for={id}>
      <input type="radio" id={id} name={props.name} value={props.value} checked={props.values?.[props.name] === props.value}
        aria-invalid={failed ? 'true' : undefined} aria-describedby={failed ? `f-${props.name}-error` : undefined} /> {props.label}
    </label>
  )
}

function GroupError(props: { name: string; errors?: FieldErrors }) {
  const error = props.errors?.[props.name]
  return error ? <p class="error" id={`f-${props.name}-error`}>{error}</p> : null
}

export type SellingStep = 'details' | 'photos' | 'review'
const STEPS: { step: SellingStep; label: string }[] = [
  { step: 'details', label: 'Details' }, { step: 'photos', label: 'Photos' }, { step: 'review', label: 'Check and send' },
]

/**
 * Where the seller is on the way to review: details, photos, then a summary to send from.
 * Steps before the current one link back when the listing exists.
 */
export function SellingSteps(props: { current: SellingStep; listingId?: string }) {
  const at = STEPS.findIndex((s) => s.step === props.current)
  const href = (step: SellingStep) => props.listingId && ({ details: `/listings/${props.listingId}/edit`, photos: `/listings/${props.listingId}/photos`, review: `/listings/${props.listingId}/review` })[step]
  return (
    <nav aria-label="Steps to list" class="selling-steps">
      <ol>
        {STEPS.map((s, i) => {
          const label = `${i + 1}. ${s.label}`
          if (i === at) return <li aria-current="step"><strong>{label}</strong></li>
          const link = i < at ? href(s.step) : undefined
          return <li>{link ? <a href={link}>{label}</a> : label}</li>
        })}
      </ol>
    </nav>
  )
}

function DateTimeField(props: { name: string; label: string; values?: FormValues; errors?: FieldErrors; timeZone: string }) {
  const id = `f-${props.name}`
  const error = props.errors?.[props.name]
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <p class="hint" id={`${id}-hint`}>Your time zone: {props.timeZone}</p>
      <input id={id} type="datetime-local" name={props.name} value={props.values?.[props.name]}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} aria-invalid={error ? 'true' : undefined} />
      {error && <p class="error" id={`${id}-error`}>{error}</p>}
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
  /** What lots of the chosen category and unit sold for (kept current by htmx as they change). */
  priceGuide?: PriceGuide | null
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
          <input id="f-ewc_code" name="ewc_code" value={values?.ewc_code} list="ewc-options" autocomplete="off"
            aria-describedby={errors?.ewc_code ? 'f-ewc_code-hint f-ewc_code-error' : 'f-ewc_code-hint'} aria-invalid={errors?.ewc_code ? 'true' : undefined}
            hx-get="/ewc/suggest" hx-trigger="input changed delay:300ms" hx-target="#ewc-options" hx-swap="innerHTML" />
          <datalist id="ewc-options"></datalist>
          {errors?.ewc_code && <p class="error" id="f-ewc_code-error">{errors.ewc_code}</p>}
        </div>
        <div class="row">
          <Field name="quantity" label="Quantity" values={values} errors={errors} required />
          <Select name="unit" label="Unit" options={UNITS.map((u) => ({ value: u, label: UNIT_LABELS[u] }))} values={values} errors={errors} required />
        </div>
        <Field name="actual_weight_kg" label="Actual weight in kg" values={values} errors={errors}
          hint="If the lot was weighed (a weighbridge slip, a scale), give its weight: buyers see it, and impact reports use it instead of an average for m³, litres, pallets or pieces." />
        <fieldset class="choices">
          <legend>Supply</legend>
          <Radio name="recurrence" value="one_off" label="One-off lot" values={values} errors={errors} />
          <Radio name="recurrence" value="recurring" label="Recurring supply" values={values} errors={errors} />
          <GroupError name="recurrence" errors={errors} />
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
      {/* The sale type's own fields follow its choice. The stylesheet shows only the chosen
          type's section (CSS :has(), no script); where that is not supported both stay, each
          headed with whom it is for, and the server reads only the chosen type's fields. */}
      <fieldset class="sale-type">
        <legend>How you sell it</legend>
        {props.feeNotice && <p class="hint fee-notice">{props.feeNotice}</p>}
        <PriceGuideSlot guide={props.priceGuide ?? null} />
        <div class="choices">
          <Radio name="sale_type" value="auction" label="Timed auction" values={values} errors={errors} id="sale-auction" />
          <Radio name="sale_type" value="fixed_price" label="Fixed price" values={values} errors={errors} id="sale-fixed" />
          <GroupError name="sale_type" errors={errors} />
        </div>
        <section class="sale-fields fixed-fields" aria-labelledby="fixed-heading">
          <h2 id="fixed-heading">Fixed price <span class="only-for">— only for fixed-price listings</span></h2>
          <Field name="fixed_price" label="Price (€)" values={values} errors={errors} required hint="What a buyer pays, excluding VAT. Required for a fixed-price listing." />
        </section>
        <section class="sale-fields auction-fields" aria-labelledby="auction-heading">
          <h2 id="auction-heading">Auction <span class="only-for">— only for auctions</span></h2>
          <AuctionFields values={values} errors={errors} timeZone={props.timeZone} />
        </section>
      </fieldset>
      <div class="actions">
        <button type="submit">Save draft and add photos</button>
      </div>
      <p class="hint">Next you add photos, then check a summary of what buyers will see and send it for review. Until then only your company sees the draft.</p>
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
