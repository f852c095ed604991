// PRG-3: the programme-level work records of the association that runs a programme — meetings with
// minutes and decisions, numbered work briefings (disclosed on the public portal when chosen), and
// stage reports to the association one level up, due on the programme's `stageReportDue`.
// Only the programme's own association writes them (programmeRecord.manage); associations above it
// read them (the one level up receives the submitted stage reports). Every change is audited.
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../db/client.js';
import { briefings, organisations, programmeMeetings, programmes, stageReports } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { applyEvent, chinaToday } from '../../platform/transition.js';
import { endOfChinaDay, futureDayProblem } from '../../../domain/calendar-day.js';
import { closeTodos, deadlineFrom, openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { isInScope } from '../../../domain/access/roles.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { disclosureLifecycle } from '../../../domain/supervision/disclosure.lifecycle.js';
import { stageReportDueOn, stageReportLifecycle, type BriefingInput, type MeetingInput, type StageReportInput } from '../../../domain/supervision/programme-record.js';
import { linkAttachments } from '../supervision/approvals.js';
import { searchVector } from '../../platform/search.js';
import { assertProgrammeRowReadable } from '../programmes/programme-scope.js';

export type MeetingRow = typeof programmeMeetings.$inferSelect;
export type BriefingRow = typeof briefings.$inferSelect;
export type StageReportRow = typeof stageReports.$inferSelect;

export const STAGE_REPORT_TODO = 'stageReport.submit';
export const recordsLink = (programmeId: string, tab: 'meetings' | 'briefings' | 'stageReports') => `/app/programme-records?programmeId=${programmeId}&tab=${tab}`;

const parent = alias(organisations, 'parent');

export interface ProgrammeForRecords {
  id: string;
  name: string;
  status: string;
  associationId: string;
  associationName: string;
  associationPath: string;
  /** the association one level up (stage reports go there); null at the top of the tree */
  parentAssociation: { id: string; name: string } | null;
  parameters: ProgrammeParameters;
  /** the actor's own association runs the programme: it writes the records */
  mine: boolean;
}

/**
 * A programme whose records the actor may read: an association user whose scope holds the programme's
 * association (§4). With `write`, the actor must belong to that association and the programme must be
 * published; `lock` takes the programme row FOR UPDATE (serialises issue numbers and stage reports).
 */
export async function loadProgramme(db: DbOrTx, actor: Actor, programmeId: string, opts: { write?: boolean; lock?: boolean } = {}): Promise<ProgrammeForRecords> {
  if (opts.lock) await db.execute(sql`SELECT 1 FROM programmes WHERE id = ${programmeId} FOR UPDATE`);
  const [r] = await db
    .select({ p: programmes, associationName: organisations.name, associationPath: organisations.path, parentId: parent.id, parentName: parent.name, parentType: parent.type })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.associationId))
    .leftJoin(parent, eq(parent.id, organisations.parentId))
    .where(eq(programmes.id, programmeId));
  if (!r) throw new AppError('NOT_FOUND', '方案不存在');
  if (actor.orgType !== 'association' || !isInScope(actor.scopePath, r.associationPath)) {
    throw new AppError('OUT_OF_SCOPE', '该方案不在本单位数据范围内', { extra: { entityType: 'programme', entityId: programmeId } });
  }
  assertProgrammeRowReadable(actor, r); // issue 11 §1: a draft only to its own association's staff
  const mine = actor.orgId === r.p.associationId;
  if (opts.write) {
    if (!mine) throw new AppError('FORBIDDEN', `方案工作记录由${r.associationName}填写`);
    if (r.p.status === 'draft') throw new AppError('INVALID_STATE', '方案尚未发布，暂不能登记工作记录');
  }
  return {
    id: r.p.id,
    name: r.p.name,
    status: r.p.status,
    associationId: r.p.associationId,
    associationName: r.associationName,
    associationPath: r.associationPath,
    parentAssociation: r.parentId && r.parentType === 'association' ? { id: r.parentId, name: r.parentName ?? '' } : null,
    parameters: r.p.parameters as ProgrammeParameters,
    mine,
  };
}

function audit(tx: DbOrTx, actor: Actor, meta: RequestMeta, prog: ProgrammeForRecords, e: { action: string; entityType: string; id: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, whoFromActor(actor, meta), {
    action: e.action,
    entityType: e.entityType,
    entityId: e.id,
    orgId: prog.associationId,
    orgPath: prog.associationPath,
    before: e.before,
    after: e.after,
    reason: e.reason ?? null,
  });
}

const stale = (what: string, current: number) => new AppError('CONFLICT', `${what}已被他人修改，请刷新后重试`, { extra: { currentVersion: current } });

// ------------------------------------------------------------------------------------------------
// Meetings
// ------------------------------------------------------------------------------------------------

export async function listMeetings(db: DbOrTx, programmeId: string): Promise<MeetingRow[]> {
  return db.select().from(programmeMeetings).where(eq(programmeMeetings.programmeId, programmeId)).orderBy(desc(programmeMeetings.heldOn), desc(programmeMeetings.recordedAt));
}

export async function findMeeting(db: DbOrTx, id: string, lock = false): Promise<MeetingRow | undefined> {
  const q = db.select().from(programmeMeetings).where(eq(programmeMeetings.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** Issue 11 §5: a meeting is recorded once held — its day is not in the future. */
function assertHeld(input: MeetingInput): void {
  const problem = futureDayProblem(input.heldOn, chinaToday(), '会议日期');
  if (problem) throw validationError([{ path: 'body.heldOn', message: problem }]);
}

export async function recordMeeting(opts: { db: Db; actor: Actor; meta: RequestMeta; programmeId: string; input: MeetingInput }): Promise<string> {
  const { db, actor, input } = opts;
  assertHeld(input);
  return db.transaction(async (tx) => {
    const prog = await loadProgramme(tx, actor, opts.programmeId, { write: true, lock: true });
    const [row] = await tx
      .insert(programmeMeetings)
      .values({
        programmeId: prog.id,
        associationId: prog.associationId,
        associationPath: prog.associationPath,
        kind: input.kind,
        title: input.title,
        heldOn: input.heldOn,
        location: input.location ?? null,
        attendees: input.attendees,
        minutes: input.minutes,
        decisions: input.decisions,
        attachmentIds: input.attachmentIds,
        recordedBy: actor.userId,
      })
      .returning();
    await linkAttachments(tx, actor, input.attachmentIds, 'programme_meeting', row.id);
    await audit(tx, actor, opts.meta, prog, { action: 'meeting.record', entityType: 'programme_meeting', id: row.id, after: { kind: input.kind, title: input.title, heldOn: input.heldOn, decisions: input.decisions.length } });
    return row.id;
  });
}

export async function editMeeting(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; input: MeetingInput }): Promise<void> {
  const { db, actor, input } = opts;
  assertHeld(input);
  await db.transaction(async (tx) => {
    const first = await findMeeting(tx, opts.id);
    if (!first) throw new AppError('NOT_FOUND', '会议记录不存在');
    const prog = await loadProgramme(tx, actor, first.programmeId, { write: true, lock: true });
    const row = (await findMeeting(tx, opts.id, true))!;
    if (row.rowVersion !== opts.rowVersion) throw stale('会议记录', row.rowVersion);
    await linkAttachments(tx, actor, input.attachmentIds, 'programme_meeting', row.id, { previous: row.attachmentIds });
    await tx
      .update(programmeMeetings)
      .set({ kind: input.kind, title: input.title, heldOn: input.heldOn, location: input.location ?? null, attendees: input.attendees, minutes: input.minutes, decisions: input.decisions, attachmentIds: input.attachmentIds, rowVersion: sql`${programmeMeetings.rowVersion} + 1` })
      .where(eq(programmeMeetings.id, row.id));
    await audit(tx, actor, opts.meta, prog, {
      action: 'meeting.edit',
      entityType: 'programme_meeting',
      id: row.id,
      before: { title: row.title, heldOn: row.heldOn, minutes: row.minutes, decisions: row.decisions },
      after: { title: input.title, heldOn: input.heldOn, minutes: input.minutes, decisions: input.decisions },
    });
  });
}

// ------------------------------------------------------------------------------------------------
// Briefings
// ------------------------------------------------------------------------------------------------

export async function listBriefings(db: DbOrTx, programmeId: string): Promise<BriefingRow[]> {
  return db.select().from(briefings).where(eq(briefings.programmeId, programmeId)).orderBy(desc(briefings.issueNo));
}

export async function findBriefing(db: DbOrTx, id: string, lock = false): Promise<BriefingRow | undefined> {
  const q = db.select().from(briefings).where(eq(briefings.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

async function assertIssueFree(tx: DbOrTx, programmeId: string, issueNo: number, exceptId: string | null): Promise<void> {
  const [taken] = await tx.select({ id: briefings.id }).from(briefings).where(and(eq(briefings.programmeId, programmeId), eq(briefings.issueNo, issueNo)));
  if (taken && taken.id !== exceptId) throw validationError([{ path: 'body.issueNo', message: `第 ${issueNo} 期简报已存在，请换一个期号` }]);
}

export async function createBriefing(opts: { db: Db; actor: Actor; meta: RequestMeta; programmeId: string; input: BriefingInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const prog = await loadProgramme(tx, actor, opts.programmeId, { write: true, lock: true });
    await assertIssueFree(tx, prog.id, input.issueNo, null);
    const now = new Date();
    const disclosure = input.disclose ? applyEvent(disclosureLifecycle, 'internal', 'publish') : 'internal';
    const [row] = await tx
      .insert(briefings)
      .values({
        programmeId: prog.id,
        associationId: prog.associationId,
        associationPath: prog.associationPath,
        issueNo: input.issueNo,
        title: input.title,
        issuedOn: input.issuedOn,
        body: input.body,
        attachmentIds: input.attachmentIds,
        disclosure,
        publishedAt: input.disclose ? now : null,
        publishedBy: input.disclose ? actor.userId : null,
        // searchable while on the portal (title and body, as the portal shows them)
        search: input.disclose ? briefingVector(input) : null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await linkAttachments(tx, actor, input.attachmentIds, 'briefing', row.id);
    await audit(tx, actor, opts.meta, prog, { action: 'briefing.create', entityType: 'briefing', id: row.id, after: { issueNo: input.issueNo, title: input.title, disclosure } });
    return row.id;
  });
}

async function lockBriefing(tx: DbOrTx, actor: Actor, id: string) {
  const first = await findBriefing(tx, id);
  if (!first) throw new AppError('NOT_FOUND', '简报不存在');
  const prog = await loadProgramme(tx, actor, first.programmeId, { write: true, lock: true });
  return { prog, row: (await findBriefing(tx, id, true))! };
}

export async function editBriefing(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; input: Omit<BriefingInput, 'disclose'> }): Promise<void> {
  const { db, actor, input } = opts;
  await db.transaction(async (tx) => {
    const { prog, row } = await lockBriefing(tx, actor, opts.id);
    if (row.rowVersion !== opts.rowVersion) throw stale('简报', row.rowVersion);
    await assertIssueFree(tx, prog.id, input.issueNo, row.id);
    await linkAttachments(tx, actor, input.attachmentIds, 'briefing', row.id, { previous: row.attachmentIds });
    await tx
      .update(briefings)
      .set({
        issueNo: input.issueNo,
        title: input.title,
        issuedOn: input.issuedOn,
        body: input.body,
        attachmentIds: input.attachmentIds,
        // a briefing edited while on the portal is found by its new words
        ...(row.disclosure === 'published' ? { search: briefingVector(input) } : {}),
        updatedAt: new Date(),
        rowVersion: sql`${briefings.rowVersion} + 1`,
      })
      .where(eq(briefings.id, row.id));
    await audit(tx, actor, opts.meta, prog, {
      action: 'briefing.edit',
      entityType: 'briefing',
      id: row.id,
      before: { issueNo: row.issueNo, title: row.title, issuedOn: row.issuedOn, body: row.body },
      after: { issueNo: input.issueNo, title: input.title, issuedOn: input.issuedOn, body: input.body },
    });
  });
}

/** a published briefing's search vector — its title and body, what the portal shows. */
export const briefingVector = (b: { title: string; body: string }) => searchVector(b.title, b.body);

/** PUB-1: publish a briefing on the portal, or withdraw it from there (with a reason); the search vector follows. */
export async function changeBriefingDisclosure(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; event: 'publish' | 'withdraw'; reason?: string }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { prog, row } = await lockBriefing(tx, actor, opts.id);
    const to = applyEvent(disclosureLifecycle, row.disclosure, opts.event);
    if (row.rowVersion !== opts.rowVersion) throw stale('简报', row.rowVersion);
    const now = new Date();
    await tx
      .update(briefings)
      .set({
        disclosure: to,
        ...(opts.event === 'publish' ? { publishedAt: now, publishedBy: actor.userId, withdrawnAt: null, search: briefingVector(row) } : { withdrawnAt: now, search: null }),
        updatedAt: now,
        rowVersion: sql`${briefings.rowVersion} + 1`,
      })
      .where(eq(briefings.id, row.id));
    await audit(tx, actor, opts.meta, prog, {
      action: opts.event === 'publish' ? 'briefing.publish' : 'briefing.withdrawDisclosure',
      entityType: 'briefing',
      id: row.id,
      before: { disclosure: row.disclosure },
      after: { disclosure: to },
      reason: opts.reason ?? null,
    });
  });
}

// ------------------------------------------------------------------------------------------------
// Stage reports
// ------------------------------------------------------------------------------------------------

export async function listStageReports(db: DbOrTx, programmeId: string, includeDrafts: boolean): Promise<StageReportRow[]> {
  return db
    .select()
    .from(stageReports)
    .where(and(eq(stageReports.programmeId, programmeId), includeDrafts ? undefined : eq(stageReports.status, 'submitted')))
    .orderBy(desc(stageReports.year), desc(stageReports.createdAt));
}

export async function findStageReport(db: DbOrTx, id: string, lock = false): Promise<StageReportRow | undefined> {
  const q = db.select().from(stageReports).where(eq(stageReports.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

function dueOf(prog: ProgrammeForRecords, input: StageReportInput): string | null {
  return stageReportDueOn(prog.parameters.stageReportDue, input.year, input.dueOn ?? null);
}

export async function createStageReport(opts: { db: Db; actor: Actor; meta: RequestMeta; programmeId: string; input: StageReportInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const prog = await loadProgramme(tx, actor, opts.programmeId, { write: true, lock: true });
    const dueOn = dueOf(prog, input);
    const [row] = await tx
      .insert(stageReports)
      .values({
        programmeId: prog.id,
        associationId: prog.associationId,
        associationPath: prog.associationPath,
        recipientOrgId: prog.parentAssociation?.id ?? null,
        year: input.year,
        period: input.period,
        dueOn,
        title: input.title,
        body: input.body,
        attachmentIds: input.attachmentIds,
        status: 'draft',
        createdBy: actor.userId,
      })
      .returning();
    await linkAttachments(tx, actor, input.attachmentIds, 'stage_report', row.id);
    await openTodo(tx, {
      kind: STAGE_REPORT_TODO,
      title: `报送阶段报告（${input.year}年${input.period}）：${prog.name}`,
      link: recordsLink(prog.id, 'stageReports'),
      entityType: 'stage_report',
      entityId: row.id,
      assigneeOrgId: prog.associationId,
      permission: 'programmeRecord.manage',
      // the due day's end; once it has passed, the association's days from now (issue 11 §5, PRG-2)
      dueAt: dueOn ? deadlineFrom(endOfChinaDay(dueOn), prog.parameters.selectionDays.review) : null,
    });
    await audit(tx, actor, opts.meta, prog, { action: 'stageReport.create', entityType: 'stage_report', id: row.id, after: { year: input.year, period: input.period, dueOn, title: input.title } });
    return row.id;
  });
}

async function lockStageReport(tx: DbOrTx, actor: Actor, id: string) {
  const first = await findStageReport(tx, id);
  if (!first) throw new AppError('NOT_FOUND', '阶段报告不存在');
  const prog = await loadProgramme(tx, actor, first.programmeId, { write: true, lock: true });
  return { prog, row: (await findStageReport(tx, id, true))! };
}

export async function editStageReport(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; input: StageReportInput }): Promise<void> {
  const { db, actor, input } = opts;
  await db.transaction(async (tx) => {
    const { prog, row } = await lockStageReport(tx, actor, opts.id);
    applyEvent(stageReportLifecycle, row.status, 'edit');
    if (row.rowVersion !== opts.rowVersion) throw stale('阶段报告', row.rowVersion);
    const dueOn = dueOf(prog, input);
    await linkAttachments(tx, actor, input.attachmentIds, 'stage_report', row.id, { previous: row.attachmentIds });
    await tx
      .update(stageReports)
      .set({ year: input.year, period: input.period, dueOn, title: input.title, body: input.body, attachmentIds: input.attachmentIds, updatedAt: new Date(), rowVersion: sql`${stageReports.rowVersion} + 1` })
      .where(eq(stageReports.id, row.id));
    await audit(tx, actor, opts.meta, prog, {
      action: 'stageReport.edit',
      entityType: 'stage_report',
      id: row.id,
      before: { year: row.year, period: row.period, dueOn: row.dueOn, title: row.title, body: row.body },
      after: { year: input.year, period: input.period, dueOn, title: input.title, body: input.body },
    });
  });
}

export async function submitStageReport(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { prog, row } = await lockStageReport(tx, actor, opts.id);
    const to = applyEvent(stageReportLifecycle, row.status, 'submit');
    if (row.rowVersion !== opts.rowVersion) throw stale('阶段报告', row.rowVersion);
    const now = new Date();
    const recipient = prog.parentAssociation;
    await tx
      .update(stageReports)
      .set({ status: to, recipientOrgId: recipient?.id ?? null, submittedBy: actor.userId, submittedAt: now, updatedAt: now, rowVersion: sql`${stageReports.rowVersion} + 1` })
      .where(eq(stageReports.id, row.id));
    await closeTodos(tx, { entityType: 'stage_report', entityId: row.id, kind: STAGE_REPORT_TODO }, actor.userId);
    if (recipient) {
      await notifyOrg(tx, recipient.id, { permission: 'programmeRecord.manage' }, { title: `${prog.associationName}报送阶段报告：${row.title}`, body: `${prog.name}（${row.year}年${row.period}）`, link: `/app/programme-records?tab=received`, entityType: 'stage_report', entityId: row.id });
    }
    await audit(tx, actor, opts.meta, prog, { action: 'stageReport.submit', entityType: 'stage_report', id: row.id, before: { status: row.status }, after: { status: to, recipientOrgId: recipient?.id ?? null, dueOn: row.dueOn } });
  });
}

/** Entity types under which the programme records link their files. */
export const programmeRecordAttachmentEntities = ['programme_meeting', 'briefing', 'stage_report'] as const;
export type ProgrammeRecordAttachmentEntity = (typeof programmeRecordAttachmentEntities)[number];

/** the associations that may read a programme's records may download their files (a draft stage report: its own association only). */
export async function assertMayReadProgrammeRecordAttachment(db: DbOrTx, actor: Actor, entityType: ProgrammeRecordAttachmentEntity, entityId: string): Promise<void> {
  const tbl = { programme_meeting: programmeMeetings, briefing: briefings, stage_report: stageReports }[entityType];
  const [r] = await db.select({ programmeId: tbl.programmeId }).from(tbl).where(eq(tbl.id, entityId));
  if (!r) throw new AppError('NOT_FOUND', '附件不存在');
  const prog = await loadProgramme(db, actor, r.programmeId);
  if (entityType === 'stage_report' && !prog.mine) {
    const sr = await findStageReport(db, entityId);
    if (sr?.status !== 'submitted') throw new AppError('OUT_OF_SCOPE', '无权下载该附件', { extra: { entityType: 'attachment', entityId } });
  }
}
