// TB-1…TB-5, PUB-2: task book routes. Drafting and completing parts, signing, declining, the
// Word/PDF documents, and the public verification by code or by file.
import { z } from 'zod';
import { asc, eq } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { binaryResponse } from '../../http/contract.js';
import { AppError, validationError } from '../../platform/errors.js';
import { taskBooks } from '../../db/schema.js';
import { taskBookParts, taskBookPartLabels } from '../../../domain/taskbook/taskbook.types.js';
import { ZTaskBook, ZTaskBookList, ZTaskBookPartBodies, ZTaskBookVerification, type TaskBookList } from '../../../contract/taskbooks.js';
import { loadProjectInScope } from '../projects/projects.js';
import { allSignatures, contentIsBinding, draftTaskBook, findTaskBook, savePart, signTaskBook, withdrawSignatures } from './taskbooks.js';
import { agreementView, taskBookSummary, taskBookView } from './taskbook-views.js';
import { agreementKindForProgramme, agreementKindOf } from '../../../domain/taskbook/agreement.js';
import type { TaskBookContent } from '../../../domain/taskbook/taskbook.types.js';
import { extractCodeInCage, verifyByCode, verifyFile } from './verification.js';
import { documentContentTypes, documentResponse } from './documents.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZRowVersion = z.number({ error: '缺少版本号' }).int().min(1);
const MAX_VERIFY_BYTES = 20 * 1024 * 1024;
/** PUB-2: per client address and minute (a person checks a few codes or files, not hundreds) */
const VERIFY_PER_MINUTE = 120;
const UPLOADS_PER_MINUTE = 60;
/** What the file verification reads: the Word and PDF files the platform issues. */
const VERIFY_MEDIA_TYPES = [documentContentTypes.pdf, documentContentTypes.docx] as const;

export async function taskBookRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['三方任务书'];

  async function view(actor: ReturnType<typeof requireActor>, id: string) {
    const book = await findTaskBook(db, id);
    if (!book) throw new AppError('NOT_FOUND', '任务书不存在');
    const project = await loadProjectInScope(db, actor, book.projectId);
    return taskBookView(book, project, await allSignatures(db, [book.id]), actor, { contentBinding: await contentIsBinding(db, book) });
  }

  app.get(
    '/api/v1/projects/:id/task-books',
    { schema: { tags, summary: '项目的任务书各版本（按版本号升序）', params: ZId, response: { 200: ZTaskBookList } }, preHandler: requireAnyPermission('project.read', 'project.observe') },
    async (req): Promise<TaskBookList> => {
      const actor = requireActor(req);
      const project = await loadProjectInScope(db, actor, req.params.id);
      // a project has a few versions: the whole list, the summary's columns only (not the content)
      const rows = await db
        .select({
          id: taskBooks.id,
          projectId: taskBooks.projectId,
          version: taskBooks.version,
          status: taskBooks.status,
          verificationCode: taskBooks.verificationCode,
          changeRequestId: taskBooks.changeRequestId,
          createdAt: taskBooks.createdAt,
          frozenAt: taskBooks.frozenAt,
          signedAt: taskBooks.signedAt,
        })
        .from(taskBooks)
        .where(eq(taskBooks.projectId, req.params.id))
        .orderBy(asc(taskBooks.version));
      const canDraft = rows.length === 0 && project.party === 'association' && project.row.p.status === 'established' && actor.permissions.has('taskBook.edit');
      // the agreement of the latest version, or the one a draft would be (the programme's agreementKind)
      const [latest] = rows.length ? await db.select({ content: taskBooks.content }).from(taskBooks).where(eq(taskBooks.id, rows[rows.length - 1].id)) : [];
      const kind = latest ? agreementKindOf(latest.content as TaskBookContent) : agreementKindForProgramme(project.parameters.agreementKind);
      return { items: rows.map(taskBookSummary), agreement: agreementView(kind), nextCursor: null, actions: canDraft ? ['draft'] : [] };
    },
  );

  app.post(
    '/api/v1/projects/:id/task-books',
    { schema: { tags, summary: '起草三方任务书或职能转移合同（项目协调单位；文书种类按方案参数）', params: ZId, response: { 201: ZTaskBook } }, preHandler: requirePermission('taskBook.edit') },
    async (req, reply) => {
      const actor = requireActor(req);
      const book = await draftTaskBook({ db, actor, meta: metaOf(req), projectId: req.params.id });
      return reply.status(201).header('Location', `/api/v1/task-books/${book.id}`).send(await view(actor, book.id));
    },
  );

  app.get(
    '/api/v1/task-books/:id',
    { schema: { tags, summary: '任务书详情：内容、签署情况、尚缺事项与可执行操作', params: ZId, response: { 200: ZTaskBook } }, preHandler: requireAnyPermission('project.read', 'project.observe') },
    async (req) => view(requireActor(req), req.params.id),
  );

  // One route per part, each with the domain's schema of that part as its body (typed in the OpenAPI).
  for (const part of taskBookParts) {
    app.put(
      `/api/v1/task-books/:id/parts/${part}`,
      {
        schema: {
          tags,
          summary: `填写任务书的“${taskBookPartLabels[part]}”（本单位负责的部分；起草中可改，进入签署后拒绝并记入审计）`,
          params: ZId,
          body: ZTaskBookPartBodies[part],
          response: { 200: ZTaskBook },
        },
        preHandler: requirePermission('taskBook.edit'),
      },
      async (req) => {
        const actor = requireActor(req);
        const book = await savePart({ db, actor, meta: metaOf(req), taskBookId: req.params.id, part, value: req.body.value, rowVersion: req.body.rowVersion });
        return view(actor, book.id);
      },
    );
  }

  app.post(
    '/api/v1/task-books/:id/sign',
    {
      schema: {
        tags,
        summary: '以本单位 SM2 密钥签署任务书',
        params: ZId,
        body: z.object({ rowVersion: ZRowVersion, opinion: z.string().trim().max(1000, '意见不能超过 1000 个字').nullable().optional() }).strict(),
        response: { 200: ZTaskBook },
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
        response: { 200: ZTaskBook },
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
    {
      schema: {
        tags,
        summary: '下载任务书（Word 或 PDF）',
        params: ZId,
        querystring: z.object({ format: z.enum(['docx', 'pdf'], { error: '格式应为 docx 或 pdf' }) }).strict(),
        response: { 200: binaryResponse('任务书文件：已签署的版本为平台出具的文件，起草中、签署中的版本标明草稿', [documentContentTypes.docx, documentContentTypes.pdf]) },
      },
      preHandler: requireAnyPermission('project.read', 'project.observe'),
    },
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
    {
      schema: {
        tags: ptags,
        summary: '以校验码核验任务书（或能力提升计划的项目责任书）',
        querystring: z.object({ code: z.string().trim().min(1, '请输入校验码').max(40, '校验码过长') }).strict(),
        response: { 200: ZTaskBookVerification },
      },
      config: { rateLimit: { max: VERIFY_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (req) => verifyByCode(db, req.query.code),
  );

  app.addContentTypeParser([...VERIFY_MEDIA_TYPES], { parseAs: 'buffer', bodyLimit: MAX_VERIFY_BYTES }, (_req, body, done) => done(null, body));
  app.post(
    '/api/v1/public/task-books/verify',
    {
      schema: { tags: ptags, summary: '上传任务书或项目责任书文件（Word 或 PDF）核验：请求体为文件内容', response: { 200: ZTaskBookVerification } },
      bodyLimit: MAX_VERIFY_BYTES,
      config: { upload: VERIFY_MEDIA_TYPES, rateLimit: { max: UPLOADS_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (req) => {
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) throw validationError([{ path: 'body', message: '请上传任务书文件（Word 或 PDF）' }]);
      return verifyFile(db, body, extractCodeInCage); // the file is parsed in the cage (issue 10 §1)
    },
  );
}
