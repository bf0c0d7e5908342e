// The site header. A member's links all sit in one <details> "Menu": on a phone it opens as a
// list under the header (no JavaScript needed, nothing scrolls sideways); on a wide screen the
// stylesheet shows its contents as rows of links and hides the summary. One markup for both.
import type { PageContext } from '../../src/web/page-context.js'
import { CsrfField } from './form.js'

const TRADING_LINKS = [
  ['/my/listings', 'My listings'], ['/my/bids', 'My bids'], ['/my/purchases', 'Won and bought'],
  ['/watching', 'Watching'], ['/saved-searches', 'Saved searches'], ['/my/impact', 'Impact report'],
] as const

const needs = (n: number) => (n === 1 ? 'needs' : 'need')

/** "Label (n)" with the count said in words for screen readers, or the bare label when n is 0. */
function CountedLink(props: { href: string; label: string; count: number; words: string; current?: boolean }) {
  const { count } = props
  return (
    <a href={props.href} aria-current={props.current ? 'page' : undefined}
      aria-label={count > 0 ? `${props.label}: ${props.words}` : undefined}>{count > 0 ? `${props.label} (${count})` : props.label}</a>
  )
}

function TradingNav(props: { here: string; page: PageContext }) {
  const deals = props.page.dealsNeedingAction ?? 0
  const unread = props.page.unreadMessages
  return (
    <nav aria-label="Your trading">
      <ul>
        <li><a href="/my" aria-current={props.here === '/my' ? 'page' : undefined}>Overview</a></li>
        <li><CountedLink href="/deals" label="Deals" count={deals} words={`${deals} ${needs(deals)} your action`} current={props.here === '/deals'} /></li>
        {unread?.dealId && unread.count > 0 && (
          <li><CountedLink href={`/deals/${unread.dealId}#chat`} label="Messages" count={unread.count} words={`${unread.count} unread in your deals`} /></li>
        )}
        {TRADING_LINKS.map(([href, label]) => <li><a href={href} aria-current={props.here === href ? 'page' : undefined}>{label}</a></li>)}
      </ul>
    </nav>
  )
}

function MemberMenu(props: { page: PageContext }) {
  const { page } = props
  const viewer = page.viewer!
  const here = page.path.split(/[?#]/)[0]
  const notifications = page.unreadNotifications ?? 0
  // What waits behind the closed menu on a phone, so a count is never hidden.
  const waiting = (page.dealsNeedingAction ?? 0) + (page.unreadMessages?.count ?? 0) + notifications
  return (
    <details class="site-menu">
      <summary>
        Menu{waiting > 0 && <> <span class="badge warn">{waiting}<span class="visually-hidden"> waiting for you</span></span></>}
      </summary>
      <div class="site-menu-links">
        {viewer.company && <TradingNav here={here} page={page} />}
        <nav aria-label="Account">
          <ul>
            <li><CountedLink href="/notifications" label="Notifications" count={notifications} words={`${notifications} unread`} current={here === '/notifications'} /></li>
            {viewer.isAdmin && <li><a href="/admin" aria-current={here === '/admin' ? 'page' : undefined}>Admin</a></li>}
            <li><a href="/account" aria-current={here === '/account' ? 'page' : undefined}>{viewer.company?.legalName ?? viewer.name}</a></li>
            <li>
              <form method="post" action="/logout" class="inline">
                <CsrfField token={page.csrfToken} />
                <button type="submit" class="link">Log out</button>
              </form>
            </li>
          </ul>
        </nav>
      </div>
    </details>
  )
}

export function SiteHeader(props: { page: PageContext }) {
  const { page } = props
  return (
    <header class="site-header">
      <a class="brand" href="/">NordicLoop</a>
      {page.viewer ? <MemberMenu page={page} /> : (
        <nav aria-label="Main" class="visitor-nav">
          <ul>
            <li><a href={`/login?next=${encodeURIComponent(page.path)}`}>Log in</a></li>
            <li><a href="/register" class="button small">Register<span class="wide-only">{'\u00a0'}your company</span></a></li>
          </ul>
        </nav>
      )}
    </header>
  )
}
