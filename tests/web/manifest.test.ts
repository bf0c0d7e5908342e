// The site can be added to a phone's home screen: a web app manifest with icons and the
// stylesheet's colours, linked from every page; every file a page loads is hashed and cached
// for a year (the manifest keeps one address, with a short cache).
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'

const { app } = await createTestApp()
const appCss = readFileSync(new URL('../../public/app.css', import.meta.url), 'utf8')
const cssColour = (name: string) => new RegExp(`--${name}:(#[0-9a-f]{3,6})`, 'i').exec(appCss)![1]

type Manifest = {
  name: string; short_name: string; start_url: string; display: string; theme_color: string; background_color: string
  icons: { src: string; sizes: string; type: string; purpose: string }[]
}

const manifestRes = await app.request('/manifest.webmanifest')
const manifest = (await manifestRes.clone().json()) as Manifest
const home = await (await app.request('/')).text()
const head = home.slice(0, home.indexOf('</head>'))

/** The bytes of an asset, as the browser gets them. */
async function fetchAsset(path: string) {
  const res = await app.request(path)
  expect(res.status, path).toBe(200)
  return { res, body: Buffer.from(await res.arrayBuffer()) }
}

/** An RGBA pixel of a PNG. */
async function pixel(png: Buffer, x: number, y: number) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  const i = (y * info.width + x) * 4
  return [...data.subarray(i, i + 4)]
}

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))

describe('the web app manifest', () => {
  it('is served as a manifest, cached for a short time at its one address', () => {
    expect(manifestRes.status).toBe(200)
    expect(manifestRes.headers.get('content-type')).toMatch(/^application\/manifest\+json/)
    const cache = manifestRes.headers.get('cache-control') ?? ''
    expect(cache).not.toContain('immutable')
    expect(Number(/max-age=(\d+)/.exec(cache)?.[1])).toBeLessThanOrEqual(86_400)
  })

  it('names the app, opens it standalone at the home page, in the stylesheet\'s colours', () => {
    expect(manifest.name).toContain('NordicLoop')
    expect(manifest.short_name).toBe('NordicLoop')
    expect(manifest.short_name.length).toBeLessThanOrEqual(12)
    expect(manifest.start_url).toBe('/')
    expect(manifest.display).toBe('standalone')
    expect(manifest.theme_color).toBe(cssColour('ok'))
    expect(manifest.background_color).toBe(cssColour('bg'))
    expect(head).toContain(`<meta name="theme-color" content="${cssColour('ok')}"/>`)
  })

  it('has 192 and 512 px icons and a maskable one, each a hashed PNG of that size, cached for a year', async () => {
    const wanted = [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']]
    for (const [sizes, purpose] of wanted) expect(manifest.icons.some((i) => i.sizes === sizes && i.purpose === purpose), `${sizes} ${purpose}`).toBe(true)
    for (const icon of manifest.icons) {
      const { res, body } = await fetchAsset(icon.src)
      expect(res.headers.get('content-type')).toBe('image/png')
      expect(icon.type).toBe('image/png')
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      // The address changes with the content: the hash in the name is the file's own.
      expect(icon.src).toContain(`-${createHash('sha256').update(body).digest('hex').slice(0, 12)}.png`)
      const { width, height, format } = await sharp(body).metadata()
      expect(`${width}x${height}`).toBe(icon.sizes)
      expect(format).toBe('png')
    }
  })

  it('fills a maskable icon to its corners with the theme colour; the others have rounded, clear corners', async () => {
    for (const icon of manifest.icons) {
      const { body } = await fetchAsset(icon.src)
      const corner = await pixel(body, 0, 0)
      if (icon.purpose === 'maskable') expect(corner).toEqual([...rgb(manifest.theme_color), 255])
      else expect(corner[3]).toBe(0)
      // Halfway down the left edge the background is solid, in either shape.
      expect((await pixel(body, 4, Math.floor(Number(icon.sizes.split('x')[0]) / 2)))[3]).toBe(255)
    }
  })
})

describe('every page\'s head', () => {
  it('links the manifest, a real favicon and an Apple touch icon of 180 px', async () => {
    expect(head).toContain('<link rel="manifest" href="/manifest.webmanifest"/>')
    expect(head).not.toContain('data:,')
    const favicon = /<link rel="icon" href="([^"]+)" sizes="32x32"/.exec(head)?.[1]
    const svg = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml"/.exec(head)?.[1]
    const touch = /<link rel="apple-touch-icon" href="([^"]+)"/.exec(head)?.[1]
    expect((await sharp((await fetchAsset(favicon!)).body).metadata()).width).toBe(32)
    expect((await fetchAsset(svg!)).body.toString()).toMatch(/^<svg /)
    const touchIcon = await sharp((await fetchAsset(touch!)).body).metadata()
    expect([touchIcon.width, touchIcon.height]).toEqual([180, 180])
  })

  it('loads only hashed assets, each cached for a year and changed in name when changed in content', async () => {
    const urls = [...head.matchAll(/(?:href|src)="(\/[^"]+)"/g)].map((m) => m[1]).filter((u) => u !== '/manifest.webmanifest')
    expect(urls.length).toBeGreaterThanOrEqual(6)
    for (const url of urls) {
      expect(url).toMatch(/^\/assets\/[a-z0-9]+-[0-9a-f]{12}\.[a-z]+$/i)
      const { res, body } = await fetchAsset(url)
      expect(res.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable')
      // Text comes compressed when the browser asks: the hash is of the uncompressed file.
      if (!res.headers.get('content-encoding')) expect(url).toContain(createHash('sha256').update(body).digest('hex').slice(0, 12))
    }
  })

  it('answers a made-up asset name with 404, not another file', async () => {
    for (const path of ['/assets/icon192-000000000000.png', '/assets/manifest.webmanifest', '/assets/..%2Fapp.css']) {
      expect((await app.request(path)).status, path).toBe(404)
    }
  })
})
