-- X-5 (ADR 0006): the public search walks the newest visible items in published order and tests
-- each one's search vector. Carrying the vector in the index lets that walk read the index alone
-- (an index-only scan) instead of fetching every row from the table. Written by hand: drizzle-kit
-- cannot express INCLUDE; schema.ts keeps the key columns and says so.
DROP INDEX IF EXISTS "transfer_items_public_idx";--> statement-breakpoint
CREATE INDEX "transfer_items_public_idx" ON "transfer_items" USING btree ("published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) INCLUDE ("search") WHERE "transfer_items"."status" <> 'draft';
