// Table types for Kysely: the one place that says what the migrations built.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>

export type { CompanyStatus, CompanyRole } from '../accounts/company-status.js'
import type { CompanyStatus, CompanyRole } from '../accounts/company-status.js'
export type EmailTokenPurpose = 'verify_email' | 'password_reset'
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed'

export interface CompaniesTable {
  id: Generated<string>
  legal_name: string
  org_number: string
  country: string
  address_line: string
  postcode: string
  city: string
  contact_name: string
  status: Generated<CompanyStatus>
  status_reason: string | null
  status_changed_at: Date | null
  created_at: CreatedAt
}

export interface UsersTable {
  id: Generated<string>
  company_id: string | null
  email: string
  name: string
  password_hash: string
  company_role: CompanyRole | null
  is_admin: Generated<boolean>
  email_verified_at: Date | null
  created_at: CreatedAt
}

export interface SessionsTable {
  id: string
  user_id: string
  expires_at: Date
  created_at: CreatedAt
}

export interface EmailTokensTable {
  id: string
  user_id: string
  purpose: EmailTokenPurpose
  expires_at: Date
  used_at: Date | null
  created_at: CreatedAt
}

export interface CompanyInvitationsTable {
  id: string
  company_id: string
  email: string
  invited_by: string
  expires_at: Date
  accepted_at: Date | null
  created_at: CreatedAt
}

export interface LoginFailuresTable {
  id: Generated<number>
  key: string
  failed_at: Date
}

export interface OutboxTable {
  id: Generated<number>
  template: string
  to_address: string
  subject: string
  html_body: string
  text_body: string
  status: Generated<OutboxStatus>
  attempts: Generated<number>
  next_attempt_at: ColumnType<Date, Date | undefined, Date>
  lease_until: Date | null
  provider_message_id: string | null
  last_error: string | null
  created_at: CreatedAt
  sent_at: Date | null
}

export interface AuditLogTable {
  id: Generated<number>
  actor_user_id: string | null
  action: string
  subject_type: string | null
  subject_id: string | null
  detail: ColumnType<Record<string, unknown>, string | undefined, string>
  ip: string | null
  created_at: CreatedAt
}

export interface CategoriesTable {
  id: Generated<number>
  slug: string
  name: string
  description: string
  retired_at: Date | null
}

export type ListingStatus = 'draft' | 'pending_review' | 'live' | 'ended' | 'withdrawn' | 'rejected'
export type SaleType = 'auction' | 'fixed_price'
export type Unit = 'kg' | 't' | 'm3' | 'l' | 'pcs' | 'pallets'
export type Logistics = 'pickup' | 'delivery' | 'pickup_or_delivery'
export type Recurrence = 'one_off' | 'recurring'

export interface EwcCodesTable {
  code: string
  display_code: string
  hazardous: boolean
  entry_type: 'absolute' | 'mirror'
  description: string
  chapter: string
  chapter_description: string
  subchapter: string
  subchapter_description: string
}

export interface ListingsTable {
  id: Generated<string>
  company_id: string
  created_by: string | null
  title: string
  description: string
  category_id: number
  ewc_code: string | null
  // numeric comes back as a string from both drivers; exact decimal quantities.
  quantity: ColumnType<string, string | number, string | number>
  unit: Unit
  location_city: string
  location_postcode: string
  location_country: string
  logistics: Logistics
  logistics_note: Generated<string>
  recurrence: Recurrence
  sale_type: SaleType
  currency: Generated<string>
  fixed_price: number | null
  start_price: number | null
  reserve_price: number | null
  bid_increment: number | null
  buy_now_price: number | null
  starts_at: Date | null
  ends_at: Date | null
  status: Generated<ListingStatus>
  outcome: 'sold' | 'unsold' | null
  status_reason: string | null
  current_price: number | null
  bid_count: Generated<number>
  submitted_at: Date | null
  published_at: Date | null
  ended_at: Date | null
  created_at: CreatedAt
  updated_at: ColumnType<Date, Date | undefined, Date>
  search_extra: Generated<string>
  search_document: ColumnType<string, never, never>
  // Generated: the fixed price, else the current or starting bid, in minor units.
  display_price: ColumnType<number | null, never, never>
  leading_company_id: string | null
  leading_max: number | null
  version: Generated<number>
}

export interface ListingPhotosTable {
  id: Generated<string>
  listing_id: string
  position: number
  width: number
  height: number
  variants: number[]
  created_at: CreatedAt
}

export interface WatchlistTable {
  user_id: string
  listing_id: string
  created_at: CreatedAt
  ending_soon_sent_at: Date | null
}

export interface BidsTable {
  id: Generated<number>
  listing_id: string
  company_id: string
  user_id: string | null
  amount: number
  kind: 'bid' | 'auto' | 'buy_now'
  created_at: Date
}

export interface BidRequestsTable {
  listing_id: string
  idempotency_key: string
  company_id: string
  message: string
  created_at: Date
}

export interface OutbidNoticesTable {
  listing_id: string
  company_id: string
  sent_at: Date
}

export type SaleStatus = 'awaiting_payment' | 'paid' | 'handed_over' | 'completed' | 'cancelled' | 'disputed'

export interface SalesTable {
  id: Generated<string>
  listing_id: string
  seller_company_id: string
  buyer_company_id: string
  buyer_user_id: string | null
  amount: number
  currency: string
  kind: 'auction' | 'buy_now' | 'fixed_price'
  status: Generated<SaleStatus>
  created_at: Date
}

export interface SavedSearchesTable {
  id: Generated<string>
  user_id: string
  name: string
  query: string
  last_digest_at: ColumnType<Date, Date | undefined, Date>
  created_at: CreatedAt
}

export interface DB {
  ewc_codes: EwcCodesTable
  listings: ListingsTable
  listing_photos: ListingPhotosTable
  watchlist: WatchlistTable
  saved_searches: SavedSearchesTable
  bids: BidsTable
  bid_requests: BidRequestsTable
  outbid_notices: OutbidNoticesTable
  sales: SalesTable
  companies: CompaniesTable
  users: UsersTable
  sessions: SessionsTable
  email_tokens: EmailTokensTable
  company_invitations: CompanyInvitationsTable
  login_failures: LoginFailuresTable
  outbox: OutboxTable
  audit_log: AuditLogTable
  categories: CategoriesTable
}

export type Company = Selectable<CompaniesTable>
export type User = Selectable<UsersTable>
export type NewCompany = Insertable<CompaniesTable>
export type NewUser = Insertable<UsersTable>
export type OutboxRow = Selectable<OutboxTable>
export type CompanyUpdate = Updateable<CompaniesTable>
export type Listing = Selectable<ListingsTable>
export type NewListing = Insertable<ListingsTable>
export type ListingUpdate = Updateable<ListingsTable>
