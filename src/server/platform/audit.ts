// every change is an audit row that commits in the same transaction as the change. Rows
// chain by SM3 hash over every column (hash version 2, crypto/audit-chain.ts); appends take a
// transaction-scoped advisory lock so concurrent writers line up and the chain cannot fork. The
// table itself refuses UPDATE and DELETE (migration 0001); signed checkpoints of the head make
// truncation and wholesale recomputation visible (audit-checkpoint.ts).
import { desc, getTableColumns, sql } from 'drizzle-orm';
import type { Database, Db, DbOrTx } from '../db/client.js';
import { auditLog } from '../db/schema.js';
import { AUDIT_HASH_VERSION, computeAuditHash, GENESIS_HASH, verifyChain, type AuditHashInput } from './crypto/audit-chain.js';
import type { Actor, RequestMeta } from './actor.js';

/** Serialises audit appends, and checkpoints with them (one head at a time, no fork). */
export const AUDIT_APPEND_LOCK = 727002;

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
    actorName: who.actorName,
    orgPath: entry.orgPath ?? null,
    hashVersion: AUDIT_HASH_VERSION,
  };
  const hash = computeAuditHash(prevHash, input);
  await tx.insert(auditLog).values({
    seq,
    at,
    actorUserId: who.actorUserId,
    actorName: input.actorName,
    actorOrgId: who.actorOrgId,
    orgId: input.orgId,
    orgPath: input.orgPath,
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
    hashVersion: input.hashVersion,
  });
  return seq;
}

/** Audit outside any business transaction (denied requests, login failures). */
/**
 * The audit log's head (its highest sequence number, one entry of its primary key). Every change the
 * platform makes is audited in the transaction that makes it, in commit order (the append lock), so an
 * unmoved head means nothing changed through the platform: answers computed from the data may be kept
 * until it moves (open-data versions, dashboards). Changes made outside the platform (SQL by hand, a
 * job that writes no audit entry) are not seen: such caches also expire after a time.
 */
export async function auditHead(db: DbOrTx): Promise<number> {
  const res = (await db.execute(sql`SELECT coalesce(max(seq), 0) AS n FROM audit_log`)) as unknown as { rows: { n: number | string }[] };
  return Number(res.rows[0]?.n ?? 0);
}

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

export interface ChainHead {
  seq: number;
  hash: string;
  hashVersion: number;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenSeq?: number;
  reason?: string;
  /** the last row read (null for an empty log); on a break, the last row verified good */
  head?: ChainHead | null;
}

/**
 * Walks the chain in pages and reports the first row whose hash, link or version does not hold.
 * `after` continues from a row already trusted (a verified checkpoint) instead of the genesis;
 * `hashesAt` collects the stored hash of the rows whose seq it holds as keys (checkpoint heads).
 */
export async function verifyAuditLog(
  db: DbOrTx,
  pageSize = 2000,
  opts: { after?: ChainHead; hashesAt?: Map<number, string | null> } = {},
): Promise<VerifyResult> {
  let prevHash = opts.after?.hash ?? GENESIS_HASH;
  let afterSeq = opts.after?.seq ?? 0;
  let version = opts.after?.hashVersion ?? 1;
  let head: ChainHead | null = opts.after ?? null;
  let checked = 0;
  for (;;) {
    // One turn of the event loop a page: on PGlite a query runs on this thread and resolves as a
    // microtask, so a walk of many pages would otherwise hold the loop from the first to the last.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const rows = await db
      .select({
        ...getTableColumns(auditLog),
        // The hash covers `at` to the millisecond (what the writer's Date holds); the column keeps
        // microseconds, so a change below the millisecond would read back unseen without this.
        atSubMs: sql<number>`(extract(microseconds from ${auditLog.at})::int % 1000)`,
      })
      .from(auditLog)
      .where(sql`${auditLog.seq} > ${afterSeq}`)
      .orderBy(auditLog.seq)
      .limit(pageSize);
    if (rows.length === 0) break;
    if (rows[0].seq !== afterSeq + 1) return { ok: false, checked, firstBrokenSeq: afterSeq + 1, reason: 'seq-gap', head };
    const res = verifyChain(
      rows.map((r) => ({
        seq: r.seq,
        // a sub-millisecond change gives a string no hash was made of: reported as hash-mismatch
        at: Number(r.atSubMs) === 0 ? r.at.toISOString() : `${r.at.toISOString()}+${r.atSubMs}µs`,
        actorUserId: r.actorUserId,
        actorName: r.actorName,
        actorOrgId: r.actorOrgId,
        orgId: r.orgId,
        orgPath: r.orgPath,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        before: r.before ?? null,
        after: r.after ?? null,
        reason: r.reason,
        ip: r.ip,
        requestId: r.requestId,
        hashVersion: r.hashVersion,
        prevHash: r.prevHash,
        hash: r.hash,
      })),
      prevHash,
      version,
    );
    const verified = res.ok ? rows : rows.slice(0, res.checked);
    if (opts.hashesAt) for (const r of verified) if (opts.hashesAt.has(r.seq)) opts.hashesAt.set(r.seq, r.hash);
    if (!res.ok) {
      const good = res.checked > 0 ? rows[res.checked - 1] : null;
      if (good) head = { seq: good.seq, hash: good.hash, hashVersion: good.hashVersion };
      return { ok: false, checked: checked + res.checked, firstBrokenSeq: res.firstBrokenSeq, reason: res.reason, head };
    }
    checked += rows.length;
    const last = rows[rows.length - 1];
    prevHash = last.hash;
    afterSeq = last.seq;
    version = last.hashVersion;
    head = { seq: last.seq, hash: last.hash, hashVersion: last.hashVersion };
  }
  return { ok: true, checked, head };
}

/**
 * What the application's database role could do to get around the append-only triggers (README,
 * "Audit log"; ADR 0009). Empty for a role that is no superuser nor a member of one, owns neither
 * the audit tables nor their schema, and may not SET session_replication_role. Logged as warnings
 * at start-up, not refused: development and the tests connect as a superuser. The embedded
 * database has no such boundary (whoever holds its directory holds everything) and is not checked.
 */
export async function auditGuardWarnings(database: Database): Promise<string[]> {
  if (database.driver !== 'postgres') return [];
  const rows = async <T>(q: ReturnType<typeof sql>) => ((await database.db.execute(q)) as unknown as { rows: T[] }).rows;
  const [r] = await rows<{ role: string; super: boolean; owner: boolean; v15: boolean }>(sql`
    SELECT current_user AS role,
      EXISTS (SELECT 1 FROM pg_roles s WHERE s.rolsuper AND pg_has_role(current_user, s.oid, 'MEMBER')) AS super,
      EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relname IN ('audit_log', 'audit_checkpoints') AND n.nspname = current_schema()
                AND (pg_has_role(current_user, c.relowner, 'MEMBER') OR pg_has_role(current_user, n.nspowner, 'MEMBER'))) AS owner,
      current_setting('server_version_num')::int >= 150000 AS v15`);
  const out: string[] = [];
  const who = `数据库角色 ${r.role}`;
  if (r.super) {
    out.push(`${who} 是超级用户或超级用户的成员：可用 SET session_replication_role = replica 或停用触发器绕过审计表的只追加保护；生产部署请以非超级用户角色连接（见 README 的 Audit log 一节）（audit-guard: superuser）`);
    return out; // a superuser can do everything below as well
  }
  if (r.owner) out.push(`${who} 拥有审计表或其所在 schema：可停用或删除只追加触发器；请由另一角色拥有表并执行迁移（见 README 的 Audit log 一节）（audit-guard: owner）`);
  // has_parameter_privilege exists from PostgreSQL 15 on; before it only superusers may set the parameter.
  if (r.v15) {
    const [p] = await rows<{ set: boolean }>(sql`SELECT has_parameter_privilege('session_replication_role', 'SET') AS set`);
    if (p.set) out.push(`${who} 被授予 SET session_replication_role：可使触发器失效；请 REVOKE SET ON PARAMETER session_replication_role FROM ${r.role}（audit-guard: set-parameter）`);
  }
  return out;
}

