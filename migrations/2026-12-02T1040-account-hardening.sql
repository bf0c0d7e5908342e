-- Account hardening: throttles counted atomically, an absolute session lifetime, email changes.

-- One row per throttled key ('login:pair:<email>|<ip>', 'login:account:<email>', 'mail:...').
-- A fixed window that starts with the first attempt. A single conditional upsert counts and
-- checks at once, so concurrent attempts can never pass the limit together.
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  attempts integer NOT NULL CHECK (attempts >= 0)
);
CREATE INDEX rate_limits_window_idx ON rate_limits (window_started_at);

-- Replaced by rate_limits: counting rows first and inserting after let parallel guesses through.
DROP TABLE login_failures;

-- Sessions slide forward when used, but never past this: a stolen cookie stops working after
-- 90 days however busy the thief keeps it.
ALTER TABLE sessions ADD COLUMN absolute_expires_at timestamptz;
UPDATE sessions SET absolute_expires_at = created_at + interval '90 days';
ALTER TABLE sessions ALTER COLUMN absolute_expires_at SET NOT NULL,
  ALTER COLUMN absolute_expires_at SET DEFAULT now() + interval '90 days';

-- A change of email address waits for a link sent to the new address.
ALTER TABLE email_tokens DROP CONSTRAINT email_tokens_purpose_check;
ALTER TABLE email_tokens ADD CONSTRAINT email_tokens_purpose_check
  CHECK (purpose IN ('verify_email', 'password_reset', 'change_email'));
ALTER TABLE email_tokens ADD COLUMN new_email text;
ALTER TABLE email_tokens ADD CONSTRAINT email_tokens_new_email_check CHECK ((purpose = 'change_email') = (new_email IS NOT NULL));
