import type { Child } from 'hono/jsx'
import type { PageContext } from '../src/web/page-context.js'
import { tradingRefusal } from '../src/accounts/company-status.js'
import { CsrfField } from './components/form.js'
import type { UnreadMessages } from '../src/deals/chat-unread.js'

// A company member's own pages. One row that scrolls sideways on a phone, so the header
// stays two lines high however many links there are.
const TRADING_LINKS = [
  ['/my/listings', 'My listings'], ['/my/bids', 'My bids'], ['/my/purchases', 'Won and bought'],
  ['/watching', 'Watching'], ['/saved-searches', 'Saved searches'],
] as const

function TradingNav(props: { path: string; dealsNeedingAction?: number | null; unread?: UnreadMessages | null }) {
  const here = props.path.split(/[?#]/)[0]
  const n = props.dealsNeedingAction ?? 0
  return (
    <nav aria-label="Your trading" class="trading-nav">
      <ul>
        <li>
          <a href="/deals" aria-current={here === '/deals' ? 'page' : undefined}
            aria-label={n > 0 ? `Deals: ${n} ${n === 1 ? 'needs' : 'need'} your action` : undefined}>{n > 0 ? `Deals (${n})` : 'Deals'}</a>
        </li>
        {props.unread?.dealId && props.unread.count > 0 && (
          <li><a href={`/deals/${props.unread.dealId}#chat`} aria-label={`Messages: ${props.unread.count} unread in your deals`}>Messages ({props.unread.count})</a></li>
        )}
        {TRADING_LINKS.map(([href, label]) => <li><a href={href} aria-current={here === href ? 'page' : undefined}>{label}</a></li>)}
      </ul>
    </nav>
  )
}

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
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={assets.css} />
        {!props.page.live && <script src={assets.htmx} defer></script>}
        <script src={assets.site} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site-header">
          <a class="brand" href="/">NordicLoop</a>
          <nav aria-label="Main">
            <ul>
              {viewer?.isAdmin && <li><a href="/admin">Admin</a></li>}
              {viewer?.company && <li><a href="/account">{viewer.company.legalName}</a></li>}
              {viewer?.isAdmin && !viewer.company && <li><a href="/account">{viewer.name}</a></li>}
              {props.page.devMail && <li><a href="/dev/mail">Dev mail</a></li>}
              {viewer ? (
                <li>
                  <form method="post" action="/logout" class="inline">
                    <CsrfField token={props.page.csrfToken} />
                    <button type="submit" class="link">Log out</button>
                  </form>
                </li>
              ) : (
                <>
                  <li><a href={`/login?next=${encodeURIComponent(props.page.path)}`}>Log in</a></li>
                  <li><a href="/register" class="button small">Register your company</a></li>
                </>
              )}
            </ul>
          </nav>
          {viewer?.company && <TradingNav path={props.page.path} dealsNeedingAction={props.page.dealsNeedingAction} unread={props.page.unreadMessages} />}
        </header>
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
          <p>NordicLoop — a marketplace for surplus and waste materials between businesses.</p>
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
