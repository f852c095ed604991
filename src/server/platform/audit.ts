// every change is an audit row that commits in the same transaction as the change. Rows
// chain by SM3 hash; appends take a transaction-scoped advisory lock so concurrent writers line up
// and the chain cannot fork. The table itself refuses UPDATE and DELETE (migration 0001).
import { desc, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { auditLog } from '../db/schema.js';
import { computeAuditHash, GENESIS_HASH, verifyChain, type AuditHashInput } from './crypto/audit-chain.js';
import type { Actor, RequestMeta } from './actor.js';

const AUDIT_APPEND_LOCK = 727002;

export interface AuditEntry {
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  /** the organisation the change is for (its path scopes who may read the row) */
  orgId?: string | null;
  orgPath?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface AuditWho {
  actorUserId: string | null;
  actorName: string | null;
  actorOrgId: string | null;
  ip: string | null;
  requestId: string | null;
}

export const whoFromActor = (actor: Actor | null, meta: RequestMeta): AuditWho => ({
  actorUserId: actor?.userId ?? null,
  actorName: actor ? `${actor.displayName}（${actor.username}）` : null,
  actorOrgId: actor?.orgId ?? null,
  ip: meta.ip,
  requestId: meta.requestId,
});

/** Append one audit row. Call inside the transaction that makes the change. */
export async function appendAudit(tx: DbOrTx, who: AuditWho, entry: AuditEntry): Promise<number> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`);
  const last = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const seq = (last[0]?.seq ?? 0) + 1;
  const at = new Date();
  const input: AuditHashInput = {
    seq,
    at: at.toISOString(),
    actorUserId: who.actorUserId,
    actorOrgId: who.actorOrgId,
    orgId: entry.orgId ?? null,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    before: normalise(entry.before),
    after: normalise(entry.after),
    reason: entry.reason ?? null,
    ip: who.ip,
    requestId: who.requestId,
  };
  const hash = computeAuditHash(prevHash, input);
  await tx.insert(auditLog).values({
    seq,
    at,
    actorUserId: who.actorUserId,
    actorName: who.actorName,
    actorOrgId: who.actorOrgId,
    orgId: input.orgId,
    orgPath: entry.orgPath ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: input.before as object | null,
    after: input.after as object | null,
    reason: input.reason,
    ip: input.ip,
    requestId: input.requestId,
    prevHash,
    hash,
  });
  return seq;
}

/** Audit outside any business transaction (denied requests, login failures). */
export async function appendAuditStandalone(db: Db, who: AuditWho, entry: AuditEntry): Promise<void> {
  await db.transaction(async (tx) => {
    await appendAudit(tx, who, entry);
  });
}

// Values go through JSON once so what is hashed is exactly what jsonb stores and returns
// (dates become ISO strings, undefined members vanish).
function normalise(v: unknown): unknown {
  if (v === undefined) return null;
  return JSON.parse(JSON.stringify(v));
}

/** Only the fields that differ, for `before`/`after` of an update. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (after[k] === undefined) continue;
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenSeq?: number;
  reason?: string;
}

/** Walk the whole chain in pages; report the first row whose hash or link does not hold. */
export async function verifyAuditLog(db: Db, pageSize = 2000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.seq} > ${afterSeq}`)
      .orderBy(auditLog.seq)
      .limit(pageSize);
    if (rows.length === 0) break;
    if (rows[0].seq !== afterSeq + 1) return { ok: false, checked, firstBrokenSeq: afterSeq + 1, reason: 'seq-gap' };
    const res = verifyChain(
      rows.map((r) => ({
        seq: r.seq,
        at: r.at.toISOString(),
        actorUserId: r.actorUserId,
        actorOrgId: r.actorOrgId,
        orgId: r.orgId,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        before: r.before ?? null,
        after: r.after ?? null,
        reason: r.reason,
        ip: r.ip,
        requestId: r.requestId,
        prevHash: r.prevHash,
        hash: r.hash,
      })),
      prevHash,
    );
    if (!res.ok) return { ok: false, checked: checked + res.checked, firstBrokenSeq: res.firstBrokenSeq, reason: res.reason };
    checked += rows.length;
    prevHash = rows[rows.length - 1].hash;
    afterSeq = rows[rows.length - 1].seq;
  }
  return { ok: true, checked };
}
