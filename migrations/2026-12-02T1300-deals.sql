-- Every sale becomes a deal that buyer and seller carry to the end: paid (held by the
-- platform), handed over, completed, or cancelled, disputed and resolved. The state lives on
-- the deal row (locked for every change, in src/deals/); what happened, by whom and when, in
-- deal_events; money in and money out in their own tables.

ALTER TABLE sales RENAME TO deals;
ALTER INDEX sales_buyer_idx RENAME TO deals_buyer_idx;
ALTER INDEX sales_seller_idx RENAME TO deals_seller_idx;

-- A lot whose buyer did not pay may be sold again by a second-chance offer: one listing may
-- have several deals, but never two that are not cancelled (closing twice still sells once).
ALTER TABLE deals DROP CONSTRAINT sales_listing_id_key;
CREATE UNIQUE INDEX deals_one_standing_per_listing ON deals (listing_id) WHERE status <> 'cancelled';

ALTER TABLE deals DROP CONSTRAINT sales_status_check;
ALTER TABLE deals ADD CONSTRAINT deals_status_check
  CHECK (status IN ('awaiting_payment', 'paid', 'handed_over', 'completed', 'cancelled', 'disputed', 'resolved'));
ALTER TABLE deals DROP CONSTRAINT sales_kind_check;
ALTER TABLE deals ADD CONSTRAINT deals_kind_check CHECK (kind IN ('auction', 'buy_now', 'fixed_price', 'second_chance'));

-- The number people quote ("deal 1042"); the bank-transfer payment reference is derived from it.
ALTER TABLE deals ADD COLUMN number bigint GENERATED ALWAYS AS IDENTITY (START WITH 1001);
ALTER TABLE deals ADD CONSTRAINT deals_number_key UNIQUE (number);

ALTER TABLE deals
  -- The platform's seller commission, fixed when the deal is made: later changes to the
  -- configured rate never alter a deal already made. Deals from before fees existed pay none.
  ADD COLUMN fee_rate_bp integer NOT NULL DEFAULT 0 CHECK (fee_rate_bp BETWEEN 0 AND 10000),
  ADD COLUMN fee_minimum bigint NOT NULL DEFAULT 0 CHECK (fee_minimum >= 0),
  ADD COLUMN fee_amount bigint NOT NULL DEFAULT 0 CHECK (fee_amount >= 0),
  ADD COLUMN pay_by timestamptz,
  ADD COLUMN payment_reminder_sent_at timestamptz,
  ADD COLUMN amount_received bigint NOT NULL DEFAULT 0 CHECK (amount_received >= 0),
  ADD COLUMN paid_at timestamptz,
  ADD COLUMN handed_over_at timestamptz,
  ADD COLUMN auto_complete_at timestamptz,
  ADD COLUMN completed_at timestamptz,
  ADD COLUMN cancelled_at timestamptz,
  ADD COLUMN cancel_reason text CHECK (cancel_reason IN ('non_payment', 'mutual')),
  -- One side asked to call the deal off before payment; the other side's agreement cancels it.
  ADD COLUMN cancel_requested_by text CHECK (cancel_requested_by IN ('buyer', 'seller')),
  ADD COLUMN disputed_at timestamptz,
  ADD COLUMN disputed_by text CHECK (disputed_by IN ('buyer', 'seller')),
  ADD COLUMN dispute_reason text CHECK (dispute_reason IN ('not_as_described', 'not_collected', 'quantity_short', 'other')),
  ADD COLUMN dispute_text text,
  ADD COLUMN resolved_at timestamptz,
  ADD COLUMN resolution text CHECK (resolution IN ('release', 'refund_full', 'refund_partial')),
  ADD COLUMN resolution_note text,
  ADD COLUMN refund_amount bigint NOT NULL DEFAULT 0 CHECK (refund_amount >= 0),
  -- Where the material is collected, set from the listing when the deal is made; the seller may correct it.
  ADD COLUMN collection_address text NOT NULL DEFAULT '',
  ADD COLUMN collection_starts_at timestamptz,
  ADD COLUMN collection_ends_at timestamptz,
  -- Bumped with every change, so an open deal page knows it is behind.
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz;

UPDATE deals SET pay_by = created_at + interval '7 days', updated_at = created_at;
ALTER TABLE deals ALTER COLUMN pay_by SET NOT NULL, ALTER COLUMN updated_at SET NOT NULL;

-- Work queues: deals awaiting payment (reminders, deadlines, the admin's receipts) and
-- deals handed over (automatic completion).
CREATE INDEX deals_status_idx ON deals (status, created_at);

-- The deal's history: one row per thing that happened, shown as its timeline.
CREATE TABLE deal_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
  kind text NOT NULL,
  actor_role text NOT NULL CHECK (actor_role IN ('buyer', 'seller', 'admin', 'system')),
  actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL
);
CREATE INDEX deal_events_deal_idx ON deal_events (deal_id, id);

-- Money received for a deal, whichever gateway brought it. The same receipt (gateway and
-- its reference) is recorded once however many admins or webhooks report it.
CREATE TABLE deal_payments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
  gateway text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  received_at timestamptz NOT NULL,
  reference text NOT NULL,
  recorded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (deal_id, gateway, reference)
);

-- Money paid out of the platform's account: the seller's payout (less the fee) and any
-- refund to the buyer. Each party of a deal is paid once.
CREATE TABLE deal_payouts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
  party text NOT NULL CHECK (party IN ('seller', 'buyer')),
  amount bigint NOT NULL CHECK (amount > 0),
  paid_on date NOT NULL,
  reference text NOT NULL,
  recorded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (deal_id, party)
);

-- Collection windows the seller (or the buyer, in reply) proposes; the other side picks one.
CREATE TABLE deal_collection_windows (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  proposed_by text NOT NULL CHECK (proposed_by IN ('buyer', 'seller')),
  created_at timestamptz NOT NULL,
  withdrawn_at timestamptz
);
CREATE INDEX deal_collection_windows_deal_idx ON deal_collection_windows (deal_id);

-- After a buyer did not pay, the seller may offer the lot to the next-highest bidder at that
-- bidder's highest bid. The offer is accepted (a new deal) or declined within its time.
CREATE TABLE second_chance_offers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  listing_id uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  from_deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
  company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  amount bigint NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined', 'expired')),
  expires_at timestamptz NOT NULL,
  responded_at timestamptz,
  deal_id uuid REFERENCES deals (id) ON DELETE SET NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  -- One company is offered a lot once.
  UNIQUE (listing_id, company_id)
);
-- At most one open offer per listing.
CREATE UNIQUE INDEX second_chance_offers_open_idx ON second_chance_offers (listing_id) WHERE status = 'open';
CREATE INDEX second_chance_offers_company_idx ON second_chance_offers (company_id, status);
