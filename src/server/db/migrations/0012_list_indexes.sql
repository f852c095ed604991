-- 0012_list_indexes (issue 12 §1): written by hand. Every paged list reads its page in index order:
-- ORDER BY <time column> DESC, id DESC under the list's filter, seeking with a row comparison on the
-- columns themselves, `(created_at, id) < ($1, $2)` — never on an expression such as to_char().
-- One section per area; the indexes they replace are dropped.
-- 0012_idx_identity (issue 12 §1): key-based paging of the identity lists, each page read in index
-- order. My to-dos: one index per way a to-do reaches a user (to the user; to the user's
-- organisation), with status and the list's order (created_at DESC, id DESC); they replace the
-- (assignee, status) indexes they begin with. My notifications: (recipient, created_at DESC, id DESC),
-- replacing (recipient, created_at), and the same for the unread ones (list filter and bell count).
-- Users page by the unique user name (users_username_key); the audit log by its seq.
DROP INDEX IF EXISTS "todos_org_status_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "todos_user_status_idx";--> statement-breakpoint
CREATE INDEX "todos_org_status_created_idx" ON "todos" USING btree ("assignee_org_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "todos_user_status_created_idx" ON "todos" USING btree ("assignee_user_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
DROP INDEX IF EXISTS "notifications_user_idx";--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "notifications" USING btree ("recipient_user_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "notifications_user_unread_idx" ON "notifications" USING btree ("recipient_user_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "notifications"."read_at" IS NULL;
--> statement-breakpoint
-- 0013_idx_orgs (issue 12 §1): indexes for key-based paging of the organisation and society lists.
-- GET /orgs without a type pages in `ORDER BY name, id` and seeks on `(name, id) > (key, id)`, the
-- columns themselves: this index serves both. With a type (and GET /societies, type = 'society')
-- organisations_type_name_idx does; with a parent (?parentId=, ?associationId=) organisations_parent_name_key.
CREATE INDEX "organisations_name_idx" ON "organisations" USING btree ("name","id");
--> statement-breakpoint
-- 0014_idx_programmes (issue 12 §1): indexes for key-based paging of the programme lists, the stage
-- reports received and the public disclosure lists filtered by programme or project. Each serves
-- `ORDER BY <time> DESC, id DESC` and the seek `(<time>, id) < (key, id)` on the columns themselves.
CREATE INDEX "programmes_created_idx" ON "programmes" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "stage_reports_received_idx" ON "stage_reports" USING btree ("recipient_org_id","submitted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "stage_reports"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "briefings_public_programme_idx" ON "briefings" USING btree ("programme_id","published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "briefings"."disclosure" = 'published';--> statement-breakpoint
CREATE INDEX "progress_reports_public_project_idx" ON "progress_reports" USING btree ("project_id","published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "progress_reports"."disclosure" = 'published';
--> statement-breakpoint
-- 0015_idx_transfer (issue 12 §1): indexes for key-based paging of the item and catalogue lists.
-- GET /items and GET /demand-entries page in `ORDER BY created_at DESC, id DESC` and seek on
-- `(created_at, id) < (key, id)`, the columns themselves, within the reader's scope (item-scope.ts):
--  - a department: its own rows — (department_id, created_at, id), replacing (department_id, updated_at, id),
--    which no list ordered by and whose lookups by department this one serves as well;
--  - an association: the published rows of its subtree, `association_path LIKE '<path>%'`. A large
--    subtree (the root sees everything) walks the newest visible rows (…_visible_created_idx) and stops
--    after a page; a small one takes its prefix range (…_association_created_idx, text_pattern_ops for
--    LIKE) and sorts its few rows — the planner chooses by the prefix's estimated share;
--  - a society or a review office: the newest visible rows, filtered (…_visible_created_idx).
-- GET /public/items?programmeId= (a programme's page): (programme_id, published_at, id) over the visible rows.
DROP INDEX IF EXISTS "transfer_items_department_idx";--> statement-breakpoint
CREATE INDEX "transfer_items_department_created_idx" ON "transfer_items" USING btree ("department_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "transfer_items_visible_created_idx" ON "transfer_items" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "transfer_items"."status" <> 'draft';--> statement-breakpoint
CREATE INDEX "transfer_items_association_created_idx" ON "transfer_items" USING btree ("association_path" text_pattern_ops,"created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "transfer_items"."status" <> 'draft';--> statement-breakpoint
CREATE INDEX "transfer_items_public_programme_idx" ON "transfer_items" USING btree ("programme_id","published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "transfer_items"."status" <> 'draft';--> statement-breakpoint
DROP INDEX IF EXISTS "demand_entries_department_idx";--> statement-breakpoint
CREATE INDEX "demand_entries_department_created_idx" ON "demand_entries" USING btree ("department_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "demand_entries_visible_created_idx" ON "demand_entries" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "demand_entries"."status" <> 'draft';--> statement-breakpoint
CREATE INDEX "demand_entries_association_created_idx" ON "demand_entries" USING btree ("association_path" text_pattern_ops,"created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "demand_entries"."status" <> 'draft';
--> statement-breakpoint
-- 0016_idx_selection (issue 12 §1): indexes for key-based paging of the selection lists. Each list
-- pages in `ORDER BY <time> DESC, id DESC` and seeks on `(<time>, id) < (key, id)`, the columns
-- themselves. GET /declarations: by submission, within a programme, and a society's own;
-- GET /countersigns: by sending, within a programme; GET /projects: within a programme and a
-- commissioning department's own (the unfiltered order is pilot_projects_public_idx).
CREATE INDEX "declarations_submitted_idx" ON "declarations" USING btree ("submitted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "declarations_programme_submitted_idx" ON "declarations" USING btree ("programme_id","submitted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "declarations_society_submitted_idx" ON "declarations" USING btree ("society_id","submitted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "countersigns_sent_idx" ON "countersigns" USING btree ("sent_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "countersigns_programme_sent_idx" ON "countersigns" USING btree ("programme_id","sent_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "pilot_projects_programme_selected_idx" ON "pilot_projects" USING btree ("programme_id","selected_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "pilot_projects_department_selected_idx" ON "pilot_projects" USING btree ("department_id","selected_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);
--> statement-breakpoint
-- 0019_idx_implementation (issue 12 §1): indexes for key-based paging of the lists.
-- A programme's training and guidance records, newest recorded first (GET /programmes/{id}/training-records):
-- ORDER BY recorded_at DESC, id DESC under programme_id, sought by (recorded_at, id) < cursor.
CREATE INDEX IF NOT EXISTS "training_records_programme_recorded_idx" ON "training_records" USING btree ("programme_id","recorded_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);
