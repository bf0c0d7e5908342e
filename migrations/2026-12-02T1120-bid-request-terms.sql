-- What each accepted bid asked for, so an auction can be replayed through the bidding rules
-- without one company's bids (when that company is suspended): the amount, the proxy maximum,
-- who placed it, and the order it was taken in under the listing's lock.
ALTER TABLE bid_requests
  ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY,
  ADD COLUMN user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN amount bigint CHECK (amount > 0),
  ADD COLUMN max_amount bigint CHECK (max_amount > 0),
  -- Set when the company's bids were withdrawn from the auction; the row stays, so a repeated
  -- submission of the same form is still recognised.
  ADD COLUMN retracted_at timestamptz;
CREATE INDEX bid_requests_replay_idx ON bid_requests (listing_id, seq) WHERE retracted_at IS NULL;
