import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { Hono, type Context } from 'hono'
import { webManifest } from './manifest.js'

// Static assets are few and small: read once at start, fingerprinted by content hash so they
// can be cached for a year, and text compressed once (brotli and gzip) instead of per request.
// (PNGs are compressed already: they are sent as they are.)
type Asset = { body: Buffer; br?: Buffer; gzip?: Buffer; type: string }
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
  // The app's icons, drawn by scripts/make-icons.ts from the SVGs beside them.
  icon: { file: join(publicDir, 'icons', 'icon.svg'), type: 'image/svg+xml' },
  favicon: { file: join(publicDir, 'icons', 'favicon-32.png'), type: 'image/png' },
  touchIcon: { file: join(publicDir, 'icons', 'apple-touch-icon.png'), type: 'image/png' },
  icon192: { file: join(publicDir, 'icons', 'icon-192.png'), type: 'image/png' },
  icon512: { file: join(publicDir, 'icons', 'icon-512.png'), type: 'image/png' },
  maskable512: { file: join(publicDir, 'icons', 'maskable-512.png'), type: 'image/png' },
}

export type AssetUrls = { css: string; print: string; htmx: string; site: string; sse: string; icon: string; favicon: string; touchIcon: string }

// The manifest keeps one address (a browser checks it there for changes to an installed app),
// so it is cached for an hour, not a year; the icons it names are hashed like every asset.
export const MANIFEST_PATH = '/manifest.webmanifest'
const MANIFEST_CACHE = 'public, max-age=3600'

let built: { urls: Record<string, string>; byPath: Map<string, Asset>; manifest: Asset } | undefined

const compressible = (type: string) => !type.startsWith('image/png')

function asset(body: Buffer, type: string): Asset {
  if (!compressible(type)) return { body, type }
  return {
    body,
    type,
    gzip: gzipSync(body, { level: 9 }),
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  }
}

function build() {
  const urls: Record<string, string> = {}
  const byPath = new Map<string, Asset>()
  for (const [name, { file, type, parts = [] }] of Object.entries(sources)) {
    const body = Buffer.concat([file, ...parts].map((f) => readFileSync(f)))
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
    const ext = file.slice(file.lastIndexOf('.') + 1)
    const path = `/assets/${name}-${hash}.${ext}`
    urls[name] = path
    byPath.set(path, asset(body, type))
  }
  const manifest = webManifest({ icon192: urls.icon192, icon512: urls.icon512, maskable512: urls.maskable512 })
  return { urls, byPath, manifest: asset(Buffer.from(JSON.stringify(manifest)), 'application/manifest+json; charset=utf-8') }
}

export function assetUrls(): AssetUrls {
  built ??= build()
  return built.urls as AssetUrls
}

function send(c: Context, asset: Asset, cacheControl: string) {
  const accepts = c.req.header('accept-encoding') ?? ''
  c.header('Content-Type', asset.type)
  c.header('Cache-Control', cacheControl)
  if (!asset.br || !asset.gzip) return c.body(new Uint8Array(asset.body))
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
}

export const assetRoutes = new Hono()
  .get('/assets/:file', (c) => {
    built ??= build()
    const asset = built.byPath.get(c.req.path)
    if (!asset) return c.notFound()
    return send(c, asset, 'public, max-age=31536000, immutable')
  })
  .get(MANIFEST_PATH, (c) => {
    built ??= build()
    return send(c, built.manifest, MANIFEST_CACHE)
  })
