// Implementation records of a pilot project (issue 12 §1): SUP-1 implementation plans, SUP-2
// milestones and progress reports (PUB-1 disclosure), SUP-4 observers and expert panel inspections,
// SUP-7 rectification orders, SUP-8 training and guidance. Each record carries the `actions` the
// reading user may take now; a project's lists are whole (`all`), with what the user may start.
import { z } from 'zod';
import { all, page, ZAttachmentRef, ZDayText, ZInstant } from './common.js';
import { planStates } from '../domain/supervision/plan.lifecycle.js';
import { milestoneStates } from '../domain/supervision/milestone.rules.js';
import { progressReportStates } from '../domain/supervision/progress-report.lifecycle.js';
import { disclosureStates } from '../domain/supervision/disclosure.lifecycle.js';
import { inspectionConclusions, inspectionStates } from '../domain/supervision/inspection.lifecycle.js';
import { rectificationIssuers, rectificationStates } from '../domain/supervision/rectification.lifecycle.js';
import { trainingKinds } from '../domain/supervision/training.js';

/** The three parties of a pilot project. */
export const ZProjectParty = z.enum(['department', 'society', 'association']).describe('项目三方：department 委托单位，society 承接单位（学会），association 协调单位（科协）');
export type ProjectParty = z.infer<typeof ZProjectParty>;

const ZNullableInstant = ZInstant.nullable();
const ZAttachments = z.array(ZAttachmentRef);

// ------------------------------------------------------------------------------------------------
// SUP-1 implementation plans
// ------------------------------------------------------------------------------------------------

export const ZPlanContent = z
  .object({
    goals: z.string().describe('工作目标'),
    organisation: z.string().describe('组织结构及分工职责'),
    workingMode: z.string().describe('工作模式'),
    mechanisms: z.string().describe('工作机制'),
    safeguards: z.string().describe('保障措施'),
  })
  .meta({ id: 'ImplementationPlanContent' });
export type PlanContent = z.infer<typeof ZPlanContent>;

export const ZImplementationPlan = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    version: z.number().int().describe('版本号（从 1 起）'),
    status: z.enum(planStates),
    statusLabel: z.string(),
    content: ZPlanContent,
    revisionNote: z.string().nullable().describe('修订说明'),
    attachments: ZAttachments,
    submittedByName: z.string().nullable(),
    submittedAt: ZInstant,
    decidedByName: z.string().nullable(),
    decidedAt: ZNullableInstant,
    decisionComment: z.string().nullable().describe('审查意见'),
    rowVersion: z.number().int().describe('行版本（修改时回传，防止覆盖他人的修改）'),
    actions: z.array(z.enum(['approve', 'return'])).describe('当前用户可执行的操作'),
  })
  .meta({ id: 'ImplementationPlan' });
export type ImplementationPlan = z.infer<typeof ZImplementationPlan>;

export const ZImplementationPlanList = all(ZImplementationPlan).extend({
  inForceId: z.uuid().nullable().describe('现行（已通过）版本的编号'),
  pendingId: z.uuid().nullable().describe('待审查版本的编号'),
  myParty: ZProjectParty.nullable().describe('当前用户代表的项目一方；不是项目三方时为 null'),
  actions: z.array(z.enum(['submit'])).describe('submit：可提交（新版本的）实施方案'),
});
export type ImplementationPlanList = z.infer<typeof ZImplementationPlanList>;

// ------------------------------------------------------------------------------------------------
// SUP-2 milestones and progress reports
// ------------------------------------------------------------------------------------------------

export const ZMilestone = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    position: z.number().int().describe('在进度安排中的顺序'),
    name: z.string(),
    dueOn: ZDayText,
    deliverable: z.string().nullable().describe('阶段成果'),
    status: z.enum(milestoneStates),
    statusLabel: z.string(),
    overdue: z.boolean().describe('已过期限且未报告完成'),
    overdueAlertedAt: ZNullableInstant.describe('逾期提醒的时间'),
    taskBookVersion: z.number().int().describe('节点所依据的任务书版本'),
    completedAt: ZNullableInstant,
    completedByReportId: z.uuid().nullable().describe('报告完成该节点的进展报告'),
    cancelledAt: ZNullableInstant,
    reportCount: z.number().int().describe('针对该节点的进展报告数'),
    actions: z.array(z.enum(['report'])),
  })
  .meta({ id: 'ProjectMilestone' });
export type Milestone = z.infer<typeof ZMilestone>;

export const ZMilestoneList = all(ZMilestone).extend({
  today: ZDayText.describe('今天（中国日历日），判断逾期的基准'),
  actions: z.array(z.enum(['report'])).describe('report：可报送进展'),
});
export type MilestoneList = z.infer<typeof ZMilestoneList>;

export const ZProgressReport = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    milestoneId: z.uuid().nullable().describe('所针对的关键节点；综合报告为 null'),
    milestoneName: z.string().nullable(),
    completesMilestone: z.boolean().describe('报告该节点已完成'),
    title: z.string(),
    body: z.string(),
    attachments: ZAttachments,
    status: z.enum(progressReportStates),
    statusLabel: z.string(),
    submittedByName: z.string().nullable(),
    submittedAt: ZInstant,
    acknowledgedAt: ZNullableInstant,
    acknowledgedByOrgId: z.uuid().nullable().describe('阅知单位'),
    acknowledgedByOrgName: z.string().nullable(),
    acknowledgeComment: z.string().nullable(),
    disclosure: z.enum(disclosureStates).describe('门户公开状态：internal 未公开，published 已公开，withdrawn 已撤回'),
    disclosureLabel: z.string(),
    publicSummary: z.string().nullable().describe('门户显示的公开摘要；为 null 时公开报告正文'),
    publishedAt: ZNullableInstant,
    withdrawnAt: ZNullableInstant,
    rowVersion: z.number().int(),
    actions: z.array(z.enum(['acknowledge', 'publish', 'withdrawDisclosure'])),
  })
  .meta({ id: 'ProgressReport' });
export type ProgressReport = z.infer<typeof ZProgressReport>;

export const ZProgressReportList = all(ZProgressReport).extend({
  actions: z.array(z.enum(['submit'])).describe('submit：可报送进展报告'),
});
export type ProgressReportList = z.infer<typeof ZProgressReportList>;

// ------------------------------------------------------------------------------------------------
// SUP-4 observers and expert panel inspections
// ------------------------------------------------------------------------------------------------

export const ZObserver = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    personName: z.string(),
    employer: z.string(),
    userId: z.uuid().nullable().describe('观察员的平台账号（委派期间可查看本项目）'),
    fromOn: ZDayText,
    toOn: ZDayText,
    duties: z.string().nullable(),
    endedOn: ZDayText.nullable().describe('提前结束的日期'),
    endedReason: z.string().nullable(),
    active: z.boolean().describe('今天在委派期内'),
    assignedByOrgId: z.uuid(),
    assignedByOrgName: z.string().nullable(),
    createdAt: ZInstant,
    rowVersion: z.number().int(),
    actions: z.array(z.enum(['end'])),
  })
  .meta({ id: 'ProjectObserver' });
export type Observer = z.infer<typeof ZObserver>;

export const ZObserverList = all(ZObserver).extend({
  actions: z.array(z.enum(['assign'])).describe('assign：可委派观察员'),
});
export type ObserverList = z.infer<typeof ZObserverList>;

export const ZPanelPerson = z
  .object({
    name: z.string(),
    employer: z.string(),
    title: z.string().nullable().optional().describe('职务/职称'),
    userId: z.uuid().nullable().optional().describe('专家的平台账号'),
  })
  .meta({ id: 'InspectionPanelPerson' });
export type PanelPerson = z.infer<typeof ZPanelPerson>;

export const ZInspection = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    plannedOn: ZDayText,
    purpose: z.string(),
    panel: z.array(ZPanelPerson).describe('专家组成员'),
    status: z.enum(inspectionStates),
    statusLabel: z.string(),
    inspectedOn: ZDayText.nullable(),
    findings: z.string().nullable(),
    conclusion: z.enum(inspectionConclusions).nullable(),
    conclusionLabel: z.string().nullable(),
    attachments: ZAttachments,
    cancelledReason: z.string().nullable(),
    createdAt: ZInstant,
    findingsRecordedAt: ZNullableInstant,
    rowVersion: z.number().int(),
    actions: z.array(z.enum(['edit', 'recordFindings', 'cancel', 'issueRectification'])),
  })
  .meta({ id: 'ProjectInspection' });
export type Inspection = z.infer<typeof ZInspection>;

export const ZInspectionList = all(ZInspection).extend({
  actions: z.array(z.enum(['plan'])).describe('plan：可安排专家组检查'),
});
export type InspectionList = z.infer<typeof ZInspectionList>;

// ------------------------------------------------------------------------------------------------
// SUP-7 rectification orders
// ------------------------------------------------------------------------------------------------

export const ZRectificationOrder = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    issuerKind: z.enum(rectificationIssuers).describe('下达方：department 委托单位，association 协调单位'),
    issuerLabel: z.string(),
    issuerOrgId: z.uuid(),
    issuerOrgName: z.string().nullable(),
    inspectionId: z.uuid().nullable().describe('据以下达的专家组检查'),
    requirements: z.string(),
    deadline: ZDayText,
    status: z.enum(rectificationStates),
    statusLabel: z.string(),
    waitingOn: z.enum(['society', 'issuer']).nullable().describe('等待哪一方：society 承接学会，issuer 下达单位；已销号为 null'),
    overdue: z.boolean(),
    attachments: ZAttachments,
    response: z.string().nullable().describe('整改报告'),
    responseAttachments: ZAttachments,
    respondedAt: ZNullableInstant,
    decisionComment: z.string().nullable(),
    decidedAt: ZNullableInstant,
    closedAt: ZNullableInstant,
    issuedByName: z.string().nullable(),
    issuedAt: ZInstant,
    rowVersion: z.number().int(),
    actions: z.array(z.enum(['respond', 'accept', 'return', 'extend'])),
  })
  .meta({ id: 'RectificationOrder' });
export type RectificationOrder = z.infer<typeof ZRectificationOrder>;

export const ZRectificationList = all(ZRectificationOrder).extend({
  actions: z.array(z.enum(['issue'])).describe('issue：可下达整改通知'),
});
export type RectificationList = z.infer<typeof ZRectificationList>;

// ------------------------------------------------------------------------------------------------
// SUP-8 training and guidance
// ------------------------------------------------------------------------------------------------

const trainingFields = {
  id: z.uuid(),
  programmeId: z.uuid(),
  projectId: z.uuid().nullable().describe('所针对的项目；面向全方案的专项培训为 null'),
  scope: z.enum(['project', 'programme']).describe('project 针对本项目，programme 面向全方案'),
  kind: z.enum(trainingKinds),
  kindLabel: z.string(),
  title: z.string(),
  heldOn: ZDayText,
  givenBy: z.string().nullable().describe('培训或指导单位/人员'),
  participantCount: z.number().int().nullable(),
  recordedByOrgId: z.uuid(),
  recordedByOrgName: z.string(),
  recordedAt: ZInstant,
};

export const ZTrainingRecord = z
  .object({
    ...trainingFields,
    location: z.string().nullable(),
    participants: z.string().nullable(),
    content: z.string(),
    attachments: ZAttachments,
  })
  .meta({ id: 'TrainingRecord' });
export type TrainingRecord = z.infer<typeof ZTrainingRecord>;

export const ZTrainingList = all(ZTrainingRecord).extend({
  actions: z.array(z.enum(['record', 'recordProgramme'])).describe('record：可记录本项目的培训或指导；recordProgramme：可记录面向全方案的专项培训'),
});
export type TrainingList = z.infer<typeof ZTrainingList>;

/** A line of a programme's training list (the record itself at /api/v1/training-records/{id}). */
export const ZTrainingSummary = z
  .object({
    ...trainingFields,
    projectTitle: z.string().nullable().describe('所针对项目的名称；面向全方案时为 null'),
  })
  .meta({ id: 'TrainingRecordSummary' });
export type TrainingSummary = z.infer<typeof ZTrainingSummary>;

export const ZTrainingPage = page(ZTrainingSummary);
export type TrainingPage = z.infer<typeof ZTrainingPage>;
