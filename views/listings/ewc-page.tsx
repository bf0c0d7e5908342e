import { HazardLabel } from './listing-page.js'

export function EwcBrowsePage(props: { q: string; codes: { display_code: string; description: string; hazardous: boolean; chapter_description: string }[] }) {
  return (
    <section>
      <h1>European List of Waste</h1>
      <p>Find the six-digit code for your material. Codes marked with an asterisk are hazardous waste.</p>
      <form method="get" action="/ewc" class="search-form" role="search">
        <label for="ewc-q">Code or words</label>
        <input id="ewc-q" name="q" value={props.q} placeholder="15 01 or cardboard" />
        <button type="submit">Search</button>
      </form>
      {props.q && props.codes.length === 0 && <p>No code matches “{props.q}”.</p>}
      {props.codes.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">Code</th><th scope="col">Description</th><th scope="col">Chapter</th></tr></thead>
            <tbody>
              {props.codes.map((c) => (
                <tr><td><code>{c.display_code}</code></td><td>{c.description} {c.hazardous && <HazardLabel />}</td><td>{c.chapter_description}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
