// X-2 我的待办 / 我的已办 (issue 12 §1, §2): every to-do has its own type, named in Chinese.
import { z } from 'zod';
import { ZInstant, page } from './common.js';

/**
 * Every kind of to-do the platform opens (src/server: `openTodo`, `openTodosForSocieties`), with
 * its tag as the work bench shows it. A new kind is added here first: the server's `openTodo`
 * takes only these codes.
 */
export const todoKindLabels = {
  // 方案与事项
  'programme.publish': '发布方案',
  'item.relay': '转发事项',
  'relay.declare': '申报事项',
  // 申报与遴选
  'declaration.review': '审核申报',
  'declaration.supplement': '补充申报材料',
  'countersign.opinion': '会签',
  'countersign.revise': '修改会签',
  'countersign.approve': '报批登记',
  'item.select': '择优确定学会',
  // 任务书
  'taskBook.complete': '填写任务书',
  'taskBook.sign': '签署任务书',
  // 实施与监管
  'plan.submit': '提交实施方案',
  'plan.review': '审查实施方案',
  'milestone.overdue': '报送逾期节点进展',
  'progress.acknowledge': '阅知进展报告',
  'majorMatter.decide': '审批重大事项',
  'changeRequest.decide': '审批变更申请',
  'termination.decide': '审批中止申请',
  'termination.refundDecide': '确定经费退还',
  'termination.refund': '退还经费',
  'inspection.findings': '登记检查意见',
  'rectification.respond': '整改并报送',
  'rectification.review': '验收整改报告',
  'stageReport.submit': '报送阶段报告',
  // 结项与评估
  'completion.assess': '结项考核',
  'completion.revise': '修改结项报告',
  'evaluation.perform': '开展第三方评估',
  'evaluation.review': '审核第三方评估报告',
  // 能力提升计划
  'capacityCall.confirm': '确认申报通知',
  'capacityCall.apply': '申报能力提升项目',
  'capacityApplication.review': '形式审查申报书',
  'capacityApplication.revise': '修改申报书',
  'capacityReview.score': '专家评分',
  'capacityDecision.confirm': '确认评审结果',
  'capacityObjection.handle': '处理公示异议',
  'capacityLetter.sign': '签署项目责任书',
  'capacityBudget.decide': '审批预算调整',
  'capacityExpense.check': '核查经费支出',
  'capacityEvaluation.confirm': '确认评估结果',
  'capacityEvaluation.revise': '修改评估结果',
  'capacityApplication.disburse': '拨付项目资金',
  'capacityAcceptance.confirm': '确认验收结果',
  'capacityFunds.refund': '退还未使用的专项资金',
  'capacityFunds.recover': '追回专项资金',
  // 学会调查
  'willingness.answer': '填报承接意愿',
  'survey.answer': '填写满意度调查',
} as const;
export type TodoKind = keyof typeof todoKindLabels;
export const todoKinds = Object.keys(todoKindLabels) as [TodoKind, ...TodoKind[]];

/** The kinds grouped as the work bench's filter lists them. */
export const todoKindGroups: { label: string; kinds: TodoKind[] }[] = [
  { label: '方案与事项', kinds: ['programme.publish', 'item.relay', 'relay.declare'] },
  { label: '申报与遴选', kinds: ['declaration.review', 'declaration.supplement', 'countersign.opinion', 'countersign.revise', 'countersign.approve', 'item.select'] },
  { label: '任务书', kinds: ['taskBook.complete', 'taskBook.sign'] },
  {
    label: '实施与监管',
    kinds: [
      'plan.submit',
      'plan.review',
      'milestone.overdue',
      'progress.acknowledge',
      'majorMatter.decide',
      'changeRequest.decide',
      'termination.decide',
      'termination.refundDecide',
      'termination.refund',
      'inspection.findings',
      'rectification.respond',
      'rectification.review',
      'stageReport.submit',
    ],
  },
  { label: '结项与评估', kinds: ['completion.assess', 'completion.revise', 'evaluation.perform', 'evaluation.review'] },
  { label: '能力提升计划', kinds: ['capacityCall.confirm', 'capacityCall.apply', 'capacityApplication.review', 'capacityApplication.revise', 'capacityReview.score', 'capacityDecision.confirm', 'capacityObjection.handle', 'capacityLetter.sign', 'capacityBudget.decide', 'capacityExpense.check', 'capacityEvaluation.confirm', 'capacityEvaluation.revise', 'capacityApplication.disburse', 'capacityAcceptance.confirm', 'capacityFunds.refund', 'capacityFunds.recover'] },
  { label: '调查', kinds: ['willingness.answer', 'survey.answer'] },
];

export const ZTodoKind = z.enum(todoKinds).describe('待办类型').meta({ id: 'TodoKind' });
export const ZTodoStatus = z.enum(['open', 'done']).describe('open 待办；done 已办');

export const ZTodo = z
  .object({
    id: z.uuid(),
    kind: ZTodoKind,
    kindLabel: z.string().describe('待办类型的中文名称（如“签署任务书”）'),
    title: z.string(),
    link: z.string().describe('办理页面（站内路径）'),
    entityType: z.string().describe('所办理记录的类型'),
    entityId: z.uuid().describe('所办理记录的编号'),
    dueAt: ZInstant.nullable().describe('办理期限；null 表示无期限'),
    isOverdue: z.boolean().describe('未办且已过期限'),
    status: ZTodoStatus,
    createdAt: ZInstant,
    completedAt: ZInstant.nullable(),
  })
  .meta({ id: 'Todo' });
export type Todo = z.infer<typeof ZTodo>;

export const ZTodoPage = page(ZTodo);
export type TodoPage = z.infer<typeof ZTodoPage>;

export const ZTodoCounts = z.object({ open: z.number().int().describe('待办数'), done: z.number().int().describe('已办数') });
export type TodoCounts = z.infer<typeof ZTodoCounts>;
