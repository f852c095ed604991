import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { societyYearlyFacts } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { assertInScope } from '../../http/guards.js';
import type { YearlyFactsInput } from '../../../domain/org/org.types.js';
import { findFacts, findSociety } from './societies.repo.js';
import { factsView } from './society-view.js';

/** ORG-3: record or correct one year's facts for a society (annual inspection, commendations, …). */
export async function putYearlyFacts(opts: { db: Db; actor: Actor; meta: RequestMeta; societyId: string; year: number; input: YearlyFactsInput; now?: Date }) {
  const { db, actor, input, year } = opts;
  const thisYear = (opts.now ?? new Date()).getFullYear();
  if (year > thisYear) throw validationError([{ path: 'params.year', message: `年度不能晚于 ${thisYear} 年` }]);
  return db.transaction(async (tx) => {
    const soc = await findSociety(tx, opts.societyId, true);
    if (!soc) throw new AppError('NOT_FOUND', '学会不存在');
    assertInScope(actor, soc.org.path, { entityType: 'organisation', entityId: soc.org.id });
    const existing = await findFacts(tx, soc.org.id, year);
    const values = {
      annualInspection: input.annualInspection,
      commendations: input.commendations,
      violations: input.violations,
      criticisms: input.criticisms,
      failedTasks: input.failedTasks,
      debarments: input.debarments,
      note: input.note ?? null,
    };
    let row;
    if (existing) {
      if (input.version !== undefined && input.version !== existing.version) {
        throw new AppError('CONFLICT', '该年度情况已被他人修改，请刷新后重试', { extra: { currentVersion: existing.version } });
      }
      [row] = await tx
        .update(societyYearlyFacts)
        .set({ ...values, version: sql`${societyYearlyFacts.version} + 1`, updatedAt: new Date() })
        .where(and(eq(societyYearlyFacts.id, existing.id), eq(societyYearlyFacts.version, existing.version)))
        .returning();
      if (!row) throw new AppError('CONFLICT');
    } else {
      [row] = await tx
        .insert(societyYearlyFacts)
        .values({ societyId: soc.org.id, year, ...values })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new AppError('CONFLICT', '该年度情况已被他人同时录入，请刷新后重试');
    }
    const before = existing ? factsView(existing) : null;
    const after = factsView(row);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: existing ? 'society.facts.update' : 'society.facts.create',
      entityType: 'society_yearly_facts',
      entityId: row.id,
      orgId: soc.org.id,
      orgPath: soc.org.path,
      before: before ? { ...before, version: undefined, updatedAt: undefined } : null,
      after: { ...after, version: undefined, updatedAt: undefined },
      reason: input.reason ?? null,
    });
    return after;
  });
}
