CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text,
	"actor_org_id" uuid,
	"org_id" uuid,
	"org_path" text,
	"action" text NOT NULL,
	"entity_type" text,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"reason" text,
	"ip" text,
	"request_id" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"username" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"parent_id" uuid,
	"path" text NOT NULL,
	"type" text NOT NULL,
	"level" text,
	"office_kind" text,
	"name" text NOT NULL,
	"short_name" text,
	"credit_code" text,
	"region" text,
	"contact_name" text,
	"contact_phone_enc" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"association_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"preset_code" text NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"description" text,
	"stages" jsonb NOT NULL,
	"categories" jsonb NOT NULL,
	"parameters" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"needs_totp_enrollment" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "society_profiles" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"society_type" text NOT NULL,
	"affiliation" text NOT NULL,
	"disciplines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"industries" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"legal_rep_name" text,
	"legal_rep_phone_enc" text,
	"secretary_general_name" text,
	"secretary_general_full_time" boolean DEFAULT false NOT NULL,
	"secretary_general_phone_enc" text,
	"full_time_staff" integer DEFAULT 0 NOT NULL,
	"finance_staff" integer DEFAULT 0 NOT NULL,
	"has_independent_account" boolean DEFAULT false NOT NULL,
	"party_org" text DEFAULT 'none' NOT NULL,
	"council_size" integer DEFAULT 0 NOT NULL,
	"standing_council_size" integer DEFAULT 0 NOT NULL,
	"website" text,
	"has_member_database" boolean DEFAULT false NOT NULL,
	"member_count" integer DEFAULT 0 NOT NULL,
	"has_expert_database" boolean DEFAULT false NOT NULL,
	"expert_count" integer DEFAULT 0 NOT NULL,
	"founded_year" integer
);
--> statement-breakpoint
CREATE TABLE "society_yearly_facts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"society_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"annual_inspection" text NOT NULL,
	"commendations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"violations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"criticisms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"failed_tasks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"debarments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "todos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"link" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"assignee_user_id" uuid,
	"assignee_org_id" uuid,
	"permission" text,
	"due_at" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"completed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "user_roles" (
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "user_roles_user_id_role_pk" PRIMARY KEY("user_id","role")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"phone_enc" text,
	"email_enc" text,
	"id_number_enc" text,
	"title" text,
	"expert_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"conflict_org_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"conflict_note" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"totp_secret_enc" text,
	"totp_enabled" boolean DEFAULT false NOT NULL,
	"password_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "programmes" ADD CONSTRAINT "programmes_association_id_organisations_id_fk" FOREIGN KEY ("association_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "society_profiles" ADD CONSTRAINT "society_profiles_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "society_yearly_facts" ADD CONSTRAINT "society_yearly_facts_society_id_organisations_id_fk" FOREIGN KEY ("society_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_org_path_idx" ON "audit_log" USING btree ("org_path","seq");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_user_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_path_key" ON "organisations" USING btree ("path");--> statement-breakpoint
CREATE INDEX "organisations_parent_idx" ON "organisations" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "organisations_type_name_idx" ON "organisations" USING btree ("type","name","id");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_parent_name_key" ON "organisations" USING btree ("parent_id","name");--> statement-breakpoint
CREATE INDEX "programmes_association_idx" ON "programmes" USING btree ("association_id","created_at");--> statement-breakpoint
CREATE INDEX "programmes_public_idx" ON "programmes" USING btree ("status","published_at","id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "society_yearly_facts_society_year_key" ON "society_yearly_facts" USING btree ("society_id","year");--> statement-breakpoint
CREATE INDEX "todos_org_status_idx" ON "todos" USING btree ("assignee_org_id","status");--> statement-breakpoint
CREATE INDEX "todos_user_status_idx" ON "todos" USING btree ("assignee_user_id","status");--> statement-breakpoint
CREATE INDEX "todos_entity_idx" ON "todos" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_key" ON "users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "users_org_idx" ON "users" USING btree ("org_id","username");