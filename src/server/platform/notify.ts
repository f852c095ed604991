// notifications inside the platform. A notification goes to an organisation (everyone there
// sees it) or to one user; the same transaction that makes the change writes it.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { notifications } from '../db/schema.js';

export interface NewNotification {
  title: string;
  body?: string | null;
  link?: string | null;
  entityType?: string | null;
  entityId?: string | null;
}

export async function notifyOrg(tx: DbOrTx, orgId: string, n: NewNotification): Promise<void> {
  await tx.insert(notifications).values({ recipientOrgId: orgId, title: n.title, body: n.body ?? null, link: n.link ?? null, entityType: n.entityType ?? null, entityId: n.entityId ?? null });
}

/** One notification to every active society under an association (SEL-1), in one statement. */
export async function notifySocietiesUnder(tx: DbOrTx, associationPath: string, n: NewNotification): Promise<number> {
  const res = (await tx.execute(sql`
    INSERT INTO notifications (recipient_org_id, title, body, link, entity_type, entity_id)
    SELECT o.id, ${n.title}, ${n.body ?? null}, ${n.link ?? null}, ${n.entityType ?? null}, ${n.entityId ?? null}::uuid
    FROM organisations o
    WHERE o.type = 'society' AND o.is_active AND o.path LIKE ${associationPath.replace(/[%_\\]/g, '\\$&') + '%'}`)) as unknown as { rowCount?: number; affectedRows?: number };
  return Number(res.rowCount ?? res.affectedRows ?? 0);
}
