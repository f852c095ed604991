// TB-1…TB-5, PUB-2: task book routes. Drafting and completing parts, signing, declining, the
// Word/PDF documents, and the public verification by code or by file.
import { z } from 'zod';
import { asc, eq } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { AppError, validationError } from '../../platform/errors.js';
import { taskBooks } from '../../db/schema.js';
import { taskBookParts } from '../../../domain/taskbook/taskbook.types.js';
import { loadProjectInScope } from '../projects/projects.js';
import { allSignatures, contentIsBinding, draftTaskBook, findTaskBook, savePart, signTaskBook, withdrawSignatures } from './taskbooks.js';
import { taskBookSummary, taskBookView } from './taskbook-views.js';
import { extractCodeInCage, verifyByCode, verifyFile } from './verification.js';
import { documentResponse } from './documents.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZRowVersion = z.number({ error: '缺少版本号' }).int().min(1);
const MAX_VERIFY_BYTES = 20 * 1024 * 1024;
/** PUB-2: per client address and minute (a person checks a few codes or files, not hundreds) */
const VERIFY_PER_MINUTE = 120;
const UPLOADS_PER_MINUTE = 60;

export async function taskBookRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['三方任务书'];

  async function view(actor: ReturnType<typeof requireActor>, id: string) {
    const book = await findTaskBook(db, id);
    if (!book) throw new AppError('NOT_FOUND', '任务书不存在');
    const project = await loadProjectInScope(db, actor, book.projectId);
    return taskBookView(book, project, await allSignatures(db, [book.id]), actor, { contentBinding: await contentIsBinding(db, book) });
  }

  app.get('/api/v1/projects/:id/task-books', { schema: { tags, summary: '项目的任务书各版本', params: ZId }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const project = await loadProjectInScope(db, actor, req.params.id);
    const rows = await db.select().from(taskBooks).where(eq(taskBooks.projectId, req.params.id)).orderBy(asc(taskBooks.version));
    const canDraft = rows.length === 0 && project.party === 'association' && project.row.p.status === 'established' && actor.permissions.has('taskBook.edit');
    return { items: rows.map(taskBookSummary), canDraft };
  });

  app.post('/api/v1/projects/:id/task-books', { schema: { tags, summary: '起草三方任务书（协调单位，TB-1）', params: ZId }, preHandler: requirePermission('taskBook.edit') }, async (req, reply) => {
    const actor = requireActor(req);
    const book = await draftTaskBook({ db, actor, meta: metaOf(req), projectId: req.params.id });
    return reply.status(201).send(await view(actor, book.id));
  });

  app.get('/api/v1/task-books/:id', { schema: { tags, summary: '任务书详情：内容、签署情况、尚缺事项与可执行操作', params: ZId }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) =>
    view(requireActor(req), req.params.id),
  );

  app.put(
    '/api/v1/task-books/:id/parts/:part',
    {
      schema: {
        tags,
        summary: '填写本单位负责的部分（起草中可改；进入签署后拒绝并记入审计）',
        params: z.object({ id: z.uuid('编号格式不正确'), part: z.enum(taskBookParts, { error: '没有这一部分' }) }).strict(),
        body: z.object({ rowVersion: ZRowVersion, value: z.record(z.string(), z.unknown(), { error: '内容应为对象' }) }).strict(),
      },
      preHandler: requirePermission('taskBook.edit'),
    },
    async (req) => {
      const actor = requireActor(req);
      const book = await savePart({ db, actor, meta: metaOf(req), taskBookId: req.params.id, part: req.params.part, value: req.body.value, rowVersion: req.body.rowVersion });
      return view(actor, book.id);
    },
  );

  app.post(
    '/api/v1/task-books/:id/sign',
    {
      schema: {
        tags,
        summary: '以本单位 SM2 密钥签署任务书（TB-4）',
        params: ZId,
        body: z.object({ rowVersion: ZRowVersion, opinion: z.string().trim().max(1000, '意见不能超过 1000 个字').nullable().optional() }).strict(),
      },
      preHandler: requirePermission('taskBook.sign'),
    },
    async (req) => {
      const actor = requireActor(req);
      const { book } = await signTaskBook({ db, cipher: deps.cipher, actor, meta: metaOf(req), taskBookId: req.params.id, rowVersion: req.body.rowVersion, opinion: req.body.opinion });
      return view(actor, book.id);
    },
  );

  app.post(
    '/api/v1/task-books/:id/withdraw-signatures',
    {
      schema: {
        tags,
        summary: '不同意签署：撤回已有签署，退回起草修改',
        params: ZId,
        body: z.object({ rowVersion: ZRowVersion, reason: z.string().trim().min(4, '请说明退回理由（至少 4 个字）').max(1000, '理由不能超过 1000 个字') }).strict(),
      },
      preHandler: requirePermission('taskBook.sign'),
    },
    async (req) => {
      const actor = requireActor(req);
      const book = await withdrawSignatures({ db, actor, meta: metaOf(req), taskBookId: req.params.id, rowVersion: req.body.rowVersion, reason: req.body.reason });
      return view(actor, book.id);
    },
  );

  app.get(
    '/api/v1/task-books/:id/document',
    { schema: { tags, summary: '下载任务书（Word 或 PDF，TB-5）', params: ZId, querystring: z.object({ format: z.enum(['docx', 'pdf'], { error: '格式应为 docx 或 pdf' }) }).strict() }, preHandler: requireAnyPermission('project.read', 'project.observe') },
    async (req, reply) => {
      const actor = requireActor(req);
      const book = await findTaskBook(db, req.params.id);
      if (!book) throw new AppError('NOT_FOUND', '任务书不存在');
      const project = await loadProjectInScope(db, actor, book.projectId);
      return documentResponse(deps, reply, book, project, req.query.format);
    },
  );

  // PUB-2: public verification, no login.
  const ptags = ['公开'];
  app.get(
    '/api/v1/public/task-books/verify',
    // public and unauthenticated: a per-address limit keeps code guessing and load in bounds
    { schema: { tags: ptags, summary: '以校验码核验任务书（PUB-2）', querystring: z.object({ code: z.string().trim().min(1, '请输入校验码').max(40, '校验码过长') }).strict() }, config: { rateLimit: { max: VERIFY_PER_MINUTE, timeWindow: '1 minute' } } },
    async (req) => verifyByCode(db, req.query.code),
  );

  app.addContentTypeParser(['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'], { parseAs: 'buffer', bodyLimit: MAX_VERIFY_BYTES }, (_req, body, done) => done(null, body));
  app.post(
    '/api/v1/public/task-books/verify',
    { schema: { tags: ptags, summary: '上传任务书文件（Word 或 PDF）核验（PUB-2；请求体为文件内容）' }, bodyLimit: MAX_VERIFY_BYTES, config: { rateLimit: { max: UPLOADS_PER_MINUTE, timeWindow: '1 minute' } } },
    async (req) => {
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) throw validationError([{ path: 'body', message: '请上传任务书文件（Word 或 PDF）' }]);
      return verifyFile(db, body, extractCodeInCage); // the file is parsed in the cage (issue 10 §1)
    },
  );
}
