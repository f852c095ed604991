// X-1: the audit log, read within the data scope, and its chain verified on demand.
import { z } from 'zod';
import { PassThrough } from 'node:stream';
import { and, count, desc } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage } from '../../http/paging.js';
import { auditLog } from '../../db/schema.js';
import { verifyAuditLog } from '../../platform/audit.js';
import { AuditCheckpointError, checkpointFilePath, createAuditCheckpoint, loadCheckpointFile, verifyAuditTrail } from '../../platform/audit-checkpoint.js';
import { AppError } from '../../platform/errors.js';
import { ZAuditFilters, afterSeq, auditConditions, auditTimeText, viewAuditRows } from './audit-view.js';

export async function auditRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['审计'];

  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags,
        summary: '审计日志（本单位数据范围内）',
        querystring: z.object({ ...ZAuditFilters, ...ZPageQuery }).strict(),
      },
      preHandler: requirePermission('audit.read'),
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const conds = await auditConditions(db, actor, q);
      const after = decodeCursor(q.cursor, cursorKeys.seq);
      const where = and(...conds, after ? afterSeq(after[0]) : undefined);
      const [rows, [{ n }]] = await Promise.all([
        db.select().from(auditLog).where(where).orderBy(desc(auditLog.seq)).limit(q.limit + 1),
        db.select({ n: count() }).from(auditLog).where(and(...conds)),
      ]);
      const page = toPage(rows, q.limit, Number(n), (r) => [r.seq, 'seq']);
      return { ...page, items: await viewAuditRows(db, page.items) };
    },
  );

  // The list as an Excel file: the same filters, columns and headers; read and written page by page.
  app.get(
    '/api/v1/audit/export',
    {
      schema: { tags, summary: '导出审计日志（Excel，与列表相同的查询条件和列）', querystring: z.object(ZAuditFilters).strict() },
      preHandler: requirePermission('audit.read'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const conds = await auditConditions(db, actor, req.query);
      // exceljs loads on first use: start-up does not pay for it.
      const { AUDIT_EXPORT_MAX_ROWS, writeAuditWorkbook } = await import('./audit-export.js');
      async function* pages() {
        let last: number | null = null;
        for (let read = 0; read <= AUDIT_EXPORT_MAX_ROWS; ) {
          const rows = await db
            .select()
            .from(auditLog)
            .where(and(...conds, last === null ? undefined : afterSeq(last)))
            .orderBy(desc(auditLog.seq))
            .limit(1000);
          if (!rows.length) return;
          yield await viewAuditRows(db, rows);
          read += rows.length;
          last = rows[rows.length - 1].seq;
          if (rows.length < 1000) return;
        }
      }
      const out = new PassThrough();
      void writeAuditWorkbook(out, pages(), { max: AUDIT_EXPORT_MAX_ROWS }).catch((e: unknown) => out.destroy(e as Error));
      const day = auditTimeText(new Date()).slice(0, 10);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="audit-log.xlsx"; filename*=UTF-8''${encodeURIComponent(`审计日志-${day}.xlsx`)}`)
        .send(out);
    },
  );

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
