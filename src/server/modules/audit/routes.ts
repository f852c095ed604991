// X-1: the audit log, read within the data scope, and its chain verified on demand.
import { z } from 'zod';
import { PassThrough } from 'node:stream';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage, totalOf } from '../../http/paging.js';
import { binaryResponse } from '../../http/contract.js';
import { auditCheckpoints, auditLog } from '../../db/schema.js';
import { verifyAuditLog } from '../../platform/audit.js';
import { AuditCheckpointError, checkpointFilePath, createAuditCheckpoint, loadCheckpointFile, verifyAuditTrail } from '../../platform/audit-checkpoint.js';
import { AppError } from '../../platform/errors.js';
import { ZAuditFilters, afterSeq, auditConditions, auditTimeText, viewAuditRows } from './audit-view.js';
import { ZAuditCheckpoint, ZAuditCheckpointOutcome, ZAuditPage, ZAuditVerify, type AuditVerify } from '../../../contract/audit.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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
        response: { 200: ZAuditPage },
      },
      preHandler: requirePermission('audit.read'),
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const conds = await auditConditions(db, actor, q);
      const after = decodeCursor(q.cursor, cursorKeys.seq);
      const where = and(...conds, after ? afterSeq(after[0]) : undefined);
      // by its sequence number (the primary key); the total only when asked (`count`)
      const [rows, total] = await Promise.all([
        db.select().from(auditLog).where(where).orderBy(desc(auditLog.seq)).limit(q.limit + 1),
        totalOf(db, q.count, db.select({ one: sql`1` }).from(auditLog).where(and(...conds))),
      ]);
      const page = toPage(rows, q.limit, total, (r) => [r.seq, 'seq']);
      return { ...page, items: await viewAuditRows(db, page.items) };
    },
  );

  // The list as an Excel file: the same filters, columns and headers; read and written page by page.
  app.get(
    '/api/v1/audit/export',
    {
      schema: {
        tags,
        summary: '导出审计日志（Excel，与列表相同的查询条件和列）',
        querystring: z.object(ZAuditFilters).strict(),
        response: { 200: binaryResponse('审计日志 Excel 文件', [XLSX]) },
      },
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
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="audit-log.xlsx"; filename*=UTF-8''${encodeURIComponent(`审计日志-${day}.xlsx`)}`)
        .send(out as unknown as string); // a stream: Fastify sends it as is, no serialisation
    },
  );

  // X-1 (ADR 0009): with the platform key (the server derives it from the data key), the chain is
  // checked against its signed checkpoints too — the table's and this machine's file — as
  // `npm run audit:verify` does; without it (an app built without the key), the chain alone.
  // Inside a request the signatures are checked where a finding or the answer rests on them
  // (verifyAuditTrail, `signatures: 'findings'`): thousands of older checkpoints agreeing with the
  // chain are ~3 ms each; the CLI checks every one.
  app.get(
    '/api/v1/audit/verify',
    { schema: { tags, summary: '校验审计日志哈希链及其签名检查点', response: { 200: ZAuditVerify } }, preHandler: requirePermission('audit.read') },
    async (): Promise<AuditVerify> => {
      const chainOf = (c: Awaited<ReturnType<typeof verifyAuditLog>>) => ({
        ok: c.ok,
        checked: c.checked,
        ...(c.firstBrokenSeq === undefined ? {} : { firstBrokenSeq: c.firstBrokenSeq }),
        ...(c.reason === undefined ? {} : { reason: c.reason as AuditVerify['reason'] }),
      });
      if (!deps.auditKey) return chainOf(await verifyAuditLog(db));
      const file = checkpointFilePath(deps.config.dataDir);
      const files = [{ name: file, content: await loadCheckpointFile(file) }];
      const trail = await verifyAuditTrail(db, { publicKey: deps.auditKey.publicKey, files, signatures: 'findings' });
      return {
        ...chainOf(trail.chain),
        ok: trail.ok,
        checkpoints: trail.checkpoints,
        unverifiedCheckpoints: trail.unverified,
        latest: trail.latest,
        problems: trail.problems,
        notes: trail.notes,
      };
    },
  );

  // On demand, as the periodic job and `npm run audit:checkpoint` do (the CLI cannot reach the
  // embedded database while the server holds it). Not itself audited: an audit row would move the
  // head the checkpoint has just signed; the log line records who asked.
  app.post(
    '/api/v1/audit/checkpoints',
    {
      schema: {
        tags,
        summary: '立即签署审计日志检查点（新签署时 201，无新记录时 200）',
        response: { 200: ZAuditCheckpointOutcome, 201: ZAuditCheckpointOutcome },
      },
      preHandler: requirePermission('audit.read'),
    },
    async (req, reply) => {
      if (!deps.auditKey) throw new AppError('INVALID_STATE', '本进程未配置审计检查点签名密钥（由数据密钥派生），无法签署');
      try {
        const out = await createAuditCheckpoint(db, { key: deps.auditKey, file: checkpointFilePath(deps.config.dataDir) });
        if (out.status === 'signed') {
          req.log.info({ auditCheckpoint: out.checkpoint, by: requireActor(req).userId }, '审计检查点');
          return reply.status(201).header('Location', `/api/v1/audit/checkpoints/${out.checkpoint.seq}`).send(out);
        }
        return out;
      } catch (e) {
        if (e instanceof AuditCheckpointError) throw new AppError('INVALID_STATE', e.message, { extra: { reason: e.code } });
        throw e;
      }
    },
  );

  // A signed checkpoint as the table keeps it (the Location of a new one).
  app.get(
    '/api/v1/audit/checkpoints/:seq',
    {
      schema: { tags, summary: '审计日志检查点', params: z.object({ seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).strict(), response: { 200: ZAuditCheckpoint } },
      preHandler: requirePermission('audit.read'),
    },
    async (req) => {
      const [cp] = await db.select().from(auditCheckpoints).where(eq(auditCheckpoints.seq, req.params.seq));
      if (!cp) throw new AppError('NOT_FOUND', '检查点不存在');
      return { seq: cp.seq, hash: cp.headHash, at: cp.at.toISOString(), legacy: cp.legacy as { rows: number; digest: string } | null, publicKey: cp.publicKey, signature: cp.signature };
    },
  );
}
