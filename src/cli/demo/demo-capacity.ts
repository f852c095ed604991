// Issue 13 demo: 济南市科协's capacity-improvement plan (preset 003, co-managed by 济南市财政局) run
// through the same use cases as the API, each step by the user who would take it. Two yearly calls:
//  - this year's call, closed: three applications through the expert review (five experts each),
//    ranked, decided jointly (one type's quota left one application out); the results on public
//    notice, with one objection from the public waiting for 济南市科协;
//  - next year's call, open: one application awaiting the formal review, one returned for
//    correction, one that passed and awaits its experts, one under expert review with two of five
//    sheets in, and a draft of 济南市中医药研究会 that its debarment blocks.
// The fund's yearly budget is entered in the ledger. The README lists who acts next.
// Only the full demo (`npm start`) runs this; the test template keeps 济南's programme a draft.
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../server/db/client.js';
import { capacityExpertAssignments, organisations, userRoles, users } from '../../server/db/schema.js';
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
import { fileObjection, publishResultNotice } from '../../server/modules/capacity/notices.js';
import { capacityApplications, capacityDecisions } from '../../server/db/schema.js';
import { addDays } from '../../server/platform/transition.js';
import { chinaDayOf } from '../../domain/calendar-day.js';
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
  const a1 = await apply(society.jixie, thisYear.id, 'academic_exchange', '黄河流域装备制造高端学术论坛', '围绕装备制造关键领域举办高端学术研讨会，促进产学研协同创新。', activities(2_800_000));
  const a2 = await apply(society.zixun, thisYear.id, 'academic_exchange', '科技咨询与决策服务学术年会', '举办年度学术年会，交流科技咨询方法与案例。', activities(2_500_000));
  const a3 = await apply(society.zixun, thisYear.id, 'social_service', '中小企业科技评价服务', '为中小企业提供科技成果评价和技术咨询服务。', activities(2_600_000));
  for (const [actor, id] of [[society.jixie, a1], [society.zixun, a2], [society.zixun, a3]] as const) await submit(actor, id);
  for (const id of [a1, a2, a3]) await pass(id);
  for (const id of [a1, a2, a3]) await draw(id);
  await score(a1, 18);
  await score(a2, 15);
  await score(a3, 17);
  await thisYear.close();
  for (const [typeCode, selected] of [['academic_exchange', [a1]], ['social_service', [a3]]] as const) {
    const id = await proposeDecision({ db, actor: jinan, meta, callId: thisYear.id, typeCode, selected: [...selected], note: null });
    const [d] = await db.select({ v: capacityDecisions.rowVersion }).from(capacityDecisions).where(eq(capacityDecisions.id, id));
    await settleDecision({ db, actor: jncz, meta, id, rowVersion: d.v, confirm: true, comment: '同意评审结果。' });
  }

  // the results on public notice (CAP-5); a member of the public objects to one of them (济南市科协 handles it)
  const noticeId = await publishResultNotice({
    db,
    actor: jinan,
    meta,
    callId: thisYear.id,
    input: {
      title: `${opts.year}年度济南市科协学会服务能力提升计划拟资助项目公示`,
      body: `经形式审查和专家评审，市科协会同市财政局确定以下项目为${opts.year}年度学会服务能力提升计划拟资助项目，现予公示。公示期间，任何单位和个人如有异议，可在本页提交，请写明事实依据和联系方式。`,
    },
  });
  await fileObjection({
    db,
    cipher,
    meta: { ip: '203.0.113.7', requestId: 'demo-seed' },
    noticeId,
    input: { applicationId: a3, content: '该会去年承担的同类评价服务项目尚未结题，建议核实其执行能力。', name: '张先生', contact: '13800000000' },
  });

  // ---- next year's call: open, every early stage
  const nextYear = await callOf(opts.year + 1, today, chinaDayOf(addDays(new Date(`${today}T12:00:00+08:00`), 30)), [
    { code: 'demonstration_society', quota: 1, awardFen: 10_000_000 },
    { code: 'academic_exchange', quota: 2, awardFen: 3_000_000 },
    { code: 'social_service', quota: 2, awardFen: 3_000_000 },
    { code: 'self_building', quota: 2, awardFen: 2_000_000 },
  ]);
  // awaiting the formal review (济南市科协 acts)
  const b1 = await apply(society.jixie, nextYear.id, 'academic_exchange', '智能制造前沿技术研讨会', '邀请高校和企业专家研讨智能制造前沿技术。', activities(2_400_000));
  await submit(society.jixie, b1);
  // returned for correction (济南市科技咨询协会 acts)
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

  // sanity: the stages this demo promises (README) are where they should be
  const states = await db.select({ id: capacityApplications.id, status: capacityApplications.status }).from(capacityApplications).where(inArray(capacityApplications.id, [a1, a2, a3, b1, b2, b3, b4]));
  const want: Record<string, string> = { [a1]: 'selected', [a2]: 'notSelected', [a3]: 'selected', [b1]: 'submitted', [b2]: 'returned', [b3]: 'passed', [b4]: 'expertReview' };
  for (const s of states) if (want[s.id] !== s.status) throw new Error(`demo: application ${s.id} is ${s.status}, expected ${want[s.id]}`);
}
