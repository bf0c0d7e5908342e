-- VAT on deals and the invoices NordicLoop issues: the seller's invoice to the buyer (issued on
-- the seller's behalf when the buyer has paid), the platform's fee invoice to the seller (when
-- the deal settles), and credit notes that correct either. Listing prices exclude VAT.

-- A deal's amount stays what the buyer pays; the VAT in it and the rule that decided it are
-- kept beside it. Deals made before VAT was decided carry none (vat_amount 0, no rule).
ALTER TABLE deals
  ADD COLUMN vat_amount bigint NOT NULL DEFAULT 0 CHECK (vat_amount >= 0),
  ADD COLUMN net_amount bigint GENERATED ALWAYS AS (amount - vat_amount) STORED,
  -- UNCL 5305 category (S standard, AE reverse charge, K intra-EU, G export, O outside scope),
  -- the rate in basis points (2550 = 25.5 %), the rule's id in src/vat/vat-rules.ts and the
  -- note printed on the invoice.
  ADD COLUMN vat_category text CHECK (vat_category IN ('S', 'AE', 'K', 'G', 'Z', 'O')),
  ADD COLUMN vat_rate_bp integer CHECK (vat_rate_bp BETWEEN 0 AND 10000),
  ADD COLUMN vat_rule text,
  ADD COLUMN vat_note text,
  ADD CONSTRAINT deals_vat_within_amount CHECK (vat_amount <= amount);

-- One counter per numbering series: 'seller:<company id>' (the seller's invoices and credit
-- notes) and 'fee' (NordicLoop's fee invoices). Issuing increments the row inside the issuing
-- transaction, so the row stays locked until it commits and a rollback takes the number back:
-- numbers are never skipped or reused, which a sequence could not promise.
CREATE TABLE invoice_counters (
  series text PRIMARY KEY,
  last_number integer NOT NULL CHECK (last_number >= 0)
);

-- Invoices and credit notes as issued. The full document is kept as issued (jsonb); the
-- columns beside it are for finding and listing. Rows are never changed or deleted (the
-- trigger below refuses both), and the deal reference does not cascade: bookkeeping law
-- keeps invoices for years, whatever happens to the deal's other rows.
CREATE TABLE invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  deal_id uuid NOT NULL REFERENCES deals (id),
  kind text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  -- 'sale': the seller's invoice to the buyer; 'fee': NordicLoop's fee invoice to the seller.
  flow text NOT NULL CHECK (flow IN ('sale', 'fee')),
  series text NOT NULL,
  sequence_number integer NOT NULL CHECK (sequence_number > 0),
  number text NOT NULL,
  issuer_company_id uuid REFERENCES companies (id),
  recipient_company_id uuid NOT NULL REFERENCES companies (id),
  issue_date date NOT NULL,
  currency char(3) NOT NULL,
  net_minor bigint NOT NULL CHECK (net_minor >= 0),
  vat_minor bigint NOT NULL CHECK (vat_minor >= 0),
  total_minor bigint NOT NULL CHECK (total_minor = net_minor + vat_minor),
  preceding_invoice_id uuid REFERENCES invoices (id),
  document jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (series, sequence_number),
  CHECK ((kind = 'credit_note') = (preceding_invoice_id IS NOT NULL)),
  CHECK ((flow = 'fee') = (issuer_company_id IS NULL))
);
CREATE INDEX invoices_deal_idx ON invoices (deal_id, created_at);
-- A deal has one sale invoice and one fee invoice; corrections are credit notes.
CREATE UNIQUE INDEX invoices_one_invoice_per_flow ON invoices (deal_id, flow) WHERE kind = 'invoice';

CREATE FUNCTION invoices_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an issued invoice is never changed or deleted: issue a credit note' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER invoices_never_change BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_are_final();
