import type { Child } from 'hono/jsx'
import { SearchResults, RESULTS_ID, type ResultsView } from './results.js'
import type { CardSlot } from './result-card.js'

type Option = { value: string; label: string }

export type SearchFormView = {
  /** Where the form submits: /listings, or a category's page (which fixes the category). */
  action: string
  /** What the visitor asked for, as typed, to fill the form again. */
  values: Partial<Record<'q' | 'category' | 'country' | 'city' | 'sale' | 'min' | 'max' | 'ending' | 'sort', string>>
  /** Categories to choose from; null on a category's own page. */
  categories: Option[] | null
  countries: Option[]
  sorts: Option[]
}

function Choice(props: { name: string; label: string; any: string; options: Option[]; value: string | undefined }) {
  return (
    <div class="field">
      <label for={`s-${props.name}`}>{props.label}</label>
      <select id={`s-${props.name}`} name={props.name}>
        <option value="">{props.any}</option>
        {props.options.map((o) => <option value={o.value} selected={o.value === props.value}>{o.label}</option>)}
      </select>
    </div>
  )
}

/**
 * A GET form, so every search is a plain shareable URL. Without JavaScript it submits as
 * usual; with htmx, typing or changing a filter fetches the results region alone after a
 * pause (400 ms) and puts the search's URL in the address bar.
 */
/**
 * The filters sit in a closed panel (the chips above the results say which are in force), so a
 * phone's first screen reaches the results; a refused search opens it at its fields. Wide
 * screens show the fields always (search.css).
 */
export function SearchForm(props: { form: SearchFormView; openFilters?: boolean }) {
  const { form } = props
  const v = form.values
  return (
    <form
      method="get"
      action={form.action}
      role="search"
      class="search-panel stack"
      hx-get={form.action}
      hx-trigger="input changed delay:400ms, submit"
      hx-target={`#${RESULTS_ID}`}
      hx-swap="outerHTML"
      hx-push-url="true"
    >
      <div class="search-form">
        <label for="s-q" class="visually-hidden">Search listings</label>
        <input id="s-q" type="search" name="q" value={v.q} maxlength={200} placeholder="Material, waste code or place, e.g. kartong or 15 01 01" autocomplete="off" />
        <button type="submit">Search</button>
      </div>
      <details class="filters" open={props.openFilters}>
        <summary>Filters and sorting</summary>
        <div class="row">
          {form.categories && <Choice name="category" label="Category" any="All categories" options={form.categories} value={v.category} />}
          <Choice name="country" label="Country" any="All countries" options={form.countries} value={v.country} />
          <div class="field">
            <label for="s-city">City</label>
            <input id="s-city" name="city" value={v.city} maxlength={100} autocomplete="address-level2" />
          </div>
          <Choice name="sale" label="Sale type" any="Auctions and fixed price" options={[{ value: 'auction', label: 'Auctions' }, { value: 'fixed_price', label: 'Fixed price' }]} value={v.sale} />
          <div class="field">
            <label for="s-min">Lowest price (€)</label>
            <input id="s-min" name="min" value={v.min} inputmode="decimal" maxlength={20} />
          </div>
          <div class="field">
            <label for="s-max">Highest price (€)</label>
            <input id="s-max" name="max" value={v.max} inputmode="decimal" maxlength={20} />
          </div>
          <label class="choice"><input type="checkbox" name="ending" value="24h" checked={v.ending === '24h'} /> Ending within 24 hours</label>
          <Choice name="sort" label="Sort by" any="Best match, else newest" options={form.sorts} value={v.sort} />
        </div>
      </details>
    </form>
  )
}

export function SearchPage(props: {
  heading: string
  intro?: string
  form: SearchFormView
  results: ResultsView
  watchButton?: CardSlot
  /** Extra controls under the form, e.g. "Save this search". */
  aside?: Child
}) {
  return (
    <section class="search-page">
      <h1>{props.heading}</h1>
      {props.intro && <p>{props.intro}</p>}
      <SearchForm form={props.form} openFilters={Boolean(props.results.errors)} />
      {props.aside}
      <SearchResults results={props.results} watchButton={props.watchButton} />
    </section>
  )
}
