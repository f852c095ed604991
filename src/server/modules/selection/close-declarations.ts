// SEL-7, FUN-3: when an item is assigned or withdrawn, its live declarations close with the
// reason shown to each society (and each closure is an audit event, X-1).
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { declarations, organisations } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { notifyOrg } from '../../platform/notify.js';
import { closeTodos } from '../../platform/todos.js';
import { activeDeclarationStates } from '../../../domain/selection/declaration.lifecycle.js';

export const REVIEW_TODO = 'declaration.review';
export const SUPPLEMENT_TODO = 'declaration.supplement';

export async function closeDeclarationsOfItem(tx: DbOrTx, opts: { itemId: string; reason: string; exceptDeclarationId: string | null; actor: Actor; itemTitle?: string }): Promise<number> {
  const closed = await tx
    .update(declarations)
    .set({ status: 'closed', closedReason: opts.reason, decidedAt: new Date(), version: sql`${declarations.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(declarations.itemId, opts.itemId),
        inArray(declarations.status, [...activeDeclarationStates]),
        opts.exceptDeclarationId ? ne(declarations.id, opts.exceptDeclarationId) : undefined,
      ),
    )
    .returning({ id: declarations.id, societyId: declarations.societyId, status: declarations.status });
  for (const d of closed) {
    await closeTodos(tx, { entityType: 'declaration', entityId: d.id, kind: REVIEW_TODO }, opts.actor.userId);
    await closeTodos(tx, { entityType: 'declaration', entityId: d.id, kind: SUPPLEMENT_TODO }, opts.actor.userId);
    await notifyOrg(tx, d.societyId, { permission: 'declaration.submit' }, {
      title: `申报已关闭${opts.itemTitle ? `：${opts.itemTitle}` : ''}`,
      body: opts.reason,
      link: `/app/declarations/${d.id}`,
      entityType: 'declaration',
      entityId: d.id,
    });
    const [soc] = await tx.select({ path: organisations.path }).from(organisations).where(eq(organisations.id, d.societyId));
    await appendAudit(tx, whoFromActor(opts.actor, { ip: null, requestId: null }), {
      action: 'declaration.close',
      entityType: 'declaration',
      entityId: d.id,
      orgId: d.societyId,
      orgPath: soc?.path ?? null,
      after: { status: 'closed' },
      reason: opts.reason,
    });
  }
  return closed.length;
}
