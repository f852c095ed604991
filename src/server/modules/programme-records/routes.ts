// PRG-3 routes: meetings with minutes and decisions, work briefings (and their disclosure on the
// portal), stage reports to the association one level up. Every GET returns the actions the
// reading user may take.
import { z } from 'zod';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { AppError } from '../../platform/errors.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf } from '../../http/paging.js';
import { chinaToday } from '../../platform/transition.js';
import { chinaDayOf } from '../../../domain/calendar-day.js';
import type { Actor } from '../../platform/actor.js';
import type { DbOrTx } from '../../db/client.js';
import { organisations, programmes, stageReports } from '../../db/schema.js';
import { ZBriefingInput, ZMeetingInput, ZStageReportInput, isStageReportLate, meetingKindLabels, nextIssueNo, stageReportLifecycle, type MeetingKind, type StageReportState } from '../../../domain/supervision/programme-record.js';
import type { ProgrammeState } from '../../../domain/programme/programme.lifecycle.js';
import {
  ZBriefing,
  ZBriefingList,
  ZMeeting,
  ZMeetingList,
  ZReceivedStageReports,
  ZRecordsProgrammeOptions,
  ZStageReport,
  ZStageReportList,
  type Briefing,
  type Meeting,
  type RecordsProgramme,
  type StageReport,
} from '../../../contract/records.js';
import { ZWithdrawDisclosureInput, disclosureLifecycle, type DisclosureState } from '../../../domain/supervision/disclosure.lifecycle.js';
import { attachmentsOf, type AttachmentInfo } from '../supervision/approvals.js';
import { programmeReadScope } from '../programmes/programme-scope.js';
import {
  changeBriefingDisclosure,
  createBriefing,
  createStageReport,
  editBriefing,
  editMeeting,
  editStageReport,
  findBriefing,
  findMeeting,
  findStageReport,
  listBriefings,
  listMeetings,
  listStageReports,
  loadProgramme,
  recordMeeting,
  submitStageReport,
  type BriefingRow,
  type MeetingRow,
  type ProgrammeForRecords,
  type StageReportRow,
} from './records.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZRowVersion = z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确');

const canWrite = (actor: Actor, prog: ProgrammeForRecords) => prog.mine && prog.status !== 'draft' && actor.permissions.has('programmeRecord.manage');

function meetingView(m: MeetingRow, prog: ProgrammeForRecords, actor: Actor, files: AttachmentInfo[]): Meeting {
  return {
    id: m.id,
    programmeId: m.programmeId,
    kind: m.kind as MeetingKind,
    kindLabel: meetingKindLabels[m.kind as MeetingKind] ?? m.kind,
    title: m.title,
    heldOn: m.heldOn,
    location: m.location,
    attendees: m.attendees,
    minutes: m.minutes,
    decisions: m.decisions as { text: string; owner?: string | null; dueOn?: string | null }[],
    attachments: files,
    recordedAt: m.recordedAt.toISOString(),
    rowVersion: m.rowVersion,
    actions: canWrite(actor, prog) ? ['edit'] : [],
  };
}

function briefingView(b: BriefingRow, prog: ProgrammeForRecords, actor: Actor, files: AttachmentInfo[]): Briefing {
  const actions: Briefing['actions'] = [];
  if (canWrite(actor, prog)) {
    actions.push('edit');
    if (b.disclosure !== 'published') actions.push('publish');
    else actions.push('withdrawDisclosure');
  }
  return {
    id: b.id,
    programmeId: b.programmeId,
    issueNo: b.issueNo,
    title: b.title,
    issuedOn: b.issuedOn,
    body: b.body,
    disclosure: b.disclosure as DisclosureState,
    disclosureLabel: disclosureLifecycle.states[b.disclosure as DisclosureState] ?? b.disclosure,
    publishedAt: b.publishedAt?.toISOString() ?? null,
    withdrawnAt: b.withdrawnAt?.toISOString() ?? null,
    attachments: files,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    rowVersion: b.rowVersion,
    actions,
  };
}

function stageReportView(r: StageReportRow, prog: Pick<ProgrammeForRecords, 'name' | 'associationName'> & { writable: boolean }, files: AttachmentInfo[], recipientName: string | null): StageReport {
  const submittedOn = r.submittedAt ? chinaDayOf(r.submittedAt) : null;
  return {
    id: r.id,
    programmeId: r.programmeId,
    programmeName: prog.name,
    associationId: r.associationId,
    associationName: prog.associationName,
    recipientId: r.recipientOrgId,
    recipientName,
    year: r.year,
    period: r.period,
    dueOn: r.dueOn,
    title: r.title,
    body: r.body,
    status: r.status as StageReportState,
    statusLabel: stageReportLifecycle.states[r.status as StageReportState] ?? r.status,
    late: isStageReportLate({ dueOn: r.dueOn, status: r.status as StageReportState, submittedOn }, chinaToday()),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    attachments: files,
    createdAt: r.createdAt.toISOString(),
    rowVersion: r.rowVersion,
    actions: prog.writable && r.status === 'draft' ? ['edit', 'submit'] : [],
  };
}

async function filesFor<T extends { attachmentIds: string[] }>(db: DbOrTx, rows: T[]) {
  const all = await attachmentsOf(db, [...new Set(rows.flatMap((r) => r.attachmentIds))]);
  return (r: T) => r.attachmentIds.map((id) => all.find((a) => a.id === id)).filter((a) => !!a);
}

export async function programmeRecordRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['方案工作记录'];
  const guard = requirePermission('programmeRecord.manage');

  const programmeHeader = (prog: ProgrammeForRecords, actor: Actor): { programme: RecordsProgramme; actions: 'create'[]; nextCursor: null } => ({
    programme: {
      id: prog.id,
      name: prog.name,
      status: prog.status as ProgrammeState,
      associationId: prog.associationId,
      associationName: prog.associationName,
      parentAssociationId: prog.parentAssociation?.id ?? null,
      parentAssociationName: prog.parentAssociation?.name ?? null,
      stageReportDue: prog.parameters.stageReportDue,
    },
    actions: canWrite(actor, prog) ? ['create'] : [],
    nextCursor: null,
  });

  // ---------------------------------------------------------------- meetings
  async function meetingOne(actor: Actor, id: string) {
    const m = await findMeeting(db, id);
    if (!m) throw new AppError('NOT_FOUND', '会议记录不存在');
    const prog = await loadProgramme(db, actor, m.programmeId);
    return meetingView(m, prog, actor, (await filesFor(db, [m]))(m));
  }

  app.get('/api/v1/programmes/:id/meetings', { schema: { tags, summary: '方案的领导小组会议和工作例会（纪要、议定事项）', params: ZId, response: { 200: ZMeetingList } }, preHandler: guard }, async (req) => {
    const actor = requireActor(req);
    const prog = await loadProgramme(db, actor, req.params.id);
    const rows = await listMeetings(db, prog.id);
    const files = await filesFor(db, rows);
    return { ...programmeHeader(prog, actor), items: rows.map((m) => meetingView(m, prog, actor, files(m))) };
  });
  app.get('/api/v1/meetings/:id', { schema: { tags, summary: '会议记录详情', params: ZId, response: { 200: ZMeeting } }, preHandler: guard }, async (req) => meetingOne(requireActor(req), req.params.id));
  app.post('/api/v1/programmes/:id/meetings', { schema: { tags, summary: '登记会议（纪要和议定事项，PRG-3）', params: ZId, body: ZMeetingInput, response: { 201: ZMeeting } }, preHandler: guard }, async (req, reply) => {
    const actor = requireActor(req);
    const id = await recordMeeting({ db, actor, meta: metaOf(req), programmeId: req.params.id, input: req.body });
    return reply.status(201).header('Location', `/api/v1/meetings/${id}`).send(await meetingOne(actor, id));
  });
  app.put('/api/v1/meetings/:id', { schema: { tags, summary: '修改会议记录', params: ZId, body: ZMeetingInput.extend({ rowVersion: ZRowVersion }).strict(), response: { 200: ZMeeting } }, preHandler: guard }, async (req) => {
    const actor = requireActor(req);
    const { rowVersion, ...input } = req.body;
    await editMeeting({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion, input });
    return meetingOne(actor, req.params.id);
  });

  // ---------------------------------------------------------------- briefings
  async function briefingOne(actor: Actor, id: string) {
    const b = await findBriefing(db, id);
    if (!b) throw new AppError('NOT_FOUND', '简报不存在');
    const prog = await loadProgramme(db, actor, b.programmeId);
    return briefingView(b, prog, actor, (await filesFor(db, [b]))(b));
  }

  app.get('/api/v1/programmes/:id/briefings', { schema: { tags, summary: '方案的工作简报（期号、公开情况）', params: ZId, response: { 200: ZBriefingList } }, preHandler: guard }, async (req) => {
    const actor = requireActor(req);
    const prog = await loadProgramme(db, actor, req.params.id);
    const rows = await listBriefings(db, prog.id);
    const files = await filesFor(db, rows);
    return { ...programmeHeader(prog, actor), nextIssueNo: nextIssueNo(rows.map((r) => r.issueNo)), items: rows.map((b) => briefingView(b, prog, actor, files(b))) };
  });
  app.get('/api/v1/briefings/:id', { schema: { tags, summary: '简报详情', params: ZId, response: { 200: ZBriefing } }, preHandler: guard }, async (req) => briefingOne(requireActor(req), req.params.id));
  app.post('/api/v1/programmes/:id/briefings', { schema: { tags, summary: '编发工作简报（可同时在门户公开）', params: ZId, body: ZBriefingInput, response: { 201: ZBriefing } }, preHandler: guard }, async (req, reply) => {
    const actor = requireActor(req);
    const id = await createBriefing({ db, actor, meta: metaOf(req), programmeId: req.params.id, input: req.body });
    return reply.status(201).header('Location', `/api/v1/briefings/${id}`).send(await briefingOne(actor, id));
  });
  app.put('/api/v1/briefings/:id', { schema: { tags, summary: '修改简报（公开状态不变）', params: ZId, body: ZBriefingInput.omit({ disclose: true }).extend({ rowVersion: ZRowVersion }).strict(), response: { 200: ZBriefing } }, preHandler: guard }, async (req) => {
    const actor = requireActor(req);
    const { rowVersion, ...input } = req.body;
    await editBriefing({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion, input });
    return briefingOne(actor, req.params.id);
  });
  app.post('/api/v1/briefings/:id/publish', { schema: { tags, summary: '在门户网站公开简报（PUB-1）', params: ZId, body: z.object({ rowVersion: ZRowVersion }).strict(), response: { 200: ZBriefing } }, preHandler: guard }, async (req) => {
    const actor = requireActor(req);
    await changeBriefingDisclosure({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, event: 'publish' });
    return briefingOne(actor, req.params.id);
  });
  app.post(
    '/api/v1/briefings/:id/withdraw-disclosure',
    { schema: { tags, summary: '从门户网站撤回公开的简报（须说明原因）', params: ZId, body: ZWithdrawDisclosureInput.extend({ rowVersion: ZRowVersion }).strict(), response: { 200: ZBriefing } }, preHandler: guard },
    async (req) => {
      const actor = requireActor(req);
      await changeBriefingDisclosure({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, event: 'withdraw', reason: req.body.reason });
      return briefingOne(actor, req.params.id);
    },
  );

  // ---------------------------------------------------------------- stage reports
  async function stageReportOne(actor: Actor, id: string) {
    const r = await findStageReport(db, id);
    if (!r) throw new AppError('NOT_FOUND', '阶段报告不存在');
    const prog = await loadProgramme(db, actor, r.programmeId);
    if (r.status === 'draft' && !prog.mine) throw new AppError('NOT_FOUND', '阶段报告不存在');
    return stageReportView(r, { ...prog, writable: canWrite(actor, prog) }, (await filesFor(db, [r]))(r), prog.parentAssociation?.name ?? null);
  }

  app.get('/api/v1/programmes/:id/stage-reports', { schema: { tags, summary: '方案的阶段报告（报送上一级科协）', params: ZId, response: { 200: ZStageReportList } }, preHandler: guard }, async (req) => {
    const actor = requireActor(req);
    const prog = await loadProgramme(db, actor, req.params.id);
    const rows = await listStageReports(db, prog.id, prog.mine);
    const files = await filesFor(db, rows);
    const p = { ...prog, writable: canWrite(actor, prog) };
    return { ...programmeHeader(prog, actor), items: rows.map((r) => stageReportView(r, p, files(r), prog.parentAssociation?.name ?? null)) };
  });
  // Newest first, key-based on (submitted_at, id) over stage_reports_received_idx; the total only when asked.
  app.get(
    '/api/v1/stage-reports/received',
    { schema: { tags, summary: '下级科协报送本单位的阶段报告', querystring: z.object({ ...ZPageQuery }).strict(), response: { 200: ZReceivedStageReports } }, preHandler: guard },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const where = and(eq(stageReports.recipientOrgId, actor.orgId), eq(stageReports.status, 'submitted'), programmeReadScope(actor))!;
      const rows = await db
        .select({ r: stageReports, programmeName: programmes.name, associationName: organisations.name, key: timeKeyOf(stageReports.submittedAt) })
        .from(stageReports)
        .innerJoin(programmes, eq(programmes.id, stageReports.programmeId))
        .innerJoin(organisations, eq(organisations.id, stageReports.associationId))
        .where(and(where, beforeTimeKey(stageReports.submittedAt, stageReports.id, after)))
        .orderBy(desc(stageReports.submittedAt), desc(stageReports.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(stageReports).innerJoin(programmes, eq(programmes.id, stageReports.programmeId)).where(where));
      const page = toPage(rows, q.limit, total, (x) => [x.key, x.r.id]);
      const files = await filesFor(db, page.items.map((x) => x.r));
      return { ...page, items: page.items.map((x) => stageReportView(x.r, { name: x.programmeName, associationName: x.associationName, writable: false }, files(x.r), actor.orgName)) };
    },
  );
  app.get('/api/v1/stage-reports/:id', { schema: { tags, summary: '阶段报告详情', params: ZId, response: { 200: ZStageReport } }, preHandler: guard }, async (req) => stageReportOne(requireActor(req), req.params.id));
  app.post('/api/v1/programmes/:id/stage-reports', { schema: { tags, summary: '起草阶段报告（报送期限按方案参数计算）', params: ZId, body: ZStageReportInput, response: { 201: ZStageReport } }, preHandler: guard }, async (req, reply) => {
    const actor = requireActor(req);
    const id = await createStageReport({ db, actor, meta: metaOf(req), programmeId: req.params.id, input: req.body });
    return reply.status(201).header('Location', `/api/v1/stage-reports/${id}`).send(await stageReportOne(actor, id));
  });
  app.put('/api/v1/stage-reports/:id', { schema: { tags, summary: '修改起草中的阶段报告', params: ZId, body: ZStageReportInput.extend({ rowVersion: ZRowVersion }).strict(), response: { 200: ZStageReport } }, preHandler: guard }, async (req) => {
    const actor = requireActor(req);
    const { rowVersion, ...input } = req.body;
    await editStageReport({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion, input });
    return stageReportOne(actor, req.params.id);
  });
  app.post('/api/v1/stage-reports/:id/submit', { schema: { tags, summary: '报送上一级科协', params: ZId, body: z.object({ rowVersion: ZRowVersion }).strict(), response: { 200: ZStageReport } }, preHandler: guard }, async (req) => {
    const actor = requireActor(req);
    await submitStageReport({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
    return stageReportOne(actor, req.params.id);
  });

  // the programmes whose records the user may keep or read (the page's picker)
  app.get('/api/v1/programme-records/programmes', { schema: { tags, summary: '可登记或查阅工作记录的方案', response: { 200: ZRecordsProgrammeOptions } }, preHandler: guard }, async (req) => {
    const actor = requireActor(req);
    const rows = await db
      .select({ id: programmes.id, name: programmes.name, year: programmes.year, status: programmes.status, associationId: programmes.associationId, associationName: organisations.name })
      .from(programmes)
      .innerJoin(organisations, eq(organisations.id, programmes.associationId))
      .where(and(inArray(programmes.status, ['published', 'closed']), programmeReadScope(actor), actor.orgType === 'association' ? sql`${organisations.path} LIKE ${actor.scopePath.replace(/[%_\\]/g, '\\$&') + '%'}` : sql`false`))
      .orderBy(desc(programmes.year), desc(programmes.createdAt))
      .limit(200);
    return { items: rows.map((r) => ({ id: r.id, name: r.name, year: r.year, status: r.status as ProgrammeState, associationId: r.associationId, associationName: r.associationName, mine: r.associationId === actor.orgId })), nextCursor: null };
  });
}
