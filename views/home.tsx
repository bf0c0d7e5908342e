import { ResultCard, type CardSlot, type ResultCardView } from './listings/result-card.js'

export type HomeView = {
  categories: { slug: string; name: string; description: string }[]
  newest: ResultCardView[]
  endingSoon: ResultCardView[]
  watchButton?: CardSlot
}

function Shelf(props: { id: string; title: string; more: string; items: ResultCardView[]; empty: string; watchButton?: CardSlot }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.items.length === 0 ? <p>{props.empty}</p> : (
        <>
          <ul class="cards">{props.items.map((item) => <ResultCard item={item} watchButton={props.watchButton} />)}</ul>
          <p><a href={props.more}>See all</a></p>
        </>
      )}
    </section>
  )
}

// The header carries the one "Register your company" (and "Log in"): the hero stays short, so a
// phone's first screen reaches the listings.
export function HomePage(props: HomeView) {
  return (
    <>
      <section class="hero">
        <h1>Surplus materials, traded between businesses</h1>
        <p>
          Cardboard, scrap metal, plastics, pallets and by-products you would pay to throw away,
          sold by auction or at a fixed price to businesses that use them.
        </p>
        <form method="get" action="/listings" role="search" class="search-form">
          <label for="home-q" class="visually-hidden">Search listings</label>
          <input id="home-q" type="search" name="q" maxlength={200} placeholder="Material, waste code or place, e.g. kartong or 15 01 01" />
          <button type="submit">Search</button>
        </form>
      </section>
      <Shelf id="ending-soon" title="Auctions ending soonest" more="/listings?sale=auction&sort=ending" items={props.endingSoon}
        empty="No auctions are running right now." watchButton={props.watchButton} />
      <Shelf id="newest" title="Newest listings" more="/listings" items={props.newest}
        empty="No listings are live yet." watchButton={props.watchButton} />
      <section aria-labelledby="categories">
        <h2 id="categories">Categories</h2>
        <ul class="cards">
          {props.categories.map((cat) => (
            <li class="card">
              <h3><a href={`/categories/${cat.slug}`}>{cat.name}</a></h3>
              <p>{cat.description}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
