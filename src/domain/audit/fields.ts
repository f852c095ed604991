// the fields of an audit entry's before → after in Chinese — the names of the fields the
// use cases record (beside the form fields of src/web/shared/fieldLabels.ts), the names of their
// coded values, and the fields that are bookkeeping, not something a reader looks for.
import { orgTypeLabels } from '../access/roles.js';
import {
  approverLabels,
  commissioningModeLabels,
  fundRecoveryGroundLabels,
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
import { completionAssessorLabels, completionDecisionLabels, completionVerdictLabels } from '../evaluation/completion.js';
import { commissionScopeLabels, kpiScoringMethodLabels } from '../evaluation/performance.js';
import { ratingLabels, surveyGroupLabels } from '../evaluation/satisfaction.js';
import { approvalDecisionLabels } from '../supervision/approval-chain.js';
import { meetingKindLabels } from '../supervision/programme-record.js';
import { trainingKindLabels } from '../supervision/training.js';
import { opinionDecisionLabels } from '../selection/countersign.lifecycle.js';
import { declarationLifecycle } from '../selection/declaration.lifecycle.js';
import { evaluationNoticeOutcomeLabels, evaluationResultLabels } from '../capacity/evaluation.js';
import { demandServiceKindLabels, purchaseMethodLabels } from '../transfer/transfer.types.js';
import { acceptanceResultLabels } from '../capacity/closing.js';
import { ruleClauseDefaults } from '../programme/rule-clauses.js';
import { societyTierLabels } from '../org/tiers.js';
import { procurementModeLabels } from '../programme/programme.types.js';

/** Names of the fields the use cases write into before/after (a path reads segment by segment). */
export const auditFieldLabels: Record<string, string> = {
  // STA-1, PUB-1: the figures of a published indicator sheet, one line each
  figures: '公开的指标数值',
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
  toFundFen: '其中退回专项资金',
  terminationId: '中止申请',
  // EVA-2, EVA-3: a commission and a performance report
  evaluatorOrgId: '第三方评估机构',
  scope: '评估范围',
  projects: '指定项目数',
  score: '得分',
  grade: '绩效等级',
  passed: '评估合格',
  published: '在门户公开',
  // EVA-4: a satisfaction survey, its invitations and an answer (a public answer names no one)
  respondentGroups: '调查对象',
  respondentGroup: '调查对象类别',
  questionCount: '问卷题目数',
  linkCount: '生成的公众填写链接数',
  invitedOrgs: '邀请的单位',
  overallRating: '总体评价',
  satisfied: '计为满意',
  // EVA-5: a typical case
  tags: '标签',
  // EVA-1: a completion round
  completionId: '结项报告',
  round: '第几次报告',
  assessor: '考核方',
  result: '考核结果',
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
  // CAP-1: the yearly call
  fundCode: '资金来源',
  opensOn: '申报开始日期',
  closesOn: '申报截止日期',
  types: '项目类型、名额和资助标准',
  comment: '意见',
  // CAP-6, FND-1…FND-5: expenses and budget adjustments of a funded project
  category: '支出类别',
  item: '开支项目',
  spentOn: '支出日期',
  fixedAsset: '形成固定资产',
  flags: '提请核查的事项',
  checked: '已核查',
  clause: '依据条款',
  budget: '项目预算',
  totalFen: '预算合计',
  // PRG-2: a programme's clauses, one per rule (parameters › 规则依据条款 › 资金拨付)
  ...Object.fromEntries(Object.entries(ruleClauseDefaults).map(([k, d]) => [k, d.label])),
  // ORG-4, EVA-6: a society's tier; ORG-5: a willingness round and a society's answer
  tier: '分类',
  reasons: '分类理由',
  suggestedTier: '平台建议的分类',
  suggestedReasons: '平台建议的依据',
  basedOn: '此前的分类',
  willing: '愿意承接',
  capable: '认为有能力承担',
  preferredModes: '倾向的承接方式',
  hopedItems: '希望承接的事项',
  invitedCount: '邀请填报的学会数',
  answeredCount: '已填报的学会数',
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
  capacity_call: { title: '通知标题', budgetFen: '年度预算', societyCount: '通知学会数' },
  capacity_application: { title: '项目名称', requestedFen: '预算合计', version: '版本', items: '形式审查', eligible: '符合申报条件', manual: '须人工确认的条件数', callId: '申报通知', typeCode: '项目类型', rule: '违反的规定', awardFen: '资助金额', approvedOn: '预算批复日期', windowEndsOn: '执行期限截止日', year: '验收年度', acceptanceResult: '验收结论', unspentFen: '未使用的专项资金', ground: '追回事由' },
  capacity_notice: { title: '公示标题', days: '公示期（天）', applicationCount: '公示项目数' },
  capacity_objection: { applicationId: '所针对的项目' },
  capacity_letter: {
    applicationId: '申报书',
    title: '项目名称',
    awardFen: '资助金额',
    budgetTotalFen: '预算合计',
    executionWindowMonths: '执行期限（月）',
    supplementaryTerms: '补充条款',
    representative: '甲方负责人',
    associationContact: '甲方联系人',
    societyContact: '乙方联系人',
    verificationCode: '校验码',
    letterParty: '签署方',
    approvedOn: '预算批复日期',
    windowEndsOn: '执行期限截止日',
  },
  // EVA-2, EVA-3: a commission and a performance report
  evaluation_commission: { title: '委托事项', evaluatorOrgId: '第三方评估机构', scope: '评估范围', projects: '指定项目数', startsOn: '评估开始日期', endsOn: '评估结束日期' },
  performance_evaluation: { projectId: '试点项目', score: '评估得分', grade: '绩效等级', passed: '评估合格', published: '在门户公开' },
  // EVA-4: a satisfaction survey
  satisfaction_survey: { title: '调查名称', year: '调查年度', opensOn: '开始日期', closesOn: '截止日期', invitedCount: '邀请数', answeredCount: '已填写数' },
  // EVA-5: a typical case
  typical_case: { title: '案例标题', projectId: '试点项目' },
  capacity_expense: { applicationId: '项目', amountFen: '支出金额' },
  capacity_progress_report: { applicationId: '项目', title: '报告标题' },
  capacity_budget_adjustment: { applicationId: '项目' },
  // CAP-6: the evaluation and its notice's outcome; the disbursement on the application
  capacity_evaluation: { applicationId: '项目', evaluationResult: '评估结论', score: '评估得分', noticeOutcome: '评估结果公示' },
  // CAP-6, CAP-7, FND-4, FND-6: acceptance, the window's flag, refunds and recoveries
  capacity_acceptance: { applicationId: '项目', year: '验收年度', acceptanceResult: '验收结论' },
  capacity_fund_return: { applicationId: '项目', amountFen: '金额', outstandingFen: '学会尚持有的已拨付资金', ground: '追回事由', awardCancelled: '撤销资助', debarment: '取消申报资格' },
  // ORG-5: the round's own words for its days and title
  willingness_round: { title: '调查名称', year: '调查年度', opensOn: '开始日期', closesOn: '截止日期' },
  willingness_response: { roundId: '承接意愿调查', note: '说明' },
  indicator_publication: { year: '年度', figures: '公开的指标数值' },
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
  assessor: completionAssessorLabels,
  scope: commissionScopeLabels,
  kpiScoring: kpiScoringMethodLabels,
  result: completionVerdictLabels,
  decision: { ...opinionDecisionLabels, ...approvalDecisionLabels, ...completionDecisionLabels, ...Object.fromEntries(Object.entries(declarationLifecycle.events).map(([k, e]) => [k, e.label])) },
  kind: { ...programmeKindLabels, ...trainingKindLabels, ...meetingKindLabels },
  serviceKind: demandServiceKindLabels,
  purchaseMethod: purchaseMethodLabels,
  // CAP-6: a refused expense names the rule it broke in words, never its id; the flags of an expense
  rule: { 'FND-1': '专项资金的使用范围', 'FND-2': '专项资金不得用于的开支', 'FND-3': '批复的项目预算', 'FND-4': '预算执行期限', 'FND-5': '专项资金单独核算', 'FND-6': '已拨付的资金', 'FND-7': '方案的专项资金' },
  flags: { procurement: '政府采购', fixedAsset: '固定资产' },
  // CAP-5: the parties of a responsibility letter
  letterParty: { association: '甲方（科协）', society: '乙方（学会）' },
  // CAP-6: an evaluation's result and its notice's outcome
  evaluationResult: evaluationResultLabels,
  noticeOutcome: evaluationNoticeOutcomeLabels,
  // CAP-6, CAP-7: an acceptance's result and a recovery's ground
  acceptanceResult: acceptanceResultLabels,
  ground: fundRecoveryGroundLabels,
  // ORG-4, ORG-5
  tier: societyTierLabels,
  suggestedTier: societyTierLabels,
  preferredModes: procurementModeLabels,
  // EVA-4: the groups surveyed and an answer's overall rating
  respondentGroups: surveyGroupLabels,
  respondentGroup: surveyGroupLabels,
  overallRating: ratingLabels,
};
