-- Public questions and answers on a listing: a member of another company asks the seller, the
-- seller answers once, and everyone sees the answered ones without learning who asked. The
-- rules (who may ask, how long, how many open at once) live in src/questions/question-rules.ts;
-- the database holds the ones no code path may ever break.

CREATE TABLE listing_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  listing_id uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  -- Kept to limit open questions per company and to email the answer; never shown to others.
  asker_company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  asker_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL,
  answer text CHECK (char_length(answer) BETWEEN 1 AND 2000),
  answered_at timestamptz,
  answered_by uuid REFERENCES users (id) ON DELETE SET NULL,
  CHECK ((answer IS NULL) = (answered_at IS NULL))
);

-- A listing's questions in the order they were asked; the open ones of one asking company.
CREATE INDEX listing_questions_listing ON listing_questions (listing_id, created_at);
CREATE INDEX listing_questions_open ON listing_questions (listing_id, asker_company_id) WHERE answer IS NULL;
