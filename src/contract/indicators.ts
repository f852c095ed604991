// STA-1, STA-2, PUB-1 (issue 14): the indicators of an association subtree and year with their
// definitions and drill-downs, the dashboards, and the indicators an association publishes.
import { z } from 'zod';
import { ZInstant, ZNamedRef, page } from './common.js';
import { countKeys, indicatorKeys } from '../domain/statistics/indicators.js';

export const ZCountKey = z.enum(countKeys).describe('计数键（统计口径见 definition）');
export const ZIndicatorKey = z.enum(indicatorKeys);

export const ZIndicatorPart = z.object({ label: z.string(), count: ZCountKey, value: z.number().int() });

export const ZIndicator = z
  .object({
    key: ZIndicatorKey,
    label: z.string(),
    unit: z.enum(['家', '项', '个', '%']),
    value: z.number().nullable().describe('指标值；满意度为百分比（一位小数），无答卷时为 null'),
    responseRate: z.number().nullable().optional().describe('满意度调查的回收率（百分比），无邀请时为 null'),
    definition: z.string().describe('统计口径：计入了哪些记录'),
    seed: z.string().describe('对应的政策文件表述'),
    parts: z.array(ZIndicatorPart).describe('构成，每项可下钻到所计入的记录'),
  })
  .meta({ id: 'Indicator' });
export type Indicator = z.infer<typeof ZIndicator>;

export const ZIndicatorBreakdown = z.object({
  association: ZNamedRef,
  own: z.boolean().describe('true：本级（只含直属学会和部门）；false：该下级科协及其下级'),
  values: z.record(z.string(), z.number().nullable()).describe('指标键 → 指标值'),
});

export const ZIndicatorPublicationRef = z.object({ id: z.uuid(), publishedAt: ZInstant, publishedByName: z.string().nullable() });

export const ZIndicatorSheet = z
  .object({
    association: ZNamedRef,
    year: z.number().int(),
    years: z.array(z.number().int()).describe('可选年度：本科协及下级科协方案的年度'),
    indicators: z.array(ZIndicator),
    breakdown: z.array(ZIndicatorBreakdown).describe('按本级和各下级科协分列'),
    publication: ZIndicatorPublicationRef.nullable().describe('本年度已在门户公开的指标（公开时的数值），未公开为 null'),
    actions: z.array(z.enum(['publish', 'withdraw'])).describe('publish 在门户公开（或以当前数值重新公开），withdraw 撤回公开'),
  })
  .meta({ id: 'IndicatorSheet' });
export type IndicatorSheet = z.infer<typeof ZIndicatorSheet>;

export const ZIndicatorMember = z
  .object({
    id: z.uuid(),
    title: z.string().describe('记录名称（公众答卷为匿名）'),
    detail: z.string().nullable().describe('补充说明：所属单位、状态等'),
    association: ZNamedRef.describe('计入的科协'),
    href: z.string().nullable().describe('平台内查看该记录的页面'),
  })
  .meta({ id: 'IndicatorMember' });
export type IndicatorMember = z.infer<typeof ZIndicatorMember>;
export const ZIndicatorMemberPage = page(ZIndicatorMember);

export const ZCountRow = z.object({ key: z.string(), label: z.string(), value: z.number().int() });
export type CountRow = z.infer<typeof ZCountRow>;

export const ZDashboard = z
  .object({
    association: ZNamedRef,
    year: z.number().int(),
    years: z.array(z.number().int()),
    programmes: z.array(ZNamedRef).describe('本科协及下级科协该年度的方案'),
    programme: ZNamedRef.nullable().describe('只看一个方案时'),
    itemsByCategory: z.array(ZCountRow).describe('事项按类别'),
    itemsByState: z.array(ZCountRow).describe('事项按状态'),
    projectsByStage: z.array(ZCountRow).describe('试点项目按阶段'),
    milestones: z.object({ open: z.number().int(), overdue: z.number().int(), dueWithin30Days: z.number().int() }).describe('未完成的关键节点：逾期（应完成日早于今天）、30 天内到期'),
    funds: z
      .object({ budgetedFen: z.number(), awardedFen: z.number(), disbursedFen: z.number(), spentFen: z.number(), refundedFen: z.number(), recoveredFen: z.number() })
      .describe('专项资金台账合计（分）'),
    evaluationGrades: z.array(ZCountRow).describe('已采纳的第三方项目绩效评价按等级'),
    evaluationScoreBands: z.array(ZCountRow).describe('已采纳的第三方项目绩效评价按得分段'),
    completions: z.array(ZCountRow).describe('结项考核结果'),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof ZDashboard>;

export const ZPublicIndicators = z
  .object({
    id: z.uuid(),
    association: ZNamedRef,
    year: z.number().int(),
    publishedAt: ZInstant,
    indicators: z.array(ZIndicator.omit({ parts: true }).extend({ parts: z.array(ZIndicatorPart) })),
  })
  .meta({ id: 'PublicIndicators' });
export type PublicIndicators = z.infer<typeof ZPublicIndicators>;
export const ZPublicIndicatorsPage = page(ZPublicIndicators);
