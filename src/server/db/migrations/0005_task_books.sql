CREATE TABLE "task_book_documents" (
	"task_book_id" uuid NOT NULL,
	"format" text NOT NULL,
	"sm3" text NOT NULL,
	"storage_key" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_book_documents_task_book_id_format_pk" PRIMARY KEY("task_book_id","format")
);
--> statement-breakpoint
CREATE TABLE "task_book_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_book_id" uuid NOT NULL,
	"party" text NOT NULL,
	"org_id" uuid NOT NULL,
	"key_id" uuid NOT NULL,
	"digest" text NOT NULL,
	"signature" text NOT NULL,
	"opinion" text,
	"signer_id" uuid NOT NULL,
	"signer_name" text NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdrawn_reason" text
);
--> statement-breakpoint
CREATE TABLE "task_books" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'drafting' NOT NULL,
	"content" jsonb NOT NULL,
	"content_digest" text,
	"verification_code" text,
	"change_request_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"frozen_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"row_version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "task_book_documents" ADD CONSTRAINT "task_book_documents_task_book_id_task_books_id_fk" FOREIGN KEY ("task_book_id") REFERENCES "public"."task_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_signatures" ADD CONSTRAINT "task_book_signatures_task_book_id_task_books_id_fk" FOREIGN KEY ("task_book_id") REFERENCES "public"."task_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_signatures" ADD CONSTRAINT "task_book_signatures_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_signatures" ADD CONSTRAINT "task_book_signatures_key_id_org_signing_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."org_signing_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_books" ADD CONSTRAINT "task_books_project_id_pilot_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."pilot_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_book_documents_sm3_idx" ON "task_book_documents" USING btree ("sm3");--> statement-breakpoint
CREATE UNIQUE INDEX "task_book_signatures_party_key" ON "task_book_signatures" USING btree ("task_book_id","party") WHERE "task_book_signatures"."withdrawn_at" IS NULL;--> statement-breakpoint
CREATE INDEX "task_book_signatures_book_idx" ON "task_book_signatures" USING btree ("task_book_id");--> statement-breakpoint
CREATE UNIQUE INDEX "task_books_project_version_key" ON "task_books" USING btree ("project_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "task_books_code_key" ON "task_books" USING btree ("verification_code");--> statement-breakpoint
CREATE UNIQUE INDEX "task_books_open_key" ON "task_books" USING btree ("project_id") WHERE "task_books"."status" IN ('drafting', 'signing');