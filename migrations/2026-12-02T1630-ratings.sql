-- Ratings: after a deal ends (completed, or a dispute resolved), each side rates the other
-- company once, 1 to 5 with an optional comment; the rated company may answer once; an admin
-- may hide an abusive rating with a reason. The rules live in src/ratings/rating-rules.ts; the
-- database holds the ones no code path may ever break.

CREATE TABLE ratings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- A rating exists only because of a deal; deals are never deleted, so neither are ratings.
  deal_id uuid NOT NULL REFERENCES deals (id),
  rater_company_id uuid NOT NULL REFERENCES companies (id),
  rated_company_id uuid NOT NULL REFERENCES companies (id),
  rater_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 1000),
  created_at timestamptz NOT NULL,
  -- The rated company's one answer.
  reply text CHECK (char_length(reply) BETWEEN 1 AND 1000),
  replied_at timestamptz,
  replied_by uuid REFERENCES users (id) ON DELETE SET NULL,
  -- Hidden by an admin: no longer shown or counted, kept for the record with the reason.
  hidden_at timestamptz,
  hidden_reason text CHECK (char_length(hidden_reason) BETWEEN 1 AND 500),
  hidden_by uuid REFERENCES users (id) ON DELETE SET NULL,
  -- Each side of a deal rates once, however many forms are sent at once.
  UNIQUE (deal_id, rater_company_id),
  CHECK (rater_company_id <> rated_company_id),
  CHECK ((reply IS NULL) = (replied_at IS NULL)),
  CHECK ((hidden_at IS NULL) = (hidden_reason IS NULL))
);
-- A company's profile: its visible ratings, newest first, and their average.
CREATE INDEX ratings_rated_idx ON ratings (rated_company_id, created_at DESC);
-- The admin's list of the latest ratings.
CREATE INDEX ratings_created_idx ON ratings (created_at DESC);

-- Whatever writes the row, a rating is between the two sides of a deal that has ended: the
-- rater is one side and the rated company the other, and the deal is completed or resolved.
CREATE FUNCTION ratings_check_deal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d record;
BEGIN
  SELECT status, buyer_company_id, seller_company_id INTO d FROM deals WHERE id = NEW.deal_id;
  IF d.status IS NULL OR d.status NOT IN ('completed', 'resolved') THEN
    RAISE EXCEPTION 'a rating needs a completed or resolved deal' USING ERRCODE = 'check_violation';
  END IF;
  IF NOT ((NEW.rater_company_id = d.buyer_company_id AND NEW.rated_company_id = d.seller_company_id)
       OR (NEW.rater_company_id = d.seller_company_id AND NEW.rated_company_id = d.buyer_company_id)) THEN
    RAISE EXCEPTION 'a rating is between the two sides of its deal' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER ratings_check_deal BEFORE INSERT OR UPDATE OF deal_id, rater_company_id, rated_company_id ON ratings
  FOR EACH ROW EXECUTE FUNCTION ratings_check_deal();
