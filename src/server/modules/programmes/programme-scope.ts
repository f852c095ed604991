// Issue 11 §1: who may read a programme — one rule, in TypeScript for one programme and in SQL for
// lists. Everything hanging off a programme (the Excel template, exports, item lists, programme
// records, programme-wide training, its change history) asks assertMayReadProgramme first.
//
// Programme P of association A:
// - a draft: only users of A itself who manage programmes (programme.update) — not the association
//   above A, not other associations, departments, experts, evaluators or finance bureaus;
// - published or closed: users holding programme.read whose organisation lies in A's subtree, or
//   whose data scope contains A (the associations above A; a finance bureau or evaluator attached to
//   A or to an association above it).
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { programmes } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { isInScope } from '../../../domain/access/roles.js';
import { findProgramme } from './programmes.repo.js';

export type ReadableProgramme = NonNullable<Awaited<ReturnType<typeof findProgramme>>>;

/** The rule for one programme whose association's path is known. */
export function mayReadProgramme(actor: Actor, p: { associationId: string; status: string }, associationPath: string): boolean {
  if (!actor.permissions.has('programme.read')) return false;
  if (p.status === 'draft') return actor.orgId === p.associationId && actor.orgType === 'association' && actor.permissions.has('programme.update');
  return actor.orgPath.startsWith(associationPath) || isInScope(actor.scopePath, associationPath);
}

/** The same rule as a condition on the `programmes` table (lists, counts, pickers). */
export function programmeReadScope(actor: Actor): SQL {
  if (!actor.permissions.has('programme.read')) return sql`false`;
  const published = sql`(${programmes.status} <> 'draft' AND ${programmes.associationId} IN (
    SELECT o.id FROM organisations o WHERE ${actor.orgPath} LIKE o.path || '%' OR o.path LIKE ${actor.scopePath.replace(/[%_\\]/g, '\\$&') + '%'}))`;
  if (actor.orgType !== 'association' || !actor.permissions.has('programme.update')) return published;
  return sql`(${published} OR (${programmes.status} = 'draft' AND ${programmes.associationId} = ${actor.orgId}))`;
}

/** The programme, when the actor may read it; otherwise 404 (no such programme) or 403. */
export async function assertMayReadProgramme(db: DbOrTx, actor: Actor, programmeId: string): Promise<ReadableProgramme> {
  const row = await findProgramme(db, programmeId);
  if (!row) throw new AppError('NOT_FOUND', '方案不存在');
  assertProgrammeRowReadable(actor, row);
  return row;
}

/** The same check on a programme already loaded (locked for a change, say). */
export function assertProgrammeRowReadable(actor: Actor, row: { p: { id: string; associationId: string; status: string }; associationPath: string }): void {
  if (!mayReadProgramme(actor, row.p, row.associationPath)) {
    throw new AppError('OUT_OF_SCOPE', '该方案不在本单位数据范围内', { extra: { entityType: 'programme', entityId: row.p.id } });
  }
}
