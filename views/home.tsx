import type { Viewer } from './viewer.js'

export function HomePage(props: { viewer: Viewer | null; categories: { slug: string; name: string; description: string }[] }) {
  return (
    <>
      <section class="hero">
        <h1>Surplus materials, traded between businesses</h1>
        <p>
          Sell the cardboard, scrap metal, plastics, pallets and by-products you would otherwise pay to throw away —
          by timed auction or at a fixed price — to businesses that use them as raw material.
        </p>
        {!props.viewer && <p><a class="button" href="/register">Register your company</a> <a href="/login">or log in</a></p>}
      </section>
      <section>
        <h2>Categories</h2>
        <ul class="cards">
          {props.categories.map((cat) => (
            <li class="card">
              <h3>{cat.name}</h3>
              <p>{cat.description}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
