// SEL-2…SEL-7 (issue 12 §1): what the API answers for declarations and their qualification check,
// the countersign lists with their approval, and the pilot projects the department's choice makes.
// Details are the record with `actions` beside its fields; lists are pages of the columns they show.
import { z } from 'zod';
import { page, ZAttachmentRef, ZDayText, ZInstant } from './common.js';
import { declarationStates } from '../domain/selection/declaration.lifecycle.js';
import { countersignStates, opinionDecisions } from '../domain/selection/countersign.lifecycle.js';
import { countersignActions, declarationActions } from '../domain/selection/selection.actions.js';
import { transferItemStates } from '../domain/transfer/transfer-item.lifecycle.js';
import { projectStatuses } from '../domain/projects/project.status.js';
import { qualificationRuleLabels, ZApprovalLevel, ZSupervisionMeasure, type QualificationRule } from '../domain/programme/programme.types.js';
import { ZOfficeKind } from '../domain/org/org.types.js';

// ------------------------------------------------------------------ qualification (SEL-3)

const qualificationRules = Object.keys(qualificationRuleLabels) as [QualificationRule, ...QualificationRule[]];

/** One condition of the programme against the society's record. */
export const ZConditionResult = z
  .object({
    index: z.number().int().min(0).describe('条件在方案中的序号（从 0 起）'),
    rule: z.enum(qualificationRules),
    label: z.string().describe('方案中的条件表述'),
    status: z.enum(['pass', 'fail', 'manual']).describe('pass 符合；fail 不符合；manual 须人工核实'),
    fact: z.string().describe('判断所依据的事实（中文）'),
  })
  .meta({ id: 'ConditionResult' });
export type ConditionResult = z.infer<typeof ZConditionResult>;

export const ZQualificationResult = z
  .object({
    checkedOn: ZDayText.describe('核对日期（YYYY-MM-DD，依据当日的学会档案和年度情况）'),
    results: z.array(ZConditionResult),
    isQualified: z.boolean().describe('没有自动核对不符合的条件'),
    failed: z.number().int().min(0).describe('不符合的条件数'),
    manual: z.number().int().min(0).describe('须人工核实的条件数'),
  })
  .meta({ id: 'QualificationResult' });
export type QualificationResult = z.infer<typeof ZQualificationResult>;

// ------------------------------------------------------------------ declarations (SEL-2, SEL-4)

/** A declaration as an item's detail and the selection dialog show it. */
export const ZDeclarationSummary = z
  .object({
    id: z.uuid(),
    itemId: z.uuid(),
    societyId: z.uuid(),
    societyName: z.string(),
    status: z.enum(declarationStates),
    statusLabel: z.string(),
    isQualified: z.boolean().describe('申报时（或推荐时重新核对）没有不符合的资格条件'),
    failedConditions: z.number().int().min(0).describe('不符合的资格条件数'),
    reviewOpinion: z.string().nullable().describe('科协审核意见（推荐理由或退回原因）'),
    closedReason: z.string().nullable().describe('申报关闭的原因（告知学会）'),
    submittedAt: ZInstant,
    decidedAt: ZInstant.nullable(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'DeclarationSummary' });
export type DeclarationSummary = z.infer<typeof ZDeclarationSummary>;

/** A row of the declarations list: the summary with the item and its department. */
export const ZDeclarationListItem = ZDeclarationSummary.extend({
  itemTitle: z.string(),
  departmentId: z.uuid().describe('委托部门'),
  departmentName: z.string(),
}).meta({ id: 'DeclarationListItem' });
export type DeclarationListItem = z.infer<typeof ZDeclarationListItem>;

export const ZDeclarationPage = page(ZDeclarationListItem);
export type DeclarationPage = z.infer<typeof ZDeclarationPage>;

/** A declaration in full, with the qualification check and what the reader may do next. */
export const ZDeclaration = ZDeclarationSummary.extend({
  itemTitle: z.string(),
  itemStatus: z.enum(transferItemStates).describe('事项当前状态'),
  programmeId: z.uuid(),
  programmeName: z.string(),
  departmentId: z.uuid().describe('委托部门'),
  departmentName: z.string(),
  associationId: z.uuid().describe('审核申报的科协'),
  associationName: z.string(),
  capacityStatement: z.string().describe('承接能力说明'),
  plan: z.string().nullable().describe('承接设想'),
  contactName: z.string().nullable(),
  attachments: z.array(ZAttachmentRef).describe('证明材料'),
  qualification: ZQualificationResult,
  manualConfirmed: z.array(z.number().int().min(0)).describe('科协推荐时核实的人工审核条件（序号）'),
  actions: z.array(z.enum(declarationActions)).describe('当前用户可执行的操作：resubmit 补充后重新申报；withdraw 撤回；recommend 推荐；return 退回补充；notRecommend 不予推荐；reconsider 重新审核'),
}).meta({ id: 'Declaration' });
export type Declaration = z.infer<typeof ZDeclaration>;
export type DeclarationAction = Declaration['actions'][number];

// ------------------------------------------------------------------ countersigns (SEL-5, SEL-6)

export const ZRecommendedSociety = z
  .object({
    declarationId: z.uuid(),
    societyId: z.uuid(),
    societyName: z.string(),
    reviewOpinion: z.string().nullable().describe('科协推荐意见'),
  })
  .meta({ id: 'RecommendedSociety' });
export type RecommendedSociety = z.infer<typeof ZRecommendedSociety>;

/** An item on the list, as sent (its revision), with the societies recommended for it. */
export const ZCountersignItem = z
  .object({
    itemId: z.uuid(),
    title: z.string(),
    categoryCode: z.string(),
    categoryLabel: z.string(),
    departmentId: z.uuid(),
    departmentName: z.string(),
    status: z.enum(transferItemStates).describe('事项当前状态'),
    itemRevision: z.number().int().min(1).describe('报送时事项的版本'),
    recommended: z.array(ZRecommendedSociety),
  })
  .meta({ id: 'CountersignItem' });
export type CountersignItem = z.infer<typeof ZCountersignItem>;

/** One review office's opinion. */
export const ZCountersignOpinion = z
  .object({
    officeId: z.uuid().describe('审核部门'),
    officeName: z.string(),
    officeKind: ZOfficeKind,
    officeKindLabel: z.string(),
    decision: z.enum(opinionDecisions).describe('pending 待会签；agree 同意；return 退回'),
    decisionLabel: z.string(),
    opinion: z.string().nullable(),
    decidedAt: ZInstant.nullable(),
    decidedByName: z.string().nullable(),
  })
  .meta({ id: 'CountersignOpinion' });
export type CountersignOpinion = z.infer<typeof ZCountersignOpinion>;

const countersignFields = {
  id: z.uuid(),
  programmeId: z.uuid(),
  associationId: z.uuid().describe('报送的科协'),
  associationName: z.string(),
  title: z.string(),
  status: z.enum(countersignStates),
  statusLabel: z.string(),
  dueAt: ZInstant.nullable().describe('会签期限'),
  sentAt: ZInstant,
  approvalLevel: ZApprovalLevel,
  approvalLevelLabel: z.string(),
  approvalDocument: z.string().nullable().describe('批准文号或会议纪要编号'),
};

/** A row of the countersign list. */
export const ZCountersignListItem = z
  .object({ ...countersignFields, itemCount: z.number().int().min(0).describe('清单中的事项数') })
  .meta({ id: 'CountersignListItem' });
export type CountersignListItem = z.infer<typeof ZCountersignListItem>;

export const ZCountersignPage = page(ZCountersignListItem);
export type CountersignPage = z.infer<typeof ZCountersignPage>;

/** A countersign list in full: items, opinions, approval and what the reader may do next. */
export const ZCountersign = z
  .object({
    ...countersignFields,
    programmeName: z.string(),
    note: z.string().nullable().describe('报送说明'),
    decidedAt: ZInstant.nullable().describe('会签结束（全部同意或退回）的时间'),
    approvedOn: ZDayText.nullable().describe('批准日期'),
    approvalNote: z.string().nullable(),
    version: z.number().int().min(1),
    items: z.array(ZCountersignItem).describe('清单中的事项（委托部门只见本部门的）'),
    opinions: z.array(ZCountersignOpinion),
    actions: z.array(z.enum(countersignActions)).describe('当前用户可执行的操作：agree 同意；return 退回；approve 登记审批结果'),
  })
  .meta({ id: 'Countersign' });
export type Countersign = z.infer<typeof ZCountersign>;
export type CountersignAction = Countersign['actions'][number];

// ------------------------------------------------------------------ pilot projects (SEL-7)

const projectFields = {
  id: z.uuid(),
  programmeId: z.uuid(),
  title: z.string(),
  categoryCode: z.string(),
  categoryLabel: z.string(),
  departmentId: z.uuid().describe('委托单位'),
  departmentName: z.string(),
  societyId: z.uuid().describe('承接单位'),
  societyName: z.string(),
  associationId: z.uuid().describe('协调单位'),
  associationName: z.string(),
  status: z.enum(projectStatuses),
  statusLabel: z.string(),
  selectedAt: ZInstant.describe('确定承接学会的时间'),
};

/** A row of the pilot projects list. */
export const ZPilotProjectListItem = z.object(projectFields).meta({ id: 'PilotProjectListItem' });
export type PilotProjectListItem = z.infer<typeof ZPilotProjectListItem>;

export const ZPilotProjectPage = page(ZPilotProjectListItem);
export type PilotProjectPage = z.infer<typeof ZPilotProjectPage>;

/** A pilot project: the item, the department, the undertaking society and the association. */
export const ZPilotProject = z
  .object({
    ...projectFields,
    programmeName: z.string(),
    itemId: z.uuid().describe('来源事项'),
    declarationId: z.uuid().describe('承接学会的申报'),
    selectionReason: z.string().describe('选定理由'),
    agreementTitle: z.string().describe('项目的协议：已起草的，为其最新版本的文书；尚未起草的，为方案参数 agreementKind 规定的文书（三方任务书或职能转移合同）'),
    programmeHoldsFunds: z.boolean().describe('所属方案设有专项资金（FND-7）：项目经费可由专项资金拨付'),
    supervisionMeasures: z.array(ZSupervisionMeasure).describe('所属方案参数列明的监管措施（PRG-2）：页面先列出这些措施的记录，其余淡色显示并提示“本方案未列明”，平台不因此拒绝登记'),
    readOnlyAs: z.enum(['observer', 'evaluator']).nullable().describe('当前用户只读查看本项目的身份：observer 委派的观察员；evaluator 受托的第三方评估机构；项目各方为 null'),
  })
  .meta({ id: 'PilotProject' });
export type PilotProject = z.infer<typeof ZPilotProject>;
