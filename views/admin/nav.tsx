import type { Child } from 'hono/jsx'
import { Notice } from '../components/form.js'

type Section = 'dashboard' | 'pending' | 'companies' | 'listings-pending' | 'listings' | 'payments' | 'payouts' | 'disputes' | 'deals' | 'categories' | 'audit' | 'ratings' | 'permits' | 'flags' | 'reports' | 'outbox'

const links: { section: Section; href: string; label: string }[] = [
  { section: 'dashboard', href: '/admin', label: 'Dashboard' },
  { section: 'pending', href: '/admin/companies/pending', label: 'Awaiting approval' },
  { section: 'companies', href: '/admin/companies', label: 'Companies' },
  { section: 'listings-pending', href: '/admin/listings/pending', label: 'Listings to review' },
  { section: 'listings', href: '/admin/listings', label: 'Live listings' },
  { section: 'reports', href: '/admin/reports', label: 'Reported listings' },
  { section: 'payments', href: '/admin/payments', label: 'Payments to record' },
  { section: 'payouts', href: '/admin/payouts', label: 'Payouts due' },
  { section: 'disputes', href: '/admin/disputes', label: 'Disputes' },
  { section: 'deals', href: '/admin/deals', label: 'Deals' },
  { section: 'permits', href: '/admin/permits', label: 'Waste permits' },
  { section: 'ratings', href: '/admin/ratings', label: 'Ratings' },
  { section: 'categories', href: '/admin/categories', label: 'Categories' },
  { section: 'flags', href: '/admin/flags', label: 'Feature flags' },
  { section: 'outbox', href: '/admin/outbox', label: 'Email outbox' },
  { section: 'audit', href: '/admin/audit', label: 'Audit log' },
]

/** The frame of every admin page: section links, an optional notice, the page body. */
export function AdminFrame(props: { current: Section; title: string; notice?: string; children: Child }) {
  return (
    <section class="admin">
      <nav aria-label="Administration" class="admin-nav">
        <ul>
          {links.map((l) => (
            <li><a href={l.href} aria-current={l.section === props.current ? 'page' : undefined}>{l.label}</a></li>
          ))}
        </ul>
      </nav>
      <h1>{props.title}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {props.children}
    </section>
  )
}

export function StatusBadge(props: { status: string; label: string }) {
  return <span class={`status status-${props.status}`}>{props.label}</span>
}
