// The capacity-improvement plan (issue 13 step 7, CAP-6): the evaluation (评估) of a funded project,
// its evaluation notice (评估结果公示) and the disbursement (资金拨付) after it — one section of the
// application's page, read by whoever reads the application (the society its own, the association,
// the co-managing finance bureau; experts not). A refusal by a rule is a problem+json with `rule`
// and `clause` (the page shows the clause in words, never the rule's id).
import { z } from 'zod';
import { ZAttachmentRef, ZDayText, ZInstant } from './common.js';
import { ZApplicationStatus } from './capacity-applications.js';
import { ZNoticeStatus } from './capacity-notices.js';
import { evaluationNoticeOutcomes, evaluationResults, evaluationStates } from '../domain/capacity/evaluation.js';

const fen = (what: string) => z.number().int().describe(`${what}（分）`);

export const ZEvaluationResult = z.enum(evaluationResults).describe('passed 通过评估，failed 未通过评估');
export const ZEvaluationStatus = z.enum(evaluationStates).describe('proposed 待财政局确认，returned 财政局退回（科协修改后重新提交），confirmed 已确定');
export const ZEvaluationNoticeOutcome = z.enum(evaluationNoticeOutcomes).describe('cleared 评估结果公示无异议（可拨付资金），upheld 公示异议成立（不予拨付）');

export const ZCapacityEvaluation = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    result: ZEvaluationResult,
    resultLabel: z.string(),
    score: z.number().int().nullable().describe('评估得分（0–100，选填）'),
    findings: z.string().describe('评估意见'),
    attachments: z.array(ZAttachmentRef).describe('评估材料'),
    status: ZEvaluationStatus,
    statusLabel: z.string(),
    proposedAt: ZInstant,
    proposedByName: z.string().nullable(),
    confirmedAt: ZInstant.nullable(),
    confirmedByName: z.string().nullable(),
    confirmedOrgName: z.string().nullable().describe('确认的单位（财政局；不共同实施时为科协自己）'),
    returnComment: z.string().nullable().describe('财政局的退回意见：仅在退回修改（returned）时'),
    previousReturnComment: z.string().nullable().describe('科协修改后重新提交的（proposed），此前财政局的退回意见：供对照的历史，不是当前意见'),
    noticeOutcome: ZEvaluationNoticeOutcome.nullable(),
    noticeOutcomeLabel: z.string().nullable(),
    rowVersion: z.number().int(),
  })
  .meta({ id: 'CapacityEvaluation' });
export type CapacityEvaluation = z.infer<typeof ZCapacityEvaluation>;

/** The evaluation notice the evaluation went on (a public page: /portal/notices/{id}). */
export const ZEvaluationNoticeRef = z
  .object({
    id: z.uuid(),
    title: z.string(),
    startsOn: ZDayText,
    endsOn: ZDayText,
    status: ZNoticeStatus,
    statusLabel: z.string(),
  })
  .meta({ id: 'CapacityEvaluationNoticeRef' });

export const ZDisbursement = z
  .object({
    amountFen: fen('拨付金额'),
    disbursedAt: ZInstant,
    disbursedByName: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'CapacityDisbursement' });
export type Disbursement = z.infer<typeof ZDisbursement>;

export const evaluationActions = ['propose', 'edit', 'confirm', 'return', 'disburse'] as const;
export type EvaluationAction = (typeof evaluationActions)[number];

/** The section 评估与拨付 of an application's page. */
export const ZEvaluationSection = z
  .object({
    applicationId: z.uuid(),
    applicationStatus: ZApplicationStatus,
    applicationStatusLabel: z.string(),
    applicationRowVersion: z.number().int().describe('拨付时提交的申报书版本号'),
    coManaged: z.boolean().describe('财政局共同实施：评估结果须经财政局确认'),
    evaluationNoticeDays: z.number().int().describe('评估结果公示期（天，方案的政策参数）'),
    awardFen: fen('核定的资助金额').nullable(),
    evaluation: ZCapacityEvaluation.nullable(),
    notice: ZEvaluationNoticeRef.nullable(),
    disbursement: ZDisbursement.nullable(),
    /** why the funds may not be disbursed now, in words, with the clause (null once disbursed or when they may be) */
    disbursementBlock: z.object({ message: z.string(), clause: z.string() }).nullable().describe('尚不能拨付的原因及依据'),
    actions: z
      .array(z.enum(evaluationActions))
      .describe('当前用户可执行的操作：propose 提出评估结果，edit 修改评估结果，confirm 确认，return 退回，disburse 拨付资金'),
  })
  .meta({ id: 'CapacityEvaluationSection' });
export type EvaluationSection = z.infer<typeof ZEvaluationSection>;
