// Multipart form posts as a browser sends them from the photos page: the CSRF field, the
// Origin header and the session cookie, with files under the input's name "photo".
import type { TestBrowser } from '../support/browser.js'
import { TEST_BASE_URL } from '../support/test-app.js'

export type TestFile = { name: string; bytes: Uint8Array; type?: string }

export async function uploadPhotos(browser: TestBrowser, listingId: string, files: TestFile[], opts: { headers?: Record<string, string> } = {}) {
  if (!browser.cookies.has('csrf')) await browser.get('/login')
  const form = new FormData()
  form.set('_csrf', browser.csrf)
  for (const f of files) form.append('photo', new File([new Uint8Array(f.bytes)], f.name, { type: f.type ?? 'image/jpeg' }))
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  return browser.app.request(`${TEST_BASE_URL}/listings/${listingId}/photos`, {
    method: 'POST', body: form, headers: { cookie, origin: TEST_BASE_URL, ...opts.headers },
  })
}
