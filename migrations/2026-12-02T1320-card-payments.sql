-- Card payments through a payment gateway (Stripe Checkout): the checkout sessions opened for a
-- deal, and every gateway event the platform acted on.

-- Each gateway event acted on, once. The row is inserted in the same transaction that records
-- the payment: a replayed event finds it and changes nothing, and of two deliveries of one event
-- at the same moment the second waits on the first's row and then finds it. A payment the deal
-- refused (it was already paid, say) is kept too, as 'refused' with the reason, for an admin
-- to refund.
CREATE TABLE payment_gateway_events (
  gateway text NOT NULL,
  event_id text NOT NULL,
  event_type text NOT NULL,
  -- The deal the gateway named, as it said it: no foreign key, since an event may name a deal
  -- this database does not have (another environment sharing the gateway account) and must
  -- still be kept, as refused.
  deal_id uuid,
  outcome text NOT NULL CHECK (outcome IN ('recorded', 'refused')),
  reason text,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (gateway, event_id)
);
CREATE INDEX payment_gateway_events_refused_idx ON payment_gateway_events (received_at) WHERE outcome = 'refused';

-- The card checkout sessions opened for a deal. A buyer who clicks "Pay by card" again while
-- a session is open is sent back to it; once it has expired, the next attempt opens a new one
-- (the attempt number is part of the gateway's idempotency key, so a double click is one session).
CREATE TABLE card_checkout_sessions (
  session_id text PRIMARY KEY,
  deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
  amount bigint NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL,
  attempt integer NOT NULL CHECK (attempt > 0),
  url text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (deal_id, amount, currency, attempt)
);
