// STA-2 (issue 14): the dashboards of an association subtree and year — read from
// dashboard_subtree_counts (its own few hundred rows, migration 0024) — or of one programme — from
// dashboard_counts (migration 0023) —, and the fund ledger's sums (fund_accounts): never from the facts
// themselves, and never summing the counts of every programme of a province per request.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { escapeLike } from '../orgs/orgs.repo.js';
import { AppError } from '../../platform/errors.js';
import { currentYear, type AssociationRef } from './indicators.js';
import { transferItemLifecycle } from '../../../domain/transfer/transfer-item.lifecycle.js';
import { projectStatusLabel, projectStatuses } from '../../../domain/projects/project.status.js';
import { completionVerdictLabels, completionVerdicts } from '../../../domain/evaluation/completion.js';
import { chinaToday } from '../../../domain/calendar-day.js';
import type { Category } from '../../../domain/programme/programme.types.js';
import type { CountRow, Dashboard } from '../../../contract/indicators.js';

const rowsOf = async <T>(db: DbOrTx, q: ReturnType<typeof sql>): Promise<T[]> => ((await db.execute(q)) as unknown as { rows: T[] }).rows;

export const scoreBandLabels: Record<string, string> = { '50': '60 分以下', '60': '60–69 分', '70': '70–79 分', '80': '80–89 分', '90': '90 分及以上' };

function categoryNames(cats: Category[], out: Map<string, string>): Map<string, string> {
  for (const c of cats) {
    if (!out.has(c.code)) out.set(c.code, c.name);
    if (c.children) categoryNames(c.children, out);
  }
  return out;
}

// What a dashboard reads of a programme besides its counts: its category names (tree order) and its
// performance grades. A process-wide LRU keyed by id, version and updatedAt (a programme's categories
// and parameters change only through updateProgramme, which raises both: programmes/save-programme.ts,
// as modules/transfer/category-labels.ts relies on), so that a province's dashboard does not read and
// parse the category trees and parameters of its ~150 programmes (≈ 4 KB of jsonb each) per request.
interface ProgrammeLabels {
  names: [string, string][];
  grades: string[];
}
const MAX_LABEL_ENTRIES = 500;
const labelCache = new Map<string, ProgrammeLabels>();

function rememberLabels(key: string, labels: ProgrammeLabels) {
  labelCache.delete(key);
  labelCache.set(key, labels);
  while (labelCache.size > MAX_LABEL_ENTRIES) labelCache.delete(labelCache.keys().next().value as string);
}

async function programmeLabels(db: DbOrTx, programmes: { id: string; stamp: string }[]): Promise<Map<string, ProgrammeLabels>> {
  const out = new Map<string, ProgrammeLabels>();
  const missing: string[] = [];
  for (const p of programmes) {
    const hit = labelCache.get(p.stamp);
    if (hit) {
      rememberLabels(p.stamp, hit);
      out.set(p.id, hit);
    } else missing.push(p.id);
  }
  if (missing.length) {
    const read = await rowsOf<{ id: string; stamp: string; categories: Category[]; grades: { name: string }[] | null }>(
      db,
      sql`SELECT id, id || ':' || version || ':' || updated_at::text AS stamp, categories, parameters->'performanceScoring'->'grades' AS grades FROM programmes
          WHERE id IN (${sql.join(missing.map((id) => sql`${id}::uuid`), sql`, `)})`,
    );
    for (const p of read) {
      const labels = { names: [...categoryNames(p.categories ?? [], new Map())], grades: (p.grades ?? []).map((g) => g.name) };
      rememberLabels(p.stamp, labels); // under the version read: a programme edited in between is read anew next time
      out.set(p.id, labels);
    }
  }
  return out;
}

function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/**
 * The dashboard of the subtree and `year` (or, with `programmeId`, of that programme of it). ONE
 * statement reads the years with anything counted, the subtree's published programmes of the year,
 * the counts and the fund ledger's sums (bench/indicators.ts: each statement more costs the database
 * its planning and the server its round trip); the category names and grades come from the cache.
 */
export async function dashboard(db: DbOrTx, a: AssociationRef, year: number | undefined, programmeId: string | undefined): Promise<Dashboard> {
  const prefix = `${escapeLike(a.path)}%`;
  const today = chinaToday();
  const soon = addDays(today, 30);
  // the year asked for; by default the latest with anything counted, or this year (as the sheet's)
  const yearSql = year === undefined ? sql`(SELECT greatest(${currentYear()}::int, max(year)) FROM yrs)` : sql`${year}::int`;
  // the open key nodes are kept by due day (overdue = before today): summed here into overdue, due
  // within 30 days and later, rather than shipping a row per day
  const bucket = sql`CASE WHEN dimension <> 'milestonesOpen' THEN key WHEN key COLLATE "C" < ${today} THEN 'overdue' WHEN key COLLATE "C" <= ${soon} THEN 'dueSoon' ELSE 'later' END`;
  const source = programmeId
    ? sql`dashboard_counts WHERE programme_id = ${programmeId}::uuid`
    : sql`dashboard_subtree_counts WHERE association_id = ${a.id}::uuid AND year = (SELECT y FROM yr)`;
  const [r] = await rowsOf<{ y: number; years: number[]; programmes: [string, string, string][]; counts: [string, string, number][]; funds: Record<string, number> }>(
    db,
    sql`WITH yrs AS (SELECT DISTINCT c.year FROM indicator_counts c JOIN organisations o ON o.id = c.association_id
                      WHERE o.path LIKE ${prefix} AND o.type = 'association' AND c.year > 0),
             yr AS (SELECT ${yearSql} AS y),
             progs AS (SELECT p.id, p.name, p.id || ':' || p.version || ':' || p.updated_at::text AS stamp, p.created_at FROM programmes p JOIN organisations o ON o.id = p.association_id
                        WHERE o.path LIKE ${prefix} AND o.type = 'association' AND p.year = (SELECT y FROM yr) AND p.status <> 'draft')
        SELECT (SELECT y FROM yr) AS y,
               (SELECT coalesce(array_agg(year), '{}') FROM yrs) AS years,
               (SELECT coalesce(json_agg(json_build_array(id, name, stamp) ORDER BY created_at, id), '[]') FROM progs) AS programmes,
               (SELECT coalesce(json_agg(json_build_array(dimension, key, value)), '[]') FROM (SELECT dimension, ${bucket} AS key, sum(value)::float8 AS value FROM ${source} GROUP BY 1, 2) x) AS counts,
               (SELECT json_build_object('budgetedFen', coalesce(sum(budgeted_fen), 0)::float8, 'awardedFen', coalesce(sum(awarded_fen), 0)::float8, 'disbursedFen', coalesce(sum(disbursed_fen), 0)::float8,
                                         'spentFen', coalesce(sum(spent_fen), 0)::float8, 'refundedFen', coalesce(sum(refunded_fen), 0)::float8, 'recoveredFen', coalesce(sum(recovered_fen), 0)::float8)
                  FROM fund_accounts WHERE programme_id IN (SELECT id FROM progs ${programmeId ? sql`WHERE id = ${programmeId}::uuid` : sql``})) AS funds`,
  );
  const y = Number(r.y);
  const programmes = r.programmes.map(([id, name, stamp]) => ({ id, name, stamp }));
  const chosen = programmeId ? programmes.filter((p) => p.id === programmeId) : programmes;
  if (programmeId && chosen.length === 0) throw new AppError('NOT_FOUND', '没有找到该方案：它不在所选科协及年度之内，或尚未发布');
  const years = [...new Set([currentYear(), y, ...r.years.map(Number)])].sort((p, q) => q - p);
  // no programme of the year: nothing counted (the subtree rows are of published programmes only)
  const counts = chosen.length ? r.counts.map(([dimension, key, value]) => ({ dimension, key, value })) : [];
  const funds = r.funds;
  const labels = chosen.length ? await programmeLabels(db, chosen) : new Map<string, ProgrammeLabels>();
  const names = new Map<string, string>();
  for (const p of chosen) for (const [code, name] of labels.get(p.id)?.names ?? []) if (!names.has(code)) names.set(code, name);
  const byCategory = new Map<string, number>();
  const byState = new Map<string, number>();
  const dim = (d: string) => counts.filter((c) => c.dimension === d && Number(c.value) !== 0);
  for (const c of dim('items')) {
    const [cat, state] = c.key.split('|');
    byCategory.set(cat, (byCategory.get(cat) ?? 0) + Number(c.value));
    byState.set(state, (byState.get(state) ?? 0) + Number(c.value));
  }
  const states = transferItemLifecycle.states as Record<string, string>;
  const ordered = (m: Map<string, number>, order: readonly string[], label: (k: string) => string): CountRow[] =>
    [...m.entries()].sort((x, y) => (order.indexOf(x[0]) + 1 || 999) - (order.indexOf(y[0]) + 1 || 999) || x[0].localeCompare(y[0])).map(([key, value]) => ({ key, label: label(key), value }));
  const counted = (d: string) => new Map(dim(d).map((c) => [c.key, Number(c.value)]));
  const nodes = counted('milestonesOpen');
  const overdue = nodes.get('overdue') ?? 0;
  const dueSoon = nodes.get('dueSoon') ?? 0;
  const open = overdue + dueSoon + (nodes.get('later') ?? 0);
  return {
    association: { id: a.id, name: a.name },
    year: y,
    years,
    programmes: programmes.map((p) => ({ id: p.id, name: p.name })),
    programme: programmeId ? { id: chosen[0].id, name: chosen[0].name } : null,
    itemsByCategory: ordered(byCategory, [...names.keys()], (k) => names.get(k) ?? k),
    itemsByState: ordered(byState, Object.keys(states), (k) => states[k] ?? k),
    projectsByStage: ordered(counted('projects'), projectStatuses, projectStatusLabel),
    milestones: { open, overdue, dueWithin30Days: dueSoon },
    funds: { budgetedFen: Number(funds.budgetedFen), awardedFen: Number(funds.awardedFen), disbursedFen: Number(funds.disbursedFen), spentFen: Number(funds.spentFen), refundedFen: Number(funds.refundedFen), recoveredFen: Number(funds.recoveredFen) },
    evaluationGrades: ordered(counted('evaluationGrades'), [...new Set(chosen.flatMap((p) => labels.get(p.id)?.grades ?? []))], (k) => k),
    evaluationScoreBands: ordered(counted('evaluationScoreBands'), Object.keys(scoreBandLabels), (k) => scoreBandLabels[k] ?? k),
    completions: ordered(counted('completions'), completionVerdicts, (k) => completionVerdictLabels[k as keyof typeof completionVerdictLabels] ?? k),
  };
}
