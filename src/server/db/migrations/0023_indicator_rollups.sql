-- 0023_indicator_rollups (issue 14, STA-1, STA-2): written by hand. The indicators of seed 004 and the
-- programme dashboards are maintained by triggers in the transaction that changes a fact, so reading
-- them is a lookup of a few rows whatever the size of the province (indicator_counts,
-- dashboard_counts); indicator_members holds the records each indicator counts (its drill-down).
-- Definitions (src/domain/statistics/indicators.ts says the same to the reader):
--   societies.all / societies.supervised / societies.groupMember (year 0, a stock): active societies
--     whose parent is the association; by their record's affiliation (主管学会 / 团体会员)
--   societies.takingPart (programme year): societies undertaking a pilot project of that year,
--     counted at the society's own association
--   items.undertaken: pilot projects (one per item) of the programme's association and year
--   departments.inTalks: departments with an item of that year published or further along (not a
--     draft, not withdrawn), counted at the department's own association
--   items.hoped.demand: published demand catalogue entries; items.hoped.wishes: the items societies
--     hope to take on in the willingness survey of that year (a sum; its drill-down rows are the
--     answers naming any, under items.hoped.wishes#answers)
--   societies.willing / societies.capable: the willingness survey of the association and year
--   satisfaction.<group>.invited / .answered / .satisfied: the satisfaction surveys of the year
-- stat_rebuild() recomputes everything from the facts; the integration tests compare it with what the
-- triggers maintained.

CREATE OR REPLACE FUNCTION stat_add(a uuid, y integer, ind text, delta bigint) RETURNS void AS $$
BEGIN
  IF a IS NULL OR y IS NULL OR delta = 0 THEN RETURN; END IF;
  INSERT INTO indicator_counts AS c (association_id, year, indicator, value) VALUES (a, y, ind, delta)
    ON CONFLICT (association_id, year, indicator) DO UPDATE SET value = c.value + EXCLUDED.value;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Makes `m` a member of the indicator (present) or not, counting only a real change.
CREATE OR REPLACE FUNCTION stat_member(a uuid, y integer, ind text, m uuid, present boolean) RETURNS void AS $$
DECLARE n integer;
BEGIN
  IF a IS NULL OR y IS NULL OR m IS NULL THEN RETURN; END IF;
  IF present THEN
    INSERT INTO indicator_members (association_id, year, indicator, member_id) VALUES (a, y, ind, m) ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
  ELSE
    DELETE FROM indicator_members WHERE association_id = a AND year = y AND indicator = ind AND member_id = m;
    GET DIAGNOSTICS n = ROW_COUNT;
    n := -n;
  END IF;
  IF n <> 0 THEN PERFORM stat_add(a, y, ind, n); END IF;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_add(p uuid, dim text, k text, delta bigint) RETURNS void AS $$
BEGIN
  IF p IS NULL OR k IS NULL OR delta = 0 THEN RETURN; END IF;
  INSERT INTO dashboard_counts AS c (programme_id, dimension, key, value) VALUES (p, dim, k, delta)
    ON CONFLICT (programme_id, dimension, key) DO UPDATE SET value = c.value + EXCLUDED.value;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A member decided by a query over other rows is recomputed under a transaction lock on the member,
-- so two transactions changing its facts at once cannot leave it counted wrongly.
CREATE OR REPLACE FUNCTION stat_lock(ind text, m uuid) RETURNS void AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(ind || ':' || m::text, 727023));
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- societies.* (year 0): the society `s`, moved away from `old_parent` when that differs.
CREATE OR REPLACE FUNCTION stat_refresh_society(s uuid, old_parent uuid) RETURNS void AS $$
DECLARE o record;
BEGIN
  PERFORM stat_lock('societies', s);
  SELECT org.parent_id, org.type, org.is_active, sp.affiliation INTO o
    FROM organisations org LEFT JOIN society_profiles sp ON sp.org_id = org.id WHERE org.id = s;
  IF old_parent IS NOT NULL AND old_parent IS DISTINCT FROM o.parent_id THEN
    PERFORM stat_member(old_parent, 0, 'societies.all', s, false);
    PERFORM stat_member(old_parent, 0, 'societies.supervised', s, false);
    PERFORM stat_member(old_parent, 0, 'societies.groupMember', s, false);
  END IF;
  IF o.parent_id IS NULL THEN RETURN; END IF;
  PERFORM stat_member(o.parent_id, 0, 'societies.all', s, o.type = 'society' AND o.is_active);
  PERFORM stat_member(o.parent_id, 0, 'societies.supervised', s, o.type = 'society' AND o.is_active AND o.affiliation IS NOT DISTINCT FROM 'supervised');
  PERFORM stat_member(o.parent_id, 0, 'societies.groupMember', s, o.type = 'society' AND o.is_active AND o.affiliation IS NOT DISTINCT FROM 'groupMember');
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stat_on_organisations() RETURNS trigger AS $$
BEGIN
  IF NEW.type = 'society' OR (TG_OP = 'UPDATE' AND OLD.type = 'society') THEN
    PERFORM stat_refresh_society(NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.parent_id END);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER organisations_stat AFTER INSERT OR UPDATE OF type, is_active, parent_id ON organisations
  FOR EACH ROW EXECUTE FUNCTION stat_on_organisations();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stat_on_society_profiles() RETURNS trigger AS $$
BEGIN
  PERFORM stat_refresh_society(CASE WHEN TG_OP = 'DELETE' THEN OLD.org_id ELSE NEW.org_id END, NULL);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER society_profiles_stat AFTER INSERT OR DELETE OR UPDATE OF affiliation ON society_profiles
  FOR EACH ROW EXECUTE FUNCTION stat_on_society_profiles();
--> statement-breakpoint
-- societies.takingPart: whether society `s` undertakes a pilot project of year `y`.
CREATE OR REPLACE FUNCTION stat_refresh_taking_part(s uuid, y integer) RETURNS void AS $$
BEGIN
  IF s IS NULL OR y IS NULL THEN RETURN; END IF;
  PERFORM stat_lock('societies.takingPart', s);
  PERFORM stat_member(
    (SELECT parent_id FROM organisations WHERE id = s), y, 'societies.takingPart', s,
    EXISTS (SELECT 1 FROM pilot_projects pp JOIN programmes p ON p.id = pp.programme_id WHERE pp.society_id = s AND p.year = y));
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stat_on_pilot_projects() RETURNS trigger AS $$
DECLARE y_old integer; y_new integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT year INTO y_old FROM programmes WHERE id = OLD.programme_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT year INTO y_new FROM programmes WHERE id = NEW.programme_id;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM stat_member(NEW.association_id, y_new, 'items.undertaken', NEW.id, true);
    PERFORM stat_lock('societies.takingPart', NEW.society_id);
    PERFORM stat_member((SELECT parent_id FROM organisations WHERE id = NEW.society_id), y_new, 'societies.takingPart', NEW.society_id, true);
    PERFORM dash_add(NEW.programme_id, 'projects', NEW.status, 1);
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    PERFORM stat_member(OLD.association_id, y_old, 'items.undertaken', OLD.id, false);
    PERFORM stat_refresh_taking_part(OLD.society_id, y_old);
    PERFORM dash_add(OLD.programme_id, 'projects', OLD.status, -1);
    RETURN NULL;
  END IF;
  IF OLD.association_id IS DISTINCT FROM NEW.association_id OR y_old IS DISTINCT FROM y_new THEN
    PERFORM stat_member(OLD.association_id, y_old, 'items.undertaken', OLD.id, false);
    PERFORM stat_member(NEW.association_id, y_new, 'items.undertaken', NEW.id, true);
  END IF;
  IF OLD.society_id IS DISTINCT FROM NEW.society_id OR y_old IS DISTINCT FROM y_new THEN
    PERFORM stat_refresh_taking_part(OLD.society_id, y_old);
    PERFORM stat_refresh_taking_part(NEW.society_id, y_new);
  END IF;
  IF OLD.status IS DISTINCT FROM NEW.status OR OLD.programme_id IS DISTINCT FROM NEW.programme_id THEN
    PERFORM dash_add(OLD.programme_id, 'projects', OLD.status, -1);
    PERFORM dash_add(NEW.programme_id, 'projects', NEW.status, 1);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER pilot_projects_stat AFTER INSERT OR DELETE OR UPDATE OF status, society_id, programme_id, association_id ON pilot_projects
  FOR EACH ROW EXECUTE FUNCTION stat_on_pilot_projects();
--> statement-breakpoint
-- departments.inTalks: whether department `d` has an item of year `y` published or further along.
CREATE OR REPLACE FUNCTION stat_refresh_in_talks(d uuid, y integer) RETURNS void AS $$
BEGIN
  IF d IS NULL OR y IS NULL THEN RETURN; END IF;
  PERFORM stat_lock('departments.inTalks', d);
  PERFORM stat_member(
    (SELECT parent_id FROM organisations WHERE id = d), y, 'departments.inTalks', d,
    EXISTS (SELECT 1 FROM transfer_items i JOIN programmes p ON p.id = i.programme_id
            WHERE i.department_id = d AND p.year = y AND i.status NOT IN ('draft', 'withdrawn')));
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stat_on_transfer_items() RETURNS trigger AS $$
DECLARE y_old integer; y_new integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT year INTO y_old FROM programmes WHERE id = OLD.programme_id;
    PERFORM dash_add(OLD.programme_id, 'items', OLD.category_code || '|' || OLD.status, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT year INTO y_new FROM programmes WHERE id = NEW.programme_id;
    PERFORM dash_add(NEW.programme_id, 'items', NEW.category_code || '|' || NEW.status, 1);
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.department_id = NEW.department_id AND y_old IS NOT DISTINCT FROM y_new
     AND (OLD.status IN ('draft', 'withdrawn')) = (NEW.status IN ('draft', 'withdrawn')) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM stat_refresh_in_talks(OLD.department_id, y_old); END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR OLD.department_id IS DISTINCT FROM NEW.department_id OR y_old IS DISTINCT FROM y_new) THEN
    PERFORM stat_refresh_in_talks(NEW.department_id, y_new);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER transfer_items_stat AFTER INSERT OR DELETE OR UPDATE OF status, department_id, programme_id, category_code ON transfer_items
  FOR EACH ROW EXECUTE FUNCTION stat_on_transfer_items();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stat_on_demand_entries() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM stat_member(OLD.association_id, (SELECT year FROM programmes WHERE id = OLD.programme_id), 'items.hoped.demand', OLD.id, false);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM stat_member(NEW.association_id, (SELECT year FROM programmes WHERE id = NEW.programme_id), 'items.hoped.demand', NEW.id, NEW.status = 'published');
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER demand_entries_stat AFTER INSERT OR DELETE OR UPDATE OF status, programme_id, association_id ON demand_entries
  FOR EACH ROW EXECUTE FUNCTION stat_on_demand_entries();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stat_on_willingness_responses() RETURNS trigger AS $$
DECLARE r_old record; r_new record; n_old integer := 0; n_new integer := 0;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT association_id, year INTO r_old FROM willingness_rounds WHERE id = OLD.round_id;
    n_old := jsonb_array_length(OLD.hoped_items);
    PERFORM stat_member(r_old.association_id, r_old.year, 'societies.willing', OLD.society_id, false);
    PERFORM stat_member(r_old.association_id, r_old.year, 'societies.capable', OLD.society_id, false);
    PERFORM stat_member(r_old.association_id, r_old.year, 'items.hoped.wishes#answers', OLD.id, false);
    PERFORM stat_add(r_old.association_id, r_old.year, 'items.hoped.wishes', -n_old);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT association_id, year INTO r_new FROM willingness_rounds WHERE id = NEW.round_id;
    n_new := jsonb_array_length(NEW.hoped_items);
    PERFORM stat_member(r_new.association_id, r_new.year, 'societies.willing', NEW.society_id, NEW.willing);
    PERFORM stat_member(r_new.association_id, r_new.year, 'societies.capable', NEW.society_id, NEW.capable);
    PERFORM stat_member(r_new.association_id, r_new.year, 'items.hoped.wishes#answers', NEW.id, n_new > 0);
    PERFORM stat_add(r_new.association_id, r_new.year, 'items.hoped.wishes', n_new);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER willingness_responses_stat AFTER INSERT OR DELETE OR UPDATE ON willingness_responses
  FOR EACH ROW EXECUTE FUNCTION stat_on_willingness_responses();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stat_on_survey_invitations() RETURNS trigger AS $$
DECLARE s record;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT association_id, year INTO s FROM satisfaction_surveys WHERE id = OLD.survey_id;
    PERFORM stat_member(s.association_id, s.year, 'satisfaction.' || OLD.respondent_group || '.invited', OLD.id, false);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT association_id, year INTO s FROM satisfaction_surveys WHERE id = NEW.survey_id;
    PERFORM stat_member(s.association_id, s.year, 'satisfaction.' || NEW.respondent_group || '.invited', NEW.id, NEW.status <> 'revoked');
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER survey_invitations_stat AFTER INSERT OR DELETE OR UPDATE OF status, respondent_group ON survey_invitations
  FOR EACH ROW EXECUTE FUNCTION stat_on_survey_invitations();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stat_on_survey_answers() RETURNS trigger AS $$
DECLARE s record;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT association_id, year INTO s FROM satisfaction_surveys WHERE id = OLD.survey_id;
    PERFORM stat_member(s.association_id, s.year, 'satisfaction.' || OLD.respondent_group || '.answered', OLD.id, false);
    PERFORM stat_member(s.association_id, s.year, 'satisfaction.' || OLD.respondent_group || '.satisfied', OLD.id, false);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT association_id, year INTO s FROM satisfaction_surveys WHERE id = NEW.survey_id;
    PERFORM stat_member(s.association_id, s.year, 'satisfaction.' || NEW.respondent_group || '.answered', NEW.id, true);
    PERFORM stat_member(s.association_id, s.year, 'satisfaction.' || NEW.respondent_group || '.satisfied', NEW.id, NEW.satisfied);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER survey_answers_stat AFTER INSERT OR DELETE OR UPDATE OF satisfied, respondent_group ON survey_answers
  FOR EACH ROW EXECUTE FUNCTION stat_on_survey_answers();
--> statement-breakpoint
-- STA-2: open key nodes by due day (overdue = the days before today), per programme.
CREATE OR REPLACE FUNCTION stat_on_milestones() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'open' THEN
    PERFORM dash_add((SELECT programme_id FROM pilot_projects WHERE id = OLD.project_id), 'milestonesOpen', OLD.due_on, -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'open' THEN
    PERFORM dash_add((SELECT programme_id FROM pilot_projects WHERE id = NEW.project_id), 'milestonesOpen', NEW.due_on, 1);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER milestones_stat AFTER INSERT OR DELETE OR UPDATE OF status, due_on, project_id ON milestones
  FOR EACH ROW EXECUTE FUNCTION stat_on_milestones();
--> statement-breakpoint
-- STA-2: accepted per-project performance reports by grade and by score band (0–59, 60–69 … 90–100).
CREATE OR REPLACE FUNCTION stat_on_performance_evaluations() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'accepted' AND OLD.project_id IS NOT NULL THEN
    PERFORM dash_add((SELECT programme_id FROM evaluation_commissions WHERE id = OLD.commission_id), 'evaluationGrades', coalesce(OLD.grade, '—'), -1);
    PERFORM dash_add((SELECT programme_id FROM evaluation_commissions WHERE id = OLD.commission_id), 'evaluationScoreBands', least(greatest(coalesce(OLD.score, 0), 50), 90) / 10 * 10 || '', -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'accepted' AND NEW.project_id IS NOT NULL THEN
    PERFORM dash_add((SELECT programme_id FROM evaluation_commissions WHERE id = NEW.commission_id), 'evaluationGrades', coalesce(NEW.grade, '—'), 1);
    PERFORM dash_add((SELECT programme_id FROM evaluation_commissions WHERE id = NEW.commission_id), 'evaluationScoreBands', least(greatest(coalesce(NEW.score, 0), 50), 90) / 10 * 10 || '', 1);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER performance_evaluations_stat AFTER INSERT OR DELETE OR UPDATE OF status, grade, score ON performance_evaluations
  FOR EACH ROW EXECUTE FUNCTION stat_on_performance_evaluations();
--> statement-breakpoint
-- STA-2: completion assessments by their result (closed rounds only; a returned round is not a result).
CREATE OR REPLACE FUNCTION stat_on_project_completions() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status IN ('passed', 'passedWithConditions', 'failed') THEN
    PERFORM dash_add((SELECT programme_id FROM pilot_projects WHERE id = OLD.project_id), 'completions', OLD.status, -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status IN ('passed', 'passedWithConditions', 'failed') THEN
    PERFORM dash_add((SELECT programme_id FROM pilot_projects WHERE id = NEW.project_id), 'completions', NEW.status, 1);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER project_completions_stat AFTER INSERT OR DELETE OR UPDATE OF status ON project_completions
  FOR EACH ROW EXECUTE FUNCTION stat_on_project_completions();
--> statement-breakpoint
-- Recomputes every roll-up from the facts (set-based). The migration runs it once for the data already
-- there; the integration tests run it to prove the triggers kept the same numbers.
CREATE OR REPLACE FUNCTION stat_rebuild() RETURNS void AS $$
BEGIN
  DELETE FROM indicator_members;
  DELETE FROM indicator_counts;
  DELETE FROM dashboard_counts;
  INSERT INTO indicator_members (association_id, year, indicator, member_id)
    SELECT o.parent_id, 0, 'societies.all', o.id FROM organisations o WHERE o.type = 'society' AND o.is_active AND o.parent_id IS NOT NULL
    UNION ALL
    SELECT o.parent_id, 0, 'societies.' || sp.affiliation, o.id FROM organisations o JOIN society_profiles sp ON sp.org_id = o.id
      WHERE o.type = 'society' AND o.is_active AND o.parent_id IS NOT NULL AND sp.affiliation IN ('supervised', 'groupMember')
    UNION ALL
    SELECT DISTINCT s.parent_id, p.year, 'societies.takingPart', pp.society_id FROM pilot_projects pp JOIN programmes p ON p.id = pp.programme_id
      JOIN organisations s ON s.id = pp.society_id WHERE s.parent_id IS NOT NULL
    UNION ALL
    SELECT pp.association_id, p.year, 'items.undertaken', pp.id FROM pilot_projects pp JOIN programmes p ON p.id = pp.programme_id
    UNION ALL
    SELECT DISTINCT d.parent_id, p.year, 'departments.inTalks', i.department_id FROM transfer_items i JOIN programmes p ON p.id = i.programme_id
      JOIN organisations d ON d.id = i.department_id WHERE i.status NOT IN ('draft', 'withdrawn') AND d.parent_id IS NOT NULL
    UNION ALL
    SELECT e.association_id, p.year, 'items.hoped.demand', e.id FROM demand_entries e JOIN programmes p ON p.id = e.programme_id WHERE e.status = 'published'
    UNION ALL
    SELECT r.association_id, r.year, 'societies.willing', w.society_id FROM willingness_responses w JOIN willingness_rounds r ON r.id = w.round_id WHERE w.willing
    UNION ALL
    SELECT r.association_id, r.year, 'societies.capable', w.society_id FROM willingness_responses w JOIN willingness_rounds r ON r.id = w.round_id WHERE w.capable
    UNION ALL
    SELECT r.association_id, r.year, 'items.hoped.wishes#answers', w.id FROM willingness_responses w JOIN willingness_rounds r ON r.id = w.round_id
      WHERE jsonb_array_length(w.hoped_items) > 0
    UNION ALL
    SELECT s.association_id, s.year, 'satisfaction.' || i.respondent_group || '.invited', i.id FROM survey_invitations i JOIN satisfaction_surveys s ON s.id = i.survey_id
      WHERE i.status <> 'revoked'
    UNION ALL
    SELECT s.association_id, s.year, 'satisfaction.' || a.respondent_group || '.answered', a.id FROM survey_answers a JOIN satisfaction_surveys s ON s.id = a.survey_id
    UNION ALL
    SELECT s.association_id, s.year, 'satisfaction.' || a.respondent_group || '.satisfied', a.id FROM survey_answers a JOIN satisfaction_surveys s ON s.id = a.survey_id
      WHERE a.satisfied;
  INSERT INTO indicator_counts (association_id, year, indicator, value)
    SELECT association_id, year, indicator, count(*) FROM indicator_members GROUP BY association_id, year, indicator;
  INSERT INTO indicator_counts (association_id, year, indicator, value)
    SELECT r.association_id, r.year, 'items.hoped.wishes', sum(jsonb_array_length(w.hoped_items)) FROM willingness_responses w
      JOIN willingness_rounds r ON r.id = w.round_id GROUP BY r.association_id, r.year HAVING sum(jsonb_array_length(w.hoped_items)) <> 0;
  INSERT INTO dashboard_counts (programme_id, dimension, key, value)
    SELECT programme_id, 'items', category_code || '|' || status, count(*) FROM transfer_items GROUP BY programme_id, category_code, status
    UNION ALL
    SELECT programme_id, 'projects', status, count(*) FROM pilot_projects GROUP BY programme_id, status
    UNION ALL
    SELECT pp.programme_id, 'milestonesOpen', m.due_on, count(*) FROM milestones m JOIN pilot_projects pp ON pp.id = m.project_id
      WHERE m.status = 'open' GROUP BY pp.programme_id, m.due_on
    UNION ALL
    SELECT c.programme_id, 'evaluationGrades', coalesce(e.grade, '—'), count(*) FROM performance_evaluations e JOIN evaluation_commissions c ON c.id = e.commission_id
      WHERE e.status = 'accepted' AND e.project_id IS NOT NULL GROUP BY c.programme_id, coalesce(e.grade, '—')
    UNION ALL
    SELECT c.programme_id, 'evaluationScoreBands', least(greatest(coalesce(e.score, 0), 50), 90) / 10 * 10 || '', count(*) FROM performance_evaluations e
      JOIN evaluation_commissions c ON c.id = e.commission_id WHERE e.status = 'accepted' AND e.project_id IS NOT NULL
      GROUP BY c.programme_id, least(greatest(coalesce(e.score, 0), 50), 90) / 10 * 10
    UNION ALL
    SELECT pp.programme_id, 'completions', pc.status, count(*) FROM project_completions pc JOIN pilot_projects pp ON pp.id = pc.project_id
      WHERE pc.status IN ('passed', 'passedWithConditions', 'failed') GROUP BY pp.programme_id, pc.status;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
SELECT stat_rebuild();
