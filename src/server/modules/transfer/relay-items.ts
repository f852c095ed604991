// SEL-1: the association relays published items to its societies. Each society finds the relay
// in its to-do inbox (with the declaration deadline, X-2) and as a notification (X-3).
import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organisations, programmes, relays, transferItems } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { assertInScope } from '../../http/guards.js';
import { assertMayReadProgramme } from '../programmes/programme-scope.js';
import { applyEvent, addDays } from '../../platform/transition.js';
import { openTodosForSocieties } from '../../platform/todos.js';
import { notifySocieties, societiesReached, type SocietyReach } from '../../platform/notify.js';
import { transferItemLifecycle } from '../../../domain/transfer/transfer-item.lifecycle.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { chinaDayOf, endOfChinaDay } from '../../../domain/calendar-day.js';
import { syncRelayTodo } from './save-item.js';
import type { RelayRecipients, RelayResult } from '../../../contract/transfer.js';

export const DECLARE_TODO = 'relay.declare';

/**
 * SEL-1: who a relay of the programme reaches now — the societies, with their association — and the
 * programme parameter that decides it; the relay dialog shows both before the association relays.
 */
export async function relayRecipients(db: Db, actor: Actor, programmeId: string): Promise<RelayRecipients> {
  const [p] = await db
    .select({ programme: programmes, path: organisations.path, name: organisations.name })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.associationId))
    .where(eq(programmes.id, programmeId));
  if (!p) throw new AppError('NOT_FOUND', '方案不存在');
  assertInScope(actor, p.path, { entityType: 'programme', entityId: p.programme.id });
  await assertMayReadProgramme(db, actor, programmeId); // a draft of an association below stays closed
  const includeSubordinate = (p.programme.parameters as ProgrammeParameters).relayIncludesSubordinateSocieties === true;
  const reach: SocietyReach = { associationId: p.programme.associationId, associationPath: p.path, includeSubordinate };
  const res = (await db.execute(sql`
    SELECT o.id, o.name, a.id AS association_id, a.name AS association_name
    FROM organisations o JOIN organisations a ON a.id = o.parent_id
    WHERE ${societiesReached(reach)}
    ORDER BY o.path`)) as unknown as { rows: { id: string; name: string; association_id: string; association_name: string }[] };
  return {
    associationId: p.programme.associationId,
    associationName: p.name,
    includeSubordinate,
    societies: res.rows.map((r) => ({ id: r.id, name: r.name, associationId: r.association_id, associationName: r.association_name })),
  };
}

export async function relayItems(opts: { db: Db; actor: Actor; meta: RequestMeta; input: { programmeId: string; itemIds: string[]; deadline?: string | null; note?: string | null } }): Promise<RelayResult> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const [p] = await tx
      .select({ programme: programmes, path: organisations.path, name: organisations.name })
      .from(programmes)
      .innerJoin(organisations, eq(organisations.id, programmes.associationId))
      .where(eq(programmes.id, input.programmeId));
    if (!p) throw validationError([{ path: 'body.programmeId', message: '方案不存在' }]);
    assertInScope(actor, p.path, { entityType: 'programme', entityId: p.programme.id });
    if (p.programme.status !== 'published') throw new AppError('INVALID_STATE', '方案未发布或已结束，不能转发事项');
    const params = p.programme.parameters as ProgrammeParameters;
    const now = new Date();
    let deadline = addDays(now, params.selectionDays.declare);
    if (input.deadline) {
      deadline = endOfChinaDay(input.deadline);
      if (deadline.getTime() <= now.getTime()) throw validationError([{ path: 'body.deadline', message: '申报截止日期应晚于今天' }]);
    }
    const ids = [...new Set(input.itemIds)];
    const rows = await tx.select().from(transferItems).where(inArray(transferItems.id, ids)).orderBy(transferItems.id).for('update');
    const errors = ids
      .map((id, i) => {
        const r = rows.find((x) => x.id === id);
        if (!r || r.programmeId !== p.programme.id) return { path: `body.itemIds.${i}`, message: '事项不属于本方案' };
        return null;
      })
      .filter((e): e is { path: string; message: string } => e !== null);
    if (errors.length) throw validationError(errors);
    for (const r of rows) applyEvent(transferItemLifecycle, r.status, 'relay');
    const relayId = crypto.randomUUID();
    // SEL-1: the association's own societies, or its whole subtree when the programme says so (PRG-2)
    const reach: SocietyReach = { associationId: p.programme.associationId, associationPath: p.path, includeSubordinate: params.relayIncludesSubordinateSocieties === true };
    const societyCount = await openTodosForSocieties(tx, reach, {
      kind: DECLARE_TODO,
      title: `${p.name}转发可转移职能事项 ${rows.length} 项，请申报可承接事项`,
      link: `/app/declare?relay=${relayId}`,
      entityType: 'relay',
      entityId: relayId,
      permission: 'declaration.submit',
      dueAt: deadline,
    });
    await tx.insert(relays).values({ id: relayId, programmeId: p.programme.id, associationId: p.programme.associationId, itemIds: ids, deadline, note: input.note ?? null, societyCount, createdBy: actor.userId });
    await notifySocieties(tx, reach, { permission: 'declaration.submit' }, {
      title: `新转发可转移职能事项 ${rows.length} 项`,
      body: `${rows.map((r) => `“${r.title}”`).join('、').slice(0, 400)}；申报截止 ${chinaDayOf(deadline)}。${input.note ?? ''}`,
      link: `/app/declare?relay=${relayId}`,
      entityType: 'relay',
      entityId: relayId,
    });
    await tx
      .update(transferItems)
      .set({ status: 'relayed', relayId, declarationDeadline: deadline, version: sql`${transferItems.version} + 1`, updatedAt: now })
      .where(and(inArray(transferItems.id, ids), eq(transferItems.status, 'published')));
    await syncRelayTodo(tx, p.programme.id, p.programme.associationId, p.programme.name, actor.userId);
    for (const r of rows) {
      await appendAudit(tx, whoFromActor(actor, opts.meta), {
        action: 'item.relay',
        entityType: 'transfer_item',
        entityId: r.id,
        orgId: p.programme.associationId,
        orgPath: p.path,
        before: { status: r.status },
        after: { status: 'relayed', relayId, declarationDeadline: deadline.toISOString(), societyCount },
        reason: input.note ?? null,
      });
    }
    return { relayId, itemCount: rows.length, societyCount, deadline: deadline.toISOString() };
  });
}
