// TB-1…TB-4, SUP-5: drafting, completing, signing and re-versioning the tri-party task book.
// The association drafts it for a pilot project; department and society complete their parts; each
// party signs with its organisation's SM2 key over the SM3 digest of the canonical content. The
// first signature freezes the content: from then on only an approved change request (SUP-5) makes a
// new version, which must be signed again. Refused edits of a frozen version are audited.
import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { changeRequests, pilotProjects, programmes, taskBookSignatures, taskBooks, todos, transferItems } from '../../db/schema.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, appendAuditStandalone, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg, TASK_BOOK_PARTIES } from '../../platform/notify.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { sm3Hex } from '../../platform/crypto/sm3.js';
import { signAsOrg } from '../../platform/signing-keys.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { ZTaskBookContent, type TaskBookContent, type TaskBookPart } from '../../../domain/taskbook/taskbook.types.js';
import { missingForSignature, partCoherence } from '../../../domain/taskbook/taskbook.rules.js';
import { agreementKindForProgramme, agreementKindOf, agreementTextsOf } from '../../../domain/taskbook/agreement.js';
import { signatureEvent, taskBookLifecycle, type SigningParty } from '../../../domain/taskbook/taskbook.lifecycle.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { projectStatusLabel } from '../../../domain/projects/project.status.js';
import { addDays } from '../../platform/transition.js';

export type TaskBookRow = typeof taskBooks.$inferSelect;
export type SignatureRow = typeof taskBookSignatures.$inferSelect;

export const COMPLETE_TODO = 'taskBook.complete';
export const SIGN_TODO = 'taskBook.sign';

/** TB-1: which parts each party writes; the project content is shared by the three. */
export const partsOfParty: Record<SigningParty, readonly TaskBookPart[]> = {
  association: ['association', 'project'],
  department: ['department', 'project'],
  society: ['society', 'project'],
};

export const taskBookLink = (projectId: string) => `/app/projects/${projectId}?tab=taskbook`;

/** The document's name (三方任务书 / 职能转移合同) as the version's content records it. */
export const agreementTitleOf = (book: Pick<TaskBookRow, 'content'>) => agreementTextsOf(book.content as TaskBookContent).title;

/** a party's to-do to sign this version (a version made from a change request says so). */
function openSignTodo(tx: DbOrTx, book: Pick<TaskBookRow, 'id' | 'version' | 'changeRequestId' | 'content'>, project: { id: string; title: string }, orgId: string, dueAt: Date | null) {
  const title = agreementTitleOf(book);
  const what = book.changeRequestId ? `签署变更后的${title}` : `签署${title}`;
  return openTodo(tx, { kind: SIGN_TODO, title: `${what}（第 ${book.version} 版）：${project.title}`, link: taskBookLink(project.id), entityType: 'task_book', entityId: book.id, assigneeOrgId: orgId, permission: 'taskBook.sign', dueAt });
}

/** What the signatures cover (TB-4): the book's identity, the three parties and the content. */
export function signedPayload(book: Pick<TaskBookRow, 'projectId' | 'version' | 'content'>, project: Pick<typeof pilotProjects.$inferSelect, 'departmentId' | 'societyId' | 'associationId'>): string {
  return canonicalJson({
    kind: 'chengjie.taskBook',
    projectId: book.projectId,
    version: book.version,
    parties: { department: project.departmentId, society: project.societyId, association: project.associationId },
    content: book.content,
  });
}

export const contentDigest = (book: Pick<TaskBookRow, 'projectId' | 'version' | 'content'>, project: Pick<typeof pilotProjects.$inferSelect, 'departmentId' | 'societyId' | 'associationId'>) =>
  sm3Hex(signedPayload(book, project));

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

/** PUB-2: a verification code, 16 characters in groups of four (80 random bits). */
export function newVerificationCode(): string {
  const bytes = crypto.randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CODE_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** Normalises what a person types: case, spaces, and the letters people confuse with digits. */
export function normaliseVerificationCode(input: string): string | null {
  const s = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(s)) return null;
  return s.match(/.{4}/g)!.join('-');
}

export async function findTaskBook(db: DbOrTx, id: string, forUpdate = false): Promise<TaskBookRow | undefined> {
  const q = db.select().from(taskBooks).where(eq(taskBooks.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function activeSignatures(db: DbOrTx, taskBookId: string): Promise<SignatureRow[]> {
  return db
    .select()
    .from(taskBookSignatures)
    .where(and(eq(taskBookSignatures.taskBookId, taskBookId), isNull(taskBookSignatures.withdrawnAt)))
    .orderBy(asc(taskBookSignatures.signedAt));
}

export async function allSignatures(db: DbOrTx, taskBookIds: string[]): Promise<SignatureRow[]> {
  if (taskBookIds.length === 0) return [];
  return db.select().from(taskBookSignatures).where(inArray(taskBookSignatures.taskBookId, taskBookIds)).orderBy(asc(taskBookSignatures.signedAt));
}

export function signatureRule(p: ProjectInScope, today = chinaToday()) {
  return {
    projectLeaderMinPost: p.parameters.projectLeaderMinPost,
    leaderApprovalBodies: p.parameters.leaderApprovalBodies,
    commissioningModes: p.parameters.commissioningModes,
    today,
  };
}

/**
 * SUP-5: a version made from an approved change request whose proposed content was approved as
 * written cannot be edited: the approvers approved that text. (A change described only in words
 * copies the version in force, and the parties then write the change into it.)
 */
export async function contentIsBinding(db: DbOrTx, book: Pick<TaskBookRow, 'changeRequestId'>): Promise<boolean> {
  if (!book.changeRequestId) return false;
  const [cr] = await db.select({ hasContent: sql<boolean>`${changeRequests.proposedContent} IS NOT NULL` }).from(changeRequests).where(eq(changeRequests.id, book.changeRequestId));
  return !!cr?.hasContent;
}

/** A terminated or completed project's task book is closed: nothing is drafted, edited or signed. */
function requireOpenProject(p: ProjectInScope): void {
  if (!['established', 'implementing'].includes(p.row.p.status)) throw new AppError('INVALID_STATE', `项目${projectStatusLabel(p.row.p.status)}，任务书不能再修改或签署`);
}

function requireParty(p: ProjectInScope, what: string): SigningParty {
  if (!p.party) throw new AppError('FORBIDDEN', `只有项目委托单位、承接单位和协调单位可以${what}`);
  return p.party;
}

async function loadBookInScope(tx: DbOrTx, actor: Actor, taskBookId: string, forUpdate: boolean) {
  const first = await findTaskBook(tx, taskBookId);
  if (!first) throw new AppError('NOT_FOUND', '任务书不存在');
  const project = await loadProjectInScope(tx, actor, first.projectId, { forUpdate });
  const book = forUpdate ? (await findTaskBook(tx, taskBookId, true))! : first;
  return { book, project };
}

/** TB-1: the coordinating association drafts the first version, prefilled from the project. */
export async function draftTaskBook(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string }): Promise<TaskBookRow> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const project = await loadProjectInScope(tx, actor, opts.projectId, { forUpdate: true });
    if (project.party !== 'association') throw new AppError('FORBIDDEN', '任务书由项目协调单位（科协）起草');
    if (project.row.p.status !== 'established') throw new AppError('INVALID_STATE', '该项目已不在待签署任务书阶段');
    const [existing] = await tx.select({ id: taskBooks.id }).from(taskBooks).where(eq(taskBooks.projectId, opts.projectId)).limit(1);
    if (existing) throw new AppError('INVALID_STATE', '该项目已有任务书，请在原任务书上修改');
    const [item] = await tx.select({ description: transferItems.description }).from(transferItems).where(eq(transferItems.id, project.row.p.itemId));
    // PRG-2: the programme's agreementKind decides what this is (a transfer contract, or the task book), fixed in the content
    const kind = agreementKindForProgramme(project.parameters.agreementKind);
    const content: TaskBookContent = ZTaskBookContent.parse({ ...(kind === 'triPartyTaskBook' ? {} : { agreementKind: kind }), projectName: project.row.p.title, project: { content: item?.description ?? null } });
    const [book] = await tx.insert(taskBooks).values({ projectId: opts.projectId, version: 1, content, createdBy: actor.userId, updatedBy: actor.userId }).returning();
    const link = taskBookLink(opts.projectId);
    const texts = agreementTextsOf(content);
    for (const party of ['department', 'society'] as const) {
      const orgId = party === 'department' ? project.row.p.departmentId : project.row.p.societyId;
      await openTodo(tx, { kind: COMPLETE_TODO, title: `填写${texts.title}（${texts.partLabels[party]}）：${project.row.p.title}`, link, entityType: 'task_book', entityId: book.id, assigneeOrgId: orgId, permission: 'taskBook.edit' });
      await notifyOrg(tx, orgId, { permission: 'taskBook.edit' }, { title: `请填写${texts.title}：${project.row.p.title}`, body: `${actor.orgName}已起草${texts.title}，请填写本单位信息。`, link, entityType: 'task_book', entityId: book.id });
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'taskBook.draft',
      entityType: 'task_book',
      entityId: book.id,
      orgId: project.row.p.associationId,
      orgPath: project.row.p.associationPath,
      after: { projectId: opts.projectId, version: 1 },
    });
    return book;
  });
}

/**
 * SUP-5: an approved change request makes the next version from the proposed content; it must be
 * signed again by all three. The version in force stays signed until the new one is.
 */
export async function createNextVersion(
  tx: DbOrTx,
  opts: { actor: Actor; meta: RequestMeta; projectId: string; content: TaskBookContent; changeRequestId: string },
): Promise<TaskBookRow> {
  const [latest] = await tx.select().from(taskBooks).where(eq(taskBooks.projectId, opts.projectId)).orderBy(desc(taskBooks.version)).limit(1).for('update');
  if (!latest || latest.status !== 'signed') throw new AppError('INVALID_STATE', '只有已签署生效的任务书可以变更');
  // the agreement stays what the version in force is, whatever the proposed content says
  const kind = agreementKindOf(latest.content as TaskBookContent);
  const { agreementKind: _proposed, ...proposed } = ZTaskBookContent.parse(opts.content);
  const content: TaskBookContent = kind === 'triPartyTaskBook' ? proposed : { agreementKind: kind, ...proposed };
  const [book] = await tx
    .insert(taskBooks)
    .values({ projectId: opts.projectId, version: latest.version + 1, content, changeRequestId: opts.changeRequestId, createdBy: opts.actor.userId, updatedBy: opts.actor.userId })
    .returning();
  const [p] = await tx.select().from(pilotProjects).where(eq(pilotProjects.id, opts.projectId));
  const link = taskBookLink(opts.projectId);
  const [prog] = await tx.select({ parameters: programmes.parameters }).from(programmes).where(eq(programmes.id, p.programmeId));
  // each party has the programme's review period to sign the changed version
  const dueAt = addDays(new Date(), (prog.parameters as ProgrammeParameters).selectionDays.review);
  for (const orgId of [p.departmentId, p.societyId, p.associationId]) {
    await openSignTodo(tx, book, p, orgId, dueAt);
    await notifyOrg(tx, orgId, { permission: 'taskBook.sign' }, { title: `${agreementTitleOf(book)}第 ${book.version} 版待重新签署：${p.title}`, body: `变更申请已批准，变更后的${agreementTitleOf(book)}须经三方重新签署后生效。`, link, entityType: 'task_book', entityId: book.id });
  }
  await appendAudit(tx, whoFromActor(opts.actor, opts.meta), {
    action: 'taskBook.newVersion',
    entityType: 'task_book',
    entityId: book.id,
    orgId: p.associationId,
    orgPath: p.associationPath,
    before: { taskBookId: latest.id, version: latest.version },
    after: { version: book.version, changeRequestId: opts.changeRequestId },
  });
  return book;
}

/**
 * TB-1: a party saves its part of a draft. A version that is being signed or is signed refuses,
 * and the refusal itself is audited (issue 4: nothing in a signed task book changes).
 */
export async function savePart(opts: { db: Db; actor: Actor; meta: RequestMeta; taskBookId: string; part: TaskBookPart; value: unknown; rowVersion: number }): Promise<TaskBookRow> {
  const { db, actor } = opts;
  try {
    return await db.transaction(async (tx) => {
      const { book, project } = await loadBookInScope(tx, actor, opts.taskBookId, true);
      const party = requireParty(project, '填写任务书');
      requireOpenProject(project);
      if (await contentIsBinding(tx, book)) throw new AppError('INVALID_STATE', '该版本的内容是经批准的变更内容，不能再修改；三方签署后生效');
      const texts = agreementTextsOf(book.content as TaskBookContent);
      if (!partsOfParty[party].includes(opts.part)) throw new AppError('FORBIDDEN', `${texts.partyLabels[party]}不能填写“${texts.partLabels[opts.part]}”`);
      const to = applyEvent(taskBookLifecycle, book.status, 'edit');
      if (book.rowVersion !== opts.rowVersion) throw new AppError('CONFLICT', '任务书已被他人修改，请刷新后重试', { extra: { currentVersion: book.rowVersion } });
      const before = book.content as TaskBookContent;
      const parsed = ZTaskBookContent.safeParse({ ...before, [opts.part]: opts.value });
      if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ path: ['body', 'value', ...i.path.slice(1)].join('.'), message: i.message })));
      // issue 11 §3: an answer that contradicts another (经费支持 = 无 with an amount) is refused, never cleared
      const incoherent = partCoherence(opts.part, parsed.data[opts.part]);
      if (incoherent.length) throw validationError(incoherent.map((e) => ({ path: `body.value.${e.path}`, message: e.message })));
      const now = new Date();
      const [updated] = await tx
        .update(taskBooks)
        .set({ content: parsed.data, status: to, updatedAt: now, updatedBy: actor.userId, rowVersion: sql`${taskBooks.rowVersion} + 1` })
        .where(and(eq(taskBooks.id, book.id), eq(taskBooks.rowVersion, opts.rowVersion)))
        .returning();
      if (!updated) throw new AppError('CONFLICT');
      if (party !== 'association') await closeTodos(tx, { entityType: 'task_book', entityId: book.id, kind: COMPLETE_TODO, assigneeOrgId: actor.orgId }, actor.userId);
      await appendAudit(tx, whoFromActor(actor, opts.meta), {
        action: 'taskBook.edit',
        entityType: 'task_book',
        entityId: book.id,
        orgId: project.row.p.associationId,
        orgPath: project.row.p.associationPath,
        before: { [opts.part]: before[opts.part] ?? null },
        after: { [opts.part]: parsed.data[opts.part] },
      });
      return updated;
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'INVALID_STATE') await auditRefusedEdit(db, opts);
    throw e;
  }
}

/** A refused attempt to change a frozen task book is itself a record (issue 4). */
async function auditRefusedEdit(db: Db, opts: { actor: Actor; meta: RequestMeta; taskBookId: string; part: string }): Promise<void> {
  const book = await findTaskBook(db, opts.taskBookId);
  if (!book) return;
  const [p] = await db.select({ associationId: pilotProjects.associationId, associationPath: pilotProjects.associationPath }).from(pilotProjects).where(eq(pilotProjects.id, book.projectId));
  await appendAuditStandalone(db, whoFromActor(opts.actor, opts.meta), {
    action: 'taskBook.editRefused',
    entityType: 'task_book',
    entityId: book.id,
    orgId: p?.associationId ?? null,
    orgPath: p?.associationPath ?? null,
    before: { status: book.status, version: book.version },
    after: { part: opts.part },
    reason: '任务书已进入签署或已签署，内容不能修改；如需变更请提交变更申请（SUP-5）',
  });
}

export interface SignResult {
  book: TaskBookRow;
  signature: SignatureRow;
}

/** Called when a version comes into force (all three signed); supervision syncs milestones here. */
export type OnTaskBookSigned = (tx: DbOrTx, e: { projectId: string; taskBook: TaskBookRow; previous: TaskBookRow | null; actor: Actor; meta: RequestMeta }) => Promise<void>;
const signedHooks: OnTaskBookSigned[] = [];
export function onTaskBookSigned(hook: OnTaskBookSigned): void {
  if (!signedHooks.includes(hook)) signedHooks.push(hook);
}

/** TB-4: a party signs, in any order; the first signature freezes the content, the third puts it in force. */
export async function signTaskBook(opts: {
  db: Db;
  cipher: FieldCipher;
  actor: Actor;
  meta: RequestMeta;
  taskBookId: string;
  rowVersion: number;
  opinion?: string | null;
}): Promise<SignResult> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const { book, project } = await loadBookInScope(tx, actor, opts.taskBookId, true);
    const party = requireParty(project, '签署任务书');
    requireOpenProject(project);
    const signed = await activeSignatures(tx, book.id);
    const event = signatureEvent(
      signed.map((s) => s.party as SigningParty),
      party,
    );
    if (event === 'alreadySigned') throw new AppError('INVALID_STATE', `${agreementTextsOf(book.content as TaskBookContent).partyLabels[party]}已签署该${agreementTitleOf(book)}`);
    const to = applyEvent(taskBookLifecycle, book.status, event);
    if (book.rowVersion !== opts.rowVersion) throw new AppError('CONFLICT', '任务书已被他人修改或签署，请刷新后重试', { extra: { currentVersion: book.rowVersion } });
    const p = project.row.p;
    const content = book.content as TaskBookContent;
    const digest = contentDigest(book, p);
    if (event === 'firstSignature') {
      const missing = missingForSignature(content, signatureRule(project));
      if (missing.length) throw validationError(missing.map((m) => ({ path: `content.${m.path}`, message: m.message })));
    } else if (book.contentDigest !== digest) {
      // the content changed under a frozen book: never sign it
      throw new AppError('INTERNAL', '任务书内容与冻结时的摘要不一致，已拒绝签署');
    }
    const sig = await signAsOrg(tx, opts.cipher, actor.orgId, digest);
    const now = new Date();
    const [signature] = await tx
      .insert(taskBookSignatures)
      .values({ taskBookId: book.id, party, orgId: actor.orgId, keyId: sig.keyId, digest, signature: sig.signature, opinion: opts.opinion?.trim() || null, signerId: actor.userId, signerName: actor.displayName, signedAt: now })
      .returning();
    const [updated] = await tx
      .update(taskBooks)
      .set({
        status: to,
        rowVersion: sql`${taskBooks.rowVersion} + 1`,
        ...(event === 'firstSignature' ? { contentDigest: digest, verificationCode: newVerificationCode(), frozenAt: now } : {}),
        ...(to === 'signed' ? { signedAt: now } : {}),
      })
      .where(and(eq(taskBooks.id, book.id), eq(taskBooks.rowVersion, opts.rowVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const link = taskBookLink(p.id);
    const partyOrg: Record<SigningParty, string> = { department: p.departmentId, society: p.societyId, association: p.associationId };
    await closeTodos(tx, { entityType: 'task_book', entityId: book.id, kind: SIGN_TODO, assigneeOrgId: actor.orgId }, actor.userId);
    if (event === 'firstSignature') {
      await closeTodos(tx, { entityType: 'task_book', entityId: book.id, kind: COMPLETE_TODO }, actor.userId);
      // a changed version's parties already have their sign to-dos (createNextVersion); after a
      // withdrawal, or for a first version, the others get one now
      const waiting = await tx
        .select({ orgId: todos.assigneeOrgId })
        .from(todos)
        .where(and(eq(todos.entityType, 'task_book'), eq(todos.entityId, book.id), eq(todos.kind, SIGN_TODO), eq(todos.status, 'open')));
      const has = new Set(waiting.map((w) => w.orgId));
      for (const other of ['department', 'society', 'association'] as const) {
        if (other === party || has.has(partyOrg[other])) continue;
        await openSignTodo(tx, book, p, partyOrg[other], null);
      }
    }
    let previous: TaskBookRow | null = null;
    if (to === 'signed') {
      const [prev] = await tx.select().from(taskBooks).where(and(eq(taskBooks.projectId, p.id), eq(taskBooks.status, 'signed'), sql`${taskBooks.id} <> ${book.id}`)).for('update');
      if (prev) {
        applyEvent(taskBookLifecycle, prev.status, 'supersede');
        await tx.update(taskBooks).set({ status: 'superseded', rowVersion: sql`${taskBooks.rowVersion} + 1` }).where(eq(taskBooks.id, prev.id));
        previous = prev;
      }
      if (p.status === 'established') await tx.update(pilotProjects).set({ status: 'implementing', version: sql`${pilotProjects.version} + 1` }).where(eq(pilotProjects.id, p.id));
      for (const orgId of Object.values(partyOrg)) {
        await notifyOrg(tx, orgId, { permission: TASK_BOOK_PARTIES }, { title: `${agreementTitleOf(book)}已签署生效（第 ${book.version} 版）：${p.title}`, body: `校验码 ${updated.verificationCode}`, link, entityType: 'task_book', entityId: book.id });
      }
      for (const hook of signedHooks) await hook(tx, { projectId: p.id, taskBook: updated, previous, actor, meta: opts.meta });
    } else {
      for (const other of ['department', 'society', 'association'] as const) {
        if (other === party || signed.some((s) => s.party === other)) continue;
        await notifyOrg(tx, partyOrg[other], { permission: 'taskBook.sign' }, { title: `${agreementTextsOf(content).partyLabels[party]}已签署${agreementTitleOf(book)}，请签署：${p.title}`, link, entityType: 'task_book', entityId: book.id });
      }
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'taskBook.sign',
      entityType: 'task_book',
      entityId: book.id,
      orgId: p.associationId,
      orgPath: p.associationPath,
      before: { status: book.status },
      after: { status: to, party, digest, keyId: sig.keyId, ...(previous ? { superseded: previous.id } : {}) },
      reason: opts.opinion ?? null,
    });
    return { book: updated, signature };
  });
}

/**
 * A party declines to sign: the signatures given so far are withdrawn (kept, marked) and the book
 * returns to drafting so that it can be corrected; all three must sign again.
 */
export async function withdrawSignatures(opts: { db: Db; actor: Actor; meta: RequestMeta; taskBookId: string; rowVersion: number; reason: string }): Promise<TaskBookRow> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const { book, project } = await loadBookInScope(tx, actor, opts.taskBookId, true);
    const party = requireParty(project, '退回任务书');
    requireOpenProject(project);
    const to = applyEvent(taskBookLifecycle, book.status, 'withdrawSignatures');
    if (book.rowVersion !== opts.rowVersion) throw new AppError('CONFLICT', '任务书已被他人修改或签署，请刷新后重试', { extra: { currentVersion: book.rowVersion } });
    const now = new Date();
    const withdrawn = await tx
      .update(taskBookSignatures)
      .set({ withdrawnAt: now, withdrawnBy: actor.userId, withdrawnReason: opts.reason })
      .where(and(eq(taskBookSignatures.taskBookId, book.id), isNull(taskBookSignatures.withdrawnAt)))
      .returning({ party: taskBookSignatures.party });
    const [updated] = await tx
      .update(taskBooks)
      .set({ status: to, contentDigest: null, verificationCode: null, frozenAt: null, updatedAt: now, updatedBy: actor.userId, rowVersion: sql`${taskBooks.rowVersion} + 1` })
      .where(and(eq(taskBooks.id, book.id), eq(taskBooks.rowVersion, opts.rowVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await closeTodos(tx, { entityType: 'task_book', entityId: book.id, kind: SIGN_TODO }, actor.userId);
    const p = project.row.p;
    if (await contentIsBinding(tx, book)) {
      // the approved change cannot be rewritten: it waits for the three signatures again
      for (const orgId of [p.departmentId, p.societyId, p.associationId]) {
        await openSignTodo(tx, book, p, orgId, addDays(now, project.parameters.selectionDays.review));
      }
    }
    for (const orgId of [p.departmentId, p.societyId, p.associationId]) {
      if (orgId === actor.orgId) continue;
      await notifyOrg(tx, orgId, { permission: TASK_BOOK_PARTIES }, { title: `${agreementTextsOf(book.content as TaskBookContent).partyLabels[party]}退回${agreementTitleOf(book)}修改：${p.title}`, body: opts.reason, link: taskBookLink(p.id), entityType: 'task_book', entityId: book.id });
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'taskBook.withdrawSignatures',
      entityType: 'task_book',
      entityId: book.id,
      orgId: p.associationId,
      orgPath: p.associationPath,
      before: { status: book.status, signedBy: withdrawn.map((w) => w.party) },
      after: { status: to },
      reason: opts.reason,
    });
    return updated;
  });
}
