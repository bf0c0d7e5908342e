import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { Hono } from 'hono'

// Static assets are few and small: read once at start, fingerprinted by content hash so they
// can be cached for a year, and compressed once (brotli and gzip) instead of per request.
type Asset = { body: Buffer; br: Buffer; gzip: Buffer; type: string }
// The stylesheet is one file to the browser, kept as several in the repository: app.css first
// (the base), then each part of the site's own sheet in public/css/, in name order.
type Source = { file: string; type: string; parts?: string[] }

const publicDir = fileURLToPath(new URL('../../public/', import.meta.url))
const htmxDir = join(dirname(createRequire(import.meta.url).resolve('htmx.org/package.json')), 'dist')

const cssParts = () => readdirSync(join(publicDir, 'css')).filter((f) => f.endsWith('.css')).sort().map((f) => join(publicDir, 'css', f))

// Likewise the small script every page loads: the time zone first, then public/js/'s others in name order.
const siteScripts = () => readdirSync(join(publicDir, 'js')).filter((f) => f.endsWith('.js') && f !== 'time-zone.js').sort().map((f) => join(publicDir, 'js', f))

const sources: Record<string, Source> = {
  css: { file: join(publicDir, 'app.css'), type: 'text/css; charset=utf-8', parts: cssParts() },
  print: { file: join(publicDir, 'print.css'), type: 'text/css; charset=utf-8' },
  htmx: { file: join(htmxDir, 'htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  site: { file: join(publicDir, 'js', 'time-zone.js'), type: 'text/javascript; charset=utf-8', parts: siteScripts() },
  sse: { file: join(htmxDir, 'ext', 'hx-sse.min.js'), type: 'text/javascript; charset=utf-8' },
}

let built: { urls: Record<string, string>; byPath: Map<string, Asset> } | undefined

function build() {
  const urls: Record<string, string> = {}
  const byPath = new Map<string, Asset>()
  for (const [name, { file, type, parts = [] }] of Object.entries(sources)) {
    const body = Buffer.concat([file, ...parts].map((f) => readFileSync(f)))
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
    const ext = file.endsWith('.css') ? 'css' : 'js'
    const path = `/assets/${name}-${hash}.${ext}`
    urls[name] = path
    byPath.set(path, {
      body,
      type,
      gzip: gzipSync(body, { level: 9 }),
      br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    })
  }
  return { urls, byPath }
}

export function assetUrls() {
  built ??= build()
  return built.urls as { css: string; htmx: string; site: string; sse: string; print: string }
}

export const assetRoutes = new Hono().get('/assets/:file', (c) => {
  built ??= build()
  const asset = built.byPath.get(c.req.path)
  if (!asset) return c.notFound()
  const accepts = c.req.header('accept-encoding') ?? ''
  c.header('Content-Type', asset.type)
  c.header('Cache-Control', 'public, max-age=31536000, immutable')
  c.header('Vary', 'Accept-Encoding')
  if (/\bbr\b/.test(accepts)) {
    c.header('Content-Encoding', 'br')
    return c.body(new Uint8Array(asset.br))
  }
  if (/\bgzip\b/.test(accepts)) {
    c.header('Content-Encoding', 'gzip')
    return c.body(new Uint8Array(asset.gzip))
  }
  return c.body(new Uint8Array(asset.body))
})
