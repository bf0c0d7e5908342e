// A search in the markets' languages finds listings titled in another: every word of the synonym
// table, in each language, finds the category's English-titled lot and not an unrelated one; an
// English word finds a lot titled in Swedish; the other words of a query still count.
import { describe, expect, it } from 'vitest'
import { CATEGORY_SYNONYMS, categoriesNamedIn, foldWord, type SynonymLanguage } from '../../src/listings/category-synonyms.js'
import { CATEGORIES } from '../../src/seed/categories.js'
import { createTestApp } from '../support/test-app.js'
import { createTestCompany } from '../support/factories.js'
import { categoryIds, createTestListing } from '../support/listing-factory.js'

const { app, db, clock } = await createTestApp()
await categoryIds(db)
const seller = await createTestCompany(db, { status: 'approved' })

// One English-titled lot per category whose titles share no word with the table.
const lots = new Map<string, string>()
for (const slug of Object.keys(CATEGORY_SYNONYMS)) {
  lots.set(slug, await createTestListing(db, seller.companyId, {
    now: clock(), category: slug, title: `Lot ${slug.replace(/-/g, ' x ')} zzq`, description: 'Collected on weekdays.', location_city: 'Umeå',
  }))
}
const swedishCardboard = await createTestListing(db, seller.companyId, { now: clock(), category: 'paper-cardboard', title: 'Balad wellpapp från lagret', description: 'Torr, inomhus.', location_city: 'Malmö' })

async function found(q: string): Promise<string[]> {
  const html = await (await app.request(`http://localhost:3000/listings?q=${encodeURIComponent(q)}`)).text()
  return [...html.matchAll(/<h3><a href="\/listings\/([0-9a-f-]{36})">/g)].map((m) => m[1]!)
}

describe('the synonym table', () => {
  it('names only real categories, and no word folds to the empty string', () => {
    const slugs = new Set(CATEGORIES.map((c) => c.slug))
    for (const [slug, languages] of Object.entries(CATEGORY_SYNONYMS)) {
      expect(slugs.has(slug), slug).toBe(true)
      for (const words of Object.values(languages)) for (const w of words ?? []) expect(foldWord(w).length, w).toBeGreaterThan(1)
    }
  })

  it('splits a query into the categories it names and the other words, without case or accents', () => {
    expect(categoriesNamedIn('KARTONG Malmö')).toEqual({ slugs: ['paper-cardboard'], rest: 'Malmö' })
    expect(categoriesNamedIn('Bølgepap')).toEqual({ slugs: ['paper-cardboard'], rest: '' })
    expect(categoriesNamedIn('Stahlschrott').slugs).toEqual(['ferrous-metals'])
    expect(categoriesNamedIn('skrot').slugs.sort()).toEqual(['ferrous-metals', 'non-ferrous-metals'])
    expect(categoriesNamedIn('"kartong"')).toEqual({ slugs: [], rest: '"kartong"' })
  })
})

const LANGUAGES: SynonymLanguage[] = ['sv', 'fi', 'da', 'no', 'de', 'en']
describe.each(LANGUAGES)('searching in %s', (language) => {
  it('finds each category’s lot by every word of the table, and no lot of a category the word does not name', async () => {
    for (const [slug, languages] of Object.entries(CATEGORY_SYNONYMS)) {
      for (const word of languages[language] ?? []) {
        const ids = await found(word)
        const named = categoriesNamedIn(word).slugs
        expect(ids, `${language} "${word}"`).toContain(lots.get(slug))
        for (const [other, id] of lots) if (!named.includes(other)) expect(ids, `${language} "${word}" → ${other}`).not.toContain(id)
      }
    }
  })
})

describe('the other way round and with other words', () => {
  it('an English word finds a lot titled in Swedish, and the other words of a query still count', async () => {
    expect(await found('cardboard')).toContain(swedishCardboard)
    expect(await found('pahvi balad')).toEqual([swedishCardboard])
    expect(await found('Pappe zzq')).toEqual([lots.get('paper-cardboard')])
    expect(await found('zzq')).toHaveLength(lots.size)
  })
})
