-- Bids, the leading proxy maximum, sales, and what live pages need to catch up.

-- Only the leader's maximum matters: every other maximum has been bid through already.
ALTER TABLE listings
  ADD COLUMN leading_company_id uuid REFERENCES companies (id),
  ADD COLUMN leading_max bigint,
  -- Bumped on every change a watcher should see; the SSE event id, so a reconnecting page
  -- (Last-Event-ID) knows whether it missed anything.
  ADD COLUMN version integer NOT NULL DEFAULT 0;
CREATE INDEX listings_leading_company_idx ON listings (leading_company_id) WHERE leading_company_id IS NOT NULL;

CREATE TABLE bids (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  listing_id uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  company_id uuid NOT NULL REFERENCES companies (id),
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  kind text NOT NULL CHECK (kind IN ('bid', 'auto', 'buy_now')),
  created_at timestamptz NOT NULL
);
CREATE INDEX bids_listing_idx ON bids (listing_id, id);
CREATE INDEX bids_company_idx ON bids (company_id, listing_id);

-- A double-submitted bid form carries the same key: the second submission gets the first's
-- answer instead of placing a second bid.
CREATE TABLE bid_requests (
  listing_id uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  idempotency_key text NOT NULL,
  company_id uuid NOT NULL REFERENCES companies (id),
  message text NOT NULL,
  created_at timestamptz NOT NULL,
  -- Per company: another company reusing a key must not see or block this one's bid.
  PRIMARY KEY (listing_id, company_id, idempotency_key)
);

-- When a company was last emailed "you were outbid" on an auction (at most one per 10 minutes).
CREATE TABLE outbid_notices (
  listing_id uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (listing_id, company_id)
);

-- The sale a closed auction or a purchase records. One per listing: closing twice cannot sell twice.
CREATE TABLE sales (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  listing_id uuid NOT NULL UNIQUE REFERENCES listings (id),
  seller_company_id uuid NOT NULL REFERENCES companies (id),
  buyer_company_id uuid NOT NULL REFERENCES companies (id),
  buyer_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL,
  kind text NOT NULL CHECK (kind IN ('auction', 'buy_now', 'fixed_price')),
  status text NOT NULL DEFAULT 'awaiting_payment'
    CHECK (status IN ('awaiting_payment', 'paid', 'handed_over', 'completed', 'cancelled', 'disputed')),
  created_at timestamptz NOT NULL
);
CREATE INDEX sales_buyer_idx ON sales (buyer_company_id, created_at DESC);
CREATE INDEX sales_seller_idx ON sales (seller_company_id, created_at DESC);

-- Watchers are told once when an auction they watch has an hour left.
ALTER TABLE watchlist ADD COLUMN ending_soon_sent_at timestamptz;
