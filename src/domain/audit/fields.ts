// the fields of an audit entry's before → after in Chinese — the names of the fields the
// use cases record (beside the form fields of src/web/shared/fieldLabels.ts), the names of their
// coded values, and the fields that are bookkeeping, not something a reader looks for.
import { orgTypeLabels } from '../access/roles.js';
import {
  approverLabels,
  commissioningModeLabels,
  leaderApprovalBodyLabels,
  programmeKindLabels,
  projectLeaderPostLabels,
} from '../programme/programme.types.js';
import { fundingNatureLabels, fundingSourceLabels } from '../taskbook/taskbook.types.js';
import { signingPartyLabels } from '../taskbook/taskbook.lifecycle.js';
import { inspectionConclusionLabels } from '../supervision/inspection.lifecycle.js';
import { disclosureLifecycle } from '../supervision/disclosure.lifecycle.js';
import { refundKindLabels } from '../supervision/refund.rules.js';
import { terminationInitiatorLabels } from '../supervision/termination.lifecycle.js';
import { approvalDecisionLabels } from '../supervision/approval-chain.js';
import { meetingKindLabels } from '../supervision/programme-record.js';
import { trainingKindLabels } from '../supervision/training.js';
import { opinionDecisionLabels } from '../selection/countersign.lifecycle.js';
import { declarationLifecycle } from '../selection/declaration.lifecycle.js';
import { demandServiceKindLabels, purchaseMethodLabels } from '../transfer/transfer.types.js';

/** Names of the fields the use cases write into before/after (a path reads segment by segment). */
export const auditFieldLabels: Record<string, string> = {
  // parts of a task book
  department: '委托单位',
  society: '承接学会',
  association: '协调单位',
  project: '项目内容',
  division: '处室',
  headName: '负责人',
  contactName: '联系人',
  contactPhone: '联系电话',
  contactMobile: '手机',
  contactEmail: '电子邮箱',
  cooperationMode: '合作方式',
  funding: '经费',
  supported: '经费支持',
  policySupport: '政策支持',
  budgetFen: '经费预算',
  nature: '经费性质',
  natureOther: '其他经费性质',
  source: '经费来源',
  selfRaisedFen: '自筹经费',
  leaderApproval: '领导机构决定',
  body: '决定机构',
  decidedOn: '决定日期',
  reference: '文号或会议',
  leaderName: '项目负责人',
  leaderPost: '项目负责人职务',
  leaderPhone: '项目负责人电话',
  leaderMobile: '项目负责人手机',
  leaderEmail: '项目负责人电子邮箱',
  legalRepName: '法定代表人',
  legalRepPhone: '法定代表人电话',
  legalRepMobile: '法定代表人手机',
  legalRepEmail: '法定代表人电子邮箱',
  content: '主要内容',
  goals: '项目目标',
  keyTasks: '主要任务',
  kpis: '考核指标',
  members: '项目组成员',
  schedule: '进度安排',
  fundsSource: '经费来源说明',
  qualityRequirements: '质量要求',
  rightsAndDuties: '各方权利义务',
  // supervision and selection
  approver: '审批方',
  step: '审批步骤',
  steps: '审批流程',
  decision: '决定',
  attachments: '附件数',
  baseTaskBookId: '所依据的任务书',
  baseVersion: '所依据的任务书版本',
  hasProposedContent: '附修改后的任务书内容',
  cancelled: '取消的节点',
  cancelledMilestones: '取消的节点',
  closedChangeRequests: '关闭的变更申请',
  closedMajorMatters: '关闭的重大事项',
  closedTodos: '关闭的待办',
  completesMilestone: '完成报告节点',
  conclusion: '检查结论',
  councilDecision: '理事会决定',
  decisions: '议定事项数',
  declarationDeadline: '申报截止时间',
  departmentId: '委托部门',
  societyId: '承接学会',
  associationId: '协调科协',
  itemId: '可转移职能事项',
  projectId: '试点项目',
  programmeId: '方案',
  declarationId: '申报',
  milestoneId: '报告节点',
  inspectionId: '监督检查',
  reportId: '进展报告',
  paymentId: '退款记录',
  terminationId: '中止申请',
  relayId: '转发批次',
  disclosure: '公开状态',
  publicSummary: '公开摘要',
  dueOn: '报送期限',
  employer: '工作单位',
  personName: '姓名',
  fromOn: '起始日期',
  toOn: '截止日期',
  failed: '未满足的条件数',
  isQualified: '符合申报条件',
  heldOn: '日期',
  inserted: '新增的节点',
  updated: '调整的节点',
  kept: '保留的节点数',
  inspectedOn: '检查日期',
  plannedOn: '计划检查日期',
  panel: '检查专家',
  purpose: '检查内容',
  issueNo: '期号',
  issuer: '下达方',
  initiatedBy: '提出方',
  office: '会签部门',
  offices: '会签部门',
  orgName: '所属单位',
  orgType: '单位类型',
  parentName: '上级单位',
  typeLabel: '单位类型',
  roleLabels: '角色',
  party: '签署方',
  previousStatus: '原状态',
  previousVersion: '原版本',
  receivedFen: '已拨付经费',
  receivedOn: '到账日期',
  refundFen: '应退还经费',
  refundKind: '退还方式',
  refundedFen: '已退还经费',
  revision: '公开版本',
  societyCount: '转发学会数',
  taskBookVersion: '任务书版本',
  yearlyFacts: '年度情况',
  kind: '类别',
  isActive: '启用',
  items: '事项',
  // programme parameters not named on the form
  selectionDays: '遴选各环节期限（天）',
  declare: '申报',
  review: '审核',
  countersign: '会签',
  approve: '报批',
  select: '择优确定',
  pastStagesConfirmed: '已确认过期的阶段日期',
};

/** Bookkeeping, not shown in an entry's changes. */
export const auditHiddenFields: ReadonlySet<string> = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'lastLoginAt',
  'digest',
  'keyId',
  'hashVersion',
  // names written beside an id the page already shows by name
  'orgName',
  'parentName',
  'typeLabel',
  'roleLabels',
]);

/** Where a field means something else for one record type. */
export const auditFieldLabelsByType: Record<string, Record<string, string>> = {
  user: { title: '职务或职称' },
};

/** Names of coded values, by the field that holds them. */
export const auditValueLabels: Record<string, Record<string, string>> = {
  approver: approverLabels,
  steps: approverLabels,
  issuer: approverLabels,
  party: signingPartyLabels,
  orgType: orgTypeLabels,
  cooperationMode: commissioningModeLabels,
  nature: fundingNatureLabels,
  source: fundingSourceLabels,
  leaderPost: projectLeaderPostLabels,
  body: leaderApprovalBodyLabels,
  conclusion: inspectionConclusionLabels,
  disclosure: disclosureLifecycle.states,
  refundKind: refundKindLabels,
  initiatedBy: terminationInitiatorLabels,
  decision: { ...opinionDecisionLabels, ...approvalDecisionLabels, ...Object.fromEntries(Object.entries(declarationLifecycle.events).map(([k, e]) => [k, e.label])) },
  kind: { ...programmeKindLabels, ...trainingKindLabels, ...meetingKindLabels },
  serviceKind: demandServiceKindLabels,
  purchaseMethod: purchaseMethodLabels,
};
