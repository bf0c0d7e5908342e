// What traders type for a category in the markets' languages, so a search in Swedish, Finnish,
// Danish, Norwegian or German finds English-titled listings (and an English word finds a lot
// titled in another language: every listing's search text carries its English category name).
// One table, by category slug and language; a word may stand for more than one category
// ("skrot" is scrap of any metal). Words are compared whole, without case or accents.

export type SynonymLanguage = 'sv' | 'fi' | 'da' | 'no' | 'de' | 'en'

export const CATEGORY_SYNONYMS: Record<string, Partial<Record<SynonymLanguage, string[]>>> = {
  'paper-cardboard': {
    sv: ['kartong', 'papper', 'wellpapp', 'returpapper', 'papp'],
    fi: ['pahvi', 'paperi', 'kartonki', 'aaltopahvi', 'keräyspaperi'],
    da: ['pap', 'papir', 'karton', 'bølgepap'],
    no: ['papp', 'papir', 'kartong', 'bølgepapp', 'returpapir'],
    de: ['pappe', 'papier', 'karton', 'wellpappe', 'altpapier'],
    en: ['paper', 'cardboard', 'carton', 'corrugated'],
  },
  'ferrous-metals': {
    sv: ['skrot', 'järnskrot', 'stålskrot', 'metallskrot', 'järn', 'stål'],
    fi: ['romu', 'rautaromu', 'teräsromu', 'metalliromu', 'rauta', 'teräs'],
    da: ['skrot', 'jernskrot', 'stålskrot', 'metalskrot', 'jern', 'stål'],
    no: ['skrap', 'jernskrap', 'stålskrap', 'metallskrap', 'jern', 'stål'],
    de: ['schrott', 'stahlschrott', 'eisenschrott', 'metallschrott', 'eisen', 'stahl'],
    en: ['scrap', 'steel', 'iron', 'metal'],
  },
  'non-ferrous-metals': {
    sv: ['skrot', 'metallskrot', 'aluminium', 'koppar', 'mässing'],
    fi: ['romu', 'metalliromu', 'alumiini', 'kupari', 'messinki'],
    da: ['skrot', 'metalskrot', 'aluminium', 'kobber', 'messing'],
    no: ['skrap', 'metallskrap', 'aluminium', 'kobber', 'messing'],
    de: ['schrott', 'metallschrott', 'buntmetall', 'aluminium', 'kupfer', 'messing'],
    en: ['scrap', 'metal', 'aluminium', 'aluminum', 'copper', 'brass'],
  },
  plastics: {
    sv: ['plast', 'plastavfall', 'sträckfilm'],
    fi: ['muovi', 'muovijäte', 'kiristekalvo'],
    da: ['plast', 'plastaffald', 'strækfilm'],
    no: ['plast', 'plastavfall', 'strekkfilm'],
    de: ['kunststoff', 'plastik', 'kunststoffabfälle', 'stretchfolie'],
    en: ['plastic', 'plastics', 'film'],
  },
  'wood-pallets': {
    sv: ['trä', 'pall', 'pallar', 'träavfall', 'flis'],
    fi: ['puu', 'lava', 'lavat', 'puujäte', 'hake'],
    da: ['træ', 'palle', 'paller', 'træaffald', 'flis'],
    no: ['tre', 'pall', 'paller', 'treavfall', 'flis'],
    de: ['holz', 'palette', 'paletten', 'altholz', 'hackschnitzel'],
    en: ['wood', 'pallet', 'pallets', 'timber'],
  },
  glass: {
    sv: ['glas', 'glaskross'], fi: ['lasi', 'lasimurska'], da: ['glas', 'glasskår'], no: ['glass', 'glasskår'], de: ['glas', 'altglas', 'glasbruch'], en: ['glass', 'cullet'],
  },
  textiles: {
    sv: ['textil', 'tyg', 'textilier'], fi: ['tekstiili', 'kangas', 'tekstiilit'], da: ['tekstil', 'stof', 'tekstiler'], no: ['tekstil', 'stoff', 'tekstiler'],
    de: ['textil', 'textilien', 'stoff', 'alttextilien'], en: ['textile', 'textiles', 'fabric'],
  },
  'organic-food': {
    sv: ['matavfall', 'biprodukter', 'drav', 'livsmedel'], fi: ['biojäte', 'sivutuote', 'mäski', 'elintarvike'], da: ['madaffald', 'biprodukter', 'mask', 'fødevarer'],
    no: ['matavfall', 'biprodukter', 'mask', 'næringsmidler'], de: ['lebensmittel', 'biertreber', 'treber', 'nebenprodukte'], en: ['food', 'organic', 'grain'],
  },
  'electronics-weee': {
    sv: ['elektronik', 'elavfall', 'elskrot'], fi: ['elektroniikka', 'sähköromu', 'elektroniikkaromu'], da: ['elektronik', 'elskrot', 'elektronikaffald'],
    no: ['elektronikk', 'elavfall', 'ee-avfall'], de: ['elektronik', 'elektroschrott', 'altgeräte'], en: ['electronics', 'weee', 'e-waste'],
  },
  'construction-demolition': {
    sv: ['byggavfall', 'rivningsavfall', 'betong', 'tegel'], fi: ['rakennusjäte', 'purkujäte', 'betoni', 'tiili'], da: ['byggeaffald', 'nedrivningsaffald', 'beton', 'tegl'],
    no: ['byggavfall', 'rivningsavfall', 'betong', 'tegl'], de: ['bauschutt', 'abbruch', 'beton', 'ziegel'], en: ['construction', 'demolition', 'concrete', 'rubble'],
  },
  'chemicals-hazardous': {
    sv: ['kemikalier', 'farligt', 'spillolja', 'lösningsmedel'], fi: ['kemikaali', 'vaarallinen', 'jäteöljy', 'liuotin'], da: ['kemikalier', 'farligt', 'spildolie', 'opløsningsmiddel'],
    no: ['kjemikalier', 'farlig', 'spillolje', 'løsemiddel'], de: ['chemikalien', 'gefährlich', 'altöl', 'lösemittel'], en: ['chemicals', 'hazardous', 'oil', 'solvent'],
  },
}

/** A word as the table compares it: lower case, without accents or case (å → a, ß → ss). */
export function foldWord(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/æ/g, 'ae')
}

const INDEX = new Map<string, Set<string>>()
for (const [slug, languages] of Object.entries(CATEGORY_SYNONYMS)) {
  for (const words of Object.values(languages)) {
    for (const word of words ?? []) {
      const key = foldWord(word)
      INDEX.set(key, (INDEX.get(key) ?? new Set()).add(slug))
    }
  }
}

/**
 * The categories the query's words name, and the query without those words: "kartong Malmö"
 * → paper & cardboard, "Malmö". Empty when no word is a category synonym.
 */
export function categoriesNamedIn(q: string): { slugs: string[]; rest: string } {
  const slugs = new Set<string>()
  const kept: string[] = []
  for (const word of q.split(/\s+/).filter(Boolean)) {
    const named = /^[\p{L}\p{N}-]+$/u.test(word) ? INDEX.get(foldWord(word)) : undefined
    if (named) named.forEach((s) => slugs.add(s))
    else kept.push(word)
  }
  return { slugs: [...slugs], rest: kept.join(' ') }
}
