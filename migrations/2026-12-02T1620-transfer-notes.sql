-- Waste transfer notes: every paid deal whose lot carries an EWC code gets one, numbered in one
-- platform-wide unbroken sequence (WTN-000001, WTN-000002 …). Until both sides have signed, the
-- note's content is read live from the deal, the lot and the two companies; each signature keeps
-- the content it was given on, and the second matching signature freezes the note for good.
--
-- Kept at least two years (in practice for ever): no row of these tables is ever deleted. The
-- references use ON DELETE RESTRICT, so deleting a deal, a company or a signer cannot take a
-- note with it, and triggers refuse DELETE and TRUNCATE outright, and any change to a final note.

-- The sequence's counter, one row, locked by the UPDATE that takes the next number: a rolled-back
-- payment gives its number back, unlike a PostgreSQL sequence, so no number is ever skipped.
CREATE TABLE transfer_note_counter (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_number bigint NOT NULL CHECK (last_number >= 0)
);
INSERT INTO transfer_note_counter (id, last_number) VALUES (true, 0);

CREATE TABLE transfer_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  deal_id uuid NOT NULL UNIQUE REFERENCES deals (id) ON DELETE RESTRICT,
  number bigint NOT NULL UNIQUE CHECK (number > 0),
  -- Containers and packaging as the seller describes them ("12 bales on pallets", "IBC 1,000 l").
  packaging text CHECK (packaging IS NULL OR char_length(packaging) BETWEEN 1 AND 200),
  -- Who carries the waste: the buyer itself (the default) or a haulier the buyer names.
  carrier text NOT NULL DEFAULT 'buyer' CHECK (carrier IN ('buyer', 'haulier')),
  haulier_name text CHECK (haulier_name IS NULL OR char_length(haulier_name) BETWEEN 1 AND 200),
  haulier_address text CHECK (haulier_address IS NULL OR char_length(haulier_address) BETWEEN 1 AND 300),
  haulier_registration text CHECK (haulier_registration IS NULL OR char_length(haulier_registration) BETWEEN 1 AND 100),
  -- The content both sides signed, and when the second signature made it final.
  final_content jsonb,
  finalised_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((carrier = 'haulier') = (haulier_name IS NOT NULL)),
  CHECK ((haulier_name IS NULL) = (haulier_address IS NULL) AND (haulier_name IS NULL) = (haulier_registration IS NULL)),
  CHECK ((final_content IS NULL) = (finalised_at IS NULL))
);

-- A signature: typed name and job title, by a member of that side's company, on the server's
-- clock, with the content it was given on. A signature made void by a later change stays, with
-- when and why; at most one standing signature per side.
CREATE TABLE transfer_note_signatures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  note_id uuid NOT NULL REFERENCES transfer_notes (id) ON DELETE RESTRICT,
  party text NOT NULL CHECK (party IN ('seller', 'buyer')),
  signer_name text NOT NULL CHECK (char_length(signer_name) BETWEEN 1 AND 120),
  signer_role text NOT NULL CHECK (char_length(signer_role) BETWEEN 1 AND 120),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  company_id uuid NOT NULL REFERENCES companies (id) ON DELETE RESTRICT,
  content jsonb NOT NULL,
  signed_at timestamptz NOT NULL,
  voided_at timestamptz,
  void_reason text,
  CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX transfer_note_signatures_standing ON transfer_note_signatures (note_id, party) WHERE voided_at IS NULL;

-- The note's own history: made, packaging and carrier entered, signed, a signature made void, final.
CREATE TABLE transfer_note_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  note_id uuid NOT NULL REFERENCES transfer_notes (id) ON DELETE RESTRICT,
  kind text NOT NULL CHECK (kind IN ('created', 'packaging', 'carrier', 'signed', 'signature_void', 'final')),
  actor_role text NOT NULL CHECK (actor_role IN ('seller', 'buyer', 'system')),
  actor_user_id uuid REFERENCES users (id) ON DELETE RESTRICT,
  detail jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL
);
CREATE INDEX transfer_note_events_note_idx ON transfer_note_events (note_id, id);

CREATE FUNCTION transfer_notes_refuse_removal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'waste transfer notes are kept: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;

CREATE FUNCTION transfer_notes_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.finalised_at IS NOT NULL THEN
    RAISE EXCEPTION 'waste transfer note % is final and cannot change', OLD.number USING ERRCODE = 'restrict_violation';
  END IF;
  IF NEW.deal_id <> OLD.deal_id OR NEW.number <> OLD.number THEN
    RAISE EXCEPTION 'a waste transfer note keeps its deal and its number' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;

-- A signature only ever becomes void; nothing else of it changes.
CREATE FUNCTION transfer_note_signatures_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.voided_at IS NOT NULL OR NEW.voided_at IS NULL
     OR (to_jsonb(NEW) - 'voided_at' - 'void_reason') <> (to_jsonb(OLD) - 'voided_at' - 'void_reason') THEN
    RAISE EXCEPTION 'a signature on a waste transfer note can only be made void' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER transfer_notes_no_delete BEFORE DELETE ON transfer_notes FOR EACH ROW EXECUTE FUNCTION transfer_notes_refuse_removal();
CREATE TRIGGER transfer_notes_no_truncate BEFORE TRUNCATE ON transfer_notes FOR EACH STATEMENT EXECUTE FUNCTION transfer_notes_refuse_removal();
CREATE TRIGGER transfer_notes_final BEFORE UPDATE ON transfer_notes FOR EACH ROW EXECUTE FUNCTION transfer_notes_guard_update();

CREATE TRIGGER transfer_note_signatures_no_delete BEFORE DELETE ON transfer_note_signatures FOR EACH ROW EXECUTE FUNCTION transfer_notes_refuse_removal();
CREATE TRIGGER transfer_note_signatures_no_truncate BEFORE TRUNCATE ON transfer_note_signatures FOR EACH STATEMENT EXECUTE FUNCTION transfer_notes_refuse_removal();
CREATE TRIGGER transfer_note_signatures_only_void BEFORE UPDATE ON transfer_note_signatures FOR EACH ROW EXECUTE FUNCTION transfer_note_signatures_guard_update();

CREATE TRIGGER transfer_note_events_no_delete BEFORE DELETE ON transfer_note_events FOR EACH ROW EXECUTE FUNCTION transfer_notes_refuse_removal();
CREATE TRIGGER transfer_note_events_no_truncate BEFORE TRUNCATE ON transfer_note_events FOR EACH STATEMENT EXECUTE FUNCTION transfer_notes_refuse_removal();
CREATE TRIGGER transfer_note_events_no_update BEFORE UPDATE ON transfer_note_events FOR EACH ROW EXECUTE FUNCTION transfer_notes_refuse_removal();

CREATE TRIGGER transfer_note_counter_no_delete BEFORE DELETE ON transfer_note_counter FOR EACH ROW EXECUTE FUNCTION transfer_notes_refuse_removal();
CREATE TRIGGER transfer_note_counter_no_truncate BEFORE TRUNCATE ON transfer_note_counter FOR EACH STATEMENT EXECUTE FUNCTION transfer_notes_refuse_removal();
