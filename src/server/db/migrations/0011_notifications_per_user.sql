-- 0011_notifications_per_user (issue 11 §2): written by hand.
-- A notification goes to people, not to an organisation: one row per recipient user, so each user
-- has their own read state (platform/notify.ts). Per-user rows were chosen over a separate read
-- table because the row is also the e-mail outbox entry of that user (one address, one attempt
-- count, one claim) and the list, unread count and read-all stay single-table queries.
ALTER TABLE "notifications" ADD COLUMN "email_status" text;
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "email_attempts" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "email_next_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "email_error" text;
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "email_sent_at" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "notifications_email_outbox_idx" ON "notifications" USING btree ("email_next_at") WHERE "notifications"."email_status" IN ('pending', 'sending');
--> statement-breakpoint
-- Existing organisation-level rows become one row per active user of that organisation who holds
-- any role but 'expert' (which permission each old notification was meant for is not recorded;
-- experts never receive workflow notifications). Read state is kept: a row read by the
-- organisation stays read for each of its users. No e-mail is sent for these old rows.
INSERT INTO "notifications" ("recipient_org_id", "recipient_user_id", "title", "body", "link", "entity_type", "entity_id", "created_at", "read_at")
SELECT n."recipient_org_id", u."id", n."title", n."body", n."link", n."entity_type", n."entity_id", n."created_at", n."read_at"
FROM "notifications" n
JOIN "users" u ON u."org_id" = n."recipient_org_id" AND u."is_active"
WHERE n."recipient_user_id" IS NULL
  AND EXISTS (SELECT 1 FROM "user_roles" r WHERE r."user_id" = u."id" AND r."role" <> 'expert');
--> statement-breakpoint
-- The organisation-level rows copied above go; one whose organisation had no such user stays, as it
-- was, so that nothing is lost (the inbox shows per-user rows only).
DELETE FROM "notifications" n WHERE n."recipient_user_id" IS NULL
  AND EXISTS (SELECT 1 FROM "users" u WHERE u."org_id" = n."recipient_org_id" AND u."is_active"
              AND EXISTS (SELECT 1 FROM "user_roles" r WHERE r."user_id" = u."id" AND r."role" <> 'expert'));
--> statement-breakpoint
-- PRG-2: the relay parameter added by issue 11 §2 (domain/programme/programme.types.ts), default off.
UPDATE "programmes" SET "parameters" = "parameters" || '{"relayIncludesSubordinateSocieties": false}'::jsonb
WHERE NOT ("parameters" ? 'relayIncludesSubordinateSocieties');
