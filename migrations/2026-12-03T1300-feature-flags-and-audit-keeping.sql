-- Feature flags an admin turns on and off without a deploy. The flags themselves (their keys,
-- what they do, their default) are listed in code (src/flags/flags.ts); a row here records an
-- admin's choice, which wins over the default. Every change is audited.
CREATE TABLE feature_flags (
  key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,59}$'),
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL
);

-- The audit log is append-only: no code path updates or deletes a row, and the database
-- refuses it. The one change let through is the one its foreign key makes itself: the actor
-- forgotten (set to NULL) when their user row goes.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.actor_user_id IS NULL AND OLD.actor_user_id IS NOT NULL
       AND (NEW.id, NEW.action, NEW.subject_type, NEW.subject_id, NEW.detail, NEW.ip, NEW.created_at)
           IS NOT DISTINCT FROM (OLD.id, OLD.action, OLD.subject_type, OLD.subject_id, OLD.detail, OLD.ip, OLD.created_at) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Searching the log by action, by subject and by actor, newest first.
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, id);
