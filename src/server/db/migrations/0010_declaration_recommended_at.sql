-- 0010_declaration_recommended_at (issue 11 §1): written by hand. When the association recommended
-- a declaration. The department and the review offices read a declaration only once it has been
-- recommended to them (SEL-6), before and after the item is decided: set on recommend, cleared when
-- the association reconsiders, kept when the declaration is later selected or closed.
ALTER TABLE "declarations" ADD COLUMN "recommended_at" timestamp with time zone;
--> statement-breakpoint
-- Backfill, from the audit trail where it speaks (the last of recommend / reconsider decides).
-- Recommended and selected declarations were recommended: the time of the last recommendation, or,
-- without one in the trail, the time of the association's decision.
UPDATE "declarations" d SET "recommended_at" = COALESCE(
  (SELECT a."at" FROM "audit_log" a
    WHERE a."entity_type" = 'declaration' AND a."entity_id" = d."id"::text AND a."action" = 'declaration.recommend'
    ORDER BY a."seq" DESC LIMIT 1),
  d."decided_at", d."updated_at")
WHERE d."status" IN ('recommended', 'selected');
--> statement-breakpoint
-- Closed declarations whose last review step was a recommendation (closed when another society was
-- chosen or the item was withdrawn).
UPDATE "declarations" d SET "recommended_at" = last_step."at"
FROM (
  SELECT DISTINCT ON (a."entity_id") a."entity_id", a."action", a."at"
  FROM "audit_log" a
  WHERE a."entity_type" = 'declaration' AND a."action" IN ('declaration.recommend', 'declaration.reconsider')
  ORDER BY a."entity_id", a."seq" DESC
) last_step
WHERE d."status" = 'closed' AND last_step."entity_id" = d."id"::text AND last_step."action" = 'declaration.recommend';
--> statement-breakpoint
-- Closed declarations with no review step in the trail: recommended if a countersign list carried
-- them to the review offices (countersign_items.recommended is the list as it was sent).
UPDATE "declarations" d SET "recommended_at" = (
  SELECT min(c."sent_at") FROM "countersign_items" ci JOIN "countersigns" c ON c."id" = ci."countersign_id"
  WHERE ci."item_id" = d."item_id" AND ci."recommended" @> jsonb_build_array(jsonb_build_object('declarationId', d."id"::text)))
WHERE d."status" = 'closed' AND d."recommended_at" IS NULL
  AND NOT EXISTS (SELECT 1 FROM "audit_log" a WHERE a."entity_type" = 'declaration' AND a."entity_id" = d."id"::text AND a."action" IN ('declaration.recommend', 'declaration.reconsider'));
