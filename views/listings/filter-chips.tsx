export type FilterChipsView = { chips: { label: string; href: string }[]; clearHref: string | null }

/**
 * The filters in force, above the results, whether or not the filter panel is open: each a
 * plain link to the same search without it (no script needed), named for what it does.
 */
export function FilterChips(props: FilterChipsView) {
  if (props.chips.length === 0) return null
  return (
    <nav class="filter-chips" aria-label="Filters in use">
      <ul>
        {props.chips.map((chip) => (
          <li><a class="chip" href={chip.href}><span class="visually-hidden">Remove filter: </span>{chip.label}<span aria-hidden="true"> ×</span></a></li>
        ))}
        {props.clearHref && <li><a class="chip-clear" href={props.clearHref}>Clear all filters</a></li>}
      </ul>
    </nav>
  )
}
