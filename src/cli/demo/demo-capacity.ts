// Issue 13 demo: 济南市科协's capacity-improvement plan (preset 003, co-managed by 济南市财政局) run
// through the same use cases as the API, each step by the user who would take it. Two yearly calls:
//  - this year's call, closed: four applications through the expert review (five experts each),
//    ranked, decided jointly (one type's quota left one application out); the results on public
//    notice, one objection from the public handled (not upheld), the notice closed by its job; the
//    three funded projects' responsibility letters signed by both parties and their expenses recorded
//    (one attempt in a forbidden category refused, which the use case audits); then
//     · 中小企业科技评价服务 (济南市科技咨询协会): evaluated, on an evaluation notice that closed,
//       disbursed, its acceptance failed (confirmed by 济南市财政局), the funds recovered with the
//       responsibility found and the programme's 2-year debarment written into the society's facts;
//     · 装备制造中小企业技术诊断服务 (济南市机械工程学会): the same evaluation notice, disbursed, accepted;
//     · 黄河流域装备制造高端学术论坛 (济南市机械工程学会): evaluated, on a second evaluation notice still
//       open with one public objection waiting for 济南市科协, and a fixed-asset expense to be checked;
//  - next year's call, open: one application awaiting the formal review, one returned for
//    correction (its society, debarred since, sees the debarment as the reason it cannot resubmit),
//    one that passed and awaits its experts, one under expert review with two of five sheets in, and
//    a draft of 济南市中医药研究会 that its older debarment blocks. Next year's applications are
//    written before the debarment, as they were submitted before it.
// The use cases read the real clock: every date is the day the demo is written. A notice is closed
// by its job (closeDueNotices) run with a moment after the notice's last day — the only thing dated
// ahead; no other notice is open at that point. The fund's yearly budget is entered in the ledger.
// The README lists who acts next. Only the full demo (`npm start`) runs this; the test template
// keeps 济南's programme a draft.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../server/db/client.js';
import {
  capacityAcceptances,
  capacityApplications,
  capacityDecisions,
  capacityEvaluations,
  capacityExpertAssignments,
  capacityLetters,
  capacityNotices,
  capacityObjections,
  fundProjectBalances,
  organisations,
  userRoles,
  users,
} from '../../server/db/schema.js';
import type { FieldCipher } from '../../server/platform/crypto/field-cipher.js';
import type { Actor, RequestMeta } from '../../server/platform/actor.js';
import { permissionsOf, scopeRootPath } from '../../domain/access/roles.js';
import { createUser } from '../../server/modules/users/save-user.js';
import { changeProgrammeState, updateProgramme } from '../../server/modules/programmes/save-programme.js';
import { findProgramme } from '../../server/modules/programmes/programmes.repo.js';
import { changeCall, createCall, findCall } from '../../server/modules/capacity/calls.js';
import { createApplication, reviewApplication, submitApplication } from '../../server/modules/capacity/applications.js';
import { acceptAssignment, drawForApplication, proposeDecision, settleDecision, submitSheet } from '../../server/modules/capacity/expert-review.js';
import { recordBudget } from '../../server/modules/funds/funds.js';
import { fileObjection, handleObjection, publishResultNotice } from '../../server/modules/capacity/notices.js';
import { closeDueNotices } from '../../server/modules/capacity/close-notices.js';
import { draftLetter, editLetter, freezeLetter, signLetter } from '../../server/modules/capacity/letters.js';
import type { CapacityLetterContent, CapacityLetterEdit } from '../../contract/capacity-letters.js';
import { recordExpense, type ExpenseInput } from '../../server/modules/capacity/implementation.js';
import { disburse, proposeEvaluation, publishEvaluationNotice, settleEvaluation } from '../../server/modules/capacity/evaluation.js';
import { proposeAcceptance, recordRecovery, settleAcceptance } from '../../server/modules/capacity/closing.js';
import { AppError } from '../../server/platform/errors.js';
import { addDays } from '../../server/platform/transition.js';
import { chinaDayOf, endOfChinaDay } from '../../domain/calendar-day.js';
import { outstandingOf } from '../../domain/capacity/closing.js';
import type { ProgrammeParameters } from '../../domain/programme/programme.types.js';
import type { DemoUser } from './demo.js';

const meta: RequestMeta = { ip: null, requestId: 'demo-seed' };
const checklist = ['meets_conditions', 'form_compliant', 'truthful_complete', 'materials_complete', 'budget_reasonable'];

export const CAPACITY_SOCIETY_USERS: [username: string, displayName: string, society: string][] = [
  ['jnjixie.user', '孙立', '济南市机械工程学会'],
  ['jnzixun.user', '周敏', '济南市科技咨询协会'],
  ['jnzyy.user', '韩冰', '济南市中医药研究会'],
];

/** A user's actor as the server would build it at login: their roles, organisation and data scope. */
async function actorOf(db: Db, username: string): Promise<Actor> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  const [o] = await db.select().from(organisations).where(eq(organisations.id, u.orgId));
  const roles = (await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, u.id))).map((r) => r.role);
  return {
    userId: u.id,
    username,
    displayName: u.displayName,
    orgId: o.id,
    orgName: o.name,
    orgType: o.type,
    orgPath: o.path,
    roles,
    permissions: permissionsOf(roles),
    scopePath: scopeRootPath(o),
    sessionIdHash: 'demo-seed',
    csrfToken: 'demo-seed',
    needsTotpEnrollment: false,
    totpEnabled: false,
  };
}

const rowVersion = async (db: Db, id: string) => (await db.select({ v: capacityApplications.rowVersion }).from(capacityApplications).where(eq(capacityApplications.id, id)))[0].v;

export async function seedCapacityFlow(db: Db, cipher: FieldCipher, opts: { programmeId: string; year: number; today: string; orgs: Record<string, string>; demoUsers: DemoUser[] }): Promise<void> {
  const jinan = await actorOf(db, 'jinan.admin');
  const jncz = await actorOf(db, 'jncz.user');

  // the societies' secretaries, created by 济南市科协 like any user
  let k = 0;
  for (const [username, displayName, society] of CAPACITY_SOCIETY_USERS) {
    k++;
    await createUser({
      db,
      cipher,
      actor: jinan,
      meta,
      input: { orgId: opts.orgs[society], username, displayName, password: 'Chengjie@2026', roles: ['society_admin'], phone: `1370531${String(5000 + k)}`, email: `${username.replace('.', '_')}@example.cn` } as never,
    });
    opts.demoUsers.push({ username, displayName, role: 'society_admin', orgName: society });
  }
  const society = { jixie: await actorOf(db, 'jnjixie.user'), zixun: await actorOf(db, 'jnzixun.user'), zyy: await actorOf(db, 'jnzyy.user') };

  // the programme names 济南's own fund (the preset carries 益阳's name), then is published
  const row = (await findProgramme(db, opts.programmeId))!;
  const params = row.p.parameters as ProgrammeParameters;
  const funds = params.funds.map((f) => (f.code === 'capacity_special_fund' ? { ...f, name: '济南市科协学会服务能力提升计划专项资金', source: '市级财政预算安排' } : f));
  const updated = await updateProgramme({ db, actor: jinan, meta, id: opts.programmeId, input: { version: row.p.version, parameters: { ...params, funds } } as never });
  await changeProgrammeState({ db, actor: jinan, meta, id: opts.programmeId, event: 'publish', version: (updated as { version: number }).version, confirmPastStages: true });
  await recordBudget({ db, actor: jinan, meta, programmeId: opts.programmeId, fundCode: 'capacity_special_fund', amountFen: 60_000_000, note: `${opts.year}年度市级财政安排学会服务能力提升计划专项资金` });

  const today = opts.today;
  const objectionVersion = async (id: string) => (await db.select({ v: capacityObjections.rowVersion }).from(capacityObjections).where(eq(capacityObjections.id, id)))[0].v;
  const letterVersion = async (id: string) => (await db.select({ v: capacityLetters.rowVersion }).from(capacityLetters).where(eq(capacityLetters.id, id)))[0].v;
  /** The notice job (close-notices.ts) as it runs once the notice's last day is over; no other notice may be open then. */
  const closeAfterItsEnd = async (noticeId: string) => {
    const [n] = await db.select({ endsOn: capacityNotices.endsOn }).from(capacityNotices).where(eq(capacityNotices.id, noticeId));
    const closed = await closeDueNotices(db, new Date(endOfChinaDay(n.endsOn).getTime() + 1000));
    if (closed.length !== 1 || closed[0].id !== noticeId) throw new Error(`demo: closing notice ${noticeId} closed ${closed.map((c) => c.id).join(', ') || 'none'}`);
  };
  const callOf = async (year: number, opensOn: string, closesOn: string, types: { code: string; quota: number; awardFen: number }[]) => {
    const id = await createCall({
      db,
      actor: jinan,
      meta,
      programmeId: opts.programmeId,
      input: {
        year,
        title: `关于申报${year}年度济南市科协学会服务能力提升计划项目的通知`,
        description: `各市级学会（协会、研究会）、各高校科协：根据${year}年度专项资金预算，现组织申报学会服务能力提升计划项目。请对照申报条件自查后在线填写申报书，市科协会同市财政局组织形式审查和专家评审，评审结果在门户网站公示。`,
        contact: '市科协学会部 0531-86000000',
        budgetFen: 30_000_000,
        fundCode: 'capacity_special_fund',
        opensOn,
        closesOn,
        types,
      },
    });
    const step = async (actor: Actor, event: 'submit' | 'confirm' | 'publish' | 'close', comment: string | null = null) => {
      const c = (await findCall(db, id))!;
      await changeCall({ db, actor, meta, id, rowVersion: c.rowVersion, event, comment });
    };
    await step(jinan, 'submit');
    await step(jncz, 'confirm', '预算已列入年度部门预算，同意发布。');
    await step(jinan, 'publish');
    return { id, close: () => step(jinan, 'close', '申报期届满') };
  };
  const apply = async (actor: Actor, callId: string, typeCode: string, title: string, goals: string, budget: { category: string; item: string | null; amountFen: number; note: string | null }[]) =>
    createApplication({
      db,
      actor,
      meta,
      callId,
      input: { typeCode, title, goals, indicators: [{ label: '举办活动', target: '不少于 2 场' }, { label: '覆盖人数', target: '不少于 300 人次' }], budget, contactName: actor.displayName, contactPhone: '0531-86000001', attachmentIds: [] },
    });
  const submit = async (actor: Actor, id: string) => submitApplication({ db, actor, meta, id, rowVersion: await rowVersion(db, id) });
  const pass = async (id: string) => reviewApplication({ db, actor: jinan, meta, id, rowVersion: await rowVersion(db, id), decision: 'pass', items: checklist.map((code) => ({ code, passed: true, note: null })), comment: null });
  const draw = async (id: string) => drawForApplication({ db, actor: jinan, meta, id, rowVersion: await rowVersion(db, id), field: null });
  /** The drawn experts score (all, or the first `count`), each sheet a fixed pattern around `base`. */
  const score = async (id: string, base: number, count = Infinity) => {
    const xs = await db.select().from(capacityExpertAssignments).where(eq(capacityExpertAssignments.applicationId, id)).orderBy(capacityExpertAssignments.createdAt);
    let i = 0;
    for (const x of xs) {
      if (i >= count) break;
      const [u] = await db.select({ username: users.username }).from(users).where(eq(users.id, x.expertUserId));
      const expert = await actorOf(db, u.username);
      await acceptAssignment({ db, actor: expert, meta, id: x.id, rowVersion: x.rowVersion });
      const p = Math.min(20, base + ((i * 7) % 5) - 2);
      const scores = params.expertReviewCriteria.map((c, j) => ({ code: c.code, points: Math.max(0, Math.min(c.weight, p - (j % 2) * 0.5)) }));
      await submitSheet({ db, actor: expert, meta, id: x.id, rowVersion: x.rowVersion + 1, scores, comment: '申报内容具体，绩效指标可考核。' });
      i++;
    }
  };
  const activities = (fen: number) => [
    { category: 'activities', item: '会务费', amountFen: Math.round(fen * 0.6), note: '场地、会议资料' },
    { category: 'activities', item: '特邀报告人授课费', amountFen: Math.round(fen * 0.25), note: '按市级标准' },
    { category: 'materials', item: '论文集出版印刷费', amountFen: fen - Math.round(fen * 0.6) - Math.round(fen * 0.25), note: null },
  ];

  // ---- this year's call: closed, reviewed, decided
  const thisYear = await callOf(opts.year, chinaDayOf(addDays(new Date(`${today}T12:00:00+08:00`), -30)), today, [
    { code: 'demonstration_society', quota: 1, awardFen: 10_000_000 },
    { code: 'academic_exchange', quota: 1, awardFen: 3_000_000 },
    { code: 'social_service', quota: 2, awardFen: 3_000_000 },
  ]);
  const a1 = await apply(society.jixie, thisYear.id, 'academic_exchange', '黄河流域装备制造高端学术论坛', '围绕装备制造关键领域举办高端学术研讨会，促进产学研协同创新。', [
    { category: 'activities', item: '会务费', amountFen: 1_400_000, note: '场地、会议资料' },
    { category: 'activities', item: '特邀报告人授课费', amountFen: 700_000, note: '按市级标准' },
    { category: 'materials', item: '论文集出版印刷费', amountFen: 400_000, note: null },
    { category: 'materials', item: '资料购置费', amountFen: 300_000, note: '专业工具书' },
  ]);
  const a2 = await apply(society.zixun, thisYear.id, 'academic_exchange', '科技咨询与决策服务学术年会', '举办年度学术年会，交流科技咨询方法与案例。', activities(2_500_000));
  const a3 = await apply(society.zixun, thisYear.id, 'social_service', '中小企业科技评价服务', '为中小企业提供科技成果评价和技术咨询服务。', activities(2_600_000));
  const a4 = await apply(society.jixie, thisYear.id, 'social_service', '装备制造中小企业技术诊断服务', '组织专家深入装备制造中小企业开展技术诊断，提出改进建议。', activities(2_900_000));
  const thisYearApps: [Actor, string][] = [
    [society.jixie, a1],
    [society.zixun, a2],
    [society.zixun, a3],
    [society.jixie, a4],
  ];
  for (const [actor, id] of thisYearApps) await submit(actor, id);
  for (const [, id] of thisYearApps) await pass(id);
  for (const [, id] of thisYearApps) await draw(id);
  await score(a1, 18);
  await score(a2, 15);
  await score(a3, 17);
  await score(a4, 16);
  await thisYear.close();
  for (const [typeCode, selected] of [['academic_exchange', [a1]], ['social_service', [a3, a4]]] as const) {
    const id = await proposeDecision({ db, actor: jinan, meta, callId: thisYear.id, typeCode, selected: [...selected], note: null });
    const [d] = await db.select({ v: capacityDecisions.rowVersion }).from(capacityDecisions).where(eq(capacityDecisions.id, id));
    await settleDecision({ db, actor: jncz, meta, id, rowVersion: d.v, confirm: true, comment: '同意评审结果。' });
  }

  // the results on public notice (CAP-5); a member of the public objects to one of them, 济南市科协 finds it unfounded
  const resultNotice = await publishResultNotice({
    db,
    actor: jinan,
    meta,
    callId: thisYear.id,
    input: {
      title: `${opts.year}年度济南市科协学会服务能力提升计划拟资助项目公示`,
      body: `经形式审查和专家评审，市科协会同市财政局确定以下项目为${opts.year}年度学会服务能力提升计划拟资助项目，现予公示。公示期间，任何单位和个人如有异议，可在本页提交，请写明事实依据和联系方式。`,
    },
  });
  const objected = await fileObjection({
    db,
    cipher,
    meta: { ip: '203.0.113.7', requestId: 'demo-seed' },
    noticeId: resultNotice,
    input: { applicationId: a3, content: '该会去年承担的同类评价服务项目尚未结题，建议核实其执行能力。', name: '张先生', contact: '13800000000' },
  });
  await handleObjection({
    db,
    actor: jinan,
    meta,
    id: objected.id,
    input: { rowVersion: await objectionVersion(objected.id), outcome: 'notUpheld', reason: '经核查，该会去年承担的评价服务项目已于年内结题验收，具备执行能力，异议不成立。' },
  });

  // ---- next year's call: open, every early stage (written before this year's debarment below, as submitted before it)
  const nextYear = await callOf(opts.year + 1, today, chinaDayOf(addDays(new Date(`${today}T12:00:00+08:00`), 30)), [
    { code: 'demonstration_society', quota: 1, awardFen: 10_000_000 },
    { code: 'academic_exchange', quota: 2, awardFen: 3_000_000 },
    { code: 'social_service', quota: 2, awardFen: 3_000_000 },
    { code: 'self_building', quota: 2, awardFen: 2_000_000 },
  ]);
  // awaiting the formal review (济南市科协 acts)
  const b1 = await apply(society.jixie, nextYear.id, 'academic_exchange', '智能制造前沿技术研讨会', '邀请高校和企业专家研讨智能制造前沿技术。', activities(2_400_000));
  await submit(society.jixie, b1);
  // returned for correction (济南市科技咨询协会 — debarred below, so its page then names the debarment)
  const b2 = await apply(society.zixun, nextYear.id, 'self_building', '学会会员信息化管理平台建设', '建设会员管理和服务信息化平台，提高会员服务水平。', [
    { category: 'activities', item: '调研经费', amountFen: 600_000, note: '会员需求调研' },
    { category: 'other', item: '项目活动中所发生的其他费用', amountFen: 1_200_000, note: '平台建设' },
  ]);
  await submit(society.zixun, b2);
  await reviewApplication({
    db,
    actor: jinan,
    meta,
    id: b2,
    rowVersion: await rowVersion(db, b2),
    decision: 'return',
    items: checklist.map((code) => ({ code, passed: code !== 'budget_reasonable', note: code === 'budget_reasonable' ? '“其他费用”占比过高，平台建设费用须列明测算依据' : null })),
    comment: '请补充平台建设费用的测算依据后重新提交。',
  });
  // passed, awaiting its experts (济南市科协 draws)
  const b3 = await apply(society.zixun, nextYear.id, 'social_service', '科技成果评价规范宣贯', '面向企业开展科技成果评价规范宣贯和培训。', activities(2_000_000));
  await submit(society.zixun, b3);
  await pass(b3);
  // under expert review, two of five sheets in (the other three experts act)
  const b4 = await apply(society.jixie, nextYear.id, 'social_service', '装备制造企业技术标准服务', '为装备制造企业提供技术标准制定咨询服务。', activities(2_700_000));
  await submit(society.jixie, b4);
  await pass(b4);
  await draw(b4);
  await score(b4, 17, 2);
  // a draft its debarment blocks (济南市中医药研究会 sees why)
  await apply(society.zyy, nextYear.id, 'academic_exchange', '中医药科普系列讲座', '面向社区开展中医药科普讲座。', activities(1_000_000));

  // ---- this year's call, after its notice: the job closes it once its period is over (the only notice open now)
  await closeAfterItsEnd(resultNotice);

  // the responsibility letters (CAP-5): drafted and frozen by 济南市科协, signed by both parties — the last signature approves the budget
  const letters: [Actor, string][] = [
    [society.jixie, a1],
    [society.zixun, a3],
    [society.jixie, a4],
  ];
  for (const [member, applicationId] of letters) {
    const id = await draftLetter({ db, actor: jinan, meta, applicationId });
    // the association names its representative and its contact; the society's contact is the application's
    const [drafted] = await db.select({ content: capacityLetters.content }).from(capacityLetters).where(eq(capacityLetters.id, id));
    const input: CapacityLetterEdit = {
      rowVersion: await letterVersion(id),
      supplementaryTerms: null,
      associationRepresentative: '王立新',
      associationContact: { name: '赵强', phone: '0531-86000000' },
      societyContact: (drafted.content as CapacityLetterContent).parties.society.contact,
    };
    await editLetter({ db, actor: jinan, meta, id, input });
    await freezeLetter({ db, actor: jinan, meta, id, rowVersion: await letterVersion(id) });
    await signLetter({ db, cipher, actor: jinan, meta, id, rowVersion: await letterVersion(id) });
    await signLetter({ db, cipher, actor: member, meta, id, rowVersion: await letterVersion(id) });
  }

  // expenses (CAP-6, FND-2/5): each society records what it spent; one attempt in a forbidden category is refused and audited
  const expense = (actor: Actor, applicationId: string, category: string, item: string | null, amountFen: number, description: string, fixedAsset = false) =>
    recordExpense({ db, actor, meta, applicationId, input: { category, item, amountFen, spentOn: today, description, fixedAsset, attachmentIds: [] } satisfies ExpenseInput });
  await expense(society.jixie, a1, 'activities', '会务费', 600_000, '论坛会场租赁定金');
  await expense(society.jixie, a1, 'activities', '特邀报告人授课费', 350_000, '特邀报告人授课费（1 人）');
  try {
    await expense(society.jixie, a1, 'personnel', null, 200_000, '项目组工作人员加班补助');
    throw new Error('demo: the expense in a forbidden category was not refused');
  } catch (e) {
    if (!(e instanceof AppError && e.extra?.rule === 'FND-2')) throw e;
  }
  await expense(society.zixun, a3, 'activities', '会务费', 480_000, '评价服务对接会场地租赁');
  await expense(society.jixie, a4, 'activities', '会务费', 1_200_000, '技术诊断服务现场活动场地和设备租赁');
  await expense(society.jixie, a4, 'activities', '特邀报告人授课费', 500_000, '特邀专家现场诊断授课');
  await expense(society.jixie, a4, 'materials', '论文集出版印刷费', 320_000, '技术诊断服务案例汇编印刷');

  // evaluation (CAP-6): proposed by 济南市科协, confirmed by 济南市财政局; the first notice, closed by its job; the funds disbursed
  const evaluate = async (applicationId: string, score: number, findings: string) => {
    const id = await proposeEvaluation({ db, actor: jinan, meta, applicationId, input: { result: 'passed', score, findings, attachmentIds: [] } });
    const [e] = await db.select({ v: capacityEvaluations.rowVersion }).from(capacityEvaluations).where(eq(capacityEvaluations.id, id));
    await settleEvaluation({ db, actor: jncz, meta, id, rowVersion: e.v, confirm: true, comment: '同意评估结果。' });
  };
  const evaluationNotice = (title: string) =>
    publishEvaluationNotice({
      db,
      actor: jinan,
      meta,
      callId: thisYear.id,
      input: {
        title,
        body: `市科协会同市财政局对${opts.year}年度学会服务能力提升计划资助项目进行了评估，现将评估结果予以公示。公示期间，任何单位和个人如有异议，可在本页提交，请写明事实依据和联系方式。`,
      },
    });
  await evaluate(a3, 78, '按计划开展了企业走访和评价服务对接，阶段工作基本完成，资金使用符合规定。');
  await evaluate(a4, 88, '技术诊断服务按计划推进，已完成两批企业现场诊断，资金使用规范。');
  await closeAfterItsEnd(await evaluationNotice(`${opts.year}年度济南市科协学会服务能力提升计划项目评估结果公示（第一批）`));
  for (const applicationId of [a3, a4]) {
    await disburse({ db, actor: jinan, meta, applicationId, input: { rowVersion: await rowVersion(db, applicationId), note: '经评估结果公示无异议，按核定金额拨付' } });
  }

  // acceptance (CAP-6): proposed by 济南市科协, confirmed by 济南市财政局 — one fails, one passes
  const accept = async (applicationId: string, result: 'passed' | 'failed', opinion: string) => {
    const { id } = await proposeAcceptance({ db, actor: jinan, meta, applicationId, input: { result, opinion, attachmentIds: [] } });
    const [x] = await db.select({ v: capacityAcceptances.rowVersion }).from(capacityAcceptances).where(eq(capacityAcceptances.id, id));
    await settleAcceptance({ db, actor: jncz, meta, id, rowVersion: x.v, confirm: true, comment: null });
  };
  await accept(a3, 'failed', '对照申报书的绩效指标：举办活动 1 场（目标不少于 2 场），覆盖 86 人次（目标不少于 300 人次），主要指标未完成，验收不合格。');
  await accept(a4, 'passed', '举办技术诊断服务活动 3 场，服务企业 24 家、覆盖 420 人次，完成申报书的绩效指标，资金使用规范，验收合格。');
  // the failed one's funds recovered with the responsibility found; the programme's debarment follows (CAP-7)
  const [held] = await db.select().from(fundProjectBalances).where(and(eq(fundProjectBalances.projectKind, 'capacityApplication'), eq(fundProjectBalances.projectId, a3)));
  await recordRecovery({
    db,
    actor: jinan,
    meta,
    applicationId: a3,
    input: {
      ground: 'failedAcceptance',
      amountFen: outstandingOf(held),
      responsibility: '项目负责人未按责任书组织开展评价服务，主要绩效指标未完成，负直接责任；学会秘书长未履行监督职责，负管理责任。',
      note: '学会已将已拨付的项目资金全额退回市科协专项资金账户。',
      attachmentIds: [],
    },
  });

  // the third project: evaluated, on a second evaluation notice still open, with one objection from the public for 济南市科协
  await evaluate(a1, 90, '论坛筹备按计划推进，已完成会场预订和特邀报告人邀请，资金使用规范。');
  const openNotice = await evaluationNotice(`${opts.year}年度济南市科协学会服务能力提升计划项目评估结果公示（第二批）`);
  await fileObjection({
    db,
    cipher,
    meta: { ip: '198.51.100.23', requestId: 'demo-seed' },
    noticeId: openNotice,
    input: { applicationId: a1, content: '论坛议程中的部分特邀报告人尚未确认参会，评估意见所述“已完成邀请”与实际不符，建议核实。', name: '王女士', contact: 'wang.objector@example.cn' },
  });
  // meanwhile 济南市机械工程学会 buys reference books kept as a fixed asset: 济南市科协 checks the expense
  await expense(society.jixie, a1, 'materials', '资料购置费', 280_000, '购置《机械工程手册》等专业工具书一套，登记为学会固定资产', true);

  // sanity: the stages this demo promises (README) are where they should be
  const states = await db.select({ id: capacityApplications.id, status: capacityApplications.status }).from(capacityApplications).where(inArray(capacityApplications.id, [a1, a2, a3, a4, b1, b2, b3, b4]));
  const want: Record<string, string> = { [a1]: 'funded', [a2]: 'notSelected', [a3]: 'acceptanceFailed', [a4]: 'accepted', [b1]: 'submitted', [b2]: 'returned', [b3]: 'passed', [b4]: 'expertReview' };
  for (const s of states) if (want[s.id] !== s.status) throw new Error(`demo: application ${s.id} is ${s.status}, expected ${want[s.id]}`);
}
