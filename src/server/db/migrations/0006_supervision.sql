CREATE TABLE "approval_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"approver" text NOT NULL,
	"org_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"opinion" text,
	"decided_by" uuid NOT NULL,
	"decided_by_name" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "briefings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"association_id" uuid NOT NULL,
	"association_path" text NOT NULL,
	"issue_no" integer NOT NULL,
	"title" text NOT NULL,
	"issued_on" text NOT NULL,
	"body" text NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"disclosure" text DEFAULT 'internal' NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"withdrawn_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"base_task_book_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"changes_summary" text,
	"proposed_content" jsonb,
	"steps" jsonb NOT NULL,
	"status" text DEFAULT 'approving' NOT NULL,
	"new_task_book_id" uuid,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_by" uuid,
	"submitted_by_name" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "implementation_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"content" jsonb NOT NULL,
	"revision_note" text,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_by" uuid,
	"submitted_by_name" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"planned_on" text NOT NULL,
	"purpose" text NOT NULL,
	"panel" jsonb NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"inspected_on" text,
	"findings" text,
	"conclusion" text,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cancelled_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"findings_recorded_by" uuid,
	"findings_recorded_at" timestamp with time zone,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "major_matters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"council_body" text NOT NULL,
	"council_decided_on" text NOT NULL,
	"council_reference" text NOT NULL,
	"steps" jsonb NOT NULL,
	"status" text DEFAULT 'approving' NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_by" uuid,
	"submitted_by_name" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"task_book_id" uuid NOT NULL,
	"task_book_version" integer NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"due_on" text NOT NULL,
	"deliverable" text,
	"status" text DEFAULT 'open' NOT NULL,
	"completed_at" timestamp with time zone,
	"completed_by_report_id" uuid,
	"cancelled_at" timestamp with time zone,
	"overdue_alerted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"person_name" text NOT NULL,
	"employer" text NOT NULL,
	"user_id" uuid,
	"from_on" text NOT NULL,
	"to_on" text NOT NULL,
	"duties" text,
	"ended_on" text,
	"ended_reason" text,
	"assigned_by_org_id" uuid NOT NULL,
	"assigned_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"association_id" uuid NOT NULL,
	"association_path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"held_on" text NOT NULL,
	"location" text,
	"attendees" jsonb NOT NULL,
	"minutes" text NOT NULL,
	"decisions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "progress_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"milestone_id" uuid,
	"completes_milestone" boolean DEFAULT false NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_by" uuid,
	"submitted_by_name" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_by" uuid,
	"acknowledged_by_org_id" uuid,
	"acknowledged_at" timestamp with time zone,
	"acknowledge_comment" text,
	"disclosure" text DEFAULT 'internal' NOT NULL,
	"public_summary" text,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"withdrawn_at" timestamp with time zone,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectification_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"issuer_org_id" uuid NOT NULL,
	"issuer_kind" text NOT NULL,
	"inspection_id" uuid,
	"requirements" text NOT NULL,
	"deadline" text NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"response" text,
	"response_attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"responded_by" uuid,
	"responded_at" timestamp with time zone,
	"decision_comment" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"overdue_alerted_at" timestamp with time zone,
	"issued_by" uuid,
	"issued_by_name" text,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refund_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"termination_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"received_on" text NOT NULL,
	"reference" text NOT NULL,
	"note" text,
	"recorded_by" uuid,
	"recorded_by_name" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stage_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"association_id" uuid NOT NULL,
	"association_path" text NOT NULL,
	"recipient_org_id" uuid,
	"year" integer NOT NULL,
	"period" text NOT NULL,
	"due_on" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "terminations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"initiated_by" text NOT NULL,
	"initiator_org_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"steps" jsonb NOT NULL,
	"status" text DEFAULT 'approving' NOT NULL,
	"received_fen" bigint NOT NULL,
	"refund_kind" text,
	"refund_fen" bigint,
	"refund_note" text,
	"refund_decided_by" uuid,
	"refund_decided_at" timestamp with time zone,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_by" uuid,
	"submitted_by_name" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"agreed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"association_id" uuid NOT NULL,
	"association_path" text NOT NULL,
	"project_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"held_on" text NOT NULL,
	"location" text,
	"given_by" text,
	"participants" text,
	"participant_count" integer,
	"content" text NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recorded_by_org_id" uuid NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_decisions" ADD CONSTRAINT "approval_decisions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefings" ADD CONSTRAINT "briefings_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefings" ADD CONSTRAINT "briefings_association_id_organisations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_base_task_book_id_task_books_id_fk" FOREIGN KEY ("base_task_book_id") REFERENCES "public"."task_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_new_task_book_id_task_books_id_fk" FOREIGN KEY ("new_task_book_id") REFERENCES "public"."task_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "implementation_plans" ADD CONSTRAINT "implementation_plans_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_department_id_organisations_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_matters" ADD CONSTRAINT "major_matters_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_task_book_id_task_books_id_fk" FOREIGN KEY ("task_book_id") REFERENCES "public"."task_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observers" ADD CONSTRAINT "observers_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observers" ADD CONSTRAINT "observers_assigned_by_org_id_organisations_id_fk" FOREIGN KEY ("assigned_by_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_meetings" ADD CONSTRAINT "programme_meetings_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_meetings" ADD CONSTRAINT "programme_meetings_association_id_organisations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_acknowledged_by_org_id_organisations_id_fk" FOREIGN KEY ("acknowledged_by_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_orders" ADD CONSTRAINT "rectification_orders_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_orders" ADD CONSTRAINT "rectification_orders_issuer_org_id_organisations_id_fk" FOREIGN KEY ("issuer_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_orders" ADD CONSTRAINT "rectification_orders_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_payments" ADD CONSTRAINT "refund_payments_termination_id_terminations_id_fk" FOREIGN KEY ("termination_id") REFERENCES "public"."terminations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_payments" ADD CONSTRAINT "refund_payments_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_reports" ADD CONSTRAINT "stage_reports_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_reports" ADD CONSTRAINT "stage_reports_association_id_organisations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_reports" ADD CONSTRAINT "stage_reports_recipient_org_id_organisations_id_fk" FOREIGN KEY ("recipient_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terminations" ADD CONSTRAINT "terminations_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terminations" ADD CONSTRAINT "terminations_initiator_org_id_organisations_id_fk" FOREIGN KEY ("initiator_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_records" ADD CONSTRAINT "training_records_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_records" ADD CONSTRAINT "training_records_association_id_organisations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_records" ADD CONSTRAINT "training_records_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_records" ADD CONSTRAINT "training_records_recorded_by_org_id_organisations_id_fk" FOREIGN KEY ("recorded_by_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approval_decisions_step_key" ON "approval_decisions" USING btree ("subject_type","subject_id","step");--> statement-breakpoint
CREATE INDEX "approval_decisions_org_idx" ON "approval_decisions" USING btree ("org_id","decided_at");--> statement-breakpoint
CREATE INDEX "approval_decisions_project_idx" ON "approval_decisions" USING btree ("project_id","decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "briefings_issue_key" ON "briefings" USING btree ("programme_id","issue_no");--> statement-breakpoint
CREATE INDEX "briefings_public_idx" ON "briefings" USING btree ("published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "briefings"."disclosure" = 'published';--> statement-breakpoint
CREATE INDEX "change_requests_project_idx" ON "change_requests" USING btree ("project_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "change_requests_open_key" ON "change_requests" USING btree ("project_id") WHERE "change_requests"."status" = 'approving';--> statement-breakpoint
CREATE UNIQUE INDEX "implementation_plans_project_version_key" ON "implementation_plans" USING btree ("project_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "implementation_plans_pending_key" ON "implementation_plans" USING btree ("project_id") WHERE "implementation_plans"."status" = 'submitted';--> statement-breakpoint
CREATE UNIQUE INDEX "implementation_plans_approved_key" ON "implementation_plans" USING btree ("project_id") WHERE "implementation_plans"."status" = 'approved';--> statement-breakpoint
CREATE INDEX "inspections_project_idx" ON "inspections" USING btree ("project_id","planned_on");--> statement-breakpoint
CREATE INDEX "major_matters_project_idx" ON "major_matters" USING btree ("project_id","submitted_at");--> statement-breakpoint
CREATE INDEX "major_matters_status_idx" ON "major_matters" USING btree ("status");--> statement-breakpoint
CREATE INDEX "milestones_project_idx" ON "milestones" USING btree ("project_id","position");--> statement-breakpoint
CREATE INDEX "milestones_overdue_idx" ON "milestones" USING btree ("due_on") WHERE "milestones"."status" = 'open' AND "milestones"."overdue_alerted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "observers_project_idx" ON "observers" USING btree ("project_id","from_on");--> statement-breakpoint
CREATE INDEX "programme_meetings_programme_idx" ON "programme_meetings" USING btree ("programme_id","held_on");--> statement-breakpoint
CREATE INDEX "progress_reports_project_idx" ON "progress_reports" USING btree ("project_id","submitted_at");--> statement-breakpoint
CREATE INDEX "progress_reports_milestone_idx" ON "progress_reports" USING btree ("milestone_id");--> statement-breakpoint
CREATE INDEX "progress_reports_public_idx" ON "progress_reports" USING btree ("published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "progress_reports"."disclosure" = 'published';--> statement-breakpoint
CREATE INDEX "rectification_orders_project_idx" ON "rectification_orders" USING btree ("project_id","issued_at");--> statement-breakpoint
CREATE INDEX "rectification_orders_overdue_idx" ON "rectification_orders" USING btree ("deadline") WHERE "rectification_orders"."status" <> 'closed' AND "rectification_orders"."overdue_alerted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "refund_payments_termination_idx" ON "refund_payments" USING btree ("termination_id","received_on");--> statement-breakpoint
CREATE INDEX "stage_reports_programme_idx" ON "stage_reports" USING btree ("programme_id","year");--> statement-breakpoint
CREATE INDEX "stage_reports_recipient_idx" ON "stage_reports" USING btree ("recipient_org_id","submitted_at");--> statement-breakpoint
CREATE INDEX "terminations_project_idx" ON "terminations" USING btree ("project_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "terminations_open_key" ON "terminations" USING btree ("project_id") WHERE "terminations"."status" IN ('approving', 'decidingRefund', 'refunding');--> statement-breakpoint
CREATE INDEX "training_records_programme_idx" ON "training_records" USING btree ("programme_id","held_on");--> statement-breakpoint
CREATE INDEX "training_records_project_idx" ON "training_records" USING btree ("project_id","held_on");