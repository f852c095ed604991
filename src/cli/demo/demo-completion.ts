// Demo data for issue 14 §1 (EVA-1, EVA-3): two pilot projects of 山东省卫生健康委员会 carried to their
// completion, through the use cases. 医学科研诚信状况调查评估 (山东省医学会) was reported, returned once
// for its evidence, reported again and passed by the association (preset 001: a third party
// evaluates, the association records the completion assessment); 中医药适宜技术推广应用评估
// (山东中医药学会) reached 40 % of its main KPI and failed — the project reads 结项考核未通过 and the
// society's yearly facts carry the failed task that SEL-3's noFailedTask tests (EVA-6). Then (EVA-2)
// the association commissions 山东省科技评估中心 for both (seedDemoEvaluation).
import { eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.js';
import { pilotProjects, projectCompletions } from '../../server/db/schema.js';
import type { Actor, RequestMeta } from '../../server/platform/actor.js';
import type { FieldCipher } from '../../server/platform/crypto/field-cipher.js';
import { draftTaskBook, savePart, signTaskBook } from '../../server/modules/taskbooks/taskbooks.js';
import { milestonesOfProject } from '../../server/modules/supervision/milestones.js';
import { submitProgressReport } from '../../server/modules/supervision/progress.js';
import { assessCompletion, reportCompletion } from '../../server/modules/evaluation/completions.js';
import { createCommission, saveProjectEvaluation } from '../../server/modules/evaluation/commissions.js';
import { ZCommissionInput, ZProjectEvaluationInput } from '../../domain/evaluation/performance.js';
import { ZProgressReportInput } from '../../domain/supervision/progress-report.lifecycle.js';
import { ZCompletionDecisionInput, ZCompletionReportInput } from '../../domain/evaluation/completion.js';
import type { TaskBookContent, TaskBookPart } from '../../domain/taskbook/taskbook.types.js';
import { addMonths, contentFor } from './demo-taskbooks.js';

const meta: RequestMeta = { ip: null, requestId: 'seed' };

interface Society {
  actor: Actor;
  legalRep: string;
  secretaryGeneral: string;
  domain: string;
}

/** The task book of a project undertaken by `soc` for 山东省卫生健康委员会, filled by the three parties and signed. */
async function signedBook(o: { db: Db; cipher: FieldCipher; today: string; assoc: Actor; wjw: Actor; soc: Society; title: string; content: Parameters<typeof contentFor>[2] }): Promise<string> {
  const { db, cipher, assoc, wjw, soc } = o;
  const [p] = await db.select({ id: pilotProjects.id }).from(pilotProjects).where(eq(pilotProjects.title, o.title));
  const base = contentFor(o.title, o.today, o.content);
  const name = soc.actor.orgName;
  const content: TaskBookContent = {
    ...base,
    society: {
      ...base.society,
      legalRepName: soc.legalRep,
      legalRepEmail: `office@${soc.domain}`,
      leaderName: soc.secretaryGeneral,
      leaderEmail: `msc@${soc.domain}`,
      leaderApproval: { body: 'council', decidedOn: addMonths(o.today, -1), reference: `${name}理事会会议` },
    },
    department: { ...base.department, division: '科技教育处', headName: '田卫东', contactName: wjw.displayName, contactEmail: 'kjc@wsjkw.shandong.gov.cn' },
    project: {
      ...base.project,
      members: [
        { name: soc.secretaryGeneral, employer: name, title: '秘书长', role: '项目负责人，统筹实施' },
        { name: '许明', employer: '山东第一医科大学', title: '教授', role: '技术负责人' },
        { name: '吕倩', employer: name, title: '专职工作人员', role: '联络与资料管理' },
      ],
    },
  };
  const book = await draftTaskBook({ db, actor: assoc, meta, projectId: p.id });
  const by: Record<TaskBookPart, Actor> = { department: wjw, society: soc.actor, association: assoc, project: assoc };
  let rv = 1;
  for (const part of ['department', 'society', 'association', 'project'] as const) rv = (await savePart({ db, actor: by[part], meta, taskBookId: book.id, part, value: content[part], rowVersion: rv })).rowVersion;
  for (const who of [soc.actor, wjw, assoc]) rv = (await signTaskBook({ db, cipher, actor: who, meta, taskBookId: book.id, rowVersion: rv, opinion: '同意。' })).book.rowVersion;
  // SUP-2: every key node reported done
  for (const m of await milestonesOfProject(db, p.id)) {
    await submitProgressReport({ db, actor: soc.actor, meta, projectId: p.id, input: ZProgressReportInput.parse({ milestoneId: m.id, completesMilestone: true, title: `${m.name}已完成`, body: `已按任务书完成“${m.name}”，成果：${m.deliverable ?? '见附件'}。` }) });
  }
  return p.id;
}

const rowVersion = async (db: Db, id: string) => (await db.select({ v: projectCompletions.rowVersion }).from(projectCompletions).where(eq(projectCompletions.id, id)))[0].v;

export async function seedDemoCompletion(o: { db: Db; cipher: FieldCipher; today: string; assoc: Actor; wjw: Actor; yixue: Society; zhongyi: Society; titles: { passed: string; failed: string } }): Promise<void> {
  const { db, assoc } = o;
  const passed = await signedBook({
    ...o,
    soc: o.yixue,
    title: o.titles.passed,
    content: {
      mode: 'authorisedCommission',
      budgetFen: 8_000_000,
      leader: o.yixue.secretaryGeneral,
      goals: '完成全省 40 家三级医院和医学科研机构的科研诚信状况调查评估，形成评估报告和改进建议。',
      tasks: '制定调查评估方案；开展问卷调查和现场访谈；形成评估报告并提出完善科研诚信制度的建议。',
      kpis: [
        { name: '完成调查评估的医疗和科研机构', target: 40, unit: '家' },
        { name: '回收有效问卷', target: 2000, unit: '份' },
      ],
    },
  });
  const first = await reportCompletion({
    db,
    actor: o.yixue.actor,
    meta,
    projectId: passed,
    input: ZCompletionReportInput.parse({
      summary: '项目按任务书完成：对全省 42 家三级医院和医学科研机构开展科研诚信状况调查评估，回收有效问卷 2,316 份，形成总体评估报告 1 份和机构反馈报告 42 份。',
      kpis: [
        { actual: 42, evidence: '评估报告附件一：调查评估机构名单' },
        { actual: 2316, evidence: '问卷系统导出的有效问卷统计' },
      ],
    }),
  });
  await assessCompletion({ db, actor: assoc, meta, id: first, input: ZCompletionDecisionInput.parse({ decision: 'returned', opinion: '请补充现场访谈记录和专家论证意见，作为评估结论的佐证。', rowVersion: await rowVersion(db, first) }) });
  const second = await reportCompletion({
    db,
    actor: o.yixue.actor,
    meta,
    projectId: passed,
    input: ZCompletionReportInput.parse({
      summary: '项目按任务书完成：对全省 42 家三级医院和医学科研机构开展科研诚信状况调查评估，回收有效问卷 2,316 份，现场访谈 126 人次，形成总体评估报告 1 份和机构反馈报告 42 份；评估报告经 7 名同行专家论证。提出完善科研诚信教育、加强数据管理等 6 条建议，已被委托单位采纳 4 条。',
      kpis: [
        { actual: 42, evidence: '评估报告附件一：调查评估机构名单；附件三：现场访谈记录' },
        { actual: 2316, evidence: '问卷系统导出的有效问卷统计；附件四：专家论证意见' },
      ],
    }),
  });
  await assessCompletion({ db, actor: assoc, meta, id: second, input: ZCompletionDecisionInput.parse({ decision: 'passed', opinion: '任务全部完成，量化指标均已达到，评估结论客观，建议被委托单位采纳，考核通过。', rowVersion: await rowVersion(db, second) }) });

  const failed = await signedBook({
    ...o,
    soc: o.zhongyi,
    title: o.titles.failed,
    content: {
      mode: 'authorisedCommission',
      budgetFen: 6_000_000,
      leader: o.zhongyi.secretaryGeneral,
      goals: '对全省 30 个县（市、区）中医药适宜技术推广应用情况开展评估，形成评估报告。',
      tasks: '制定评估方案；开展基层医疗机构调查；形成评估报告和推广建议。',
      kpis: [
        { name: '完成评估的县（市、区）', target: 30, unit: '个' },
        { name: '调查基层医疗机构', target: 300, unit: '家' },
      ],
    },
  });
  const report = await reportCompletion({
    db,
    actor: o.zhongyi.actor,
    meta,
    projectId: failed,
    input: ZCompletionReportInput.parse({
      summary: '因专家团队调整，项目仅完成 12 个县（市、区）的现场评估和 118 家基层医疗机构的调查，形成阶段性评估报告 1 份。',
      kpis: [
        { actual: 12, evidence: '阶段性评估报告：已评估县（市、区）名单' },
        { actual: 118, evidence: '调查问卷统计表' },
      ],
    }),
  });
  await assessCompletion({ db, actor: assoc, meta, id: report, input: ZCompletionDecisionInput.parse({ decision: 'failed', opinion: '主要量化指标完成率仅 40%，未达到任务书要求，且未按规定报批进度调整，考核不通过。', rowVersion: await rowVersion(db, report) }) });
}

/**
 * EVA-2, EVA-3: 山东省科协 commissions 山东省科技评估中心 for the two completed projects; its report on
 * 医学科研诚信状况调查评估 is submitted and waits for the association, the one on 中医药适宜技术推广应用评估
 * is being scored (`pinggu.user` submits it next).
 */
export async function seedDemoEvaluation(o: { db: Db; today: string; assoc: Actor; pinggu: Actor; programmeId: string; titles: { passed: string; failed: string } }): Promise<void> {
  const { db, assoc, pinggu } = o;
  const id = async (title: string) => (await db.select({ id: pilotProjects.id }).from(pilotProjects).where(eq(pilotProjects.title, title)))[0].id;
  const passed = await id(o.titles.passed);
  const failed = await id(o.titles.failed);
  const commission = await createCommission({
    db,
    actor: assoc,
    meta,
    programmeId: o.programmeId,
    input: ZCommissionInput.parse({
      evaluatorOrgId: pinggu.orgId,
      title: `${o.today.slice(0, 4)}年度卫生健康领域试点项目第三方绩效评估`,
      scope: 'projects',
      projectIds: [passed, failed],
      startsOn: o.today,
      endsOn: addMonths(o.today, 2),
      note: '请按任务书量化考核指标逐项核实完成情况，结合现场核查和满意度调查形成评估报告。',
    }),
  });
  await saveProjectEvaluation({
    db,
    actor: pinggu,
    meta,
    commissionId: commission,
    projectId: passed,
    submit: true,
    input: ZProjectEvaluationInput.parse({
      kpis: [
        { actual: 42, evidence: '核查评估机构名单和 42 份机构反馈报告，抽查 8 家机构现场访谈记录' },
        { actual: 2316, evidence: '核对问卷系统后台数据，有效问卷 2,316 份' },
      ],
      findings: '项目组织规范，评估方法科学，量化指标全部完成；评估报告提出的 6 条建议中 4 条已被委托单位采纳，成效明显。',
      recommendations: '建议将评估指标体系在全省医疗卫生机构推广使用。',
      rowVersion: 0,
    }),
  });
  await saveProjectEvaluation({
    db,
    actor: pinggu,
    meta,
    commissionId: commission,
    projectId: failed,
    submit: false,
    input: ZProjectEvaluationInput.parse({
      kpis: [
        { actual: 12, evidence: '核查阶段性评估报告，已评估 12 个县（市、区）' },
        { actual: 118, evidence: '核对调查问卷统计表' },
      ],
      findings: '（评估中）主要量化指标完成率约 40%，正在核实进度调整未报批的原因。',
      rowVersion: 0,
    }),
  });
}
