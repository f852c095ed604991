CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"uploaded_by" uuid,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sm3" text NOT NULL,
	"storage_key" text NOT NULL,
	"entity_type" text,
	"entity_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "countersign_items" (
	"countersign_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"item_revision" integer NOT NULL,
	"recommended" jsonb NOT NULL,
	CONSTRAINT "countersign_items_countersign_id_item_id_pk" PRIMARY KEY("countersign_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "countersign_opinions" (
	"countersign_id" uuid NOT NULL,
	"office_org_id" uuid NOT NULL,
	"office_kind" text NOT NULL,
	"decision" text DEFAULT 'pending' NOT NULL,
	"opinion" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_by_name" text,
	CONSTRAINT "countersign_opinions_countersign_id_office_org_id_pk" PRIMARY KEY("countersign_id","office_org_id")
);
--> statement-breakpoint
CREATE TABLE "countersigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"association_id" uuid NOT NULL,
	"association_path" text NOT NULL,
	"title" text NOT NULL,
	"note" text,
	"status" text NOT NULL,
	"due_at" timestamp with time zone,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_by" uuid,
	"decided_at" timestamp with time zone,
	"approval_level" text NOT NULL,
	"approval_document" text,
	"approved_on" text,
	"approval_note" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"society_id" uuid NOT NULL,
	"society_path" text NOT NULL,
	"association_id" uuid NOT NULL,
	"status" text NOT NULL,
	"capacity_statement" text NOT NULL,
	"plan" text,
	"contact_name" text,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"qualification" jsonb NOT NULL,
	"manual_confirmed" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"review_opinion" text,
	"closed_reason" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demand_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"association_id" uuid NOT NULL,
	"association_path" text NOT NULL,
	"title" text NOT NULL,
	"service_kind" text NOT NULL,
	"description" text NOT NULL,
	"purchase_method" text NOT NULL,
	"budget_fen" bigint,
	"period" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"search" "tsvector",
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_org_id" uuid,
	"recipient_user_id" uuid,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"entity_type" text,
	"entity_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pilot_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"declaration_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"society_id" uuid NOT NULL,
	"association_id" uuid NOT NULL,
	"association_path" text NOT NULL,
	"title" text NOT NULL,
	"category_code" text NOT NULL,
	"status" text DEFAULT 'established' NOT NULL,
	"selection_reason" text NOT NULL,
	"selected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"selected_by" uuid,
	"search" "tsvector",
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_revisions" (
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"change_kind" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"reason" text,
	"actor_user_id" uuid,
	"actor_name" text,
	"actor_org_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_revisions_entity_type_entity_id_revision_pk" PRIMARY KEY("entity_type","entity_id","revision")
);
--> statement-breakpoint
CREATE TABLE "relays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"association_id" uuid NOT NULL,
	"item_ids" jsonb NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"note" text,
	"society_count" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfer_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"association_id" uuid NOT NULL,
	"association_path" text NOT NULL,
	"title" text NOT NULL,
	"category_code" text NOT NULL,
	"description" text NOT NULL,
	"legal_basis" text,
	"commissioning_mode" text NOT NULL,
	"budget_fen" bigint,
	"expected_period" text,
	"required_qualifications" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"relay_id" uuid,
	"declaration_deadline" timestamp with time zone,
	"declaration_count" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"search" "tsvector",
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_owner_org_id_organisations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "countersign_items" ADD CONSTRAINT "countersign_items_countersign_id_countersigns_id_fk" FOREIGN KEY ("countersign_id") REFERENCES "public"."countersigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "countersign_items" ADD CONSTRAINT "countersign_items_item_id_transfer_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."transfer_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "countersign_opinions" ADD CONSTRAINT "countersign_opinions_countersign_id_countersigns_id_fk" FOREIGN KEY ("countersign_id") REFERENCES "public"."countersigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "countersign_opinions" ADD CONSTRAINT "countersign_opinions_office_org_id_organisations_id_fk" FOREIGN KEY ("office_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "countersigns" ADD CONSTRAINT "countersigns_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "countersigns" ADD CONSTRAINT "countersigns_association_id_organisations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_item_id_transfer_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."transfer_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_society_id_organisations_id_fk" FOREIGN KEY ("society_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_association_id_organisations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_entries" ADD CONSTRAINT "demand_entries_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_entries" ADD CONSTRAINT "demand_entries_department_id_organisations_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_entries" ADD CONSTRAINT "demand_entries_association_id_organisations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_projects" ADD CONSTRAINT "pilot_projects_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_projects" ADD CONSTRAINT "pilot_projects_item_id_transfer_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."transfer_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_projects" ADD CONSTRAINT "pilot_projects_declaration_id_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."declarations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_projects" ADD CONSTRAINT "pilot_projects_department_id_organisations_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_projects" ADD CONSTRAINT "pilot_projects_society_id_organisations_id_fk" FOREIGN KEY ("society_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pilot_projects" ADD CONSTRAINT "pilot_projects_association_id_organisations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relays" ADD CONSTRAINT "relays_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relays" ADD CONSTRAINT "relays_association_id_organisations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_items" ADD CONSTRAINT "transfer_items_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_items" ADD CONSTRAINT "transfer_items_department_id_organisations_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_items" ADD CONSTRAINT "transfer_items_association_id_organisations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_owner_idx" ON "attachments" USING btree ("owner_org_id","created_at");--> statement-breakpoint
CREATE INDEX "attachments_entity_idx" ON "attachments" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "countersign_items_item_idx" ON "countersign_items" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "countersign_opinions_office_idx" ON "countersign_opinions" USING btree ("office_org_id","decision");--> statement-breakpoint
CREATE INDEX "countersigns_programme_idx" ON "countersigns" USING btree ("programme_id","sent_at");--> statement-breakpoint
CREATE INDEX "declarations_item_idx" ON "declarations" USING btree ("item_id","status");--> statement-breakpoint
CREATE INDEX "declarations_society_idx" ON "declarations" USING btree ("society_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "declarations_active_key" ON "declarations" USING btree ("item_id","society_id") WHERE "declarations"."status" IN ('submitted', 'returned', 'recommended', 'notRecommended', 'selected');--> statement-breakpoint
CREATE INDEX "demand_entries_department_idx" ON "demand_entries" USING btree ("department_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "demand_entries_public_idx" ON "demand_entries" USING btree ("published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "demand_entries"."status" <> 'draft';--> statement-breakpoint
CREATE INDEX "demand_entries_search_idx" ON "demand_entries" USING gin ("search");--> statement-breakpoint
CREATE INDEX "notifications_org_idx" ON "notifications" USING btree ("recipient_org_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("recipient_user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pilot_projects_item_key" ON "pilot_projects" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "pilot_projects_public_idx" ON "pilot_projects" USING btree ("selected_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "pilot_projects_society_idx" ON "pilot_projects" USING btree ("society_id");--> statement-breakpoint
CREATE INDEX "pilot_projects_search_idx" ON "pilot_projects" USING gin ("search");--> statement-breakpoint
CREATE INDEX "transfer_items_department_idx" ON "transfer_items" USING btree ("department_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "transfer_items_programme_idx" ON "transfer_items" USING btree ("programme_id","status");--> statement-breakpoint
CREATE INDEX "transfer_items_public_idx" ON "transfer_items" USING btree ("published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "transfer_items"."status" <> 'draft';--> statement-breakpoint
CREATE INDEX "transfer_items_public_category_idx" ON "transfer_items" USING btree ("category_code","published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "transfer_items"."status" <> 'draft';--> statement-breakpoint
CREATE INDEX "transfer_items_search_idx" ON "transfer_items" USING gin ("search");