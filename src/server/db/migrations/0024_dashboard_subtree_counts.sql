-- 0024_dashboard_subtree_counts (issue 14, STA-2): the table by drizzle-kit, the rest written by hand.
-- A dashboard of an association subtree and year read the dashboard_counts of every programme in the
-- subtree: for a province of 150 programmes and 1.5 million projects, ~36,000 rows summed per request
-- (bench/indicators.ts). dashboard_subtree_counts keeps those sums per association and year: each
-- published (not draft) programme's counts are added to its association and every ancestor
-- association. Kept in the changing transaction by statement triggers with transition tables:
--   - on dashboard_counts (INSERT, UPDATE, DELETE): the rows' change, summed per key, added to the
--     ancestors of their programmes' associations — one statement per statement, so stat_rebuild()
--     and a bulk change stay set-based; the upserts run in key order (one lock order);
--   - on programmes (UPDATE of status, year, association; DELETE): a programme published, drafted
--     again, moved to another year or association takes its counts along;
--   - on organisations (UPDATE of path): an association moved in the tree — rare — recomputes all.
-- Also (a gap of 0023): the indicators counted in a programme's year follow a change of that year.
-- dash_subtree_rebuild() recomputes the table from dashboard_counts; the integration tests compare it
-- with what the triggers kept.
CREATE TABLE "dashboard_subtree_counts" (
	"association_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"dimension" text NOT NULL,
	"key" text NOT NULL,
	"value" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_subtree_counts_association_id_year_dimension_key_pk" PRIMARY KEY("association_id","year","dimension","key")
);
--> statement-breakpoint
-- The change of dashboard counts `x` (programme, dimension, key, delta) added to the subtree counts.
CREATE OR REPLACE FUNCTION dash_subtree_apply(x jsonb) RETURNS void AS $$
BEGIN
  INSERT INTO dashboard_subtree_counts AS c (association_id, year, dimension, key, value)
    SELECT a.id, p.year, d.dimension, d.key, sum(d.delta)
      FROM jsonb_to_recordset(x) AS d(programme_id uuid, dimension text, key text, delta bigint)
      JOIN programmes p ON p.id = d.programme_id AND p.status <> 'draft'
      JOIN organisations po ON po.id = p.association_id
      JOIN organisations a ON a.id = ANY (string_to_array(rtrim(po.path, '/'), '/')::uuid[]) AND a.type = 'association'
     GROUP BY 1, 2, 3, 4 HAVING sum(d.delta) <> 0
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (association_id, year, dimension, key) DO UPDATE SET value = c.value + EXCLUDED.value;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_subtree_on_insert() RETURNS trigger AS $$
DECLARE x jsonb;
BEGIN
  SELECT jsonb_agg(jsonb_build_object('programme_id', n.programme_id, 'dimension', n.dimension, 'key', n.key, 'delta', n.value)) INTO x
    FROM new_rows n WHERE n.value <> 0;
  IF x IS NOT NULL THEN PERFORM dash_subtree_apply(x); END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_subtree_on_delete() RETURNS trigger AS $$
DECLARE x jsonb;
BEGIN
  SELECT jsonb_agg(jsonb_build_object('programme_id', o.programme_id, 'dimension', o.dimension, 'key', o.key, 'delta', -o.value)) INTO x
    FROM old_rows o WHERE o.value <> 0;
  IF x IS NOT NULL THEN PERFORM dash_subtree_apply(x); END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_subtree_on_update() RETURNS trigger AS $$
DECLARE x jsonb;
BEGIN
  SELECT jsonb_agg(jsonb_build_object('programme_id', d.programme_id, 'dimension', d.dimension, 'key', d.key, 'delta', d.delta)) INTO x
    FROM (SELECT n.programme_id, n.dimension, n.key, n.value AS delta FROM new_rows n
          UNION ALL
          SELECT o.programme_id, o.dimension, o.key, -o.value FROM old_rows o) d
   WHERE d.delta <> 0;
  IF x IS NOT NULL THEN PERFORM dash_subtree_apply(x); END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER dashboard_counts_subtree_insert AFTER INSERT ON dashboard_counts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dash_subtree_on_insert();
--> statement-breakpoint
CREATE TRIGGER dashboard_counts_subtree_delete AFTER DELETE ON dashboard_counts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dash_subtree_on_delete();
--> statement-breakpoint
CREATE TRIGGER dashboard_counts_subtree_update AFTER UPDATE ON dashboard_counts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dash_subtree_on_update();
--> statement-breakpoint
-- A programme's place in the subtree counts: (association, year) while not a draft. When it changes,
-- its counts leave the old place and join the new one.
CREATE OR REPLACE FUNCTION dash_subtree_move(p_association uuid, p_year integer, p_counted boolean, p_programme uuid, sign integer) RETURNS void AS $$
BEGIN
  IF NOT p_counted THEN RETURN; END IF;
  INSERT INTO dashboard_subtree_counts AS c (association_id, year, dimension, key, value)
    SELECT a.id, p_year, d.dimension, d.key, sign * d.value
      FROM dashboard_counts d
      JOIN organisations po ON po.id = p_association
      JOIN organisations a ON a.id = ANY (string_to_array(rtrim(po.path, '/'), '/')::uuid[]) AND a.type = 'association'
     WHERE d.programme_id = p_programme AND d.value <> 0
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (association_id, year, dimension, key) DO UPDATE SET value = c.value + EXCLUDED.value;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_subtree_on_programme() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.status <> 'draft') = (NEW.status <> 'draft') AND OLD.year IS NOT DISTINCT FROM NEW.year
     AND OLD.association_id IS NOT DISTINCT FROM NEW.association_id THEN
    RETURN NULL;
  END IF;
  PERFORM dash_subtree_move(OLD.association_id, OLD.year, OLD.status <> 'draft', OLD.id, -1);
  IF TG_OP = 'UPDATE' THEN PERFORM dash_subtree_move(NEW.association_id, NEW.year, NEW.status <> 'draft', NEW.id, 1); END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER programmes_dash_subtree AFTER DELETE OR UPDATE OF status, year, association_id ON programmes
  FOR EACH ROW EXECUTE FUNCTION dash_subtree_on_programme();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_subtree_rebuild() RETURNS void AS $$
BEGIN
  DELETE FROM dashboard_subtree_counts;
  INSERT INTO dashboard_subtree_counts (association_id, year, dimension, key, value)
    SELECT a.id, p.year, d.dimension, d.key, sum(d.value)
      FROM dashboard_counts d
      JOIN programmes p ON p.id = d.programme_id AND p.status <> 'draft'
      JOIN organisations po ON po.id = p.association_id
      JOIN organisations a ON a.id = ANY (string_to_array(rtrim(po.path, '/'), '/')::uuid[]) AND a.type = 'association'
     GROUP BY 1, 2, 3, 4 HAVING sum(d.value) <> 0;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_subtree_on_paths() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.type = 'association' AND n.path IS DISTINCT FROM o.path) THEN
    PERFORM dash_subtree_rebuild();
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER organisations_dash_subtree AFTER UPDATE ON organisations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dash_subtree_on_paths();
--> statement-breakpoint
-- A published programme's year can be corrected (programmes/save-programme.ts, with a reason): the
-- indicators counted in the programme's year (migration 0023: items.undertaken, societies.takingPart,
-- departments.inTalks, items.hoped.demand) move with it — record by record, in key order; rare.
CREATE OR REPLACE FUNCTION stat_on_programme_year() RETURNS trigger AS $$
DECLARE r record;
BEGIN
  IF OLD.year IS NOT DISTINCT FROM NEW.year THEN RETURN NULL; END IF;
  FOR r IN SELECT id, association_id FROM pilot_projects WHERE programme_id = NEW.id ORDER BY id LOOP
    PERFORM stat_member(r.association_id, OLD.year, 'items.undertaken', r.id, false);
    PERFORM stat_member(r.association_id, NEW.year, 'items.undertaken', r.id, true);
  END LOOP;
  FOR r IN SELECT DISTINCT society_id FROM pilot_projects WHERE programme_id = NEW.id ORDER BY society_id LOOP
    PERFORM stat_refresh_taking_part(r.society_id, OLD.year);
    PERFORM stat_refresh_taking_part(r.society_id, NEW.year);
  END LOOP;
  FOR r IN SELECT DISTINCT department_id FROM transfer_items WHERE programme_id = NEW.id ORDER BY department_id LOOP
    PERFORM stat_refresh_in_talks(r.department_id, OLD.year);
    PERFORM stat_refresh_in_talks(r.department_id, NEW.year);
  END LOOP;
  FOR r IN SELECT id, association_id, status FROM demand_entries WHERE programme_id = NEW.id ORDER BY id LOOP
    PERFORM stat_member(r.association_id, OLD.year, 'items.hoped.demand', r.id, false);
    PERFORM stat_member(r.association_id, NEW.year, 'items.hoped.demand', r.id, r.status = 'published');
  END LOOP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER programmes_stat_year AFTER UPDATE OF year ON programmes
  FOR EACH ROW EXECUTE FUNCTION stat_on_programme_year();
--> statement-breakpoint
SELECT dash_subtree_rebuild();
