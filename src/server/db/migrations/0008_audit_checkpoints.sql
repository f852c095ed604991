-- 0008_audit_checkpoints (issue 10): written by hand
-- X-1: every column of an audit row inside its hash, and signed checkpoints of the chain head
-- (ADR 0009). Rows written before this migration keep the rule they were hashed with
-- (hash_version 1: actor_name and org_path not covered); the application writes every new row with
-- hash_version 2. The default is dropped at once, so no row can be written without a version.
ALTER TABLE audit_log ADD COLUMN hash_version integer NOT NULL DEFAULT 1;
--> statement-breakpoint
ALTER TABLE audit_log ALTER COLUMN hash_version DROP DEFAULT;
--> statement-breakpoint
-- The chain head (seq, hash) signed with the platform's SM2 key. One checkpoint per head: two
-- processes signing the same head cannot both write (primary key), and they take the audit
-- append lock first so they do not try.
CREATE TABLE audit_checkpoints (
  seq bigint PRIMARY KEY,
  head_hash text NOT NULL,
  at timestamptz NOT NULL,
  legacy jsonb,
  public_key text NOT NULL,
  signature text NOT NULL
);
--> statement-breakpoint
-- The refusal names the table it guards (same text as before for audit_log).
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
