// CAP-5, FND-4 (issue 13 step 5): the responsibility letter (责任书, the programme's `agreementKind`)
// of an application whose result passed its public notice (status approved), modelled on the task
// book (taskbooks/taskbooks.ts, TB-4):
//  - the association that runs the programme drafts it (capacityApplication.review): the parties,
//    the project from the application's latest submitted version, the approved budget lines, the
//    call's award standard (定额资助), the execution window and the obligations — every number from
//    the programme's parameters (letter-content.ts); while drafting it edits a few fields (补充条款,
//    甲方负责人, the contacts);
//  - freezing it for signing records the SM3 digest of the canonical content and a verification
//    code, and gives each party a to-do (capacityLetter.sign);
//  - each party signs with its organisation's SM2 key over the digest (platform/signing-keys.ts);
//    the second signature completes it in one transaction: the letter signed, the budget approved
//    that China day (approvedOn) and the execution window's last day (FND-4 windowEndsOn), the
//    application funded with its approved budget, and the award recorded in the fund ledger
//    (funds/ledger.repo.ts recordFundEntry — a refusal there, e.g. not enough money available,
//    refuses the signature and nothing is written). Row locks (letter, then application, then the
//    fund's account) make two racing final signatures complete once.
// Read by whoever reads the application (applications.ts mayReadApplication). Every write audited.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { capacityApplicationVersions, capacityApplications, capacityLetterSignatures, capacityLetters, organisations, societyProfiles } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { sm3Hex } from '../../platform/crypto/sm3.js';
import { signAsOrg } from '../../platform/signing-keys.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { defineLifecycle } from '../../../domain/lifecycle.js';
import { formatYuan } from '../../../domain/money.js';
import { applicationLifecycle, offeredTypes } from '../../../domain/capacity/application.js';
import { windowEndsOn } from '../../../domain/funds/expense.rules.js';
import type { Permission } from '../../../domain/access/roles.js';
import {
  ZCapacityLetterContent,
  type CapacityLetter,
  type CapacityLetterAction,
  type CapacityLetterContent,
  type CapacityLetterEdit,
  type CapacityLetterParty,
  type CapacityLetterState,
} from '../../../contract/capacity-letters.js';
import { newVerificationCode } from '../taskbooks/taskbooks.js';
import { recordFundEntry } from '../funds/ledger.repo.js';
import { findCall, loadProgramme, type CallRow, type ProgrammeForCalls } from './calls.js';
import { mayReadApplication, reviews, type ApplicationRow } from './applications.js';
import { agreementTitle, letterContent } from './letter-content.js';

export type LetterRow = typeof capacityLetters.$inferSelect;
export type LetterSignatureRow = typeof capacityLetterSignatures.$inferSelect;

export const LETTER_SIGN_TODO = 'capacityLetter.sign';
/** The letter is shown on its application's page (as the records of a funded project are). */
export const letterLink = (applicationId: string) => `/app/capacity-applications/${applicationId}?section=letter`;

/** drafting → (freeze) signing → (both signed) signed. */
export const letterLifecycle = defineLifecycle<CapacityLetterState, 'edit' | 'freeze' | 'sign' | 'complete'>({
  states: { drafting: '起草中', signing: '待签署', signed: '已签署' },
  events: {
    edit: { from: ['drafting'], to: 'drafting', label: '修改责任书' },
    freeze: { from: ['drafting'], to: 'signing', label: '定稿提交签署' },
    sign: { from: ['signing'], to: 'signing', label: '签署责任书' },
    complete: { from: ['signing'], to: 'signed', label: '签署责任书' },
  },
});
export const letterStatusLabel = (s: string) => letterLifecycle.states[s as CapacityLetterState] ?? s;
export const letterPartyLabels: Record<CapacityLetterParty, string> = { association: '甲方', society: '乙方' };
const SIGNING_ORDER: readonly CapacityLetterParty[] = ['association', 'society'];

/** What the signatures cover: the letter's application, the two parties, the award and the content. */
export function letterPayload(l: Pick<LetterRow, 'applicationId' | 'awardFen' | 'content'>, app: Pick<ApplicationRow, 'associationId' | 'societyId'>): string {
  return canonicalJson({
    kind: 'chengjie.capacityLetter',
    applicationId: l.applicationId,
    parties: { association: app.associationId, society: app.societyId },
    awardFen: l.awardFen,
    content: l.content,
  });
}
export const letterDigest = (l: Pick<LetterRow, 'applicationId' | 'awardFen' | 'content'>, app: Pick<ApplicationRow, 'associationId' | 'societyId'>) => sm3Hex(letterPayload(l, app));

// ------------------------------------------------------------------------------------------------
// Reads
// ------------------------------------------------------------------------------------------------

export interface LetterInScope {
  letter: LetterRow;
  app: ApplicationRow;
  prog: ProgrammeForCalls;
  societyName: string;
}

/** The application readable by the actor (404 otherwise), with its programme and society's name. */
async function loadApplication(db: DbOrTx, actor: Actor, applicationId: string, lock = false) {
  const [x] = await db
    .select({ a: capacityApplications, societyName: organisations.name })
    .from(capacityApplications)
    .innerJoin(organisations, eq(organisations.id, capacityApplications.societyId))
    .where(eq(capacityApplications.id, applicationId));
  if (!x) throw new AppError('NOT_FOUND', '申报书不存在');
  const prog = await loadProgramme(db, actor, x.a.programmeId);
  if (!mayReadApplication(prog, actor, x.a)) throw new AppError('NOT_FOUND', '申报书不存在');
  const app = lock ? (await db.select().from(capacityApplications).where(eq(capacityApplications.id, applicationId)).for('update'))[0] : x.a;
  return { app, prog, societyName: x.societyName };
}

export async function findLetter(db: DbOrTx, id: string, lock = false): Promise<LetterRow | undefined> {
  const q = db.select().from(capacityLetters).where(eq(capacityLetters.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** The letter readable by the actor, as its application is read (404 otherwise). */
export async function loadLetter(db: DbOrTx, actor: Actor, id: string, lock = false): Promise<LetterInScope> {
  const first = await findLetter(db, id);
  if (!first) throw new AppError('NOT_FOUND', '责任书不存在');
  const { app, prog, societyName } = await loadApplication(db, actor, first.applicationId);
  const letter = lock ? (await findLetter(db, id, true))! : first;
  return { letter, app, prog, societyName };
}

/** The application's letter readable by the actor; 404 when the application has none. */
export async function loadLetterOfApplication(db: DbOrTx, actor: Actor, applicationId: string): Promise<LetterInScope> {
  const { app, prog, societyName } = await loadApplication(db, actor, applicationId);
  const [letter] = await db.select().from(capacityLetters).where(eq(capacityLetters.applicationId, applicationId));
  if (!letter) throw new AppError('NOT_FOUND', '该项目尚无责任书');
  return { letter, app, prog, societyName };
}

export async function letterSignatures(db: DbOrTx, letterId: string): Promise<LetterSignatureRow[]> {
  return db.select().from(capacityLetterSignatures).where(eq(capacityLetterSignatures.letterId, letterId)).orderBy(asc(capacityLetterSignatures.signedAt));
}

/** The party the actor signs for: its organisation is the programme's association or the application's society, with capacityLetter.sign. */
export function letterPartyOf(actor: Actor, app: Pick<ApplicationRow, 'associationId' | 'societyId'>): CapacityLetterParty | null {
  if (actor.orgType === 'association' && actor.orgId === app.associationId) return 'association';
  if (actor.orgType === 'society' && actor.orgId === app.societyId) return 'society';
  return null;
}

/** The association's staff who keep the letter: the reviewers of the programme's own association. */
const keeps = (prog: ProgrammeForCalls, actor: Actor) => reviews(prog, actor);

export function letterActionsFor(x: LetterInScope, actor: Actor, signatures: Pick<LetterSignatureRow, 'party'>[]): CapacityLetterAction[] {
  const out: CapacityLetterAction[] = [];
  if (x.letter.status === 'drafting' && keeps(x.prog, actor)) out.push('edit', 'freeze');
  const party = letterPartyOf(actor, x.app);
  if (x.letter.status === 'signing' && party && actor.permissions.has('capacityLetter.sign') && !signatures.some((s) => s.party === party)) out.push('sign');
  return out;
}

export async function letterView(db: DbOrTx, x: LetterInScope, actor: Actor): Promise<CapacityLetter> {
  const { letter, app, prog } = x;
  const sigs = await letterSignatures(db, letter.id);
  const names: Record<CapacityLetterParty, string> = { association: prog.associationName, society: x.societyName };
  const orgOf: Record<CapacityLetterParty, string> = { association: app.associationId, society: app.societyId };
  return {
    id: letter.id,
    applicationId: letter.applicationId,
    programmeId: app.programmeId,
    callId: app.callId,
    status: letter.status as CapacityLetterState,
    statusLabel: letterStatusLabel(letter.status),
    content: letter.content as CapacityLetterContent,
    awardFen: letter.awardFen,
    contentDigest: letter.contentDigest,
    verificationCode: letter.verificationCode,
    approvedOn: letter.approvedOn,
    windowEndsOn: letter.windowEndsOn,
    parties: { association: { orgId: orgOf.association, orgName: names.association }, society: { orgId: orgOf.society, orgName: names.society } },
    myParty: letterPartyOf(actor, app),
    signatures: sigs
      .map((s) => ({
        id: s.id,
        party: s.party as CapacityLetterParty,
        partyLabel: letterPartyLabels[s.party as CapacityLetterParty] ?? s.party,
        orgId: s.orgId,
        orgName: names[s.party as CapacityLetterParty] ?? '',
        signerName: s.signerName,
        signedAt: s.signedAt.toISOString(),
        digest: s.digest,
        keyId: s.keyId,
      }))
      .sort((a, b) => SIGNING_ORDER.indexOf(a.party) - SIGNING_ORDER.indexOf(b.party)),
    createdAt: letter.createdAt.toISOString(),
    updatedAt: letter.updatedAt.toISOString(),
    frozenAt: letter.frozenAt?.toISOString() ?? null,
    signedAt: letter.signedAt?.toISOString() ?? null,
    rowVersion: letter.rowVersion,
    actions: letterActionsFor(x, actor, sigs),
  };
}

// ------------------------------------------------------------------------------------------------
// Writes
// ------------------------------------------------------------------------------------------------

function audit(tx: DbOrTx, actor: Actor, meta: RequestMeta, app: Pick<ApplicationRow, 'associationId' | 'associationPath'>, e: { action: string; id: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, whoFromActor(actor, meta), {
    action: e.action,
    entityType: 'capacity_letter',
    entityId: e.id,
    orgId: app.associationId,
    orgPath: app.associationPath,
    before: e.before,
    after: e.after,
    reason: e.reason ?? null,
  });
}

const stale = (current: number) => new AppError('CONFLICT', '责任书已被他人修改或签署，请刷新后重试', { extra: { currentVersion: current } });

function assertKeeper(prog: ProgrammeForCalls, actor: Actor, what: string): void {
  if (!keeps(prog, actor)) throw new AppError('FORBIDDEN', `责任书由${prog.associationName}${what}`);
}

/** The call's award standard for the application's type (定额资助): the letter's award. */
function awardOf(call: CallRow, prog: ProgrammeForCalls, typeCode: string) {
  const type = offeredTypes(call.types, prog.parameters.projectTypes).find((t) => t.code === typeCode);
  if (!type || !(type.awardFen > 0)) throw new AppError('INVALID_STATE', '申报通知中没有该类项目的资助标准，不能起草责任书');
  return type;
}

/** CAP-5: the association drafts the letter of an approved application. */
export async function draftLetter(opts: { db: Db; actor: Actor; meta: RequestMeta; applicationId: string }): Promise<string> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const { app, prog, societyName } = await loadApplication(tx, actor, opts.applicationId, true);
    assertKeeper(prog, actor, '起草');
    if (app.status !== 'approved') {
      throw new AppError('INVALID_STATE', `只有评审结果经公示无异议的项目才签订${agreementTitle(prog.parameters)}，该申报书为“${applicationLifecycle.states[app.status as keyof typeof applicationLifecycle.states] ?? app.status}”`);
    }
    const [existing] = await tx.select({ id: capacityLetters.id }).from(capacityLetters).where(eq(capacityLetters.applicationId, app.id));
    if (existing) throw new AppError('DUPLICATE', '该项目已有责任书，请在原责任书上修改', { extra: { letterId: existing.id } });
    const call = (await findCall(tx, app.callId))!;
    const type = awardOf(call, prog, app.typeCode);
    const fund = (prog.parameters.funds ?? []).find((f) => f.code === call.fundCode);
    if (!fund) throw new AppError('INVALID_STATE', '方案参数中没有申报通知所用的专项资金，不能起草责任书', { extra: { rule: 'FND-7' } });
    const [v] = await tx.select().from(capacityApplicationVersions).where(eq(capacityApplicationVersions.applicationId, app.id)).orderBy(desc(capacityApplicationVersions.version)).limit(1);
    if (!v) throw new AppError('INVALID_STATE', '该申报书没有提交的版本，不能起草责任书');
    const version = v.content as unknown as Pick<ApplicationRow, 'title' | 'goals' | 'indicators' | 'budget' | 'contactName' | 'contactPhone'>;
    const [profile] = await tx.select({ legalRepName: societyProfiles.legalRepName }).from(societyProfiles).where(eq(societyProfiles.orgId, app.societyId));
    const [assoc] = await tx.select({ contactName: organisations.contactName }).from(organisations).where(eq(organisations.id, app.associationId));
    const content = ZCapacityLetterContent.parse(
      letterContent({
        params: prog.parameters,
        programmeName: prog.name,
        call: { year: call.year, title: call.title },
        associationName: prog.associationName,
        societyName,
        societyLegalRepName: profile?.legalRepName?.trim() || null,
        associationContactName: assoc?.contactName?.trim() || null,
        type: { code: type.code, name: type.name, awardFen: type.awardFen },
        fund: { code: fund.code, name: fund.name },
        version: {
          version: v.version,
          title: version.title,
          goals: version.goals,
          indicators: version.indicators ?? [],
          budget: version.budget ?? [],
          contactName: version.contactName ?? null,
          contactPhone: version.contactPhone ?? null,
        },
      }),
    );
    const id = crypto.randomUUID();
    await tx.insert(capacityLetters).values({ id, applicationId: app.id, content, awardFen: type.awardFen, createdBy: actor.userId });
    await notifyOrg(tx, app.societyId, { permission: 'capacityLetter.sign' }, {
      title: `${content.title}起草中：${app.title}`,
      body: `${prog.associationName}已起草${content.title}，资助金额 ${formatYuan(type.awardFen)}；定稿后请签署。`,
      link: letterLink(app.id),
      entityType: 'capacity_letter',
      entityId: id,
    });
    await audit(tx, actor, opts.meta, app, { action: 'capacityLetter.draft', id, after: { applicationId: app.id, title: app.title, awardFen: type.awardFen, budgetTotalFen: content.budgetTotalFen, executionWindowMonths: content.executionWindowMonths } });
    return id;
  });
}

/** The few fields the association edits while drafting; the rest is the application's and the programme's. */
export async function editLetter(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; input: CapacityLetterEdit }): Promise<void> {
  const { db, actor, input } = opts;
  await db.transaction(async (tx) => {
    const { letter, app, prog } = await loadLetter(tx, actor, opts.id, true);
    assertKeeper(prog, actor, '起草和修改');
    applyEvent(letterLifecycle, letter.status, 'edit');
    if (letter.rowVersion !== input.rowVersion) throw stale(letter.rowVersion);
    const before = letter.content as CapacityLetterContent;
    const blank = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);
    const content: CapacityLetterContent = ZCapacityLetterContent.parse({
      ...before,
      parties: {
        association: { ...before.parties.association, representative: blank(input.associationRepresentative), contact: { name: blank(input.associationContact.name), phone: blank(input.associationContact.phone) } },
        society: { ...before.parties.society, contact: { name: blank(input.societyContact.name), phone: blank(input.societyContact.phone) } },
      },
      supplementaryTerms: blank(input.supplementaryTerms),
    });
    await tx
      .update(capacityLetters)
      .set({ content, updatedAt: new Date(), rowVersion: sql`${capacityLetters.rowVersion} + 1` })
      .where(eq(capacityLetters.id, letter.id));
    const editable = (c: CapacityLetterContent) => ({ supplementaryTerms: c.supplementaryTerms, representative: c.parties.association.representative, associationContact: c.parties.association.contact, societyContact: c.parties.society.contact });
    await audit(tx, actor, opts.meta, app, { action: 'capacityLetter.edit', id: letter.id, before: editable(before), after: editable(content) });
  });
}

/** Freezes the text for signing: its SM3 digest and a verification code; a to-do for each party. */
export async function freezeLetter(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { letter, app, prog } = await loadLetter(tx, actor, opts.id, true);
    assertKeeper(prog, actor, '定稿');
    const to = applyEvent(letterLifecycle, letter.status, 'freeze');
    if (letter.rowVersion !== opts.rowVersion) throw stale(letter.rowVersion);
    if (app.status !== 'approved') throw new AppError('INVALID_STATE', `该申报书为“${applicationLifecycle.states[app.status as keyof typeof applicationLifecycle.states] ?? app.status}”，不能签订责任书`);
    const digest = letterDigest(letter, app);
    const code = newVerificationCode();
    const now = new Date();
    await tx
      .update(capacityLetters)
      .set({ status: to, contentDigest: digest, verificationCode: code, frozenAt: now, updatedAt: now, rowVersion: sql`${capacityLetters.rowVersion} + 1` })
      .where(eq(capacityLetters.id, letter.id));
    const content = letter.content as CapacityLetterContent;
    const link = letterLink(app.id);
    for (const orgId of [app.associationId, app.societyId]) {
      await openTodo(tx, { kind: LETTER_SIGN_TODO, title: `签署${content.title}：${app.title}`, link, entityType: 'capacity_letter', entityId: letter.id, assigneeOrgId: orgId, permission: 'capacityLetter.sign' });
    }
    await notifyOrg(tx, app.societyId, { permission: 'capacityLetter.sign' }, { title: `${content.title}已定稿，请签署：${app.title}`, body: `校验码 ${code}`, link, entityType: 'capacity_letter', entityId: letter.id });
    await audit(tx, actor, opts.meta, app, { action: 'capacityLetter.freeze', id: letter.id, before: { status: letter.status }, after: { status: to, digest, verificationCode: code } });
  });
}

/** Both parties' users who follow the letter: those who sign it, the association's reviewers, the society's applicants. */
const LETTER_PARTIES: readonly Permission[] = ['capacityLetter.sign', 'capacityApplication.review', 'capacityApplication.submit'];

/**
 * A party signs with its organisation's key over the frozen digest. The second signature approves
 * the budget (FND-4): the letter signed, the application funded, the award in the fund ledger —
 * all in this transaction, or nothing (a refusal of the ledger refuses the signature).
 */
export async function signLetter(opts: { db: Db; cipher: FieldCipher; actor: Actor; meta: RequestMeta; id: string; rowVersion: number }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { letter, app: read, prog } = await loadLetter(tx, actor, opts.id, true);
    const party = letterPartyOf(actor, read);
    if (!party || !actor.permissions.has('capacityLetter.sign')) throw new AppError('FORBIDDEN', `责任书由${prog.associationName}和申报学会签署`);
    const signed = await letterSignatures(tx, letter.id);
    if (signed.some((s) => s.party === party)) throw new AppError('INVALID_STATE', `${letterPartyLabels[party]}已签署该责任书`);
    const completes = SIGNING_ORDER.every((p) => p === party || signed.some((s) => s.party === p));
    const to = applyEvent(letterLifecycle, letter.status, completes ? 'complete' : 'sign');
    if (letter.rowVersion !== opts.rowVersion) throw stale(letter.rowVersion);
    // the application is locked before anything is written: the final signature changes it
    const [app] = await tx.select().from(capacityApplications).where(eq(capacityApplications.id, read.id)).for('update');
    const digest = letterDigest(letter, app);
    if (letter.contentDigest !== digest) throw new AppError('INTERNAL', '责任书内容与冻结时的摘要不一致，已拒绝签署');
    const appTo = completes ? applyEvent(applicationLifecycle, app.status, 'fund') : null;
    const content = letter.content as CapacityLetterContent;
    const now = new Date();
    const sig = await signAsOrg(tx, opts.cipher, actor.orgId, digest);
    const inserted = await tx
      .insert(capacityLetterSignatures)
      .values({ letterId: letter.id, party, orgId: actor.orgId, keyId: sig.keyId, digest, signature: sig.signature, signerId: actor.userId, signerName: actor.displayName, signedAt: now })
      .onConflictDoNothing()
      .returning({ id: capacityLetterSignatures.id });
    if (!inserted.length) throw new AppError('INVALID_STATE', `${letterPartyLabels[party]}已签署该责任书`);
    const link = letterLink(app.id);
    let window: { approvedOn: string; windowEndsOn: string } | null = null;
    if (completes) {
      // FND-5: the award, in this transaction and before this use case's own audit rows (ledger.repo.ts)
      await recordFundEntry(tx, {
        actor,
        meta: opts.meta,
        programmeId: app.programmeId,
        fundCode: content.fund.code,
        entry: { kind: 'award', project: { kind: 'capacityApplication', id: app.id }, amountFen: letter.awardFen },
        societyId: app.societyId,
        note: `${content.title}：${app.title}`,
      });
      const approvedOn = chinaToday(now);
      window = { approvedOn, windowEndsOn: windowEndsOn(approvedOn, content.executionWindowMonths) };
      await tx
        .update(capacityApplications)
        .set({
          status: appTo!,
          approvedBudget: content.budget.map((l) => ({ category: l.category, item: l.item, amountFen: l.amountFen, note: l.note })),
          updatedAt: now,
          rowVersion: sql`${capacityApplications.rowVersion} + 1`,
        })
        .where(eq(capacityApplications.id, app.id));
    }
    const [updated] = await tx
      .update(capacityLetters)
      .set({ status: to, updatedAt: now, rowVersion: sql`${capacityLetters.rowVersion} + 1`, ...(window ? { ...window, signedAt: now } : {}) })
      .where(and(eq(capacityLetters.id, letter.id), eq(capacityLetters.rowVersion, opts.rowVersion)))
      .returning({ id: capacityLetters.id });
    if (!updated) throw stale(letter.rowVersion);
    await closeTodos(tx, { entityType: 'capacity_letter', entityId: letter.id, kind: LETTER_SIGN_TODO, assigneeOrgId: actor.orgId }, actor.userId);
    if (window) {
      for (const orgId of [app.associationId, app.societyId]) {
        await notifyOrg(tx, orgId, { permission: LETTER_PARTIES }, {
          title: `${content.title}已签署生效：${app.title}`,
          body: `资助 ${formatYuan(letter.awardFen)}，预算自 ${window.approvedOn} 起执行，执行期限至 ${window.windowEndsOn}。校验码 ${letter.verificationCode ?? ''}`,
          link,
          entityType: 'capacity_letter',
          entityId: letter.id,
        });
      }
    } else {
      const other = party === 'association' ? app.societyId : app.associationId;
      await notifyOrg(tx, other, { permission: 'capacityLetter.sign' }, { title: `${letterPartyLabels[party]}已签署${content.title}，请签署：${app.title}`, link, entityType: 'capacity_letter', entityId: letter.id });
    }
    await audit(tx, actor, opts.meta, app, {
      action: 'capacityLetter.sign',
      id: letter.id,
      before: { status: letter.status },
      after: { status: to, letterParty: party, digest, keyId: sig.keyId, ...(window ?? {}) },
    });
    if (window) {
      await appendAudit(tx, whoFromActor(actor, opts.meta), {
        action: 'capacityApplication.fund',
        entityType: 'capacity_application',
        entityId: app.id,
        orgId: app.societyId,
        orgPath: app.societyPath,
        before: { status: app.status },
        after: { status: appTo, awardFen: letter.awardFen, approvedOn: window.approvedOn, windowEndsOn: window.windowEndsOn },
      });
    }
  });
}
