-- Files that go with a queued email: a deal's calendar invitation (.ics), later invoice PDFs.
--
-- A table of their own rather than a jsonb array on the outbox row:
-- * bytea keeps the bytes as bytes: base64 inside jsonb stores a third more and parses
--   megabytes of JSON on every read of the row;
-- * the statement that claims due emails (RETURNING every column) and the dev mail list never
--   carry the files, so the drain reads one email's files just before sending it, and the dev
--   page serves one file by reading one row;
-- * the files are inserted in the same transaction as their email and deleted with it, so an
--   email and its attachments exist together or not at all.
CREATE TABLE outbox_attachments (
  outbox_id bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  -- 1, 2, 3 … in the order the email lists them; the dev page's download links use it.
  position smallint NOT NULL CHECK (position >= 1),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  content_type text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 200),
  -- A backstop only: enqueueing refuses an email whose files exceed what Postmark accepts.
  content bytea NOT NULL CHECK (octet_length(content) <= 10000000),
  PRIMARY KEY (outbox_id, position)
);
