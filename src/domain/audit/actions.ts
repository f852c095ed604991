// the one dictionary of the audit log — every action code the platform writes, every record
// type, in Chinese — shared by the server (list, Excel export) and the web. A code written without
// a label here fails src/server/modules/audit/audit-labels.int.test.ts.
import { programmeLifecycle } from '../programme/programme.lifecycle.js';
import { transferItemLifecycle } from '../transfer/transfer-item.lifecycle.js';
import { demandEntryLifecycle } from '../transfer/demand-entry.lifecycle.js';
import { declarationLifecycle } from '../selection/declaration.lifecycle.js';
import { countersignLifecycle } from '../selection/countersign.lifecycle.js';
import { taskBookLifecycle } from '../taskbook/taskbook.lifecycle.js';
import { planLifecycle } from '../supervision/plan.lifecycle.js';
import { milestoneLifecycle } from '../supervision/milestone.rules.js';
import { progressReportLifecycle } from '../supervision/progress-report.lifecycle.js';
import { majorMatterLifecycle } from '../supervision/major-matter.lifecycle.js';
import { changeRequestLifecycle } from '../supervision/change-request.lifecycle.js';
import { terminationLifecycle } from '../supervision/termination.lifecycle.js';
import { inspectionLifecycle } from '../supervision/inspection.lifecycle.js';
import { rectificationLifecycle } from '../supervision/rectification.lifecycle.js';
import { stageReportLifecycle } from '../supervision/programme-record.js';
import { callLifecycle } from '../capacity/call.js';
import { applicationLifecycle } from '../capacity/application.js';
import { evaluationLifecycle } from '../capacity/evaluation.js';
import { projectStatusLabels } from '../projects/project.status.js';
import { approvalSubjectLabels } from '../supervision/approval-chain.js';

/** Every action code an audit row can carry, with its Chinese name. */
export const auditActionLabels: Record<string, string> = {
  // sign-in and access
  'auth.login.success': '登录成功',
  'auth.login.failure': '登录失败',
  'auth.login.locked': '账号锁定期间尝试登录',
  'auth.logout': '退出登录',
  'access.deny': '越权访问被拒绝',
  'pii.view': '查看完整个人信息',
  'system.seed': '系统初始化',
  // organisations, societies, users
  'org.create': '新增单位',
  'org.update': '修改单位',
  'society.create': '新增学会',
  'society.update': '修改学会档案',
  'society.facts.create': '录入学会年度情况',
  'society.facts.update': '更正学会年度情况',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'user.password.change': '修改本人密码',
  'user.password.reset': '重置用户密码',
  'user.totp.enable': '绑定动态验证码',
  'user.totp.disable': '解绑动态验证码',
  'user.unlock': '解除登录锁定',
  'attachment.upload': '上传附件',
  // programmes
  'programme.create': '新建方案',
  'programme.update': '修改方案',
  'programme.publish': '发布方案',
  'programme.close': '结束方案',
  // transferable items and the demand catalogue
  'item.create': '新增事项',
  'item.update': '修改事项草稿',
  'item.amend': '变更已发布事项',
  'item.publish': '发布事项',
  'item.withdraw': '撤回事项',
  'item.delete': '删除事项草稿',
  'item.import': '导入事项',
  'item.import.publish': '导入并发布事项',
  'item.relay': '向学会转发事项',
  'demand.create': '新增需求',
  'demand.update': '修改需求草稿',
  'demand.amend': '变更已发布需求',
  'demand.publish': '发布需求',
  'demand.withdraw': '撤回需求',
  'demand.delete': '删除需求草稿',
  // declarations, countersigning, selection
  'declaration.submit': '提交申报',
  'declaration.resubmit': '修改后重新提交申报',
  'declaration.withdraw': '撤回申报',
  'declaration.recommend': '推荐申报',
  'declaration.notRecommend': '不予推荐申报',
  'declaration.return': '退回申报修改',
  'declaration.reconsider': '重新审核申报',
  'declaration.close': '关闭申报',
  'countersign.send': '发起会签',
  'countersign.agree': '会签同意',
  'countersign.return': '会签退回',
  'countersign.approve': '登记审批结果',
  'selection.decide': '择优确定承接学会',
  'project.create': '建立试点项目',
  'project.terminate': '中止试点项目',
  // task books
  'taskBook.draft': '起草任务书',
  'taskBook.edit': '填写任务书',
  'taskBook.editRefused': '修改已冻结任务书被拒绝',
  'taskBook.newVersion': '生成任务书新版本',
  'taskBook.sign': '签署任务书',
  'taskBook.withdrawSignatures': '撤回任务书签署',
  // supervision
  'plan.submit': '报送实施方案',
  'plan.approve': '实施方案审查通过',
  'plan.return': '退回实施方案',
  'milestone.complete': '完成报告节点',
  'milestone.reconcile': '按任务书更新报告节点',
  'milestone.overdueAlert': '报告节点逾期提醒',
  'progress.submit': '报送进展报告',
  'progress.acknowledge': '确认已阅进展报告',
  'progress.publish': '公开进展报告摘要',
  'progress.withdrawDisclosure': '撤回进展报告公开',
  'majorMatter.submit': '报告重大事项',
  'majorMatter.decide': '审批重大事项',
  'majorMatter.withdraw': '撤回重大事项',
  'changeRequest.submit': '提出变更申请',
  'changeRequest.decide': '审批变更申请',
  'changeRequest.withdraw': '撤回变更申请',
  'termination.request': '申请中止项目',
  'termination.decide': '审批中止申请',
  'termination.decideRefund': '确定退还经费',
  'termination.recordPayment': '登记退款到账',
  'termination.withdraw': '撤回中止申请',
  'observer.assign': '委派观察员',
  'observer.end': '结束观察员委派',
  'inspection.plan': '安排监督检查',
  'inspection.edit': '修改检查安排',
  'inspection.cancel': '取消监督检查',
  'inspection.recordFindings': '出具检查意见',
  'rectification.issue': '下达整改通知',
  'rectification.respond': '报送整改情况',
  'rectification.accept': '整改验收通过',
  'rectification.return': '退回整改',
  'rectification.extend': '延长整改期限',
  'rectification.overdueAlert': '整改逾期提醒',
  'training.record': '记录培训指导',
  // programme records
  'meeting.record': '记录会议纪要',
  'meeting.edit': '修改会议纪要',
  'briefing.create': '编写工作简报',
  'briefing.edit': '修改工作简报',
  'briefing.publish': '公开工作简报',
  'briefing.withdrawDisclosure': '撤回工作简报公开',
  'stageReport.create': '起草阶段报告',
  'stageReport.edit': '修改阶段报告',
  'stageReport.submit': '报送阶段报告',
  // capacity-improvement plan (CAP-1)
  'capacityCall.create': '新建申报通知',
  'capacityCall.edit': '修改申报通知',
  'capacityCall.submit': '提交财政局确认申报通知',
  'capacityCall.confirm': '财政局确认申报通知',
  'capacityCall.return': '财政局退回申报通知',
  'capacityCall.withdraw': '撤回申报通知',
  'capacityCall.publish': '发布申报通知',
  'capacityCall.close': '截止申报通知',
  'capacityCall.autoClose': '申报期届满，申报通知自动截止',
  // CAP-2, CAP-3
  'capacityApplication.create': '填写申报书',
  'capacityApplication.edit': '修改申报书',
  'capacityApplication.submit': '提交申报书',
  'capacityApplication.withdraw': '撤回申报书',
  'capacityApplication.pass': '申报书通过形式审查',
  'capacityApplication.return': '申报书退回修改',
  'capacityApplication.reject': '申报书不予受理',
  'capacityApplication.select': '确定为拟资助项目',
  'capacityApplication.notSelect': '未入选资助项目',
  // CAP-4
  'capacityReview.draw': '抽取评审专家',
  'capacityReview.accept': '专家申明无利益冲突',
  'capacityReview.recuse': '专家申明利益冲突并回避',
  'capacityReview.submit': '专家提交评分',
  'capacityReview.complete': '专家评审完成',
  'capacityDecision.propose': '提出拟资助项目',
  'capacityDecision.confirm': '财政局确认评审结果',
  'capacityDecision.return': '财政局退回评审结果',
  // CAP-5: the public notice of the results and its objections
  'capacityNotice.publish': '发布评审结果公示',
  'capacityNotice.autoClose': '公示期满，公示自动结束',
  'capacityObjection.file': '收到公示异议',
  'capacityObjection.handle': '处理公示异议',
  'capacityApplication.approve': '公示无异议，确定资助',
  'capacityApplication.uphold': '公示异议成立，不予资助',
  // CAP-5, FND-4: the responsibility letter; both signatures approve the budget and fund the project
  'capacityLetter.draft': '起草项目责任书',
  'capacityLetter.edit': '修改项目责任书',
  'capacityLetter.freeze': '项目责任书定稿，提交签署',
  'capacityLetter.sign': '签署项目责任书',
  'capacityApplication.fund': '责任书签署生效，批复预算，项目实施',
  // CAP-6: the evaluation, its notice and the disbursement
  'capacityEvaluation.propose': '提出项目评估结果',
  'capacityEvaluation.edit': '修改项目评估结果',
  'capacityEvaluation.confirm': '财政局确认项目评估结果',
  'capacityEvaluation.return': '财政局退回项目评估结果',
  'capacityEvaluation.clear': '评估结果公示期满无异议',
  'capacityEvaluation.uphold': '评估结果公示异议成立',
  'capacityNotice.publishEvaluation': '发布评估结果公示',
  'capacityApplication.failEvaluation': '项目未通过评估，撤销资助',
  'capacityApplication.disburse': '拨付项目资金',
  // FND-5, FND-7: the fund ledger (one audit row per journal entry)
  'fund.budget': '专项资金预算入账',
  'fund.award': '核定专项资金资助',
  'fund.cancelAward': '撤销专项资金资助',
  'fund.disburse': '拨付专项资金',
  'fund.expense': '登记专项资金支出',
  'fund.refund': '退还专项资金',
  'fund.recover': '收回专项资金',
  // CAP-6, FND-1…FND-5: the implementation of a funded project
  'capacityProgressReport.file': '报送项目进展报告',
  'capacityExpense.record': '登记经费支出',
  'capacityExpense.refused': '经费支出被拒绝登记',
  'capacityExpense.check': '核查经费支出',
  'capacityBudget.request': '申请调整项目预算',
  'capacityBudget.approve': '批准预算调整',
  'capacityBudget.reject': '不批准预算调整',
  'capacityBudget.withdraw': '撤回预算调整申请',
  // CAP-6, CAP-7, FND-4, FND-6: acceptance, the execution window's unspent money, refunds, recoveries and sanctions
  'capacityAcceptance.propose': '提出项目验收结论',
  'capacityAcceptance.confirm': '财政局确认验收结论',
  'capacityAcceptance.return': '财政局退回验收结论',
  'capacityApplication.accept': '项目验收合格',
  'capacityApplication.failAcceptance': '项目验收不合格',
  'capacityApplication.windowFlag': '执行期满，标记未使用的专项资金',
  'capacityApplication.revoke': '撤销资助',
  'capacityFundReturn.refund': '登记退还的专项资金',
  'capacityFundReturn.recover': '登记追回专项资金',
};

/** The areas of the codes (their first part), in the order the 操作 filter lists them. */
export const auditAreaLabels: Record<string, string> = {
  auth: '登录',
  access: '权限',
  pii: '个人信息',
  system: '系统',
  org: '单位',
  society: '学会',
  user: '用户',
  attachment: '附件',
  programme: '方案',
  item: '可转移职能事项',
  demand: '需求服务目录',
  declaration: '申报',
  countersign: '会签',
  selection: '择优确定',
  project: '试点项目',
  taskBook: '三方任务书',
  plan: '实施方案',
  milestone: '报告节点',
  progress: '进展报告',
  majorMatter: '重大事项',
  changeRequest: '变更申请',
  termination: '中止与退款',
  observer: '观察员',
  inspection: '监督检查',
  rectification: '整改',
  training: '培训指导',
  meeting: '会议纪要',
  briefing: '工作简报',
  stageReport: '阶段报告',
  capacityCall: '申报通知',
  fund: '资金台账',
  capacityApplication: '能力提升项目申报',
  capacityReview: '专家评审',
  capacityDecision: '评审结果',
  capacityNotice: '评审结果公示',
  capacityObjection: '公示异议',
  capacityLetter: '项目责任书',
  capacityEvaluation: '项目评估',
  capacityProgressReport: '项目进展报告',
  capacityExpense: '经费支出',
  capacityBudget: '预算调整',
  capacityAcceptance: '项目验收',
  capacityFundReturn: '资金退还与追回',
};

/** The Chinese name of an action; a code missing here (a test prevents it) reads 其他操作, never the code. */
export function auditActionLabel(action: string): string {
  const label = auditActionLabels[action];
  if (label) return label;
  const area = auditAreaLabels[action.split('.')[0]];
  return area ? `${area}：其他操作` : '其他操作';
}

/** The record types an audit row names. */
export const auditEntityTypeLabels: Record<string, string> = {
  organisation: '单位',
  user: '用户',
  login: '登录账号',
  society_yearly_facts: '学会年度情况',
  attachment: '附件',
  programme: '方案',
  transfer_item: '可转移职能事项',
  demand_entry: '需求服务目录',
  declaration: '申报',
  countersign: '会签',
  pilot_project: '试点项目',
  task_book: '三方任务书',
  implementation_plan: '实施方案',
  milestone: '报告节点',
  progress_report: '进展报告',
  ...approvalSubjectLabels, // 重大事项, 变更申请, 中止申请
  observer: '观察员',
  inspection: '监督检查',
  rectification_order: '整改通知',
  training_record: '培训指导',
  programme_meeting: '会议纪要',
  briefing: '工作简报',
  stage_report: '阶段报告',
  capacity_call: '申报通知',
  capacity_application: '能力提升项目申报书',
  capacity_expert_assignment: '专家评审任务',
  capacity_decision: '评审结果',
  capacity_notice: '评审结果公示',
  capacity_objection: '公示异议',
  capacity_letter: '项目责任书',
  capacity_evaluation: '项目评估',
  capacity_progress_report: '能力提升项目进展报告',
  capacity_expense: '经费支出',
  capacity_budget_adjustment: '预算调整申请',
  capacity_acceptance: '项目验收',
  capacity_fund_return: '专项资金退还与追回',
  fund: '专项资金',
};

export const auditEntityTypeLabel = (type: string | null | undefined): string => (type ? (auditEntityTypeLabels[type] ?? '其他记录') : '—');

/** The names of a record type's states, for the `status` field of its before → after. */
export const auditStatusLabels: Record<string, Record<string, string>> = {
  programme: programmeLifecycle.states,
  transfer_item: transferItemLifecycle.states,
  demand_entry: demandEntryLifecycle.states,
  declaration: declarationLifecycle.states,
  countersign: countersignLifecycle.states,
  pilot_project: projectStatusLabels,
  task_book: taskBookLifecycle.states,
  implementation_plan: planLifecycle.states,
  milestone: milestoneLifecycle.states,
  progress_report: progressReportLifecycle.states,
  major_matter: majorMatterLifecycle.states,
  change_request: changeRequestLifecycle.states,
  termination: terminationLifecycle.states,
  inspection: inspectionLifecycle.states,
  rectification_order: rectificationLifecycle.states,
  stage_report: stageReportLifecycle.states,
  capacity_call: callLifecycle.states,
  capacity_application: applicationLifecycle.states,
  capacity_notice: { open: '公示中', closed: '已结束' },
  capacity_objection: { pending: '待处理', upheld: '异议成立', notUpheld: '异议不成立' },
  capacity_letter: { drafting: '起草中', signing: '待签署', signed: '已签署' },
  capacity_evaluation: evaluationLifecycle.states,
  capacity_budget_adjustment: { pending: '待审批', approved: '已批准', rejected: '未批准', withdrawn: '已撤回' },
  capacity_acceptance: { proposed: '待财政局确认', returned: '财政局退回', confirmed: '已确认' },
};

/** The columns of the 审计日志 list, in order; the Excel export has the same headers. */
export const auditColumns = [
  { key: 'at', title: '时间' },
  { key: 'actor', title: '操作人' },
  { key: 'actorOrg', title: '操作人单位' },
  { key: 'action', title: '操作' },
  { key: 'entityType', title: '对象类型' },
  { key: 'entity', title: '对象' },
  { key: 'reason', title: '原因' },
] as const;
export type AuditColumnKey = (typeof auditColumns)[number]['key'];
export const auditColumnTitle = (key: AuditColumnKey): string => auditColumns.find((c) => c.key === key)!.title;
