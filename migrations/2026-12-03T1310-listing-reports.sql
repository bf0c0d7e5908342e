-- Reported listings: a member of another company reports a listing with a reason; an admin
-- dismisses the reports or withdraws the listing, which decides every open report of that
-- listing at once, and each reporter is told. The rules (who may report, the reasons, the
-- lengths) live in src/reports/report-rules.ts; the database holds the ones no path may break.

CREATE TABLE listing_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  listing_id uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  -- Never shown to the seller or to other companies: only admins see who reported.
  reporter_company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  reporter_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  reason_kind text NOT NULL
    CHECK (reason_kind IN ('prohibited', 'hazardous_undeclared', 'misleading', 'duplicate', 'fraud', 'other')),
  details text NOT NULL DEFAULT '' CHECK (char_length(details) <= 1000),
  created_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'withdrawn')),
  decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
  decided_at timestamptz,
  decision_note text CHECK (char_length(decision_note) BETWEEN 1 AND 1000),
  -- An open report has no decision; a decided one has its time and note.
  CHECK ((status = 'open') = (decided_at IS NULL)),
  CHECK ((status = 'open') = (decision_note IS NULL))
);

-- One open report per company and listing: a second one waits until the first is decided.
CREATE UNIQUE INDEX listing_reports_one_open ON listing_reports (listing_id, reporter_company_id) WHERE status = 'open';
-- The admin's queue (open reports, oldest first) and a company's own reports of a listing.
CREATE INDEX listing_reports_open_queue ON listing_reports (created_at) WHERE status = 'open';
CREATE INDEX listing_reports_by_company ON listing_reports (reporter_company_id, listing_id, created_at);

-- The admin's outbox page lists failed emails newest first; they are few among many sent ones,
-- so a small partial index finds them without reading the whole table.
CREATE INDEX outbox_failed_idx ON outbox (id) WHERE status = 'failed';
