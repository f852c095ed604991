// the audit log, read within the data scope, and its chain verified on demand.
import { z } from 'zod';
import { and, desc, eq, gte, inArray, isNull, like, lt, lte, or, type SQL } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor } from '../../http/paging.js';
import { auditLog, organisations } from '../../db/schema.js';
import { verifyAuditLog } from '../../platform/audit.js';
import { AuditCheckpointError, checkpointFilePath, createAuditCheckpoint, loadCheckpointFile, verifyAuditTrail } from '../../platform/audit-checkpoint.js';
import { AppError } from '../../platform/errors.js';
import { escapeLike } from '../orgs/orgs.repo.js';
import { parentPath } from '../../../domain/access/roles.js';
import { calendarDay } from '../../../domain/calendar-day.js';

export async function auditRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['审计'];

  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags,
        summary: '审计日志（本单位数据范围内）',
        querystring: z
          .object({
            entityType: z.string().max(40).optional(),
            entityId: z.string().max(100).optional(),
            actorUserId: z.uuid().optional(),
            action: z.string().max(60).optional(),
            from: calendarDay('起始日期').optional(),
            to: calendarDay('截止日期').optional(),
            ...ZPageQuery,
          })
          .strict(),
      },
      preHandler: requirePermission('audit.read'),
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      // Entries about an organisation inside the scope; entries with no organisation (such as a
      // failed login under an unknown name) only for the top of the tree.
      const isTop = parentPath(actor.scopePath) === null;
      const conds: (SQL | undefined)[] = [
        isTop ? or(like(auditLog.orgPath, `${escapeLike(actor.scopePath)}%`), isNull(auditLog.orgPath)) : like(auditLog.orgPath, `${escapeLike(actor.scopePath)}%`),
      ];
      if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
      if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
      if (q.actorUserId) conds.push(eq(auditLog.actorUserId, q.actorUserId));
      if (q.action) conds.push(like(auditLog.action, `${escapeLike(q.action)}%`));
      if (q.from) conds.push(gte(auditLog.at, new Date(`${q.from}T00:00:00+08:00`)));
      if (q.to) conds.push(lte(auditLog.at, new Date(`${q.to}T23:59:59.999+08:00`)));
      const after = decodeCursor(q.cursor, cursorKeys.seq);
      if (after) conds.push(lt(auditLog.seq, Number(after[0])));
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(...conds))
        .orderBy(desc(auditLog.seq))
        .limit(q.limit + 1);
      const hasMore = rows.length > q.limit;
      const items = hasMore ? rows.slice(0, q.limit) : rows;
      const orgNames = await namesOf(items.map((r) => r.orgId).filter((x): x is string => !!x));
      return {
        items: items.map((r) => ({
          seq: r.seq,
          at: r.at.toISOString(),
          actorUserId: r.actorUserId,
          actorName: r.actorName,
          orgId: r.orgId,
          orgName: r.orgId ? (orgNames.get(r.orgId) ?? null) : null,
          action: r.action,
          entityType: r.entityType,
          entityId: r.entityId,
          before: r.before,
          after: r.after,
          reason: r.reason,
          ip: r.ip,
          hash: r.hash,
        })),
        nextCursor: hasMore ? Buffer.from(JSON.stringify([items[items.length - 1].seq, 'seq'])).toString('base64url') : null,
        total: null,
      };
    },
  );

  const namesOf = async (ids: string[]) => {
    const uniq = [...new Set(ids)];
    const out = new Map<string, string>();
    if (!uniq.length) return out;
    const rows = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, uniq));
    for (const r of rows) out.set(r.id, r.name);
    return out;
  };

  // X-1 (ADR 0009): with the platform key (the server derives it from the data key), the chain is
  // checked against its signed checkpoints too — the table's and this machine's file — as
  // `npm run audit:verify` does; without it (an app built without the key), the chain alone.
  // Inside a request the signatures are checked where a finding or the answer rests on them
  // (verifyAuditTrail, `signatures: 'findings'`): thousands of older checkpoints agreeing with the
  // chain are ~3 ms each; the CLI checks every one.
  app.get('/api/v1/audit/verify', { schema: { tags, summary: '校验审计日志哈希链及其签名检查点' }, preHandler: requirePermission('audit.read') }, async () => {
    if (!deps.auditKey) return verifyAuditLog(db);
    const file = checkpointFilePath(deps.config.dataDir);
    const files = [{ name: file, content: await loadCheckpointFile(file) }];
    const trail = await verifyAuditTrail(db, { publicKey: deps.auditKey.publicKey, files, signatures: 'findings' });
    return {
      ...trail.chain,
      ok: trail.ok,
      checkpoints: trail.checkpoints,
      unverifiedCheckpoints: trail.unverified,
      latest: trail.latest,
      problems: trail.problems,
      notes: trail.notes,
    };
  });

  // On demand, as the periodic job and `npm run audit:checkpoint` do (the CLI cannot reach the
  // embedded database while the server holds it). Not itself audited: an audit row would move the
  // head the checkpoint has just signed; the log line records who asked.
  app.post(
    '/api/v1/audit/checkpoints',
    { schema: { tags, summary: '立即签署审计日志检查点' }, preHandler: requirePermission('audit.read') },
    async (req, reply) => {
      if (!deps.auditKey) throw new AppError('INVALID_STATE', '本进程未配置审计检查点签名密钥（由数据密钥派生），无法签署');
      try {
        const out = await createAuditCheckpoint(db, { key: deps.auditKey, file: checkpointFilePath(deps.config.dataDir) });
        if (out.status === 'signed') req.log.info({ auditCheckpoint: out.checkpoint, by: requireActor(req).userId }, '审计检查点');
        reply.code(out.status === 'signed' ? 201 : 200);
        return out;
      } catch (e) {
        if (e instanceof AuditCheckpointError) throw new AppError('INVALID_STATE', e.message, { extra: { reason: e.code } });
        throw e;
      }
    },
  );
}
