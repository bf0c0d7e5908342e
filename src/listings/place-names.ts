// Place names as traders type them in a search box: countries and the main cities of the markets,
// in English, in their own language and in the markets' languages (Göteborg, Gothenburg;
// Turku, Åbo; München, Munich; Sverige, Ruotsi, Schweden). One table; search-words.ts turns a
// named place into a condition on the listing's pickup place. Names are compared whole, without
// case or accents. Left out on purpose: names that are also everyday or material words in the
// markets' languages (Essen, Split, Cork, Nice, Bath, Ísland → "island"), which would pull lots
// from that town into searches for the word.
import { COUNTRIES } from '../lib/countries.js'
import { foldWord } from './category-synonyms.js'

/** Each country's names besides its English one in COUNTRIES: local, then sv/fi/da/no/de. */
export const COUNTRY_NAMES: Record<string, string[]> = {
  AT: ['Österreich', 'Österrike', 'Itävalta', 'Østrig', 'Østerrike'],
  BE: ['België', 'Belgique', 'Belgien', 'Belgia'],
  BG: ['България', 'Bulgarien'],
  CH: ['Schweiz', 'Suisse', 'Svizzera', 'Sveitsi', 'Sveits'],
  CY: ['Κύπρος', 'Cypern', 'Kypros', 'Kypern', 'Zypern'],
  CZ: ['Česko', 'Czech Republic', 'Tjeckien', 'Tšekki', 'Tjekkiet', 'Tsjekkia', 'Tschechien'],
  DE: ['Deutschland', 'Tyskland', 'Saksa'],
  DK: ['Danmark', 'Tanska', 'Dänemark'],
  EE: ['Eesti', 'Estland', 'Viro'],
  ES: ['España', 'Spanien', 'Espanja', 'Spania'],
  FI: ['Suomi', 'Finnland'],
  FR: ['Frankrike', 'Ranska', 'Frankrig', 'Frankreich'],
  GB: ['UK', 'Britain', 'Great Britain', 'England', 'Storbritannien', 'Iso-Britannia', 'Storbritannia', 'Großbritannien'],
  GR: ['Ελλάδα', 'Hellas', 'Grekland', 'Kreikka', 'Grækenland', 'Griechenland'],
  HR: ['Hrvatska', 'Kroatien', 'Kroatia'],
  HU: ['Magyarország', 'Ungern', 'Unkari', 'Ungarn'],
  IE: ['Éire', 'Irland', 'Irlanti'],
  IS: ['Islanti'],
  IT: ['Italia', 'Italien'],
  LT: ['Lietuva', 'Litauen', 'Liettua'],
  LU: ['Lëtzebuerg', 'Luxemburg'],
  LV: ['Latvija', 'Lettland', 'Letland'],
  NL: ['Nederland', 'Holland', 'Nederländerna', 'Alankomaat', 'Nederlandene', 'Niederlande'],
  NO: ['Norge', 'Noreg', 'Norja', 'Norwegen'],
  PL: ['Polska', 'Polen', 'Puola'],
  PT: ['Portugali'],
  RO: ['România', 'Rumänien', 'Rumænien'],
  SE: ['Sverige', 'Ruotsi', 'Schweden'],
  SI: ['Slovenija', 'Slovenien', 'Slowenien'],
  SK: ['Slovensko', 'Slovakien', 'Slowakei'],
}

/** The main cities: country, the city's name in its own language, then its other names. */
export const CITY_NAMES: [country: string, city: string, ...others: string[]][] = [
  ['SE', 'Stockholm', 'Tukholma'], ['SE', 'Göteborg', 'Gothenburg'], ['SE', 'Malmö'], ['SE', 'Uppsala'],
  ['SE', 'Västerås'], ['SE', 'Örebro'], ['SE', 'Linköping'], ['SE', 'Helsingborg'], ['SE', 'Jönköping'], ['SE', 'Norrköping'],
  ['SE', 'Lund'], ['SE', 'Umeå', 'Uumaja'], ['SE', 'Gävle'], ['SE', 'Borås'], ['SE', 'Sundsvall'], ['SE', 'Luleå', 'Luulaja'],
  ['SE', 'Karlstad'], ['SE', 'Växjö'], ['SE', 'Halmstad'], ['SE', 'Södertälje'],
  ['FI', 'Helsinki', 'Helsingfors'], ['FI', 'Espoo', 'Esbo'], ['FI', 'Tampere', 'Tammerfors'], ['FI', 'Vantaa', 'Vanda'],
  ['FI', 'Oulu', 'Uleåborg'], ['FI', 'Turku', 'Åbo'], ['FI', 'Jyväskylä'], ['FI', 'Lahti', 'Lahtis'], ['FI', 'Kuopio'],
  ['FI', 'Pori', 'Björneborg'], ['FI', 'Vaasa', 'Vasa'], ['FI', 'Kotka'], ['FI', 'Joensuu'], ['FI', 'Lappeenranta', 'Villmanstrand'],
  ['FI', 'Hämeenlinna', 'Tavastehus'], ['FI', 'Rovaniemi'], ['FI', 'Kokkola', 'Karleby'], ['FI', 'Porvoo', 'Borgå'],
  ['DK', 'København', 'Copenhagen', 'Köpenhamn', 'Kööpenhamina', 'Kopenhagen'], ['DK', 'Aarhus', 'Århus'], ['DK', 'Odense'],
  ['DK', 'Aalborg', 'Ålborg'], ['DK', 'Esbjerg'], ['DK', 'Randers'], ['DK', 'Kolding'], ['DK', 'Horsens'], ['DK', 'Vejle'],
  ['DK', 'Roskilde'], ['DK', 'Herning'], ['DK', 'Helsingør', 'Elsinore'], ['DK', 'Fredericia'],
  ['NO', 'Oslo'], ['NO', 'Bergen'], ['NO', 'Trondheim', 'Trondhjem'], ['NO', 'Stavanger'], ['NO', 'Drammen'],
  ['NO', 'Fredrikstad'], ['NO', 'Kristiansand'], ['NO', 'Sandnes'], ['NO', 'Tromsø', 'Tromssa'], ['NO', 'Sarpsborg'],
  ['NO', 'Skien'], ['NO', 'Ålesund'], ['NO', 'Bodø'], ['NO', 'Haugesund'], ['NO', 'Tønsberg'],
  ['DE', 'Berlin'], ['DE', 'Hamburg'], ['DE', 'München', 'Munich'], ['DE', 'Köln', 'Cologne'],
  ['DE', 'Frankfurt am Main', 'Frankfurt'], ['DE', 'Stuttgart'], ['DE', 'Düsseldorf'], ['DE', 'Leipzig'], ['DE', 'Dortmund'],
  ['DE', 'Bremen'], ['DE', 'Dresden'], ['DE', 'Hannover', 'Hanover'], ['DE', 'Nürnberg', 'Nuremberg'], ['DE', 'Duisburg'],
  ['DE', 'Bochum'], ['DE', 'Kiel'], ['DE', 'Lübeck'], ['DE', 'Rostock'], ['DE', 'Flensburg'], ['DE', 'Bielefeld'], ['DE', 'Bonn'],
  ['DE', 'Mannheim'], ['DE', 'Karlsruhe'], ['DE', 'Augsburg'], ['DE', 'Braunschweig', 'Brunswick'], ['DE', 'Aachen', 'Aix-la-Chapelle'],
  ['PL', 'Warszawa', 'Warsaw', 'Warschau'], ['PL', 'Kraków', 'Cracow', 'Krakau'], ['PL', 'Łódź'],
  ['PL', 'Wrocław', 'Breslau'], ['PL', 'Poznań', 'Posen'], ['PL', 'Gdańsk', 'Danzig'],
  ['PL', 'Szczecin', 'Stettin'], ['PL', 'Gdynia'], ['PL', 'Katowice', 'Kattowitz'],
  ['NL', 'Amsterdam'], ['NL', 'Rotterdam'], ['NL', 'Den Haag', 'The Hague', 'Haag', 'Haagen'], ['NL', 'Utrecht'],
  ['NL', 'Eindhoven'], ['NL', 'Groningen'], ['NL', 'Tilburg'], ['NL', 'Nijmegen'],
  ['BE', 'Brussel', 'Brussels', 'Bruxelles', 'Bryssel'], ['BE', 'Antwerpen', 'Antwerp', 'Anvers'],
  ['BE', 'Gent', 'Ghent', 'Gand'], ['BE', 'Liège', 'Luik', 'Lüttich'], ['BE', 'Charleroi'],
  ['FR', 'Paris'], ['FR', 'Lyon', 'Lyons'], ['FR', 'Marseille', 'Marseilles'], ['FR', 'Lille'], ['FR', 'Toulouse'],
  ['FR', 'Bordeaux'], ['FR', 'Nantes'], ['FR', 'Strasbourg', 'Straßburg'], ['FR', 'Le Havre'], ['FR', 'Rouen'],
  ['EE', 'Tallinn', 'Reval'], ['EE', 'Tartu', 'Dorpat'], ['EE', 'Pärnu'], ['EE', 'Narva'],
  ['LV', 'Rīga'], ['LV', 'Liepāja', 'Libau'], ['LV', 'Ventspils', 'Windau'],
  ['LT', 'Vilnius', 'Wilna'], ['LT', 'Kaunas'], ['LT', 'Klaipėda', 'Memel'],
  ['AT', 'Wien', 'Vienna', 'Wenen'], ['AT', 'Graz'], ['AT', 'Linz'], ['AT', 'Salzburg'], ['AT', 'Innsbruck'],
  ['CH', 'Zürich'], ['CH', 'Genève', 'Geneva', 'Genf', 'Ginevra'], ['CH', 'Basel', 'Bâle', 'Basle'], ['CH', 'Bern', 'Berne'],
  ['CH', 'Lausanne'],
  ['CZ', 'Praha', 'Prague', 'Prag'], ['CZ', 'Brno', 'Brünn'], ['CZ', 'Ostrava'],
  ['SK', 'Bratislava', 'Pressburg'], ['SK', 'Košice', 'Kaschau'],
  ['HU', 'Budapest'], ['RO', 'București', 'Bucharest', 'Bukarest'], ['RO', 'Cluj-Napoca', 'Cluj'], ['BG', 'Sofia', 'Sofija'],
  ['BG', 'Varna'], ['SI', 'Ljubljana', 'Laibach'], ['HR', 'Zagreb', 'Agram'], ['HR', 'Rijeka'],
  ['GR', 'Athína', 'Athens', 'Athen', 'Aten', 'Ateena'], ['GR', 'Thessaloníki', 'Saloniki'], ['GR', 'Piraeus', 'Pireus'],
  ['IT', 'Roma', 'Rome'], ['IT', 'Milano', 'Milan', 'Mailand'], ['IT', 'Torino', 'Turin'], ['IT', 'Napoli', 'Naples', 'Neapel'],
  ['IT', 'Genova', 'Genoa', 'Genua'], ['IT', 'Venezia', 'Venice', 'Venedig'], ['IT', 'Bologna'],
  ['ES', 'Madrid'], ['ES', 'Barcelona'], ['ES', 'Valencia'], ['ES', 'Sevilla', 'Seville'], ['ES', 'Bilbao'], ['ES', 'Zaragoza'],
  ['PT', 'Lisboa', 'Lisbon', 'Lissabon'], ['PT', 'Porto', 'Oporto'],
  ['GB', 'London', 'Lontoo'], ['GB', 'Manchester'], ['GB', 'Birmingham'], ['GB', 'Glasgow'], ['GB', 'Edinburgh'], ['GB', 'Liverpool'],
  ['GB', 'Leeds'], ['GB', 'Bristol'], ['GB', 'Aberdeen'],
  ['IE', 'Dublin', 'Baile Átha Cliath'], ['IE', 'Galway'], ['IS', 'Reykjavík'],
  ['LU', 'Luxembourg', 'Luxemburg', 'Lëtzebuerg'], ['MT', 'Valletta'], ['CY', 'Nicosia', 'Lefkosia', 'Nikosia'], ['CY', 'Limassol'],
  ['LI', 'Vaduz'],
]

/** A place a name stands for: a whole country, or one city given by all its names. */
export type NamedPlace = { country: string; city?: { name: string; names: string[] } }

/** What a query's place names come to: the places, the postcodes, and the other words. */
export type PlacesInQuery = { places: NamedPlace[]; postcodes: string[]; rest: string }

const INDEX = new Map<string, NamedPlace[]>()
const add = (name: string, place: NamedPlace) => {
  const key = foldPlace(name)
  const named = INDEX.get(key) ?? []
  if (!named.includes(place)) INDEX.set(key, [...named, place])
}
for (const [code, english] of Object.entries(COUNTRIES)) {
  const place = { country: code }
  for (const name of [english, ...(COUNTRY_NAMES[code] ?? [])]) add(name, place)
}
for (const [country, name, ...others] of CITY_NAMES) {
  const city = { name, names: [name, ...others] }
  const place = { country, city }
  for (const n of city.names) add(n, place)
}
const LONGEST = Math.max(...[...INDEX.keys()].map((k) => k.split(' ').length))

/** A name as the table compares it: words folded like the synonyms, "ł" as "l", single spaces. */
export function foldPlace(name: string): string {
  return name.split(/\s+/).filter(Boolean).map((w) => foldWord(w).replace(/ł/g, 'l')).join(' ')
}

/** The places a (folded) name stands for; empty when it names none. */
export const placesNamed = (name: string): NamedPlace[] => INDEX.get(foldPlace(name)) ?? []

// A place word is letters (a hyphen or apostrophe inside); a trailing comma or full stop is
// punctuation, but a leading minus or a quote is a search operator and keeps the word out.
const PLAIN = /^[\p{L}][\p{L}'’-]*$/u
const plain = (word: string) => word.replace(/[,.;:!?]+$/u, '')

/**
 * The places and postcodes a query names, and its other words: "kartong Göteborg" → Göteborg,
 * "kartong"; "Den Haag" → The Hague; "411 47" or "41147" → the postcode 41147. A postcode is
 * four or five digits (or three and two, as in Sweden) and matches the start of a listing's
 * postcode, so "4114" finds 411 47 too. The longest name wins ("Frankfurt am Main").
 */
export function placesNamedIn(q: string): PlacesInQuery {
  const words = q.split(/\s+/).filter(Boolean)
  const terms: NamedPlace[][] = []
  const postcodes: string[] = []
  const kept: string[] = []
  for (let i = 0; i < words.length;) {
    if (/^\d{3}$/.test(words[i]) && /^\d{2}$/.test(plain(words[i + 1] ?? ''))) {
      postcodes.push(words[i] + plain(words[i + 1]))
      i += 2
      continue
    }
    if (/^\d{4,5}$/.test(plain(words[i]))) {
      postcodes.push(plain(words[i]))
      i += 1
      continue
    }
    let n = Math.min(LONGEST, words.length - i)
    for (; n > 0; n--) {
      const phrase = words.slice(i, i + n).map(plain)
      if (phrase.every((w) => PLAIN.test(w)) && INDEX.has(foldPlace(phrase.join(' ')))) break
    }
    if (n === 0) {
      kept.push(words[i])
      i += 1
    } else {
      terms.push(placesNamed(words.slice(i, i + n).map(plain).join(' ')))
      i += n
    }
  }
  // "Göteborg Sverige": the city says it all; "Luxembourg" alone still means the whole country.
  const cityCountries = new Set(terms.filter((t) => t.every((p) => p.city)).flatMap((t) => t.map((p) => p.country)))
  const places = terms.flatMap((t) => (t.some((p) => p.city) ? t : t.filter((p) => !cityCountries.has(p.country))))
  return { places, postcodes: [...new Set(postcodes)], rest: kept.join(' ') }
}
