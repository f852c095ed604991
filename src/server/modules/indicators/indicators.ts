// STA-1, STA-2 (issue 14): reading the roll-ups the database maintains (migration 0023). An indicator
// sheet is the sum of the rows of the associations in a subtree — a few rows per association, found
// through the path index — never a scan of the facts; a drill-down pages through the member rows.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import type { RequestMeta } from '../../platform/actor.js';
import { indicatorPublications, organisations } from '../../db/schema.js';
import { escapeLike } from '../orgs/orgs.repo.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import {
  indicatorDefinitions,
  indicatorValues,
  membersKeyOf,
  publishedFigures,
  stockKeys,
  sumCounts,
  type CountKey,
  type IndicatorValue,
  type MemberKind,
} from '../../../domain/statistics/indicators.js';
import { chinaToday } from '../../../domain/calendar-day.js';
import { projectStatusLabel } from '../../../domain/projects/project.status.js';
import type { Indicator, IndicatorMember, IndicatorSheet } from '../../../contract/indicators.js';

type Rows<T> = { rows: T[] };
const rowsOf = async <T>(db: DbOrTx, q: ReturnType<typeof sql>): Promise<T[]> => ((await db.execute(q)) as unknown as Rows<T>).rows;

export interface AssociationRef {
  id: string;
  name: string;
  path: string;
}

export const currentYear = (): number => Number(chinaToday().slice(0, 4));

/** The association the caller asks for (its own by default), within the caller's data scope; else 404. */
export async function associationInScope(db: DbOrTx, actor: Actor, associationId: string | undefined): Promise<AssociationRef> {
  const id = associationId ?? actor.orgId;
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name, path: organisations.path, type: organisations.type })
    .from(organisations)
    .where(eq(organisations.id, id));
  if (!row || row.type !== 'association' || !row.path.startsWith(actor.scopePath)) throw new AppError('NOT_FOUND', '没有找到该科协，或不在您的数据范围内');
  return { id: row.id, name: row.name, path: row.path };
}

// Only associations hold roll-up rows (every count is kept at an association: a society's or a
// department's parent, a project's, an entry's, a survey's), so the subtree is read as its
// associations — a province's ~150 through organisations_type_name_idx — and not as its ~11,000
// organisations (societies, departments) matched by the path prefix and joined to a few hundred rows.

/** The years that have anything to count in the subtree (programmes, willingness rounds, surveys), and this year. */
export async function yearsOf(db: DbOrTx, a: AssociationRef): Promise<number[]> {
  const prefix = `${escapeLike(a.path)}%`;
  const rows = await rowsOf<{ year: number }>(
    db,
    sql`SELECT DISTINCT c.year FROM indicator_counts c JOIN organisations o ON o.id = c.association_id WHERE o.path LIKE ${prefix} AND o.type = 'association' AND c.year > 0`,
  );
  return [...new Set([currentYear(), ...rows.map((r) => Number(r.year))])].sort((x, y) => y - x);
}

interface CountRow {
  association_id: string;
  path: string;
  indicator: string;
  value: number;
}

/** The count rows of the subtree for a year (and the stock, year 0). */
async function countRows(db: DbOrTx, a: AssociationRef, year: number): Promise<CountRow[]> {
  const prefix = `${escapeLike(a.path)}%`;
  return rowsOf<CountRow>(
    db,
    sql`SELECT c.association_id, o.path, c.indicator, c.value::float8 AS value FROM indicator_counts c JOIN organisations o ON o.id = c.association_id
        WHERE o.path LIKE ${prefix} AND o.type = 'association' AND c.year IN (0, ${year})`,
  );
}

export function toIndicators(values: IndicatorValue[]): Indicator[] {
  return values.map((v) => {
    const d = indicatorDefinitions.find((x) => x.key === v.key)!;
    return { key: v.key, label: d.label, unit: d.unit, value: v.value, ...(v.responseRate !== undefined ? { responseRate: v.responseRate } : {}), definition: d.definition, seed: d.seed, parts: v.parts };
  });
}

const valuesRecord = (values: IndicatorValue[]): Record<string, number | null> => Object.fromEntries(values.map((v) => [v.key, v.value]));

/** Whether the caller publishes and withdraws indicators (the sheet's actions). */
export const canPublishIndicators = (actor: Actor): boolean => actor.permissions.has('statistics.publish') && actor.orgType === 'association';

/** The indicators of the subtree and year, with the breakdown by its own level and each child association. */
export async function indicatorSheet(db: DbOrTx, actor: Actor, a: AssociationRef, year: number): Promise<IndicatorSheet> {
  // ONE statement: the subtree's count rows summed in SQL per child association (the first id of their
  // path below the association's; '' for the association's own level) and indicator, the children's
  // names, the years with anything counted and the live publication — not four statements and ~600
  // rows with their paths for a province (bench/indicators.ts).
  const prefix = `${escapeLike(a.path)}%`;
  const [r] = await rowsOf<{
    counts: [string, string, number][];
    children: [string, string][];
    years: number[];
    pub_id: string | null;
    pub_at: string | null;
    pub_by: string | null;
  }>(
    db,
    sql`WITH sub AS (SELECT o.id, split_part(substr(o.path, ${a.path.length + 1}), '/', 1) AS child FROM organisations o WHERE o.path LIKE ${prefix} AND o.type = 'association'),
             cnt AS (SELECT s.child, c.indicator, sum(c.value)::float8 AS value FROM sub s JOIN indicator_counts c ON c.association_id = s.id AND c.year IN (0, ${year}) GROUP BY 1, 2)
        SELECT (SELECT coalesce(json_agg(json_build_array(child, indicator, value)), '[]') FROM cnt) AS counts,
               (SELECT coalesce(json_agg(json_build_array(id, name) ORDER BY name), '[]') FROM organisations WHERE parent_id = ${a.id}::uuid AND type = 'association') AS children,
               (SELECT coalesce(array_agg(DISTINCT c.year), '{}') FROM sub s JOIN indicator_counts c ON c.association_id = s.id WHERE c.year > 0) AS years,
               p.id AS pub_id, to_char(p.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS pub_at, p.published_by_name AS pub_by
          FROM (SELECT 1) x LEFT JOIN indicator_publications p ON p.association_id = ${a.id}::uuid AND p.year = ${year} AND p.withdrawn_at IS NULL`,
  );
  const byChild = new Map<string, { indicator: string; value: number }[]>();
  for (const [child, indicator, value] of r.counts) {
    const list = byChild.get(child);
    if (list) list.push({ indicator, value });
    else byChild.set(child, [{ indicator, value }]);
  }
  const values = indicatorValues(sumCounts([...byChild.values()].flat()));
  const breakdown = [
    { association: { id: a.id, name: a.name }, own: true, values: valuesRecord(indicatorValues(sumCounts(byChild.get('') ?? []))) },
    ...r.children.map(([id, name]) => ({ association: { id, name }, own: false, values: valuesRecord(indicatorValues(sumCounts(byChild.get(id) ?? []))) })),
  ];
  const years = [...new Set([currentYear(), year, ...r.years.map(Number)])].sort((x, y) => y - x);
  const canPublish = canPublishIndicators(actor);
  return {
    association: { id: a.id, name: a.name },
    year,
    years,
    indicators: toIndicators(values),
    breakdown,
    publication: r.pub_id ? { id: r.pub_id, publishedAt: r.pub_at!, publishedByName: r.pub_by } : null,
    actions: canPublish ? (r.pub_id ? ['publish', 'withdraw'] : ['publish']) : [],
  };
}

/** The figures of a year as they stand (for publication and the reports). */
export async function currentValues(db: DbOrTx, a: AssociationRef, year: number): Promise<IndicatorValue[]> {
  return indicatorValues(sumCounts(await countRows(db, a, year)));
}

const kindOf: Record<string, MemberKind> = Object.fromEntries(indicatorDefinitions.flatMap((d) => d.parts.map((p) => [p.count, p.kind])));

const groupLabel: Record<string, string> = { department: '政府部门', society: '学会', public: '公众' };
const ratingLabel: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

/** One page of the records an indicator counts in the subtree, key-based on (association, member). */
export async function memberPage(db: Db, a: AssociationRef, year: number, count: CountKey, after: [string, string] | null, limit: number): Promise<{ items: IndicatorMember[]; key: (m: IndicatorMember & { associationId: string }) => [string, string]; rows: (IndicatorMember & { associationId: string })[] }> {
  const prefix = `${escapeLike(a.path)}%`;
  const y = stockKeys.includes(count) ? 0 : year;
  const key = membersKeyOf(count);
  const members = await rowsOf<{ association_id: string; association_name: string; member_id: string }>(
    db,
    sql`SELECT m.association_id, o.name AS association_name, m.member_id FROM indicator_members m JOIN organisations o ON o.id = m.association_id
        WHERE o.path LIKE ${prefix} AND m.year = ${y} AND m.indicator = ${key}
        ${after ? sql`AND (m.association_id, m.member_id) > (${after[0]}::uuid, ${after[1]}::uuid)` : sql``}
        ORDER BY m.association_id, m.member_id LIMIT ${limit + 1}`,
  );
  const ids = members.map((m) => m.member_id);
  const described = ids.length ? await describe(db, kindOf[count], ids) : new Map<string, { title: string; detail: string | null; href: string | null }>();
  const rows = members.map((m) => {
    const d = described.get(m.member_id) ?? { title: '（记录已不存在）', detail: null, href: null };
    return { id: m.member_id, associationId: m.association_id, association: { id: m.association_id, name: m.association_name }, ...d };
  });
  return { items: rows, rows, key: (r) => [r.associationId, r.id] };
}

async function describe(db: Db, kind: MemberKind, ids: string[]): Promise<Map<string, { title: string; detail: string | null; href: string | null }>> {
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const out = new Map<string, { title: string; detail: string | null; href: string | null }>();
  switch (kind) {
    case 'society':
    case 'department': {
      const rows = await rowsOf<{ id: string; name: string; parent: string | null; affiliation: string | null }>(
        db,
        sql`SELECT o.id, o.name, p.name AS parent, sp.affiliation FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id
            LEFT JOIN society_profiles sp ON sp.org_id = o.id WHERE o.id IN (${list})`,
      );
      for (const r of rows) {
        const aff = r.affiliation === 'supervised' ? '主管学会' : r.affiliation === 'groupMember' ? '团体会员学会' : null;
        out.set(r.id, { title: r.name, detail: [aff, r.parent].filter(Boolean).join(' · ') || null, href: kind === 'society' ? `/app/societies/${r.id}` : null });
      }
      break;
    }
    case 'project': {
      const rows = await rowsOf<{ id: string; title: string; status: string; society: string; department: string }>(
        db,
        sql`SELECT pp.id, pp.title, pp.status, s.name AS society, d.name AS department FROM pilot_projects pp JOIN organisations s ON s.id = pp.society_id
            JOIN organisations d ON d.id = pp.department_id WHERE pp.id IN (${list})`,
      );
      for (const r of rows) out.set(r.id, { title: r.title, detail: `${r.society} 承接 · ${r.department} 委托 · ${projectStatusLabel(r.status)}`, href: `/app/projects/${r.id}` });
      break;
    }
    case 'demandEntry': {
      const rows = await rowsOf<{ id: string; title: string; department: string }>(
        db,
        sql`SELECT e.id, e.title, d.name AS department FROM demand_entries e JOIN organisations d ON d.id = e.department_id WHERE e.id IN (${list})`,
      );
      for (const r of rows) out.set(r.id, { title: r.title, detail: r.department, href: `/app/demand/${r.id}` });
      break;
    }
    case 'willingnessAnswer': {
      const rows = await rowsOf<{ id: string; society: string; hoped: string[]; round_id: string }>(
        db,
        sql`SELECT w.id, s.name AS society, w.hoped_items AS hoped, w.round_id FROM willingness_responses w JOIN organisations s ON s.id = w.society_id WHERE w.id IN (${list})`,
      );
      for (const r of rows) out.set(r.id, { title: r.society, detail: `希望承接 ${r.hoped.length} 项：${r.hoped.join('；')}`, href: `/app/willingness/${r.round_id}` });
      break;
    }
    case 'surveyInvitation': {
      const rows = await rowsOf<{ id: string; label: string; respondent_group: string; status: string; title: string }>(
        db,
        sql`SELECT i.id, i.label, i.respondent_group, i.status, s.title FROM survey_invitations i JOIN satisfaction_surveys s ON s.id = i.survey_id WHERE i.id IN (${list})`,
      );
      for (const r of rows) out.set(r.id, { title: r.label, detail: `${groupLabel[r.respondent_group] ?? r.respondent_group} · ${r.status === 'answered' ? '已答卷' : '未答卷'} · ${r.title}`, href: null });
      break;
    }
    case 'surveyAnswer': {
      const rows = await rowsOf<{ id: string; label: string; respondent_group: string; overall: number; satisfied: boolean; title: string }>(
        db,
        sql`SELECT a.id, i.label, a.respondent_group, a.overall, a.satisfied, s.title FROM survey_answers a JOIN survey_invitations i ON i.id = a.invitation_id
            JOIN satisfaction_surveys s ON s.id = a.survey_id WHERE a.id IN (${list})`,
      );
      for (const r of rows)
        out.set(r.id, {
          // a public answer stays anonymous: the invitation's label is the association's own numbering, no person
          title: r.respondent_group === 'public' ? '公众匿名答卷' : r.label,
          detail: `${groupLabel[r.respondent_group] ?? r.respondent_group} · 总体评价：${ratingLabel[r.overall] ?? r.overall}${r.satisfied ? '（计为满意）' : ''} · ${r.title}`,
          href: null,
        });
      break;
    }
  }
  return out;
}

/** Published figures as lines of text, in the order of the indicators (for the audit log). */
function figureLines(figures: Record<string, number>): string[] {
  return indicatorDefinitions.flatMap((d) => {
    const v = figures[d.key];
    if (v === undefined) return [];
    const parts = d.parts.map((p) => `${p.label} ${figures[p.count] ?? 0}`).join('，');
    return [`${d.label}：${d.unit === '%' ? `${v}%` : `${v} ${d.unit}`}（${parts}）`];
  });
}

/**
 * PUB-1: publishes the association's figures of a year as they stand (its own association only); a
 * live publication of that year is withdrawn under its row lock and replaced. Returns the new id.
 */
export async function publishIndicators(opts: { db: Db; actor: Actor; meta: RequestMeta; association: AssociationRef; year: number }): Promise<string> {
  const { db, actor, association: a, year } = opts;
  if (a.id !== actor.orgId) throw new AppError('FORBIDDEN', '只能公开本科协的统计指标；下级科协的指标由其自行公开');
  return db.transaction(async (tx) => {
    const [prev] = await tx
      .select()
      .from(indicatorPublications)
      .where(and(eq(indicatorPublications.associationId, a.id), eq(indicatorPublications.year, year), sql`${indicatorPublications.withdrawnAt} IS NULL`))
      .for('update');
    if (prev) await tx.update(indicatorPublications).set({ withdrawnAt: new Date() }).where(eq(indicatorPublications.id, prev.id));
    const figures = publishedFigures(await currentValues(tx, a, year));
    const [row] = await tx.insert(indicatorPublications).values({ associationId: a.id, year, figures, publishedBy: actor.userId, publishedByName: actor.displayName }).returning();
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'indicatorPublication.publish',
      entityType: 'indicator_publication',
      entityId: row.id,
      orgId: a.id,
      orgPath: a.path,
      // the figures as their reader sees them (学会总数：12 家), one line each
      ...(prev ? { before: { year, figures: figureLines(prev.figures) } } : {}),
      after: { year, figures: figureLines(figures) },
    });
    return row.id;
  });
}
