-- The audit log is append-only: the database itself rejects UPDATE, DELETE and
-- TRUNCATE on it, whatever client or role issues them.
-- Applied after the Prisma migrations on every start; each statement is
-- idempotent. Prisma's migration runner splits scripts on semicolons and so
-- cannot apply a PL/pgSQL function body.
CREATE OR REPLACE FUNCTION audit_event_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE OR REPLACE TRIGGER audit_event_append_only
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_reject_change();

CREATE OR REPLACE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_reject_change();
