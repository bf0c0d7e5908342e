-- Notifications in the app: every email to a person with an account is also kept here, for
-- the Notifications page and the header's unread count. Written by enqueueEmails
-- (src/notifications/outbox.ts) in the transaction that queues the email, so a notification
-- exists if and only if its email does.

CREATE TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The email's template, e.g. 'outbid'.
  template text NOT NULL,
  -- The email's subject.
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
  summary text NOT NULL CHECK (char_length(summary) <= 500),
  -- Where the email's button leads, as a path on this site (e.g. /deals/…#chat); never another
  -- site's address, so a notification can never send anyone away from NordicLoop.
  link text CHECK (link LIKE '/%' AND link NOT LIKE '//%' AND char_length(link) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
-- A person's page, newest first (keyset on id), and their unread count.
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
