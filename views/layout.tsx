import type { Child } from 'hono/jsx'
import type { PageContext } from '../src/web/page-context.js'
import { tradingRefusal } from '../src/accounts/company-status.js'
import { SiteHeader } from './components/site-header.js'
import { MANIFEST_PATH } from '../src/web/assets.js'
import { THEME_COLOR } from '../src/web/manifest.js'

const DEFAULT_DESCRIPTION = 'NordicLoop: a B2B marketplace where approved businesses sell surplus and waste materials by auction or at a fixed price.'

export function Layout(props: { page: PageContext; title: string; children: Child; wide?: boolean }) {
  const { viewer, assets } = props.page
  const refusal = viewer?.company ? tradingRefusal(viewer.company.status, viewer.company.statusReason) : null
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · NordicLoop`}</title>
        <meta name="description" content={props.page.description ?? DEFAULT_DESCRIPTION} />
        <meta name="theme-color" content={THEME_COLOR} />
        <link rel="icon" href={assets.favicon} sizes="32x32" />
        <link rel="icon" href={assets.icon} type="image/svg+xml" />
        <link rel="apple-touch-icon" href={assets.touchIcon} />
        <link rel="manifest" href={MANIFEST_PATH} />
        <link rel="stylesheet" href={assets.css} />
        {!props.page.live && <script src={assets.htmx} defer></script>}
        <script src={assets.site} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <SiteHeader page={props.page} />
        {viewer && !viewer.emailVerified && (
          <p class="banner warn" role="status">
            Please confirm your email address: we sent you a link. <a href="/verify-email/resend">Send it again</a>
          </p>
        )}
        {refusal && <p class="banner warn" role="status">{refusal}</p>}
        <main id="main" class={props.wide ? 'wide' : undefined}>
          {props.children}
        </main>
        <footer class="site-footer">
          <p>NordicLoop — a marketplace for surplus and waste materials between businesses. <a href="/market-prices">Market prices</a></p>
          {/* Only outside production (the routes are not even mounted there). */}
          {props.page.devMail && <p class="dev-tool">Development tool: <a href="/dev/mail">Dev mail</a> (the emails the app would send)</p>}
        </footer>
        {/* Live pages: htmx must not initialise before its SSE extension registers, or the page
            never connects. A deferred htmx runs after parsing and initialises on a timer that can
            fire before the next deferred script; run during parsing, it waits for
            DOMContentLoaded, by which time the extension below has registered. */}
        {props.page.live && <><script src={assets.htmx}></script><script src={assets.sse}></script></>}
      </body>
    </html>
  )
}
