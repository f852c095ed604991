// ORG-3: a fact the platform itself writes into a society's yearly facts — a debarment when funds are
// recovered (CAP-7, capacity/closing.ts), a failed task when a pilot project's completion assessment
// fails (EVA-1, EVA-6, evaluation/completions.ts) — so that SEL-3 (notDebarred, noFailedTask) tests it
// in later selections. Written as societies/put-yearly-facts.ts writes a year: the row's version moves
// on and the change is audited (society.facts.update / .create).
//
// Which year: the year it happens (today's, in China). When that year's row does not exist yet (the
// year's facts are usually entered after its annual inspection), it is created with the annual
// inspection 'notInspected' (未参加年检) — what a missing row already means to SEL-3 (a year without a
// row fails `annualInspectionPassed` as a year not inspected does, and the current year is never one
// of the completed years that condition reads) — and a note saying why it exists. The association
// later records the real inspection result through the yearly facts form (its version check sees
// this change).
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { societyYearlyFacts, type Debarment, type FactEntry } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { findFacts, findSociety } from './societies.repo.js';
import { factsView } from './society-view.js';

export type LockedFacts = { soc: NonNullable<Awaited<ReturnType<typeof findSociety>>>; year: number; existing: Awaited<ReturnType<typeof findFacts>> };

/** The society's row and its facts of `year`, locked (the society row first, as put-yearly-facts.ts). */
export async function lockFacts(tx: DbOrTx, societyId: string, year: number): Promise<LockedFacts> {
  const soc = await findSociety(tx, societyId, true);
  if (!soc) throw new AppError('NOT_FOUND', '学会档案不存在');
  return { soc, year, existing: await findFacts(tx, societyId, year) };
}

/** Appends entries to the locked year's lists; `note` explains a row created for them, `reason` is the audit's. */
export async function appendYearlyFacts(
  tx: DbOrTx,
  actor: Actor,
  meta: RequestMeta,
  f: LockedFacts,
  add: { debarments?: Debarment[]; failedTasks?: FactEntry[] },
  o: { note: string; reason: string },
): Promise<void> {
  const { soc, existing, year } = f;
  let row;
  if (existing) {
    [row] = await tx
      .update(societyYearlyFacts)
      .set({
        debarments: [...existing.debarments, ...(add.debarments ?? [])],
        failedTasks: [...existing.failedTasks, ...(add.failedTasks ?? [])],
        version: sql`${societyYearlyFacts.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(societyYearlyFacts.id, existing.id), eq(societyYearlyFacts.version, existing.version)))
      .returning();
  } else {
    [row] = await tx
      .insert(societyYearlyFacts)
      .values({ societyId: soc.org.id, year, annualInspection: 'notInspected', debarments: add.debarments ?? [], failedTasks: add.failedTasks ?? [], note: o.note })
      .onConflictDoNothing()
      .returning();
  }
  if (!row) throw new AppError('CONFLICT', '学会年度情况已被他人同时修改，请重试');
  const before = existing ? factsView(existing) : null;
  const after = factsView(row);
  await appendAudit(tx, whoFromActor(actor, meta), {
    action: existing ? 'society.facts.update' : 'society.facts.create',
    entityType: 'society_yearly_facts',
    entityId: row.id,
    orgId: soc.org.id,
    orgPath: soc.org.path,
    before: before ? { ...before, version: undefined, updatedAt: undefined } : null,
    after: { ...after, version: undefined, updatedAt: undefined },
    reason: o.reason,
  });
}
