-- 0009_shared_files (issue 10 §5): written by hand. Files every app process reaches, the data
-- key's check value, and the first administrator's one-time password.
--
-- file_blobs: with PostgreSQL (DATABASE_URL) attachments and issued task-book files are stored here
-- (platform/files.ts databaseFileStore), so that a file written through one app process — on any
-- machine — is read through any other, and the database backup carries it. The embedded PGlite keeps
-- them on disk under DATA_DIR/files and leaves this table empty. Files a PostgreSQL deployment wrote
-- to disk before this migration are copied in at start (files.ts importDiskFiles); the platform had
-- no production deployment then, so this is for test and staging installations.
CREATE TABLE "file_blobs" (
	"key" uuid PRIMARY KEY NOT NULL,
	"size_bytes" integer NOT NULL,
	"sm3" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- The bytes in chunks of 1 MiB (files.ts FILE_CHUNK_BYTES), read one chunk a query, so that a large
-- file never reaches the app as one huge hex text whose parsing would block the event loop.
CREATE TABLE "file_blob_chunks" (
	"key" uuid NOT NULL,
	"seq" integer NOT NULL,
	"bytes" bytea NOT NULL,
	CONSTRAINT "file_blob_chunks_key_seq_pk" PRIMARY KEY("key","seq")
);
--> statement-breakpoint
ALTER TABLE "file_blob_chunks" ADD CONSTRAINT "file_blob_chunks_key_file_blobs_key_fk" FOREIGN KEY ("key") REFERENCES "public"."file_blobs"("key") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- PDF, Word, spreadsheets, images and archives are compressed already: TOAST compression would
-- spend CPU on every write for next to nothing.
ALTER TABLE "file_blob_chunks" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;
--> statement-breakpoint
-- Platform-wide settings written by the platform itself. `data_key_check`: the SM4 data key's
-- fingerprint and an HMAC-SM3 of a fixed label under it (platform/data-key.ts), written at
-- first start and compared at every start, so that a wrong key is refused before it writes.
CREATE TABLE "platform_settings" (
	"name" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- A password printed by `npm run setup --one-time` must be changed at first login: until then the
-- account reaches only the password change (app.ts).
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;
