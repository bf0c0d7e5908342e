// A place typed in the search box finds the lots picked up there: every name of every city in
// the table (English, local, the markets' languages) finds that city's lot and no other city's;
// every country name finds that country's lot and no other country's; a postcode finds the lots
// whose postcode starts with it; the other words of a query still count.
import { describe, expect, it } from 'vitest'
import { categoriesNamedIn } from '../../src/listings/category-synonyms.js'
import { CITY_NAMES, COUNTRY_NAMES, foldPlace, placesNamed, placesNamedIn } from '../../src/listings/place-names.js'
import { COUNTRIES } from '../../src/lib/countries.js'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'

const { app, db, clock } = await createTestApp()
await categoryIds(db)
const seller = await createTestCompany(db, { status: 'approved' })
const lot = (title: string, city: string, country: string, more: { category?: string; location_postcode?: string } = {}) =>
  createTestListing(db, seller.companyId, {
    now: clock(), title, description: 'Collected on weekdays.', category: 'other', location_city: city, location_country: country,
    location_postcode: '99 999', ...more,
  })

// One lot in each city of the table, stored under its own-language name; one lot per country in
// a town the table does not know, titled with a word of its own so a search can single it out.
const cityLots = new Map<string, string>()
for (const [country, city] of CITY_NAMES) cityLots.set(city, await lot('Surplus lot', city, country))
const countryLots = new Map<string, string>()
for (const code of Object.keys(COUNTRIES)) countryLots.set(code, await lot('Zzpcountry lot', 'Zzpby', code))

async function found(params: string): Promise<string[]> {
  const res = await app.request(`http://localhost:3000/listings?${params}`)
  expect(res.status, params).toBe(200)
  return [...(await res.text()).matchAll(/<h3><a href="\/listings\/([0-9a-f-]{36})">/g)].map((m) => m[1]!)
}
const q = (words: string) => found(`q=${encodeURIComponent(words)}`)

describe('the place table', () => {
  it('names only countries of the markets, and no name of a place is also a category word', () => {
    for (const code of Object.keys(COUNTRY_NAMES)) expect(COUNTRIES[code], code).toBeDefined()
    for (const [country, city, ...others] of CITY_NAMES) {
      expect(COUNTRIES[country], city).toBeDefined()
      for (const name of [city, ...others]) expect(categoriesNamedIn(name).slugs, name).toEqual([])
    }
  })

  it('gives each city name to one city only', () => {
    const owner = new Map<string, string>()
    for (const [, city, ...others] of CITY_NAMES) {
      for (const name of new Set([city, ...others])) {
        expect(owner.get(foldPlace(name)), `${name} (${city})`).toBeUndefined()
        owner.set(foldPlace(name), city)
      }
    }
  })

  it('splits a query into places, postcodes and the other words', () => {
    const cities = (s: string) => placesNamedIn(s).places.map((p) => p.city?.name ?? p.country)
    expect(cities('kartong Gothenburg')).toEqual(['Göteborg'])
    expect(placesNamedIn('kartong Gothenburg').rest).toBe('kartong')
    expect(cities('pallets from The Hague, Frankfurt am Main')).toEqual(['Den Haag', 'Frankfurt am Main'])
    expect(placesNamedIn('pallets from The Hague, Frankfurt am Main').rest).toBe('pallets from')
    expect(cities('ÅBO helsingfors')).toEqual(['Turku', 'Helsinki'])
    expect(cities('lodz')).toEqual(['Łódź'])
    // The city says where in the country; the country alone means all of it.
    expect(cities('Göteborg Sverige')).toEqual(['Göteborg'])
    expect(cities('Sverige')).toEqual(['SE'])
    expect(cities('Luxembourg').sort()).toEqual(['LU', 'Luxembourg'])
    // Search operators keep their word: "-Malmö" leaves Malmö out, a quoted word is a phrase.
    expect(placesNamedIn('-Malmö "Lund"').places).toEqual([])
    expect(placesNamedIn('steel 411 47').postcodes).toEqual(['41147'])
    expect(placesNamedIn('steel 41147 and 2100').postcodes).toEqual(['41147', '2100'])
    expect(placesNamedIn('15 01 01 and 150101 and 500 kg')).toEqual({ places: [], postcodes: [], rest: '15 01 01 and 150101 and 500 kg' })
  })
})

describe.each(CITY_NAMES.map(([country, city, ...others]) => ({ country, city, names: [...new Set([city, ...others])] })))(
  'a city: $city', ({ city, names }) => {
    it('every name of it, as written or folded, finds its lot and no other city’s', async () => {
      for (const name of [...names, foldPlace(city)]) {
        const ids = await q(name)
        expect(ids, name).toContain(cityLots.get(city))
        // Luxembourg is also a country: its name finds the whole country.
        const countries = new Set(placesNamed(name).filter((p) => !p.city).map((p) => p.country))
        for (const [other, id] of cityLots) {
          const otherCountry = CITY_NAMES.find((c) => c[1] === other)![0]
          if (other !== city && !countries.has(otherCountry)) expect(ids, `${name} → ${other}`).not.toContain(id)
        }
      }
    })
  },
)

describe.each(Object.keys(COUNTRIES))('a country: %s', (code) => {
  it('its English name and every other name find its lot and no other country’s, with the other words still counting', async () => {
    for (const name of new Set([COUNTRIES[code], ...(COUNTRY_NAMES[code] ?? [])])) {
      expect(await q(`zzpcountry ${name}`), name).toEqual([countryLots.get(code)])
    }
  })
})

describe('places with other words, stored spellings, the city filter and postcodes', () => {
  it('finds cardboard in Göteborg however either is written, and not cardboard elsewhere or plastics there', async () => {
    const there = await lot('Baled corrugated lot', 'Göteborg', 'SE', { category: 'paper-cardboard' })
    const elsewhere = await lot('Baled corrugated lot', 'Malmö', 'SE', { category: 'paper-cardboard' })
    const plastics = await lot('Baled film lot', 'Göteborg', 'SE', { category: 'plastics' })
    for (const words of ['kartong Göteborg', 'Gothenburg pahvi', 'GOTEBORG Pappe', 'cardboard göteborg', 'baled Gothenburg corrugated']) {
      const ids = await q(words)
      expect(ids, words).toContain(there)
      expect(ids, words).not.toContain(elsewhere)
      expect(ids, words).not.toContain(plastics)
    }
    expect(await q('kartong Sverige zzpnothing')).toEqual([])
  })

  it('finds a lot whose city was stored under another of its names or in other letters, by words and by the city filter', async () => {
    const stored = await Promise.all(['Gothenburg', 'GÖTEBORG', 'goteborg'].map((city) => lot('Storedname lot', city, 'SE')))
    for (const params of ['q=storedname+G%C3%B6teborg', 'q=storedname+gothenburg', 'q=storedname&city=G%C3%B6teborg', 'q=storedname&city=Gothenburg']) {
      expect((await found(params)).sort(), params).toEqual([...stored].sort())
    }
    expect(await found('q=storedname&city=Stockholm')).toEqual([])
  })

  it('still finds a lot that only mentions the place in its words', async () => {
    const mentions = await lot('Pallets for the Göteborg harbour', 'Umeå', 'SE')
    expect(await q('Göteborg')).toContain(mentions)
  })

  it('a postcode, whole or its start, finds the lots there and no others', async () => {
    const se = await lot('Postlot', 'Göteborg', 'SE', { location_postcode: '411 47' })
    const fi = await lot('Postlot', 'Helsinki', 'FI', { location_postcode: '00100' })
    const dk = await lot('Postlot', 'København', 'DK', { location_postcode: '2100' })
    const de = await lot('Postlot', 'München', 'DE', { location_postcode: 'D-80331' })
    const cases: [string, string[]][] = [
      ['41147', [se]], ['411 47', [se]], ['4114', [se]], ['00100', [fi]], ['2100', [dk]], ['80331', [de]], ['8033', [de]], ['postlot 4114', [se]], ['12345', []],
    ]
    for (const [words, expected] of cases) expect((await q(words)).sort(), words).toEqual([...expected].sort())
    expect(await q('Postlot 41147 Malmö')).toEqual([])
  })
})
