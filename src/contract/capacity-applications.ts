// The capacity-improvement plan (issue 13 step 2): CAP-2 a society's application (申报书) to a yearly
// call with its eligibility (the SEL-3 engine over the programme's `capacityEligibility`), CAP-3 the
// association's formal review item by item; versions kept.
import { z } from 'zod';
import { ZInstant, page } from './common.js';
import { applicationStates } from '../domain/capacity/application.js';

export const ZApplicationStatus = z
  .enum(applicationStates)
  .describe(
    '申报状态：draft 草稿，submitted 待形式审查，returned 退回修改，rejected 不予受理，passed 形式审查通过，withdrawn 已撤回，expertReview 专家评审中，reviewed 专家评审完成，selected 拟资助，notSelected 未入选，approved 公示无异议，objectionUpheld 异议成立，funded 实施中',
  );

export const ZEligibilityCondition = z
  .object({
    index: z.number().int(),
    label: z.string().describe('方案中的条件原文'),
    group: z.enum(['keyProject', 'demonstration']).describe('keyProject 重点项目申报条件（各类型均适用）；demonstration 综合示范学会另需满足的条件'),
    status: z.enum(['pass', 'fail', 'manual']).describe('pass 符合；fail 不符合；manual 须形式审查时人工确认'),
    fact: z.string().describe('判断所依据的学会档案或年度情况'),
  })
  .meta({ id: 'EligibilityCondition' });

export const ZEligibility = z
  .object({
    checkedOn: z.string().describe('检查日期（YYYY-MM-DD）'),
    typeCode: z.string(),
    typeName: z.string(),
    eligible: z.boolean().describe('没有不符合的自动检查条件'),
    failed: z.number().int(),
    manual: z.number().int(),
    conditions: z.array(ZEligibilityCondition),
    clause: z.string().describe('条件出处（方案文件的条款）'),
  })
  .meta({ id: 'CapacityEligibility' });
export type Eligibility = z.infer<typeof ZEligibility>;
export const ZEligibilityList = z.object({ items: z.array(ZEligibility).describe('申报通知的各类项目（或所选的一类）') }).meta({ id: 'CapacityEligibilityList' });

const ZIndicatorView = z.object({ label: z.string(), target: z.string() });
const ZBudgetLineView = z.object({
  category: z.string(),
  categoryLabel: z.string().describe('支出类别名称'),
  item: z.string().nullable(),
  amountFen: z.number().int(),
  note: z.string().nullable(),
});

/** What a submission freezes (and what a draft holds now). */
export const ZApplicationContent = z
  .object({
    typeCode: z.string(),
    typeName: z.string(),
    title: z.string(),
    goals: z.string(),
    indicators: z.array(ZIndicatorView),
    budget: z.array(ZBudgetLineView),
    requestedFen: z.number().int().describe('预算合计（分）'),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    attachmentIds: z.array(z.uuid()),
  })
  .meta({ id: 'CapacityApplicationContent' });
export type ApplicationContent = z.infer<typeof ZApplicationContent>;

export const ZFormalReview = z
  .object({
    items: z.array(z.object({ code: z.string(), label: z.string(), passed: z.boolean(), note: z.string().nullable() })),
    comment: z.string().nullable(),
  })
  .meta({ id: 'CapacityFormalReview' });

export const applicationActions = ['edit', 'submit', 'withdraw', 'review'] as const;

export const ZCapacityApplicationSummary = z
  .object({
    id: z.uuid(),
    callId: z.uuid(),
    callTitle: z.string(),
    callYear: z.number().int(),
    programmeId: z.uuid(),
    societyId: z.uuid(),
    societyName: z.string(),
    typeCode: z.string(),
    typeName: z.string(),
    title: z.string(),
    requestedFen: z.number().int(),
    status: ZApplicationStatus,
    statusLabel: z.string(),
    version: z.number().int().describe('已提交的版本数（0：尚未提交）'),
    submittedAt: ZInstant.nullable(),
    updatedAt: ZInstant,
  })
  .meta({ id: 'CapacityApplicationSummary' });
export type CapacityApplicationSummary = z.infer<typeof ZCapacityApplicationSummary>;
export const ZCapacityApplicationPage = page(ZCapacityApplicationSummary);
export type CapacityApplicationPage = z.infer<typeof ZCapacityApplicationPage>;

export const ZCapacityApplication = ZCapacityApplicationSummary.extend({
  associationName: z.string(),
  callClosesOn: z.string(),
  awardFen: z.number().int().describe('该类型的资助标准（分）'),
  content: ZApplicationContent,
  eligibility: ZEligibility.nullable().describe('资格检查：草稿和退回修改时为当前结果，已提交时为提交当日的结果'),
  review: ZFormalReview.nullable().describe('最近一次形式审查'),
  returnComment: z.string().nullable(),
  versions: z.array(z.object({ version: z.number().int(), submittedAt: ZInstant, submittedByName: z.string().nullable() })),
  decidedAt: ZInstant.nullable(),
  decidedByName: z.string().nullable(),
  checklist: z.array(z.object({ code: z.string(), label: z.string() })).describe('方案的形式审查清单'),
  checklistClause: z.string().describe('形式审查的依据（方案的条款）'),
  createdAt: ZInstant,
  rowVersion: z.number().int(),
  actions: z.array(z.enum(applicationActions)).describe('当前用户可执行的操作：edit 修改，submit 提交，withdraw 撤回，review 形式审查'),
  letterStatus: z.enum(['drafting', 'signing', 'signed']).nullable().describe('责任书的状态（尚未起草时为空）'),
}).meta({ id: 'CapacityApplication' });
export type CapacityApplication = z.infer<typeof ZCapacityApplication>;

export const ZApplicationVersion = z
  .object({ version: z.number().int(), submittedAt: ZInstant, content: ZApplicationContent, eligibility: ZEligibility })
  .meta({ id: 'CapacityApplicationVersion' });
