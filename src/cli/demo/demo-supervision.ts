// Demo data for issue 4, steps 4–10: the supervised implementation of the signed project
// 省级科研和创新基地运行绩效评估 at every stage, and the province programme's own records. All
// through the use cases, dated from the seeding day:
// - implementation plan v1 returned with comments, v2 approved (SUP-1);
// - a progress report completing the first milestone, acknowledged and published on the portal
//   with a public summary; a general report waiting for acknowledgement (SUP-2, PUB-1);
// - a major matter approved by the department, waiting for the association (SUP-3);
// - two observers, one of them the demo expert 黄海 (expert.huang); an expert panel inspection with findings (SUP-4);
// - a change request waiting for the department — not approved, so the signed v1 (and the
//   README's verification code) stays in force (SUP-5);
// - a rectification order waiting for the society's report (SUP-7); a training record for the project
//   and a programme-wide training session (SUP-8);
// - on the programme: a regular meeting with minutes and decisions, two briefings (one on the
//   portal), a stage report in draft (PRG-3).
// No termination here (SUP-6): each other demo project stands for a stage the demo needs (see README).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.js';
import { pilotProjects, taskBooks, users } from '../../server/db/schema.js';
import type { Actor, RequestMeta } from '../../server/platform/actor.js';
import { decidePlan, submitPlan } from '../../server/modules/supervision/plans.js';
import { milestonesOfProject } from '../../server/modules/supervision/milestones.js';
import { acknowledgeProgressReport, changeProgressDisclosure, submitProgressReport } from '../../server/modules/supervision/progress.js';
import { decideMajorMatter, submitMajorMatter } from '../../server/modules/supervision/major-matters.js';
import { assignObserver, planInspection, recordFindings } from '../../server/modules/supervision/inspections.js';
import { issueRectification } from '../../server/modules/supervision/rectification.js';
import { recordProgrammeTraining, recordProjectTraining } from '../../server/modules/supervision/training.js';
import { submitChangeRequest } from '../../server/modules/supervision/change-requests.js';
import { createBriefing, createStageReport, recordMeeting } from '../../server/modules/programme-records/records.js';
import { ZPlanInput } from '../../domain/supervision/plan.lifecycle.js';
import { ZProgressReportInput } from '../../domain/supervision/progress-report.lifecycle.js';
import { ZMajorMatterInput } from '../../domain/supervision/major-matter.lifecycle.js';
import { ZApprovalDecisionInput } from '../../domain/supervision/approval-chain.js';
import { ZInspectionFindingsInput, ZInspectionInput, ZObserverInput } from '../../domain/supervision/inspection.lifecycle.js';
import { ZRectificationInput } from '../../domain/supervision/rectification.lifecycle.js';
import { ZTrainingInput } from '../../domain/supervision/training.js';
import { ZChangeRequestInput } from '../../domain/supervision/change-request.lifecycle.js';
import { ZBriefingInput, ZMeetingInput, ZStageReportInput } from '../../domain/supervision/programme-record.js';

const meta: RequestMeta = { ip: null, requestId: 'seed' };

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function seedDemoSupervision(opts: { db: Db; today: string; assoc: Actor; kjt: Actor; jixie: Actor; projectTitle: string }): Promise<void> {
  const { db, today, assoc, kjt, jixie } = opts;
  const [project] = await db.select({ id: pilotProjects.id, programmeId: pilotProjects.programmeId }).from(pilotProjects).where(eq(pilotProjects.title, opts.projectTitle));
  const projectId = project.id;

  // SUP-1: plan v1 returned with comments, v2 approved.
  const plan = {
    goals: '完成全省 60 家省级重点实验室和工程技术研究中心的运行绩效评估，形成单个基地评估报告 60 份和总体评估报告 1 份。',
    organisation: '成立项目领导小组，学会秘书长任组长；下设评估工作组（学术部牵头）和专家组（周立新教授任组长），分别负责组织实施和技术把关。',
    workingMode: '材料评审与现场考察相结合：基地在线填报运行数据，专家组分 6 个小组开展材料评审，对其中 20 家开展现场考察。',
    mechanisms: '项目组周例会；每月向委托单位和协调单位报送进展；评估结果经专家组集体审议。',
    safeguards: '经费专款专用、单独核算；评估专家签署保密和回避承诺；评估数据分级管理。',
  };
  const v1 = await submitPlan({ db, actor: jixie, meta, projectId, input: ZPlanInput.parse({ content: plan }) });
  await decidePlan({ db, actor: kjt, meta, planId: v1.id, rowVersion: v1.rowVersion, input: { decision: 'return', comment: '请细化现场考察基地的抽取规则，并明确评估结果的申诉和复核程序。' } });
  const v2 = await submitPlan({
    db,
    actor: jixie,
    meta,
    projectId,
    input: ZPlanInput.parse({
      content: { ...plan, workingMode: `${plan.workingMode}现场考察基地按领域分层随机抽取，每个领域不少于 2 家。`, mechanisms: `${plan.mechanisms}基地对评估结果有异议的，可在 10 个工作日内申请复核，由专家组另行指定专家复核。` },
      revisionNote: '按委托单位意见，补充现场考察基地的抽取规则和评估结果的复核程序。',
    }),
  });
  await decidePlan({ db, actor: kjt, meta, planId: v2.id, rowVersion: v2.rowVersion, input: { decision: 'approve', comment: '同意按此方案实施。' } });

  // SUP-2, PUB-1: the first milestone reported complete, read by the department, published by the
  // association with a public summary; a general report still to be read.
  const [first] = await milestonesOfProject(db, projectId);
  const done = await submitProgressReport({
    db,
    actor: jixie,
    meta,
    projectId,
    input: ZProgressReportInput.parse({
      milestoneId: first.id,
      completesMilestone: true,
      title: '实施方案已制定并经委托单位审定',
      body: '项目实施方案（第 2 版）已经省科学技术厅审定。评估指标体系含运行管理、科研产出、开放共享、人才培养 4 类 23 项指标，专家组由 32 名同行专家组成，现场考察基地名单已按分层随机规则抽取。',
    }),
  });
  const ack = await acknowledgeProgressReport({ db, actor: kjt, meta, reportId: done.id, rowVersion: done.rowVersion, comment: '方案已审定，请按计划启动调研。' });
  await changeProgressDisclosure({ db, actor: assoc, meta, reportId: done.id, rowVersion: ack.rowVersion, event: 'publish', publicSummary: '省级科研和创新基地运行绩效评估项目实施方案已经委托单位审定，确定运行管理、科研产出、开放共享、人才培养 4 类 23 项评估指标，评估工作全面启动。' });
  await submitProgressReport({
    db,
    actor: jixie,
    meta,
    projectId,
    input: ZProgressReportInput.parse({ title: '评估工作启动情况', body: '已召开项目启动会，完成 60 家基地的评估培训；在线填报系统已开通，已有 41 家基地提交运行数据。' }),
  });

  // SUP-3: a major matter decided by the council, approved by the department, waiting for the association.
  const matter = await submitMajorMatter({
    db,
    actor: jixie,
    meta,
    projectId,
    input: ZMajorMatterInput.parse({
      title: '调整专家组组长',
      content: '原专家组组长周立新教授因承担国家重大任务，不能继续担任组长，拟由王海涛研究员接任，周立新教授继续作为专家组成员参与评估。',
      councilDecision: { body: 'standingCouncil', decidedOn: addDays(today, -2), reference: '山东省机械工程学会第九届常务理事会第六次会议' },
    }),
  });
  await decideMajorMatter({ db, actor: kjt, meta, id: matter, input: ZApprovalDecisionInput.parse({ decision: 'approve', opinion: '同意调整。', step: 0 }) });

  // SUP-4: an observer; an inspection with findings that need rectification.
  await assignObserver({
    db,
    actor: assoc,
    meta,
    projectId,
    input: ZObserverInput.parse({ personName: '李卫东', employer: '山东省科技评估中心', fromOn: today, toOn: addDays(today, 300), duties: '列席项目组例会和专家评审会，观察评估程序的规范性，每季度向协调单位报告。' }),
  });
  // an observer with a platform account: reads this project and its supervision records, read-only
  const [huang] = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.username, 'expert.huang'));
  await assignObserver({
    db,
    actor: assoc,
    meta,
    projectId,
    input: ZObserverInput.parse({ personName: huang.displayName, employer: '山东省科学技术协会专家库', userId: huang.id, fromOn: today, toOn: addDays(today, 180), duties: '参加现场考察，观察评估专家遴选和回避程序的执行情况，向协调单位提出意见。' }),
  });
  const inspection = await planInspection({
    db,
    actor: kjt,
    meta,
    projectId,
    input: ZInspectionInput.parse({
      plannedOn: today,
      purpose: '检查实施方案落实、评估专家遴选和经费使用情况。',
      panel: [
        { name: '孙立平', employer: '山东大学', title: '教授' },
        { name: '郭红', employer: '山东省财政科学研究所', title: '高级会计师' },
        { name: '马骏', employer: '中国科学院青岛生物能源与过程研究所', title: '研究员' },
      ],
    }),
  });
  const checked = await recordFindings({
    db,
    actor: kjt,
    meta,
    today,
    inspectionId: inspection.id,
    rowVersion: inspection.rowVersion,
    input: ZInspectionFindingsInput.parse({
      inspectedOn: today,
      findings: '实施方案总体落实到位，专家遴选程序规范。发现的问题：1. 专家回避承诺书有 5 份未签署；2. 专家劳务费发放未附签收单。',
      conclusion: 'needsRectification',
    }),
  });

  // SUP-7: the department orders rectification of the findings; the society has to report.
  await issueRectification({
    db,
    actor: kjt,
    meta,
    today,
    projectId,
    input: ZRectificationInput.parse({ requirements: '补签全部专家回避承诺书；补齐专家劳务费签收单，并建立劳务费发放台账。', deadline: addDays(today, 30), inspectionId: checked.id }),
  });

  // SUP-8: the association's training for the project team.
  await recordProjectTraining({
    db,
    actor: assoc,
    meta,
    projectId,
    input: ZTrainingInput.parse({
      kind: 'training',
      projectId,
      title: '第三方评估工作规范和经费管理专项培训',
      heldOn: today,
      location: '山东省科学技术协会 301 会议室',
      givenBy: '李明（学会学术部）',
      participants: '山东省机械工程学会项目组',
      participantCount: 8,
      content: '讲解第三方评估工作规范、专家回避和保密要求，以及项目经费的使用范围和报销凭证要求。',
    }),
  });

  // SUP-5: a change request waiting for the department (the signed v1 stays in force).
  const [signed] = await db.select({ id: taskBooks.id }).from(taskBooks).where(and(eq(taskBooks.projectId, projectId), eq(taskBooks.status, 'signed')));
  await submitChangeRequest({
    db,
    actor: jixie,
    meta,
    projectId,
    input: ZChangeRequestInput.parse({
      baseTaskBookId: signed.id,
      reason: '部分基地所在单位机构调整，现场考察需推迟，申请将“完成调研和现场工作”节点延后一个月。',
      changesSummary: '进度安排：“完成调研和现场工作”的完成日期延后一个月，其余内容不变。',
    }),
  });

  // PRG-3: the programme's records.
  const programmeId = project.programmeId;
  const year = Number(today.slice(0, 4));
  // SUP-8: a programme-wide training session for every undertaking society (no single project).
  await recordProgrammeTraining({
    db,
    actor: assoc,
    meta,
    programmeId,
    input: ZTrainingInput.parse({
      kind: 'training',
      projectId: null,
      title: '试点项目承接学会经费管理和绩效自评专项培训',
      heldOn: today,
      location: '山东省科学技术协会 201 会议室',
      givenBy: '山东省科学技术协会学会学术部',
      participants: '各试点项目承接学会秘书长、财务人员',
      participantCount: 16,
      content: '讲解试点项目经费管理办法、政府购买服务合同管理要求和项目绩效自评方法，解答承接学会在任务书执行中遇到的问题。',
    }),
  });
  await recordMeeting({
    db,
    actor: assoc,
    meta,
    programmeId,
    input: ZMeetingInput.parse({
      kind: 'regular',
      title: `${year}年转接试点工作例会（第一次）`,
      heldOn: today,
      location: '山东省科学技术协会 301 会议室',
      attendees: ['山东省科学技术协会', '山东省科学技术厅', '山东省工业和信息化厅', '山东省机械工程学会'],
      minutes: '会议通报了试点项目的遴选和任务书签署情况，听取了省级科研和创新基地运行绩效评估项目的进展汇报，研究了专家回避和经费管理问题。',
      decisions: [
        { text: '各承接学会每月底前报送项目进展报告。', owner: '各承接学会' },
        { text: '省科协对各试点项目开展一次经费使用情况工作指导。', owner: '山东省科学技术协会', dueOn: addDays(today, 45) },
      ],
    }),
  });
  await createBriefing({
    db,
    actor: assoc,
    meta,
    programmeId,
    input: ZBriefingInput.parse({
      issueNo: 1,
      title: '首批政府职能转接试点项目确定承接学会',
      issuedOn: today,
      body: '经省政府批准，省科学技术厅择优确定山东省机械工程学会承接“省级科研和创新基地运行绩效评估”项目。三方任务书已经签署，项目进入实施阶段。',
      disclose: true,
    }),
  });
  await createBriefing({
    db,
    actor: assoc,
    meta,
    programmeId,
    input: ZBriefingInput.parse({
      issueNo: 2,
      title: '试点项目专家组检查情况',
      issuedOn: today,
      body: '省科学技术厅组织专家组对省级科研和创新基地运行绩效评估项目开展检查，发现专家回避承诺和劳务费签收管理方面的问题，已下达整改通知。',
    }),
  });
  await createStageReport({
    db,
    actor: assoc,
    meta,
    programmeId,
    input: ZStageReportInput.parse({
      year,
      period: Number(today.slice(5, 7)) <= 6 ? '上半年' : '下半年',
      dueOn: addDays(today, 30),
      title: `山东省${year}年政府职能转接试点工作阶段报告`,
      body: '一、试点工作总体进展\n二、试点项目实施和监督情况\n三、存在的问题\n四、下一步工作安排\n（起草中）',
    }),
  });
}
