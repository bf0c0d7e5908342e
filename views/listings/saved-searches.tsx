import { CsrfField, Notice } from '../components/form.js'

export type SavedSearchRow = { id: string; name: string; href: string; savedOn: string }

const notices: Record<string, string> = {
  saved: 'Search saved. We will email you a daily digest of new matches.',
  existing: 'You had already saved this search.',
  deleted: 'The saved search was deleted.',
}

export function SavedSearchesPage(props: { rows: SavedSearchRow[]; max: number; csrfToken: string; notice?: string; error?: string }) {
  return (
    <section>
      <h1>Saved searches</h1>
      {props.notice && notices[props.notice] && <Notice kind="success">{notices[props.notice]}</Notice>}
      {props.error && <div class="alert error" role="alert">{props.error}</div>}
      {props.rows.length === 0 ? (
        <p>You have no saved searches. Search the <a href="/listings">listings</a> and choose <strong>Save this search</strong> to get new matches by email once a day.</p>
      ) : (
        <>
          <p class="hint">{props.rows.length} of {props.max}. Each morning we email you the listings that went live since the last digest; nothing when nothing is new.</p>
          <div class="table-wrap">
            <table>
              <thead><tr><th scope="col">Search</th><th scope="col">Saved</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {props.rows.map((s) => (
                  <tr>
                    <td><a href={s.href}>{s.name}</a></td>
                    <td>{s.savedOn}</td>
                    <td>
                      <form method="post" action={`/saved-searches/${s.id}/delete`} class="inline">
                        <CsrfField token={props.csrfToken} />
                        <button type="submit" class="secondary">Delete<span class="visually-hidden"> “{s.name}”</span></button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
