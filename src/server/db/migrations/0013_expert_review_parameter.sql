-- 0013_expert_review_parameter (issue 13, CAP-4): written by hand. Programmes stored before the
-- parameter existed get the platform default (domain/presets/platform-defaults.ts
-- defaultExpertReview): five experts per application, the highest and the lowest sheet dropped once
-- five are in. A programme's stored parameters always satisfy the schema its rules read.
UPDATE "programmes" SET "parameters" = "parameters" || '{"expertReview": {"expertsPerApplication": 5, "minScoresForTrim": 5}}'::jsonb
WHERE NOT ("parameters" ? 'expertReview');
