// ORG-4, EVA-6 (issue 14): society tiers. The association classifies each society of its data scope
// (固强 / 新建 / 稳定 / 退出) with its reasons; every classification is a row, the latest in force, the
// earlier ones its history. The platform suggests a tier from the facts it holds (domain/org/tiers.ts
// suggestTier) — completions of pilot projects, capacity evaluations and acceptances confirmed as
// failed, sanctions in the yearly facts and recoveries, the founding year, the latest willingness
// answer — and keeps the suggestion beside the decision, which it never makes. Society users read
// their own tier and history; nobody outside the association's scope reads them.
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { organisations, societyTiers } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { notifyOrg } from '../../platform/notify.js';
import { assertInScope } from '../../http/guards.js';
import { chinaToday, startOfChinaDay } from '../../../domain/calendar-day.js';
import { societyTierLabels, suggestTier, tierLookbackFrom, type SocietyTier, type TierFacts, type TierInput, type TierSuggestion } from '../../../domain/org/tiers.js';
import type { SocietyTierRecord, SocietyTiers, TierSuggestionView } from '../../../contract/society-tiers.js';
import { findSociety } from './societies.repo.js';

type TierRow = typeof societyTiers.$inferSelect;
type Rows<T> = { rows: T[] };

const idList = (ids: readonly string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
const exec = async <T>(db: DbOrTx, q: SQL): Promise<T[]> => ((await db.execute(q)) as unknown as Rows<T>).rows;

/** The China year of today. */
export const currentYear = (today = chinaToday()): number => Number(today.slice(0, 4));

/**
 * EVA-6: the facts of each society within the look-back (domain TIER_LOOKBACK_YEARS), in a few
 * grouped queries for the whole page.
 */
export async function tierFacts(db: DbOrTx, societies: readonly { id: string; foundedYear: number | null }[], today = chinaToday()): Promise<Map<string, TierFacts>> {
  const year = currentYear(today);
  const from = tierLookbackFrom(year);
  const since = startOfChinaDay(`${from}-01-01`).toISOString();
  const out = new Map<string, TierFacts>();
  for (const s of societies) {
    out.set(s.id, {
      year,
      foundedYear: s.foundedYear,
      completions: { passed: 0, passedWithConditions: 0, failed: 0 },
      capacityFailures: { evaluations: 0, acceptances: 0 },
      performance: { passed: 0, failed: 0 },
      sanctions: { violations: 0, criticisms: 0, debarmentsInForce: 0, failedInspections: 0, recoveries: 0 },
      willingness: null,
    });
  }
  if (!societies.length) return out;
  const ids = idList(societies.map((s) => s.id));

  // pilot-project completions closed within the look-back (EVA-1: passed, passed with conditions, failed)
  for (const r of await exec<{ society_id: string; status: string; n: number }>(
    db,
    sql`SELECT p.society_id, c.status, count(*)::int AS n FROM project_completions c JOIN pilot_projects p ON p.id = c.project_id
        WHERE p.society_id IN (${ids}) AND c.status IN ('passed', 'passedWithConditions', 'failed') AND coalesce(c.closed_at, c.submitted_at) >= ${since}::timestamptz
        GROUP BY p.society_id, c.status`,
  )) {
    const f = out.get(r.society_id)!;
    f.completions[r.status as 'passed' | 'passedWithConditions' | 'failed'] += Number(r.n);
  }

  // EVA-2: third-party performance evaluations of its pilot projects the association accepted within the look-back
  for (const r of await exec<{ society_id: string; passed: boolean; n: number }>(
    db,
    sql`SELECT p.society_id, e.passed, count(*)::int AS n FROM performance_evaluations e JOIN pilot_projects p ON p.id = e.project_id
        WHERE p.society_id IN (${ids}) AND e.status = 'accepted' AND e.passed IS NOT NULL AND e.decided_at >= ${since}::timestamptz
        GROUP BY p.society_id, e.passed`,
  )) {
    const f = out.get(r.society_id)!;
    if (r.passed) f.performance.passed += Number(r.n);
    else f.performance.failed += Number(r.n);
  }

  // capacity projects: evaluations and acceptances confirmed as failed, funds recovered
  for (const r of await exec<{ society_id: string; k: string; n: number }>(
    db,
    sql`SELECT a.society_id, 'evaluation' AS k, count(*)::int AS n FROM capacity_evaluations e JOIN capacity_applications a ON a.id = e.application_id
          WHERE a.society_id IN (${ids}) AND e.status = 'confirmed' AND e.result = 'failed' AND coalesce(e.confirmed_at, e.proposed_at) >= ${since}::timestamptz GROUP BY a.society_id
        UNION ALL
        SELECT a.society_id, 'acceptance', count(*)::int FROM capacity_acceptances x JOIN capacity_applications a ON a.id = x.application_id
          WHERE a.society_id IN (${ids}) AND x.status = 'confirmed' AND x.result = 'failed' AND coalesce(x.confirmed_at, x.proposed_at) >= ${since}::timestamptz GROUP BY a.society_id
        UNION ALL
        SELECT a.society_id, 'recovery', count(*)::int FROM capacity_fund_returns r JOIN capacity_applications a ON a.id = r.application_id
          WHERE a.society_id IN (${ids}) AND r.kind = 'recovery' AND r.recorded_at >= ${since}::timestamptz GROUP BY a.society_id`,
  )) {
    const f = out.get(r.society_id)!;
    if (r.k === 'evaluation') f.capacityFailures.evaluations += Number(r.n);
    else if (r.k === 'acceptance') f.capacityFailures.acceptances += Number(r.n);
    else f.sanctions.recoveries += Number(r.n);
  }

  // ORG-3 yearly facts: violations, criticisms and failed inspections within the look-back; debarments in force today
  const seenDebarments = new Map<string, Set<string>>();
  for (const r of await exec<{ society_id: string; year: number; annual_inspection: string; violations: number; criticisms: number; debarments: { reason: string; startsOn: string; endsOn: string }[] }>(
    db,
    sql`SELECT society_id, year, annual_inspection, jsonb_array_length(violations)::int AS violations, jsonb_array_length(criticisms)::int AS criticisms, debarments
        FROM society_yearly_facts WHERE society_id IN (${ids})`,
  )) {
    const f = out.get(r.society_id)!;
    if (Number(r.year) >= from) {
      f.sanctions.violations += Number(r.violations);
      f.sanctions.criticisms += Number(r.criticisms);
      if (r.annual_inspection === 'failed') f.sanctions.failedInspections += 1;
    }
    const seen = seenDebarments.get(r.society_id) ?? new Set<string>();
    seenDebarments.set(r.society_id, seen);
    for (const d of r.debarments ?? []) {
      const key = `${d.startsOn}|${d.endsOn}`;
      if (d.startsOn <= today && today <= d.endsOn && !seen.has(key)) {
        seen.add(key);
        f.sanctions.debarmentsInForce += 1;
      }
    }
  }

  // ORG-5: the latest willingness answer
  for (const r of await exec<{ society_id: string; year: number; willing: boolean; capable: boolean }>(
    db,
    sql`SELECT DISTINCT ON (r.society_id) r.society_id, w.year, r.willing, r.capable FROM willingness_responses r JOIN willingness_rounds w ON w.id = r.round_id
        WHERE r.society_id IN (${ids}) ORDER BY r.society_id, w.year DESC, r.answered_at DESC`,
  )) {
    out.get(r.society_id)!.willingness = { year: Number(r.year), willing: r.willing, capable: r.capable };
  }
  return out;
}

/** The suggestion of each society (EVA-6). */
export async function suggestionsFor(db: DbOrTx, societies: readonly { id: string; foundedYear: number | null }[], today = chinaToday()): Promise<Map<string, TierSuggestion>> {
  const facts = await tierFacts(db, societies, today);
  return new Map([...facts].map(([id, f]) => [id, suggestTier(f)]));
}

export const suggestionView = (s: TierSuggestion): TierSuggestionView => ({ tier: s.tier, tierLabel: societyTierLabels[s.tier], reasons: s.reasons });

/** The classifications of the societies, newest first (with the deciding association's name). */
export async function tierRows(db: DbOrTx, societyIds: readonly string[], latestOnly: boolean): Promise<(TierRow & { associationName: string })[]> {
  if (!societyIds.length) return [];
  const ids = idList(societyIds);
  const rows = await exec<Record<string, unknown>>(
    db,
    latestOnly
      ? sql`SELECT DISTINCT ON (t.society_id) t.*, a.name AS association_name FROM society_tiers t JOIN organisations a ON a.id = t.association_id
            WHERE t.society_id IN (${ids}) ORDER BY t.society_id, t.decided_at DESC, t.id DESC`
      : sql`SELECT t.*, a.name AS association_name FROM society_tiers t JOIN organisations a ON a.id = t.association_id
            WHERE t.society_id IN (${ids}) ORDER BY t.decided_at DESC, t.id DESC`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    societyId: String(r.society_id),
    associationId: String(r.association_id),
    tier: String(r.tier),
    reasons: String(r.reasons),
    suggestedTier: (r.suggested_tier as string | null) ?? null,
    decidedBy: (r.decided_by as string | null) ?? null,
    decidedByName: (r.decided_by_name as string | null) ?? null,
    decidedAt: new Date(r.decided_at as string | Date),
    associationName: String(r.association_name),
  }));
}

export function tierRecordView(r: TierRow & { associationName: string }): SocietyTierRecord {
  const tier = r.tier as SocietyTier;
  const suggested = (r.suggestedTier as SocietyTier | null) ?? null;
  return {
    id: r.id,
    tier,
    tierLabel: societyTierLabels[tier] ?? r.tier,
    reasons: r.reasons,
    suggestedTier: suggested,
    suggestedTierLabel: suggested ? (societyTierLabels[suggested] ?? suggested) : null,
    associationName: r.associationName,
    decidedByName: r.decidedByName,
    decidedAt: r.decidedAt.toISOString(),
  };
}

/** The association's right to classify (and to see the platform's suggestion). */
export const classifies = (actor: Actor): boolean => actor.orgType === 'association' && actor.permissions.has('society.tier.classify');
export const seesSuggestion = (actor: Actor): boolean => actor.orgType === 'association';

/** A society in the actor's scope (404 when none, 403 OUT_OF_SCOPE outside it). */
async function societyInScope(db: DbOrTx, actor: Actor, id: string, lock = false) {
  const row = await findSociety(db, id, lock);
  if (!row) throw new AppError('NOT_FOUND', '学会不存在');
  assertInScope(actor, row.org.path, { entityType: 'organisation', entityId: row.org.id });
  return row;
}

/** A society's tier: in force, the suggestion (association only) and the history, newest first. */
export async function readSocietyTiers(db: DbOrTx, actor: Actor, societyId: string): Promise<SocietyTiers> {
  const soc = await societyInScope(db, actor, societyId);
  // the suggestion the platform made at the time is the association's to read, like the suggestion itself
  const history = (await tierRows(db, [soc.org.id], false)).map(tierRecordView).map((h) => (seesSuggestion(actor) ? h : { ...h, suggestedTier: null, suggestedTierLabel: null }));
  let suggestion: TierSuggestionView | null = null;
  if (seesSuggestion(actor)) suggestion = suggestionView((await suggestionsFor(db, [{ id: soc.org.id, foundedYear: soc.profile.foundedYear }])).get(soc.org.id)!);
  return {
    society: { id: soc.org.id, name: soc.org.name },
    current: history[0] ?? null,
    suggestion,
    history: { items: history, nextCursor: null },
    actions: classifies(actor) ? ['classify'] : [],
  };
}

/**
 * ORG-4: a classification. The association (society.tier.classify) over the society's scope; the
 * society's row locked, so that two classifications of one society are taken one after the other
 * and `basedOn` (the classification in force the user saw) refuses the second with 409.
 */
export async function classifySociety(opts: { db: Db; actor: Actor; meta: RequestMeta; societyId: string; input: TierInput }): Promise<string> {
  const { db, actor, input } = opts;
  if (!classifies(actor)) throw new AppError('FORBIDDEN', '学会分类由科协作出');
  return db.transaction(async (tx) => {
    const soc = await societyInScope(tx, actor, opts.societyId, true);
    const [current] = await tx.select().from(societyTiers).where(eq(societyTiers.societyId, soc.org.id)).orderBy(desc(societyTiers.decidedAt), desc(societyTiers.id)).limit(1);
    if ((current?.id ?? null) !== input.basedOn) {
      throw new AppError('CONFLICT', current ? `${soc.org.name}的分类已被他人更新为“${societyTierLabels[current.tier as SocietyTier] ?? current.tier}”，请刷新后重试` : `${soc.org.name}尚未分类，请刷新后重试`, {
        extra: { currentId: current?.id ?? null },
      });
    }
    const suggestion = (await suggestionsFor(tx, [{ id: soc.org.id, foundedYear: soc.profile.foundedYear }])).get(soc.org.id)!;
    const [row] = await tx
      .insert(societyTiers)
      .values({ societyId: soc.org.id, associationId: actor.orgId, tier: input.tier, reasons: input.reasons, suggestedTier: suggestion.tier, decidedBy: actor.userId, decidedByName: actor.displayName })
      .returning();
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'societyTier.classify',
      entityType: 'society_tier',
      entityId: row.id,
      orgId: soc.org.id,
      orgPath: soc.org.path,
      before: current ? { tier: current.tier, reasons: current.reasons } : null,
      after: { tier: row.tier, reasons: row.reasons, suggestedTier: suggestion.tier, suggestedReasons: suggestion.reasons },
    });
    await notifyOrg(tx, soc.org.id, { permission: 'society.tier.read' }, {
      title: `${actor.orgName}将本会分类为“${societyTierLabels[input.tier]}”`,
      body: input.reasons,
      link: '/app/my-society',
      entityType: 'society_tier',
      entityId: row.id,
    });
    return row.id;
  });
}

/** The condition "the society's classification in force is `tier`" ('none': not classified), on organisations. */
export function currentTierIs(tier: SocietyTier | 'none'): SQL {
  const latest = sql`(SELECT st.tier FROM society_tiers st WHERE st.society_id = ${organisations.id} ORDER BY st.decided_at DESC, st.id DESC LIMIT 1)`;
  return tier === 'none' ? sql`${latest} IS NULL` : sql`${latest} = ${tier}`;
}

/** How many societies of the scope are in each tier (and unclassified). */
export async function tierCounts(db: DbOrTx, scopePath: string): Promise<{ tier: SocietyTier | 'none'; label: string; count: number }[]> {
  const rows = await exec<{ tier: string | null; n: number }>(
    db,
    sql`SELECT t.tier, count(*)::int AS n FROM organisations o
        LEFT JOIN LATERAL (SELECT st.tier FROM society_tiers st WHERE st.society_id = o.id ORDER BY st.decided_at DESC, st.id DESC LIMIT 1) t ON true
        WHERE o.type = 'society' AND o.path LIKE ${scopePath.replace(/[%_\\]/g, '\\$&') + '%'}
        GROUP BY t.tier`,
  );
  const n = (t: string | null) => Number(rows.find((r) => (r.tier ?? null) === t)?.n ?? 0);
  return [...(Object.keys(societyTierLabels) as SocietyTier[]).map((t) => ({ tier: t, label: societyTierLabels[t], count: n(t) })), { tier: 'none' as const, label: '尚未分类', count: n(null) }];
}

