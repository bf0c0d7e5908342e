// Draws the app icons (home screen, favicon, Apple touch icon) from the two SVGs in
// public/icons/. Run once after changing a drawing: `node --import tsx scripts/make-icons.ts`.
// The PNGs are kept in the repository, so the server never needs sharp to start.
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

const dir = fileURLToPath(new URL('../public/icons/', import.meta.url))

// "any" icons keep their rounded corners; maskable ones fill the square and keep the drawing
// inside the safe circle, since the phone cuts its own shape out of them. Apple's is square too.
const ICONS = [
  { from: 'icon.svg', to: 'icon-192.png', size: 192 },
  { from: 'icon.svg', to: 'icon-512.png', size: 512 },
  { from: 'icon.svg', to: 'favicon-32.png', size: 32 },
  { from: 'maskable.svg', to: 'maskable-512.png', size: 512 },
  { from: 'maskable.svg', to: 'apple-touch-icon.png', size: 180 },
]

for (const icon of ICONS) {
  await sharp(dir + icon.from, { density: 72 * (icon.size / 512) * 4 })
    .resize(icon.size, icon.size)
    .png({ compressionLevel: 9, palette: true })
    .toFile(dir + icon.to)
  console.log(`${icon.to}: ${icon.size}×${icon.size}`)
}
