-- A conversation per deal between the buyer's and the seller's people (and NordicLoop's staff
-- once the deal is disputed). Messages are numbered per deal; the number of the latest is the
-- chat's version, which open deal pages follow live and which read marks and emails count in.

-- One row per deal that has a chat: its version (the latest message's number). Posting bumps it
-- under this row's lock, so two messages sent at once get consecutive numbers without touching
-- the deal's own row (which deal steps lock).
CREATE TABLE deal_chats (
  deal_id uuid PRIMARY KEY REFERENCES deals (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  last_message_at timestamptz NOT NULL
);

CREATE TABLE deal_chat_messages (
  deal_id uuid NOT NULL REFERENCES deal_chats (deal_id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq > 0),
  author_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  author_side text NOT NULL CHECK (author_side IN ('buyer', 'seller', 'admin')),
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4000),
  -- A photo is stored privately under deal-chat/<deal>/<photo>/<width>.webp and served only
  -- to people who may read the chat; the widths stored are listed here.
  photo_id uuid UNIQUE,
  photo_width integer CHECK (photo_width > 0),
  photo_height integer CHECK (photo_height > 0),
  photo_variants integer[],
  created_at timestamptz NOT NULL,
  PRIMARY KEY (deal_id, seq),
  CHECK ((photo_id IS NULL) = (photo_variants IS NULL) AND (photo_id IS NULL) = (photo_width IS NULL) AND (photo_id IS NULL) = (photo_height IS NULL))
);

-- Per person and deal: the last message they saw (read mark), and the email state — the last
-- message an email told them about, when that email went, and when they are next due one if
-- messages stay unread (set when a message is posted for its recipients; the job checks the
-- 10-minute and one-hour rules itself and moves it on, so it is never late, only early).
CREATE TABLE deal_chat_reads (
  deal_id uuid NOT NULL REFERENCES deal_chats (deal_id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  read_seq integer NOT NULL DEFAULT 0 CHECK (read_seq >= 0),
  emailed_seq integer NOT NULL DEFAULT 0 CHECK (emailed_seq >= 0),
  emailed_at timestamptz,
  email_due_at timestamptz,
  PRIMARY KEY (deal_id, user_id)
);
-- The email job's queue, and a person's read marks for the header's unread count.
CREATE INDEX deal_chat_reads_due_idx ON deal_chat_reads (email_due_at) WHERE email_due_at IS NOT NULL;
CREATE INDEX deal_chat_reads_user_idx ON deal_chat_reads (user_id);
