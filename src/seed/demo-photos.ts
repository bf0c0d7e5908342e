// Stand-in photos for the demo listings, drawn on the spot: a coloured background, a simple
// pattern that hints at the material (bales, stripes, specks, crates, bars) and the category
// name. They are rendered to JPEG, like a phone would upload, and then go through the same
// checks and WebP variants as a real upload. Nothing here is shown to anyone as a real photo:
// every picture says "Demo photo" on it.
import sharp from 'sharp'

export type PhotoPattern = 'bales' | 'stripes' | 'specks' | 'crates' | 'bars'

export type DemoPhotoSpec = {
  pattern: PhotoPattern
  /** Background, pattern and accent colours, as CSS hex. */
  colours: readonly [string, string, string]
  /** Large line on the picture: the category name. */
  label: string
  /** Small line under it: what the lot is. */
  caption: string
  /** Which of a listing's photos this is; each one is drawn a little differently. */
  variant: number
}

// Drawn on a 1280 × 960 canvas and rendered at 960 × 720: sharp enough for a listing page,
// and a third fewer pixels to encode than the largest variant, which keeps the seed quick.
const WIDTH = 1280
const HEIGHT = 960
const OUT_WIDTH = 960
const OUT_HEIGHT = 720

/** A small deterministic random source, so the same listing gets the same pictures every time. */
function random(seedText: string) {
  let a = 0x9e3779b9
  for (const ch of seedText) a = Math.imul(a ^ ch.charCodeAt(0), 0x85ebca6b)
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function escapeXml(text: string) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function patternSvg(spec: DemoPhotoSpec, rnd: () => number): string {
  const [, fg, accent] = spec.colours
  const parts: string[] = []
  const area = HEIGHT - 220 // the bottom band holds the text
  switch (spec.pattern) {
    case 'bales': {
      // Stacked bales with two straps each, rows offset like a real stack.
      const w = 300 - spec.variant * 30
      const h = 190
      for (let row = 0; row * (h + 14) < area; row++) {
        const offset = row % 2 ? w / 2 : 0
        for (let x = -offset + 20; x < WIDTH; x += w + 14) {
          const y = 30 + row * (h + 14)
          const shade = 0.75 + rnd() * 0.25
          parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="10" fill="${fg}" fill-opacity="${shade.toFixed(2)}"/>`)
          for (const s of [0.3, 0.7]) parts.push(`<rect x="${x + w * s - 4}" y="${y}" width="8" height="${h}" fill="${accent}"/>`)
          for (let k = 0; k < 5; k++) {
            const ly = y + 20 + rnd() * (h - 40)
            parts.push(`<line x1="${x + 12}" y1="${ly.toFixed(0)}" x2="${x + w - 12}" y2="${(ly + rnd() * 8 - 4).toFixed(0)}" stroke="${accent}" stroke-opacity="0.35" stroke-width="3"/>`)
          }
        }
      }
      break
    }
    case 'stripes': {
      // Diagonal bands: film on rolls, strapping, sheet stacked on edge.
      const step = 70 + spec.variant * 18
      for (let x = -HEIGHT; x < WIDTH + HEIGHT; x += step) {
        const band = step * (0.35 + rnd() * 0.3)
        parts.push(`<polygon points="${x},0 ${x + band},0 ${x + band + area},${area} ${x + area},${area}" fill="${rnd() > 0.3 ? fg : accent}" fill-opacity="${(0.55 + rnd() * 0.4).toFixed(2)}"/>`)
      }
      break
    }
    case 'specks': {
      // A heap of small pieces: sawdust, chips, pomace.
      const count = 900 + spec.variant * 250
      for (let i = 0; i < count; i++) {
        const r = 4 + rnd() * (14 + spec.variant * 4)
        parts.push(`<circle cx="${(rnd() * WIDTH).toFixed(0)}" cy="${(rnd() * area).toFixed(0)}" r="${r.toFixed(1)}" fill="${rnd() > 0.25 ? fg : accent}" fill-opacity="${(0.5 + rnd() * 0.5).toFixed(2)}"/>`)
      }
      break
    }
    case 'crates': {
      // Rows of containers seen from above: jars, drums, crates, blocks.
      const size = 150 - spec.variant * 20
      for (let y = 30; y + size < area; y += size + 20) {
        for (let x = 30; x + size < WIDTH; x += size + 20) {
          parts.push(`<rect x="${x}" y="${y}" width="${size}" height="${size}" rx="${size / 6}" fill="${fg}" fill-opacity="${(0.7 + rnd() * 0.3).toFixed(2)}"/>`)
          parts.push(`<circle cx="${x + size / 2}" cy="${y + size / 2}" r="${size / 3.2}" fill="none" stroke="${accent}" stroke-width="${6 + spec.variant * 2}"/>`)
        }
      }
      break
    }
    case 'bars': {
      // Long pieces on a rack: profiles, bars, counters, planks.
      const h = 44 + spec.variant * 10
      for (let y = 30; y + h < area; y += h + 16) {
        const x = 20 + rnd() * 160
        const w = WIDTH - x - 20 - rnd() * 220
        parts.push(`<rect x="${x.toFixed(0)}" y="${y}" width="${w.toFixed(0)}" height="${h}" rx="6" fill="${fg}" fill-opacity="${(0.7 + rnd() * 0.3).toFixed(2)}"/>`)
        parts.push(`<rect x="${x.toFixed(0)}" y="${y}" width="${w.toFixed(0)}" height="${(h / 4).toFixed(0)}" fill="${accent}" fill-opacity="0.6"/>`)
      }
      break
    }
  }
  return parts.join('')
}

/** The picture as SVG text (exported for tests that look at what is drawn). */
export function demoPhotoSvg(spec: DemoPhotoSpec): string {
  const rnd = random(`${spec.caption}#${spec.variant}`)
  const [bg] = spec.colours
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${OUT_WIDTH}" height="${OUT_HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`
    + `<rect width="${WIDTH}" height="${HEIGHT}" fill="${bg}"/>`
    + patternSvg(spec, rnd)
    + `<rect x="0" y="${HEIGHT - 220}" width="${WIDTH}" height="220" fill="#1f2933" fill-opacity="0.88"/>`
    + `<text x="48" y="${HEIGHT - 128}" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="68" font-weight="bold" fill="#ffffff">${escapeXml(spec.label)}</text>`
    + `<text x="48" y="${HEIGHT - 58}" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="38" fill="#d9e2ec">${escapeXml(`Demo photo ${spec.variant + 1} · ${spec.caption}`)}</text>`
    + '</svg>'
}

/** The picture as a JPEG file, 960 × 720, typically 40–120 KB. */
export async function renderDemoPhoto(spec: DemoPhotoSpec): Promise<Buffer> {
  return sharp(Buffer.from(demoPhotoSvg(spec))).jpeg({ quality: 78, mozjpeg: false }).toBuffer()
}
