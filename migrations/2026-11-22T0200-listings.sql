-- Listings, their photos, watchlists and saved searches, with accent-insensitive full-text search.

CREATE EXTENSION IF NOT EXISTS unaccent;

-- Listings are written in many European languages: no stemming (a Swedish word stemmed as
-- English would be mangled), but accents folded, so "kartong" finds "Kartóng" and "jarn" finds "järn".
CREATE TEXT SEARCH CONFIGURATION nordicloop_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION nordicloop_search
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

CREATE TABLE listings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  title text NOT NULL,
  description text NOT NULL,
  category_id integer NOT NULL REFERENCES categories (id),
  ewc_code char(6) REFERENCES ewc_codes (code),
  quantity numeric(14, 3) NOT NULL CHECK (quantity > 0),
  unit text NOT NULL CHECK (unit IN ('kg', 't', 'm3', 'l', 'pcs', 'pallets')),
  location_city text NOT NULL,
  location_postcode text NOT NULL,
  location_country char(2) NOT NULL,
  logistics text NOT NULL CHECK (logistics IN ('pickup', 'delivery', 'pickup_or_delivery')),
  logistics_note text NOT NULL DEFAULT '',
  recurrence text NOT NULL CHECK (recurrence IN ('one_off', 'recurring')),
  sale_type text NOT NULL CHECK (sale_type IN ('auction', 'fixed_price')),
  currency char(3) NOT NULL DEFAULT 'EUR',
  -- Money in minor units (cents).
  fixed_price bigint CHECK (fixed_price > 0),
  start_price bigint CHECK (start_price > 0),
  reserve_price bigint CHECK (reserve_price > 0),
  bid_increment bigint CHECK (bid_increment > 0),
  buy_now_price bigint CHECK (buy_now_price > 0),
  starts_at timestamptz,
  ends_at timestamptz,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'pending_review', 'live', 'ended', 'withdrawn', 'rejected')),
  outcome text CHECK (outcome IN ('sold', 'unsold')),
  status_reason text,
  current_price bigint,
  bid_count integer NOT NULL DEFAULT 0,
  submitted_at timestamptz,
  published_at timestamptz,
  ended_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Category name and EWC description, copied in when the listing is saved, so that the
  -- generated search document can include them (a generated column cannot join).
  search_extra text NOT NULL DEFAULT '',
  search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('nordicloop_search'::regconfig, title), 'A') ||
    setweight(to_tsvector('nordicloop_search'::regconfig, coalesce(ewc_code, '') || ' ' || search_extra), 'B') ||
    setweight(to_tsvector('nordicloop_search'::regconfig, description), 'C')
  ) STORED,
  CHECK (sale_type <> 'fixed_price' OR fixed_price IS NOT NULL),
  CHECK (sale_type <> 'auction' OR (start_price IS NOT NULL AND bid_increment IS NOT NULL AND starts_at IS NOT NULL AND ends_at IS NOT NULL AND ends_at > starts_at)),
  CHECK (buy_now_price IS NULL OR buy_now_price > start_price)
);
CREATE INDEX listings_search_idx ON listings USING gin (search_document);
CREATE INDEX listings_company_idx ON listings (company_id, status);
CREATE INDEX listings_live_published_idx ON listings (published_at DESC, id DESC) WHERE status = 'live';
CREATE INDEX listings_live_ends_idx ON listings (ends_at, id) WHERE status = 'live';
CREATE INDEX listings_review_queue_idx ON listings (submitted_at) WHERE status = 'pending_review';

CREATE TABLE listing_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  listing_id uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  position integer NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  -- Widths stored, e.g. {320,640,1280}; objects live at photos/<id>/<width>.webp
  variants integer[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX listing_photos_listing_idx ON listing_photos (listing_id, position);

CREATE TABLE watchlist (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  listing_id uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, listing_id)
);
CREATE INDEX watchlist_listing_idx ON watchlist (listing_id);

CREATE TABLE saved_searches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  -- The search's query string (q, category, country, …), as in a shareable /listings URL.
  query text NOT NULL,
  last_digest_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_searches_user_idx ON saved_searches (user_id);
