-- A company's tax and compliance details: its VAT number, where its invoices go, and the waste
-- permits that let it take hazardous waste.

-- Stored normalised with the country prefix ("SE556812345601", Greece "EL…", Norway
-- "NO923456789MVA"); NULL for companies registered before it was asked.
ALTER TABLE companies
  ADD COLUMN vat_number text,
  -- The billing address; all NULL means invoices go to the registered address.
  ADD COLUMN billing_address_line text,
  ADD COLUMN billing_postcode text,
  ADD COLUMN billing_city text,
  ADD COLUMN billing_country char(2),
  ADD CONSTRAINT companies_billing_address_whole CHECK (
    (billing_address_line IS NULL) = (billing_postcode IS NULL)
    AND (billing_address_line IS NULL) = (billing_city IS NULL)
    AND (billing_address_line IS NULL) = (billing_country IS NULL)
  );

-- A waste permit as the company uploaded it, and NordicLoop's verification. A company may hold
-- several over time (a renewal is a new row). Rows are never deleted: they are the record of
-- why a company could take hazardous waste on a given day, so the company reference does not
-- cascade.
CREATE TABLE waste_permits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies (id),
  permit_number text NOT NULL CHECK (char_length(permit_number) BETWEEN 1 AND 100),
  issuing_authority text NOT NULL CHECK (char_length(issuing_authority) BETWEEN 1 AND 200),
  -- The permit is valid up to the day before this date: on its expiry date it no longer counts.
  expires_on date NOT NULL,
  -- The scanned document, stored privately under permits/<company>/<permit>/… and served only
  -- to the company's people and admins.
  document_key text NOT NULL UNIQUE,
  document_content_type text NOT NULL CHECK (document_content_type IN ('application/pdf', 'image/webp')),
  uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'verified', 'rejected')),
  rejection_reason text,
  -- Who decided and when, whether the decision was to verify or to reject.
  verified_by uuid REFERENCES users (id) ON DELETE SET NULL,
  verified_at timestamptz,
  -- Set by the daily job when it claims the 30-days-before-expiry email, so it goes once.
  expiry_notice_sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
  CHECK ((status = 'submitted') = (verified_at IS NULL))
);
CREATE INDEX waste_permits_company_idx ON waste_permits (company_id, status, expires_on);
-- The admin queue: permits waiting for a decision, oldest first.
CREATE INDEX waste_permits_submitted_idx ON waste_permits (created_at) WHERE status = 'submitted';
-- The expiry notice job: verified permits whose notice has not gone yet.
CREATE INDEX waste_permits_notice_idx ON waste_permits (expires_on) WHERE status = 'verified' AND expiry_notice_sent_at IS NULL;
