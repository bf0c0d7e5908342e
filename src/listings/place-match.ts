// A named place as a condition on a listing's pickup place (location_city, _postcode, _country):
// filters PostgreSQL can answer from its indexes, never a scan in JavaScript. Cities compare
// through nordicloop_fold (case and accents ignored), the expression listings_live_city_idx
// indexes, against every name of the city: a lot stored as "Gothenburg" is in Göteborg too.
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { placesNamed, type PlacesInQuery } from './place-names.js'

const anyOf = (conditions: RawBuilder<SqlBool>[]) => sql<SqlBool>`(${sql.join(conditions, sql` or `)})`

/** The listing's city is one of these names. */
function cityIsOneOf(names: string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`nordicloop_fold(l.location_city) in (${sql.join([...new Set(names)].map((n) => sql`nordicloop_fold(${n})`))})`
}

/** The city filter (?city=): the city by any of its names in the table, else as typed. */
export function cityFilterSql(city: string): RawBuilder<SqlBool> {
  return cityIsOneOf([city, ...placesNamed(city).flatMap((p) => p.city?.names ?? [])])
}

/**
 * Listings picked up at one of the named places and, when postcodes were named, at a postcode
 * starting with one of them (compared on its digits: "211 20" is 21120). Null when the query
 * names no place.
 */
export function pickupAtSql(named: PlacesInQuery): RawBuilder<SqlBool> | null {
  const conditions: RawBuilder<SqlBool>[] = []
  const cities = named.places.flatMap((p) => p.city?.names ?? [])
  const countries = [...new Set(named.places.filter((p) => !p.city).map((p) => p.country))]
  const places = [
    ...(cities.length > 0 ? [cityIsOneOf(cities)] : []),
    ...(countries.length > 0 ? [sql<SqlBool>`l.location_country in (${sql.join(countries)})`] : []),
  ]
  if (places.length > 0) conditions.push(anyOf(places))
  if (named.postcodes.length > 0) {
    conditions.push(anyOf(named.postcodes.map((p) => sql<SqlBool>`regexp_replace(l.location_postcode, '\\D', '', 'g') like ${`${p}%`}`)))
  }
  return conditions.length > 0 ? sql<SqlBool>`(${sql.join(conditions, sql` and `)})` : null
}
