// Search bench: 100,000 listings in a database of its own on the local PostgreSQL, typical
// searches through the real app (server time p50/p95/p99), and what a phone downloads for a
// results page and for a listing page with 8 photos (gzip; HTML, CSS, JS and images apart).
//
//   npm run bench:search     (optional: BENCH_DATABASE_URL, BENCH_LISTINGS, BENCH_RUNS, BENCH_KEEP=1)
import { gzipSync } from 'node:zlib'
import sharp from 'sharp'
import { createApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createLogger } from '../src/lib/logger.js'
import { processPhoto } from '../src/images/process.js'
import { ts, percentile, printTable } from './support.js'
import { createBenchDatabase } from './support/auction-setup.js'

const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 100_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 200)
const WARMUP = 20
const PHONE_CSS_WIDTH = 360
const PHONE_DPR = 2

// Words people write in listings across the Nordics and the EU, accents included.
const MATERIALS = ['Kartóng', 'Wellpapp', 'Järnskrot', 'Stålbalkar', 'Plåt', 'Aluminiumprofiler', 'Kopparkabel', 'Mässing', 'Träpallar',
  'EUR-pallar', 'Glaskross', 'Plastfilm', 'PET-flaskor', 'HDPE-dunkar', 'Textilspill', 'Drav', 'Betongkross', 'Tegel', 'Spillolja',
  'Elektronikskrot', 'Kabelskrot', 'Altpapier', 'Wellpappe', 'Stahlschrott', 'Holzpaletten', 'Kunststofffolie', 'Glasscherben',
  'Kupferkabel', 'Späne', 'carton ondulé', 'ferraille', 'palettes bois', 'déchets plastiques', 'verre brisé', 'pahvi', 'metalliromu',
  'puulava', 'muovikalvo', 'træflis', 'jernskrot', 'glasaffald', 'pap', 'papier', 'drewno', 'złom stalowy', 'folia', 'tekstylia',
  'corrugated cardboard', 'steel scrap', 'wooden pallets', 'stretch film', 'copper cable', 'aluminium swarf', 'glass cullet']
const ADJECTIVES = ['balad', 'sorterad', 'blandad', 'ren', 'torr', 'pressad', 'lös', 'gepresst', 'sortiert', 'sauber', 'trié', 'propre',
  'lajiteltu', 'puhdas', 'sorteret', 'clean', 'baled', 'mixed', 'sorted', 'dry', 'surplus', 'överskott', 'restlager']
// Everyday listing words: each turns up in many descriptions, like "clean" or "pickup" do.
const VOCAB = ['stored', 'indoors', 'loading', 'dock', 'weekdays', 'pickup', 'delivery', 'bales', 'about', 'each', 'tonnes', 'kg', 'clean',
  'dry', 'mixed', 'sorted', 'quality', 'grade', 'production', 'line', 'offcuts', 'monthly', 'weekly', 'container', 'truck', 'forklift',
  'available', 'from', 'our', 'plant', 'warehouse', 'lagret', 'lastkaj', 'vardagar', 'hämtas', 'levereras', 'balar', 'ungefär', 'varje',
  'torrt', 'inomhus', 'sorterat', 'blandat', 'kvalitet', 'produktion', 'spill', 'Lager', 'Abholung', 'Lieferung', 'Ballen', 'trocken',
  'sauber', 'Qualität', 'Produktion', 'entrepôt', 'enlèvement', 'livraison', 'qualité', 'varasto', 'nouto', 'toimitus', 'laatu']
// Syllables for the long tail of rarer words (names, grades, product codes, dialect): thousands
// of distinct words, accents included, so a specific word matches few listings, as in real text.
const SYLLABLES = ['ka', 'ro', 'ste', 'lin', 'mo', 'pa', 'ri', 'sa', 'to', 'ver', 'hal', 'ber', 'gen', 'dal', 'ström', 'kö', 'lä', 'mü',
  'ré', 'ny', 'sø', 'vå', 'tel', 'nor', 'gå', 'bor', 'fin', 'lund', 'ek', 'ås', 'vik', 'holm']
const PLACES: [string, string[]][] = [
  ['SE', ['Malmö', 'Göteborg', 'Stockholm', 'Umeå']], ['FI', ['Helsinki', 'Tampere', 'Jyväskylä', 'Oulu']],
  ['DK', ['København', 'Århus', 'Odense', 'Aalborg']], ['NO', ['Oslo', 'Bergen', 'Trondheim', 'Tromsø']],
  ['DE', ['Hamburg', 'München', 'Köln', 'Lübeck']], ['PL', ['Gdańsk', 'Kraków', 'Łódź', 'Poznań']],
  ['NL', ['Rotterdam', 'Utrecht', 'Eindhoven', 'Groningen']], ['FR', ['Besançon', 'Orléans', 'Lyon', 'Nîmes']],
  ['EE', ['Tallinn', 'Tartu', 'Pärnu', 'Narva']], ['LT', ['Vilnius', 'Kaunas', 'Klaipėda', 'Šiauliai']],
]

const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x.replaceAll("'", "''")}'`).join(',')}]::text[]`

/** One INSERT … SELECT over generate_series: rows, their words and their places made by PostgreSQL. */
function generateSql(count: number) {
  return `
SELECT setseed(0.4242);
INSERT INTO companies (legal_name, org_number, country, address_line, postcode, city, contact_name, status)
SELECT 'Bench company ' || g, 'BENCH-' || g, 'SE', 'Hamngatan ' || g, '111 47', 'Stockholm', 'Bench', 'approved'
FROM generate_series(1, 200) g;
WITH
  w AS (SELECT ${arr(MATERIALS)} AS mats, ${arr(ADJECTIVES)} AS adjs, ${arr(VOCAB)} AS vocab, ${arr(SYLLABLES)} AS syl,
               ${arr(PLACES.map((p) => p[0]))} AS countries,
               ARRAY[${PLACES.map((p) => arr(p[1])).join(',')}] AS cities),
  cats AS (SELECT array_agg(id ORDER BY id) AS ids FROM categories WHERE retired_at IS NULL),
  codes AS (SELECT array_agg(code ORDER BY code) AS codes FROM ewc_codes),
  comps AS (SELECT array_agg(id ORDER BY id) AS ids FROM companies),
  raw AS (
    SELECT g,
      w.mats[1 + floor(random() * array_length(w.mats, 1))::int] AS mat,
      w.adjs[1 + floor(random() * array_length(w.adjs, 1))::int] AS adj,
      array_to_string(ARRAY(
        SELECT CASE WHEN random() < 0.5 THEN w.vocab[1 + floor(random() * array_length(w.vocab, 1))::int]
          ELSE w.syl[1 + floor(random() * 32)::int] || w.syl[1 + floor(random() * 32)::int] || w.syl[1 + floor(random() * 32)::int] END
        FROM generate_series(1, 20 + g % 40)), ' ') AS words,
      cats.ids[1 + floor(random() * array_length(cats.ids, 1))::int] AS category_id,
      CASE WHEN random() < 0.4 THEN codes.codes[1 + floor(random() * array_length(codes.codes, 1))::int] END AS ewc_code,
      comps.ids[1 + floor(random() * array_length(comps.ids, 1))::int] AS company_id,
      1 + floor(random() * ${PLACES.length})::int AS pi,
      1 + floor(random() * 4)::int AS ci,
      random() < 0.7 AS auction,
      (50 + floor(random() * 20000)::int) * 100 AS price,
      random() AS r_status, random() AS r_bids, random() AS r_end, random() AS r_pub,
      w.countries, w.cities
    FROM generate_series(1, ${count}) g, w, cats, codes, comps
  ),
  rows AS (
    SELECT r.*,
      CASE WHEN r_status < 0.90 THEN 'live' WHEN r_status < 0.94 THEN 'ended' WHEN r_status < 0.97 THEN 'draft' ELSE 'withdrawn' END AS status,
      CASE WHEN auction AND r_bids < 0.5 THEN 1 + floor(r_bids * 30)::int ELSE 0 END AS bids,
      CASE WHEN NOT auction THEN NULL
           WHEN r_status >= 0.90 AND r_status < 0.94 THEN now() - interval '1 hour' * (1 + r_end * 100)
           ELSE now() + interval '1 minute' * (5 + r_end * 20000) END AS ends
    FROM raw r
  )
INSERT INTO listings (company_id, title, description, category_id, ewc_code, quantity, unit, location_city, location_postcode,
  location_country, logistics, recurrence, sale_type, fixed_price, start_price, bid_increment, current_price, bid_count,
  starts_at, ends_at, status, submitted_at, published_at, created_at, updated_at, search_extra)
SELECT company_id, initcap(adj) || ' ' || mat || ', lot ' || g, words || ' ' || adj || ' ' || mat || '.', category_id, ewc_code,
  1 + (g % 40), 't', cities[pi][ci], '100 ' || (g % 90 + 10), countries[pi], 'pickup', 'one_off',
  CASE WHEN auction THEN 'auction' ELSE 'fixed_price' END,
  CASE WHEN auction THEN NULL ELSE price END,
  CASE WHEN auction THEN price END,
  CASE WHEN auction THEN greatest(100, price / 50) END,
  CASE WHEN auction AND bids > 0 THEN price + bids * greatest(100, price / 50) END,
  CASE WHEN auction THEN bids ELSE 0 END,
  ends - interval '7 days', ends,
  status, now() - interval '31 days',
  CASE WHEN status = 'draft' THEN NULL ELSE now() - interval '30 days' * r_pub END,
  now() - interval '31 days', now(),
  c.name || coalesce(' ' || e.display_code || ' ' || e.description, '')
FROM rows
JOIN categories c ON c.id = rows.category_id
LEFT JOIN ewc_codes e ON e.code = rows.ewc_code;
-- Most listings have a photo: the result cards' lateral join then finds one, as in real use.
INSERT INTO listing_photos (listing_id, position, width, height, variants)
SELECT id, 0, 1600, 1200, '{320,640,1280}' FROM listings WHERE random() < 0.85;
ANALYZE;
`
}

/**
 * The candidate a browser loads from a srcset with w descriptors (HTML's selection: the
 * smallest image whose density, width ÷ slot width, reaches the device pixel ratio; else the
 * largest). Chromium may pick the next smaller one when it is close; this counts the spec's.
 */
function pickVariant<T extends { width: number }>(variants: T[], slotCssPx: number, dpr: number): T {
  const sorted = [...variants].sort((a, b) => a.width - b.width)
  return sorted.find((v) => v.width / slotCssPx >= dpr) ?? sorted[sorted.length - 1]
}

/**
 * A photo-like test image: light and shade, soft shapes, fine texture and sensor noise (flat
 * colour would flatter WebP, pure noise would punish it). Made at 1600×1200, like a phone
 * photo after the app's resize to at most 1280 px wide.
 */
async function samplePhoto(seed: number): Promise<Buffer> {
  const width = 1600
  const height = 1200
  const px = new Float32Array(width * height * 3)
  let s = seed * 7919 + 1
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647)
  const base = [90 + rnd() * 100, 80 + rnd() * 90, 60 + rnd() * 80]
  for (let i = 0; i < px.length; i += 3) { px[i] = base[0]; px[i + 1] = base[1]; px[i + 2] = base[2] }
  for (let n = 0; n < 14; n++) {
    const bx = rnd() * width, by = rnd() * height, r = 60 + rnd() * 300, c = [rnd() * 255, rnd() * 255, rnd() * 255]
    for (let y = Math.max(0, Math.floor(by - r)); y < Math.min(height, by + r); y++) {
      for (let x = Math.max(0, Math.floor(bx - r)); x < Math.min(width, bx + r); x++) {
        const d = Math.hypot(x - bx, y - by)
        if (d >= r) continue
        const k = 0.6 * (1 - d / r)
        const i = (y * width + x) * 3
        for (let ch = 0; ch < 3; ch++) px[i + ch] = px[i + ch] * (1 - k) + c[ch] * k
      }
    }
  }
  const out = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shade = 0.75 + 0.25 * Math.sin(x / 97 + seed) * Math.cos(y / 131)
      const texture = 12 * Math.sin(x / 3.1 + y / 5.3) * Math.sin(y / 2.7)
      const i = (y * width + x) * 3
      for (let ch = 0; ch < 3; ch++) out[i + ch] = Math.max(0, Math.min(255, px[i + ch] * shade + texture + (rnd() - 0.5) * 18))
    }
  }
  return sharp(out, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer()
}

async function main() {
  const started = performance.now()
  const log = createLogger('silent')
  const database = await createBenchDatabase(10)
  const { name, url } = database
  try {
    let t = performance.now()
    await database.runScript(generateSql(LISTINGS))
    const generateSeconds = (performance.now() - t) / 1000
    console.log(`${ts()} generated ${LISTINGS.toLocaleString('en')} listings in ${generateSeconds.toFixed(1)} s (database ${name})`)

    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'silent', SCHEDULER: 'false', SEED_DEMO_DATA: 'false' })
    const app = createApp({ config, database, log })
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await app.request(`http://localhost:3000${path}`, { headers })
      const body = new Uint8Array(await res.arrayBuffer())
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
      return { res, body }
    }

    // Typical searches; each run takes the next word or place, as different visitors would.
    const words = ['kartong', 'jarnskrot', 'pallar', 'stal', 'kupferkabel', 'plastfilm', 'glas', 'wellpappe', 'ferraille', 'pahvi', 'träpallar', 'złom']
    const prefixes = ['kart', 'järn', 'holzp', 'stå', 'kupf', 'plastf', 'glas', 'well']
    const common = ['clean', 'pickup', 'sorterat', 'Qualität']
    const countries = PLACES.map((p) => p[0])
    const categories = (await database.db.selectFrom('categories').select('slug').where('retired_at', 'is', null).execute()).map((c) => c.slug)
    const page2: string[] = []
    for (const w of words) {
      const html = new TextDecoder().decode((await get(`/listings?q=${encodeURIComponent(w)}&sort=newest`)).body)
      const next = /rel="next" href="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&')
      if (next) page2.push(next)
    }
    const shapes: { name: string; path: (i: number) => string; headers?: Record<string, string>; runs?: number }[] = [
      { name: 'words (best match)', path: (i) => `/listings?q=${encodeURIComponent(words[i % words.length])}` },
      // The slow case, ranking ~30,000 matches: fewer runs keep the bench within its time.
      { name: 'common word, ~30% match (worst)', path: (i) => `/listings?q=${encodeURIComponent(common[i % common.length])}`, runs: Math.ceil(RUNS / 4) },
      { name: 'words + country + ending soon', path: (i) => `/listings?q=${encodeURIComponent(words[i % words.length])}&country=${countries[i % countries.length]}&sort=ending` },
      { name: 'as you type (prefix), htmx', path: (i) => `/listings?q=${encodeURIComponent(prefixes[i % prefixes.length])}`, headers: { 'hx-request': 'true' } },
      { name: 'words + sale + price range + price sort', path: (i) => `/listings?q=${encodeURIComponent(words[i % words.length])}&sale=fixed_price&min=500&max=10000&sort=price_asc` },
      { name: 'category page, newest', path: (i) => `/categories/${categories[i % categories.length]}` },
      { name: 'country + city + auctions, price high', path: (i) => { const p = PLACES[i % PLACES.length]; return `/listings?country=${p[0]}&city=${encodeURIComponent(p[1][i % 4])}&sale=auction&sort=price_desc` } },
      { name: 'ending within 24 h', path: (i) => `/listings?ending=24h&country=${countries[i % countries.length]}&sort=ending` },
      { name: 'words, page 2 (keyset)', path: (i) => page2[i % page2.length] },
    ]
    const results: { shape: string; p50: number; p95: number; p99: number; mean: number }[] = []
    const all: number[] = []
    for (const shape of shapes) {
      for (let i = 0; i < WARMUP; i++) await get(shape.path(i), shape.headers)
      const times: number[] = []
      for (let i = 0; i < (shape.runs ?? RUNS); i++) {
        const t0 = performance.now()
        await get(shape.path(i), shape.headers)
        times.push(performance.now() - t0)
      }
      all.push(...times)
      results.push({ shape: shape.name, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), mean: times.reduce((a, b) => a + b, 0) / times.length })
    }
    console.log(`\nServer time through the app (in-process app.request, ${RUNS} runs a shape (worst case ${Math.ceil(RUNS / 4)}) after ${WARMUP} warm-up, ${LISTINGS.toLocaleString('en')} listings)\n`)
    printTable(['query shape', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms'], results.map((r) => [r.shape, r.p50.toFixed(1), r.p95.toFixed(1), r.p99.toFixed(1), r.mean.toFixed(1)]))

    // --- Bytes a phone downloads --------------------------------------------------------------
    const gz = { 'accept-encoding': 'gzip' }
    const gzipped = async (path: string) => {
      const { res, body } = await get(path, gz)
      return res.headers.get('content-encoding') === 'gzip' ? body.byteLength : gzipSync(body, { level: 6 }).byteLength
    }
    const resultsPath = `/listings?q=kartong&country=SE&sort=ending`
    const resultsHtml = new TextDecoder().decode((await get(resultsPath)).body)
    const assets = [...resultsHtml.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1])
    const css = assets.filter((a) => a.endsWith('.css'))
    const js = assets.filter((a) => a.endsWith('.js'))
    const cssBytes = (await Promise.all(css.map(gzipped))).reduce((a, b) => a + b, 0)
    const jsBytes = (await Promise.all(js.map(gzipped))).reduce((a, b) => a + b, 0)
    const resultsHtmlBytes = await gzipped(resultsPath)
    const cardCount = (resultsHtml.match(/class="card result-card"/g) ?? []).length

    // A listing with 8 photos, each a real sharp-made WebP set from a photo-like image.
    t = performance.now()
    const listing = await database.db.selectFrom('listings').select('id').where('status', '=', 'live').orderBy('published_at', 'desc').limit(1).executeTakeFirstOrThrow()
    await database.db.deleteFrom('listing_photos').where('listing_id', '=', listing.id).execute()
    const photoBytes: { width: number; bytes: number }[][] = []
    for (let i = 0; i < 8; i++) {
      const processed = await processPhoto(await samplePhoto(i + 1))
      if (!processed.ok) throw new Error(processed.message)
      const p = processed.photo
      photoBytes.push(p.variants.map((v) => ({ width: v.width, bytes: v.buffer.byteLength })))
      await database.db.insertInto('listing_photos').values({ listing_id: listing.id, position: i, width: p.width, height: p.height, variants: p.variants.map((v) => v.width) }).execute()
    }
    const photoSeconds = (performance.now() - t) / 1000
    const listingPath = `/listings/${listing.id}`
    const listingHtml = new TextDecoder().decode((await get(listingPath)).body)
    const listingHtmlBytes = await gzipped(listingPath)
    const sizes = /<img[^>]*sizes="([^"]+)"/.exec(listingHtml)?.[1] ?? ''
    // At 360 CSS px every "sizes" here resolves to its last entry, 100vw = 360 px.
    const chosen = photoBytes.map((variants) => pickVariant(variants, PHONE_CSS_WIDTH, PHONE_DPR))
    const imageBytes = chosen.reduce((a, v) => a + v.bytes, 0)
    const firstImageBytes = chosen[0].bytes
    const chosenWidth = chosen[0].width
    const variantMeans = photoBytes[0].map((v, i) => ({ width: v.width, bytes: Math.round(photoBytes.reduce((a, p) => a + p[i].bytes, 0) / photoBytes.length) }))
    // A card's photo at phone width: the last entry of its sizes (a fixed rem width, 16 px a rem).
    const cardSizes = /class="card result-card"[\s\S]*?<img[^>]*sizes="([^"]+)"/.exec(resultsHtml)?.[1] ?? ''
    const cardRem = /(\d+(?:\.\d+)?)rem\s*$/.exec(cardSizes)
    const cardCssWidth = cardRem ? Number(cardRem[1]) * 16 : PHONE_CSS_WIDTH
    const cardImage = pickVariant(variantMeans, cardCssWidth, PHONE_DPR)

    console.log(`\nBytes over the wire for a ${PHONE_CSS_WIDTH}-px-wide phone at DPR ${PHONE_DPR} (HTML gzip as served; CSS/JS precompressed gzip; WebP as stored)\n`)
    printTable(['page', 'HTML gz', 'CSS gz', 'JS gz', 'images', 'total'], [
      [`results (${cardCount} cards)`, resultsHtmlBytes, cssBytes, jsBytes, `${cardImage.bytes} a card (${cardImage.width} w)`, resultsHtmlBytes + cssBytes + jsBytes],
      ['listing, 8 photos', listingHtmlBytes, cssBytes, jsBytes, `${imageBytes} (8 × ${chosenWidth} w; first ${firstImageBytes})`, listingHtmlBytes + cssBytes + jsBytes + imageBytes],
    ].map((r) => r.map(String)))
    console.log(`\nPhoto variants (mean WebP bytes over the 8 photos): ${variantMeans.map((v) => `${v.width} w ${v.bytes}`).join(', ')}; listing sizes="${sizes}"; photos made in ${photoSeconds.toFixed(1)} s`)
    const totalSeconds = (performance.now() - started) / 1000
    console.log(`Total ${totalSeconds.toFixed(0)} s\n`)

    const round = (n: number) => Math.round(n * 10) / 10
    const main = results[2]
    console.log(JSON.stringify({
      bench: 'search',
      listings: LISTINGS,
      runs_per_shape: RUNS,
      p50_ms: round(percentile(all, 50)), p95_ms: round(percentile(all, 95)), p99_ms: round(percentile(all, 99)),
      text_filter_sort_p50_ms: round(main.p50), text_filter_sort_p95_ms: round(main.p95), text_filter_sort_p99_ms: round(main.p99),
      shapes: Object.fromEntries(results.map((r) => [r.shape, { p50_ms: round(r.p50), p95_ms: round(r.p95), p99_ms: round(r.p99) }])),
      results_html_gzip_bytes: resultsHtmlBytes, results_cards: cardCount, results_card_image_bytes: cardImage.bytes,
      listing_html_gzip_bytes: listingHtmlBytes, css_gzip_bytes: cssBytes, js_gzip_bytes: jsBytes,
      listing_images_bytes_360px: imageBytes, listing_first_image_bytes_360px: firstImageBytes, listing_image_width_360px: chosenWidth,
      generate_s: round(generateSeconds), total_s: round(totalSeconds),
    }))
  } finally {
    await database.drop()
  }
}

await main()
