// The web app manifest: what a phone needs to put NordicLoop on its home screen. Its colours
// are the stylesheet's (theme: the brand green of buttons and links; background: the page's),
// so the splash screen and the browser's bar match the site. Icons come as hashed asset URLs.

export const THEME_COLOR = '#1e6b47'
export const BACKGROUND_COLOR = '#fbfcfa'

export type ManifestIcons = { icon192: string; icon512: string; maskable512: string }

export function webManifest(icons: ManifestIcons) {
  return {
    // A stable identity, so a changed manifest updates the installed app instead of adding another.
    id: '/',
    name: 'NordicLoop — surplus and waste materials between businesses',
    short_name: 'NordicLoop',
    description: 'A B2B marketplace where approved businesses sell surplus and waste materials by auction or at a fixed price.',
    lang: 'en',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    icons: [
      { src: icons.icon192, sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: icons.icon512, sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: icons.maskable512, sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  }
}
