-- 0019_idx_implementation (issue 12 §1): indexes for key-based paging of the lists.
-- A programme's training and guidance records, newest recorded first (GET /programmes/{id}/training-records):
-- ORDER BY recorded_at DESC, id DESC under programme_id, sought by (recorded_at, id) < cursor.
CREATE INDEX IF NOT EXISTS "training_records_programme_recorded_idx" ON "training_records" USING btree ("programme_id","recorded_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);
