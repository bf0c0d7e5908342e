// The categories page: add one, rename one (the slug stays), retire or reinstate one. Every form
// works as a plain POST; with htmx the whole panel is swapped, with the notice or the errors.
import { CsrfField, ErrorSummary, Field, type FieldErrors, type FormValues } from '../components/form.js'
import { AdminFrame } from './nav.js'
import { formatTime } from './format.js'
import type { AdminCategory } from '../../src/admin/types.js'

/** Which form the values and errors belong to: the add form, or one category's rename form. */
export type CategoryFormState = { form: 'add' | number; values?: FormValues; errors?: FieldErrors }

const PANEL_ID = 'category-admin'
const htmx = (url: string) => ({ 'hx-post': url, 'hx-target': `#${PANEL_ID}`, 'hx-swap': 'outerHTML' })

function AddForm(props: { csrfToken: string; state?: CategoryFormState }) {
  const state = props.state?.form === 'add' ? props.state : undefined
  return (
    <details class="reason-form" open={Boolean(state)}>
      <summary>Add a category…</summary>
      <form method="post" action="/admin/categories" class="stack" novalidate {...htmx('/admin/categories')}>
        <CsrfField token={props.csrfToken} />
        <ErrorSummary errors={state?.errors} />
        <Field name="slug" label="Slug" required maxlength={60} values={state?.values} errors={state?.errors}
          hint="Lowercase letters, digits and hyphens, e.g. “paper-cardboard”. It is the category’s address and never changes." />
        <Field name="name" label="Name" required maxlength={80} values={state?.values} errors={state?.errors} />
        <Field name="description" label="Short description" required maxlength={300} values={state?.values} errors={state?.errors}
          hint="One sentence telling sellers what belongs here." />
        <button type="submit">Add category</button>
      </form>
    </details>
  )
}

function RenameForm(props: { category: AdminCategory; csrfToken: string; state?: CategoryFormState }) {
  const { category } = props
  const state = props.state?.form === category.id ? props.state : undefined
  const values = state?.values ?? { name: category.name, description: category.description }
  const url = `/admin/categories/${category.id}`
  // Several rename forms share the page, so ids carry the category id.
  const field = (key: 'name' | 'description', label: string, max: number) => {
    const id = `${key}-${category.id}`
    const error = state?.errors?.[key]
    return (
      <div class={error ? 'field has-error' : 'field'}>
        <label for={id}>{label}</label>
        <input id={id} name={key} value={values[key] ?? ''} maxlength={max} required aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined} />
        {error && <p class="error" id={`${id}-error`}>{error}</p>}
      </div>
    )
  }
  return (
    <details open={Boolean(state)}>
      <summary>Rename…</summary>
      <form method="post" action={url} class="stack" novalidate {...htmx(url)}>
        <CsrfField token={props.csrfToken} />
        {field('name', 'Name', 80)}
        {field('description', 'Short description', 300)}
        <p class="hint">The slug “{category.slug}” stays. Listings in this category are found by the new name at once.</p>
        <button type="submit">Save</button>
      </form>
    </details>
  )
}

function RetireButton(props: { category: AdminCategory; csrfToken: string }) {
  const { category } = props
  const action = category.retiredAt ? 'reinstate' : 'retire'
  const url = `/admin/categories/${category.id}/${action}`
  return (
    <form method="post" action={url} class="inline" {...htmx(url)}>
      <CsrfField token={props.csrfToken} />
      <button type="submit" class={action === 'retire' ? 'secondary' : undefined}>{action === 'retire' ? 'Retire' : 'Reinstate'}</button>
    </form>
  )
}

/** The panel htmx swaps: notices, the add form and the table of categories. */
export function CategoryPanel(props: { categories: AdminCategory[]; csrfToken: string; notice?: string; problem?: string; state?: CategoryFormState }) {
  return (
    <div id={PANEL_ID}>
      {props.notice && <div class="alert success" role="status">{props.notice}</div>}
      {props.problem && <div class="alert error" role="alert">{props.problem}</div>}
      <AddForm csrfToken={props.csrfToken} state={props.state} />
      <table class="categories">
        <thead>
          <tr>
            <th scope="col">Name</th><th scope="col">Slug</th><th scope="col">Description</th><th scope="col">Listings</th>
            <th scope="col">Status</th><th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {props.categories.map((c) => (
            <tr id={`category-${c.id}`}>
              <td>{c.name}</td>
              <td><a href={`/categories/${c.slug}`}>{c.slug}</a></td>
              <td>{c.description}</td>
              <td>{c.listingCount} <small>({c.liveCount} live)</small></td>
              <td>
                {c.retiredAt
                  ? <><span class="badge warn">retired</span> <small>since {formatTime(c.retiredAt)}</small></>
                  : <span class="badge ok">offered</span>}
              </td>
              <td>
                <RenameForm category={c} csrfToken={props.csrfToken} state={props.state} />
                <RetireButton category={c} csrfToken={props.csrfToken} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function CategoriesPage(props: { categories: AdminCategory[]; csrfToken: string; notice?: string; problem?: string; state?: CategoryFormState }) {
  return (
    <AdminFrame current="categories" title="Categories">
      <p>
        Sellers file each listing under one category. A retired category is no longer offered for new listings; the listings
        already in it keep it. The slug is the category’s stable key and cannot be renamed.
      </p>
      <CategoryPanel {...props} />
    </AdminFrame>
  )
}
