-- X-1: the audit log is append-only. Any UPDATE, DELETE or TRUNCATE is refused by the database
-- itself, whoever connects.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
-- ORG-1: the tree's parent link, and prefix search on the materialised path (data scope).
ALTER TABLE organisations ADD CONSTRAINT organisations_parent_fk FOREIGN KEY (parent_id) REFERENCES organisations(id);
--> statement-breakpoint
CREATE INDEX organisations_path_prefix_idx ON organisations (path text_pattern_ops);
--> statement-breakpoint
CREATE INDEX audit_log_org_path_prefix_idx ON audit_log (org_path text_pattern_ops, seq);
