-- 0024_dashboard_subtree_counts (issue 14, STA-2): the table by drizzle-kit, the rest written by hand.
-- A dashboard of an association subtree and year read the dashboard_counts of every programme in the
-- subtree: for a province of 150 programmes and 1.5 million projects, ~36,000 rows summed per request
-- (bench/indicators.ts). dashboard_subtree_counts keeps those sums per association and year: each
-- published (not draft) programme's counts are added to its association and every ancestor
-- association. Kept in the changing transaction:
--   - dash_add() (0023's one writer of dashboard_counts, called by the fact triggers) adds the same
--     change to the rows of the programme's association and of its ancestors (a published programme's;
--     in key order: one lock order). A first version used statement triggers with transition tables on
--     dashboard_counts: ≈ 340 µs per dash_add on the province of bench/indicators.ts, against ≈ 45 µs
--     this way;
--   - a trigger on programmes (UPDATE of status, year, association; DELETE): a programme published,
--     drafted again, moved to another year or association takes its counts along;
--   - a statement trigger on organisations: an association moved in the tree — rare — recomputes all;
--   - stat_rebuild() (0023's recount) now ends with dash_subtree_rebuild().
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
CREATE OR REPLACE FUNCTION dash_add(p uuid, dim text, k text, delta bigint) RETURNS void AS $$
BEGIN
  IF p IS NULL OR k IS NULL OR delta = 0 THEN RETURN; END IF;
  INSERT INTO dashboard_counts AS c (programme_id, dimension, key, value) VALUES (p, dim, k, delta)
    ON CONFLICT (programme_id, dimension, key) DO UPDATE SET value = c.value + EXCLUDED.value;
  INSERT INTO dashboard_subtree_counts AS c (association_id, year, dimension, key, value)
    SELECT a.id, pr.year, dim, k, delta
      FROM programmes pr
      JOIN organisations po ON po.id = pr.association_id
      JOIN organisations a ON a.id = ANY (string_to_array(rtrim(po.path, '/'), '/')::uuid[]) AND a.type = 'association'
     WHERE pr.id = p AND pr.status <> 'draft'
     ORDER BY a.id
    ON CONFLICT (association_id, year, dimension, key) DO UPDATE SET value = c.value + EXCLUDED.value;
END;
$$ LANGUAGE plpgsql;
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
ALTER FUNCTION stat_rebuild() RENAME TO stat_rebuild_facts;
--> statement-breakpoint
-- The recount of everything the triggers keep: 0023's, then the subtree sums from its dashboard counts.
CREATE OR REPLACE FUNCTION stat_rebuild() RETURNS void AS $$
BEGIN
  PERFORM stat_rebuild_facts();
  PERFORM dash_subtree_rebuild();
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
SELECT dash_subtree_rebuild();
