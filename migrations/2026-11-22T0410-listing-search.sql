-- Browsing sorts and filters on the price a buyer sees (the fixed price, else the current or
-- starting bid) and on the end time with open-ended fixed-price listings last. Both are kept
-- indexable for the keyset pages of live listings: a stored generated column for the price,
-- an expression index for the end time.

ALTER TABLE listings ADD COLUMN display_price bigint GENERATED ALWAYS AS (
  CASE WHEN sale_type = 'fixed_price' THEN fixed_price ELSE coalesce(current_price, start_price) END
) STORED;

CREATE INDEX listings_live_price_idx ON listings (display_price, id) WHERE status = 'live';
CREATE INDEX listings_live_ending_soon_idx ON listings ((coalesce(ends_at, 'infinity'::timestamptz)), id) WHERE status = 'live';
