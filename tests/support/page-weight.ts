// What a page costs a phone on a slow connection: the HTML as served (gzip), the stylesheets and
// scripts it links (gzip, as served), and its images (as stored: WebP/JPEG do not compress).
// Images marked loading="lazy" are counted apart: they load only when scrolled to.
import { gunzipSync, gzipSync } from 'node:zlib'

export type Fetcher = (path: string, headers: Record<string, string>) => Promise<Response>

export type PageWeight = {
  path: string
  status: number
  html: number
  css: number
  js: number
  /** Images the page loads at once. */
  images: number
  /** Images that load only when scrolled into view. */
  lazyImages: number
  /** HTML + CSS + JS, the figure the 30 KB budget is about. */
  code: number
}

/** A page's code budget: HTML, CSS and JS together, gzip. */
export const PAGE_CODE_BUDGET_BYTES = 30 * 1024

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]
const tags = (html: string, name: string) => html.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? []

/**
 * A response's size on the wire and its text. In-process (`app.request`) the body is still
 * gzip as the server compressed it; over a socket, fetch hands it back decoded, and the size
 * is then that of gzip at the level the server uses.
 */
async function received(res: Response): Promise<{ wire: number; body: Buffer }> {
  const raw = Buffer.from(await res.arrayBuffer())
  if (raw[0] === 0x1f && raw[1] === 0x8b) return { wire: raw.byteLength, body: gunzipSync(raw) }
  const compressible = /^(text\/|application\/(json|javascript|manifest))/.test(res.headers.get('content-type') ?? '')
  return { wire: compressible ? gzipSync(raw, { level: 6 }).byteLength : raw.byteLength, body: raw }
}

/** Weighs one page as a browser that accepts gzip loads it. */
export async function weighPage(fetcher: Fetcher, path: string, cookie?: string): Promise<PageWeight> {
  const headers: Record<string, string> = cookie ? { 'accept-encoding': 'gzip', cookie } : { 'accept-encoding': 'gzip' }
  const res = await fetcher(path, headers)
  const page = await received(res)
  const html = page.body.toString('utf8')
  const wireOf = async (href: string) => (await received(await fetcher(href, headers))).wire
  const stylesheets = tags(html, 'link').filter((t) => attr(t, 'rel') === 'stylesheet' && attr(t, 'media') !== 'print').map((t) => attr(t, 'href')!)
  const scripts = tags(html, 'script').map((t) => attr(t, 'src')).filter((s): s is string => Boolean(s))
  const images = tags(html, 'img').map((t) => ({ src: attr(t, 'src') ?? '', lazy: attr(t, 'loading') === 'lazy' })).filter((i) => i.src && !i.src.startsWith('data:'))
  const total = async (paths: string[]) => (await Promise.all([...new Set(paths)].map(wireOf))).reduce((a, b) => a + b, 0)
  const css = await total(stylesheets)
  const js = await total(scripts)
  return {
    path, status: res.status, html: page.wire, css, js,
    images: await total(images.filter((i) => !i.lazy).map((i) => i.src)),
    lazyImages: await total(images.filter((i) => i.lazy).map((i) => i.src)),
    code: page.wire + css + js,
  }
}

export function formatKb(bytes: number) {
  return `${(bytes / 1024).toFixed(1)} KB`
}
