// Names for rows and column values that the code uses, derived from the generated table
// types in ./schema.ts, so a migration that changes a column (or the values its CHECK
// allows) changes them too.
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Companies, EmailTokens, Listings, Outbox, OutboxAttachments, Deals, Users } from './schema.js'

export type CompanyStatus = Selectable<Companies>['status']
export type CompanyRole = NonNullable<Selectable<Users>['company_role']>
export type EmailTokenPurpose = Selectable<EmailTokens>['purpose']
export type OutboxStatus = Selectable<Outbox>['status']

export type ListingStatus = Selectable<Listings>['status']
export type SaleType = Selectable<Listings>['sale_type']
export type Unit = Selectable<Listings>['unit']
export type Logistics = Selectable<Listings>['logistics']
export type Recurrence = Selectable<Listings>['recurrence']
export type DealStatus = Selectable<Deals>['status']

export type Company = Selectable<Companies>
export type NewCompany = Insertable<Companies>
export type CompanyUpdate = Updateable<Companies>
export type User = Selectable<Users>
export type NewUser = Insertable<Users>
export type Listing = Selectable<Listings>
export type NewListing = Insertable<Listings>
export type ListingUpdate = Updateable<Listings>
export type OutboxRow = Selectable<Outbox>
export type OutboxUpdate = Updateable<Outbox>
export type OutboxAttachmentRow = Selectable<OutboxAttachments>
export type NewOutboxAttachment = Insertable<OutboxAttachments>
