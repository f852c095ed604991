-- 0014_capacity_calls (issue 13 step 1, CAP-1): written by hand. The yearly call of a capacity-improvement
-- programme. One call per programme and year (capacity_calls_programme_year_key). The programme's list
-- pages in `ORDER BY created_at DESC, id DESC` (capacity_calls_programme_created_idx); the portal's
-- 通知公告 lists the published and closed calls newest first by published_at (capacity_calls_public_idx,
-- partial on those states, the seek `(published_at, id) < (key, id)` on the columns themselves).
CREATE TABLE "capacity_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"association_id" uuid NOT NULL,
	"association_path" text NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"contact" text,
	"budget_fen" bigint NOT NULL,
	"fund_code" text NOT NULL,
	"opens_on" text NOT NULL,
	"closes_on" text NOT NULL,
	"types" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid,
	"confirmed_org_id" uuid,
	"return_comment" text,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "capacity_calls" ADD CONSTRAINT "capacity_calls_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_calls" ADD CONSTRAINT "capacity_calls_association_id_organisations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_calls" ADD CONSTRAINT "capacity_calls_confirmed_org_id_organisations_id_fk" FOREIGN KEY ("confirmed_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "capacity_calls_programme_year_key" ON "capacity_calls" USING btree ("programme_id","year");--> statement-breakpoint
CREATE INDEX "capacity_calls_programme_created_idx" ON "capacity_calls" USING btree ("programme_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "capacity_calls_public_idx" ON "capacity_calls" USING btree ("published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "capacity_calls"."status" IN ('published', 'closed');
