// Demo data for issue 4: task books at every stage. 省级科研和创新基地运行绩效评估 is signed by the
// three parties (its verification code made at the first signature, as for every task book);
// 新能源汽车团体标准研制 has been signed by the society and waits for the other two; 科技政策落实情况
// 第三方评估 is a draft the department and the society still have to complete. All through the use cases.
// Issue 13 (FND-7): the province's programme holds the fund of 001 §6(3) (学会创新和服务能力提升工程):
// budgeted, it pays part of the signed project's funding (awarded, first stage paid) and had paid
// the terminated project before its termination, whose first refund payment went back into it.
import { eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.js';
import { pilotProjects, programmes, terminations } from '../../server/db/schema.js';
import { recordBudget } from '../../server/modules/funds/funds.js';
import { awardProjectFunding, disburseProjectFunding } from '../../server/modules/funds/project-funding.js';
import type { ProgrammeParameters } from '../../domain/programme/programme.types.js';
import type { Actor, RequestMeta } from '../../server/platform/actor.js';
import type { FieldCipher } from '../../server/platform/crypto/field-cipher.js';
import { draftTaskBook, savePart, signTaskBook } from '../../server/modules/taskbooks/taskbooks.js';
import { decideTermination, decideTerminationRefund, recordRefundPayment, requestTermination } from '../../server/modules/supervision/terminations.js';
import { ZTerminationInput } from '../../domain/supervision/termination.lifecycle.js';
import { ZRefundDecisionInput, ZRefundPaymentInput } from '../../domain/supervision/refund.rules.js';
import { ZApprovalDecisionInput } from '../../domain/supervision/approval-chain.js';
import type { TaskBookContent, TaskBookPart } from '../../domain/taskbook/taskbook.types.js';
import { seedDemoSupervision } from './demo-supervision.js';

const meta: RequestMeta = { ip: null, requestId: 'seed' };

export function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export function contentFor(title: string, today: string, opts: { mode: 'authorisedCommission' | 'serviceProcurement'; budgetFen: number; leader: string; kpis: { name: string; target: number; unit: string }[]; goals: string; tasks: string }): TaskBookContent {
  return {
    projectName: title,
    society: {
      legalRepName: '王建国',
      legalRepMobile: '13905310001',
      legalRepPhone: '0531-82600001',
      legalRepEmail: 'wangjg@sdmes.org.cn',
      leaderName: opts.leader,
      leaderPost: 'secretaryGeneral',
      leaderMobile: '13905310002',
      leaderPhone: '0531-82600002',
      leaderEmail: 'xmfzr@sdmes.org.cn',
      leaderApproval: { body: 'council', decidedOn: addMonths(today, -1), reference: '山东省机械工程学会第九届理事会第四次会议' },
      selfRaisedFen: 500_000,
    },
    department: {
      division: '基础研究处',
      headName: '孙志强',
      contactName: '吴敏',
      contactPhone: '0531-51751001',
      contactMobile: '13805311001',
      contactEmail: 'jcyjc@kjt.shandong.gov.cn',
      cooperationMode: opts.mode,
      funding: { supported: true, budgetFen: opts.budgetFen, nature: 'fiscal', natureOther: null, source: 'projectFunds', policySupport: true },
    },
    association: {
      division: '学会学术部',
      headName: '李明',
      contactName: '张华',
      contactPhone: '0531-86000002',
      contactMobile: '13805310002',
      contactEmail: 'xhb@sdast.org.cn',
      funding: { supported: false, policySupport: true }, // 无经费支持: amount, nature and source stay empty (issue 11 §3)
    },
    project: {
      content: `${title}。承接单位按照委托单位要求，组织专家制定工作方案、开展实施并形成成果报告，委托单位和协调单位对实施过程进行监督和指导。`,
      rightsAndDuties: '委托单位负责提出任务要求、拨付经费并监督检查；承接单位按任务书组织实施、按期报告进展并接受考核评估；协调单位负责指导、协调和督促，保障项目顺利实施。',
      goals: opts.goals,
      keyTasks: opts.tasks,
      qualityRequirements: '工作程序规范、数据真实可靠、结论客观公正；成果报告经不少于 5 名同行专家论证。',
      fundsSource: '委托单位项目经费（财政拨款），承接单位自筹经费补充。',
      kpis: opts.kpis,
      schedule: [
        { name: '制定实施方案', dueOn: addMonths(today, 1), deliverable: '项目实施方案（报委托单位审定）' },
        { name: '完成调研和现场工作', dueOn: addMonths(today, 4), deliverable: '调研记录、现场评估记录' },
        { name: '形成初步成果', dueOn: addMonths(today, 7), deliverable: '成果报告初稿及专家论证意见' },
        { name: '提交最终成果', dueOn: addMonths(today, 10), deliverable: '最终成果报告、工作总结' },
      ],
      members: [
        { name: opts.leader, employer: '山东省机械工程学会', title: '秘书长', role: '项目负责人，统筹实施' },
        { name: '周立新', employer: '山东大学', title: '教授', role: '技术负责人' },
        { name: '刘洁', employer: '山东省机械工程学会', title: '副秘书长', role: '组织协调' },
        { name: '王海涛', employer: '齐鲁工业大学', title: '研究员', role: '专家组成员' },
        { name: '陈晓燕', employer: '山东省机械工程学会', title: '专职工作人员', role: '联络与资料管理' },
      ],
    },
  };
}

export async function seedDemoTaskBooks(opts: { db: Db; cipher: FieldCipher; today: string; assoc: Actor; kjt: Actor; gxt: Actor; jixie: Actor; titles: { signed: string; signing: string; drafting: string; terminated: string } }): Promise<void> {
  const { db, cipher, today, assoc, jixie } = opts;
  const projectId = async (title: string) => (await db.select({ id: pilotProjects.id }).from(pilotProjects).where(eq(pilotProjects.title, title)))[0].id;
  const fill = async (id: string, content: TaskBookContent, dept: Actor, parts: TaskBookPart[]) => {
    let rowVersion = 1;
    const by: Record<TaskBookPart, Actor> = { department: dept, society: jixie, association: assoc, project: assoc };
    for (const part of parts) rowVersion = (await savePart({ db, actor: by[part], meta, taskBookId: id, part, value: content[part], rowVersion })).rowVersion;
    return rowVersion;
  };

  // signed by all three: implementation under way
  const a = await draftTaskBook({ db, actor: assoc, meta, projectId: await projectId(opts.titles.signed) });
  const aContent = contentFor(opts.titles.signed, today, {
    mode: 'authorisedCommission',
    budgetFen: 30_000_000,
    leader: '赵振华',
    goals: '完成全省 60 家省级重点实验室和工程技术研究中心的运行绩效评估，形成评估报告和改进建议。',
    tasks: '制定评估指标体系；组织专家开展材料评审和现场考察；形成单个基地评估报告和总体评估报告；提出优化布局建议。',
    kpis: [
      { name: '完成评估的科研和创新基地', target: 60, unit: '家' },
      { name: '参与评估的专家', target: 120, unit: '人次' },
      { name: '形成评估报告', target: 61, unit: '份' },
      { name: '委托单位满意度', target: 90, unit: '%' },
    ],
  });
  let rv = await fill(a.id, aContent, opts.kjt, ['department', 'society', 'association', 'project']);
  rv = (await signTaskBook({ db, cipher, actor: jixie, meta, taskBookId: a.id, rowVersion: rv, opinion: '同意承接，严格按任务书组织实施。' })).book.rowVersion;
  rv = (await signTaskBook({ db, cipher, actor: opts.kjt, meta, taskBookId: a.id, rowVersion: rv, opinion: '同意委托。' })).book.rowVersion;
  await signTaskBook({ db, cipher, actor: assoc, meta, taskBookId: a.id, rowVersion: rv, opinion: '同意，协调单位将加强指导和督促。' });

  // FND-7: the programme's fund budgeted; the signed project awarded 20 万元 of its 30 万元 from it, the first stage paid
  const aProject = await projectId(opts.titles.signed);
  const [prog] = await db.select({ id: programmes.id, parameters: programmes.parameters }).from(programmes).innerJoin(pilotProjects, eq(pilotProjects.programmeId, programmes.id)).where(eq(pilotProjects.id, aProject));
  const fund = (prog.parameters as ProgrammeParameters).funds[0];
  const year = today.slice(0, 4);
  if (fund) {
    await recordBudget({ db, actor: assoc, meta, programmeId: prog.id, fundCode: fund.code, amountFen: 100_000_000, note: `${year}年省财政“学会创新和服务能力提升工程”资金下达（鲁财教指〔${year}〕12号）` });
    await awardProjectFunding({ db, actor: assoc, meta, projectId: aProject, input: { fundCode: fund.code, amountFen: 20_000_000, note: '省科协党组会议研究：从学会创新和服务能力提升工程资金中资助本项目 20 万元，分两期拨付' } });
    await disburseProjectFunding({ db, actor: assoc, meta, projectId: aProject, input: { amountFen: 10_000_000, note: `第一期：任务书签署后拨付 50%（拨款凭证 鲁科协拨〔${year}〕07号）`, disbursedFen: 0 } });
  }

  // signed by the society; the department and the association still to sign
  const i = await draftTaskBook({ db, actor: assoc, meta, projectId: await projectId(opts.titles.signing) });
  const iContent = contentFor(opts.titles.signing, today, {
    mode: 'serviceProcurement',
    budgetFen: 18_000_000,
    leader: '赵振华',
    goals: '研制发布新能源汽车动力电池回收利用和充换电设施团体标准 3 项，并在省内 20 家企业开展宣贯。',
    tasks: '标准立项论证；组织起草和征求意见；技术审查和发布；开展宣贯培训。',
    kpis: [
      { name: '发布团体标准', target: 3, unit: '项' },
      { name: '宣贯覆盖企业', target: 20, unit: '家' },
    ],
  });
  iContent.department = { ...iContent.department, division: '汽车产业处', headName: '韩冰', contactName: '徐峰', contactEmail: 'qcc@gxt.shandong.gov.cn' };
  const irv = await fill(i.id, iContent, opts.gxt, ['department', 'society', 'association', 'project']);
  await signTaskBook({ db, cipher, actor: jixie, meta, taskBookId: i.id, rowVersion: irv, opinion: '同意承接。' });

  // a draft: the association has filled its part and the project; department and society to complete
  const j = await draftTaskBook({ db, actor: assoc, meta, projectId: await projectId(opts.titles.drafting) });
  const jContent = contentFor(opts.titles.drafting, today, {
    mode: 'authorisedCommission',
    budgetFen: 16_000_000,
    leader: '赵振华',
    goals: '对全省支持科技创新的 12 项政策措施落实情况开展第三方评估，提出完善政策的建议。',
    tasks: '梳理政策清单；开展问卷调查和实地调研；形成评估报告和政策建议。',
    kpis: [
      { name: '评估的政策措施', target: 12, unit: '项' },
      { name: '调查企业和机构', target: 300, unit: '家' },
    ],
  });
  await fill(j.id, jContent, opts.kjt, ['association', 'project']);

  // issue 4 steps 4–10: the signed project's implementation and the programme's records
  // SUP-6: signed, then terminated at the society's request; part of the funds to be refunded, the
  // first payment received, the rest awaited
  const m = await draftTaskBook({ db, actor: assoc, meta, projectId: await projectId(opts.titles.terminated) });
  const mContent = contentFor(opts.titles.terminated, today, {
    mode: 'authorisedCommission',
    budgetFen: 12_000_000,
    leader: '赵振华',
    goals: '完成全省 30 家省级技术创新中心的建设情况评估。',
    tasks: '制定评估方案；开展材料评审和现场考察；形成评估报告。',
    kpis: [{ name: '完成评估的技术创新中心', target: 30, unit: '家' }],
  });
  let mrv = await fill(m.id, mContent, opts.kjt, ['department', 'society', 'association', 'project']);
  for (const who of [jixie, opts.kjt, assoc]) mrv = (await signTaskBook({ db, cipher, actor: who, meta, taskBookId: m.id, rowVersion: mrv })).book.rowVersion;
  const mProject = await projectId(opts.titles.terminated);
  // FND-7: paid 6 万元 of a 10 万元 award from the fund before the termination: the agreement cancels the rest, refunds go back to it
  if (fund) {
    await awardProjectFunding({ db, actor: assoc, meta, projectId: mProject, input: { fundCode: fund.code, amountFen: 10_000_000, note: '省科协党组会议研究：从学会创新和服务能力提升工程资金中资助本项目 10 万元' } });
    await disburseProjectFunding({ db, actor: assoc, meta, projectId: mProject, input: { amountFen: 6_000_000, note: `第一期拨付（拨款凭证 鲁科协拨〔${year}〕05号）`, disbursedFen: 0 } });
  }
  const tId = await requestTermination({ db, actor: jixie, meta, projectId: mProject, input: ZTerminationInput.parse({ reason: '省科技厅调整技术创新中心管理体制，评估任务并入年度考核，学会经常务理事会研究申请中止项目。', receivedFen: 6_000_000 }) });
  await decideTermination({ db, actor: opts.kjt, meta, id: tId, input: ZApprovalDecisionInput.parse({ decision: 'approve', step: 0, opinion: '同意中止。' }) });
  await decideTermination({ db, actor: assoc, meta, id: tId, input: ZApprovalDecisionInput.parse({ decision: 'approve', step: 1, opinion: '同意。' }) });
  const tv = async () => (await db.select({ v: terminations.rowVersion }).from(terminations).where(eq(terminations.id, tId)))[0].v;
  await decideTerminationRefund({ db, actor: opts.kjt, meta, id: tId, rowVersion: await tv(), input: ZRefundDecisionInput.parse({ kind: 'part', amountFen: 4_000_000, note: '已完成前期工作量约三分之一，退还未使用经费 4 万元。' }) });
  await recordRefundPayment({ db, actor: opts.kjt, meta, id: tId, rowVersion: await tv(), input: ZRefundPaymentInput.parse({ amountFen: 1_500_000, receivedOn: today, reference: `退款-${today.slice(0, 4)}-001`, note: '第一笔退款' }) });

  await seedDemoSupervision({ db, today, assoc, kjt: opts.kjt, jixie, projectTitle: opts.titles.signed });
}
