// How a capacity-plan project ends (issue 13 step 8, CAP-6, CAP-7, FND-4, FND-6): the yearly
// acceptance (验收) proposed by the association and confirmed (or returned) by the co-managing finance
// bureau; the execution window's flag with the money not spent; refunds (退还) and recoveries (追回)
// with their ground, the responsibility found and the debarment that follows. A refusal by a rule is
// a problem+json with `rule` and `clause` (a page shows the clause in words, never the rule's id).
import { z } from 'zod';
import { ZAttachmentRef, ZDayText, ZInstant, all } from './common.js';
import { ZApplicationStatus } from './capacity-applications.js';
import { acceptanceResults, acceptanceStates } from '../domain/capacity/closing.js';
import { ZFundRecoveryGround } from '../domain/programme/programme.types.js';

const fen = (what: string) => z.number().int().describe(`${what}（分）`);

export const acceptanceActions = ['repropose', 'confirm', 'return'] as const;

export const ZCapacityAcceptance = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    year: z.number().int().describe('验收年度'),
    result: z.enum(acceptanceResults).describe('passed 验收合格，failed 验收不合格'),
    resultLabel: z.string(),
    opinion: z.string().describe('验收意见'),
    attachments: z.array(ZAttachmentRef),
    status: z.enum(acceptanceStates).describe('proposed 待财政局确认，returned 财政局退回，confirmed 已确认'),
    statusLabel: z.string(),
    proposedAt: ZInstant,
    proposedByName: z.string().nullable(),
    confirmedAt: ZInstant.nullable(),
    confirmedByName: z.string().nullable(),
    confirmedOrgName: z.string().nullable().describe('确认单位（财政局；不共同管理时为科协本身）'),
    returnComment: z.string().nullable().describe('财政局的退回意见'),
    rowVersion: z.number().int(),
    actions: z.array(z.enum(acceptanceActions)).describe('当前用户可执行的操作：repropose 重新提出，confirm 确认，return 退回'),
  })
  .meta({ id: 'CapacityAcceptance' });
export type CapacityAcceptance = z.infer<typeof ZCapacityAcceptance>;

export const fundReturnKinds = ['refund', 'recovery'] as const;
export const fundReturnKindLabels: Record<(typeof fundReturnKinds)[number], string> = { refund: '退还', recovery: '追回' };

export const ZDebarmentView = z
  .object({
    reason: z.string(),
    startsOn: ZDayText,
    endsOn: ZDayText,
    years: z.number().int(),
  })
  .meta({ id: 'CapacityDebarment' });
export type DebarmentView = z.infer<typeof ZDebarmentView>;

export const ZCapacityFundReturn = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    kind: z.enum(fundReturnKinds).describe('refund 退还未使用的资金，recovery 追回'),
    kindLabel: z.string(),
    amountFen: fen('金额'),
    /** a recovery of 0 on an award never paid cancelled the award instead */
    awardCancelled: z.boolean().describe('未拨付的资助改为撤销（追回金额为 0）'),
    ground: ZFundRecoveryGround.nullable().describe('追回的事由（退还时为空）'),
    groundLabel: z.string().nullable(),
    groundClause: z.string().nullable().describe('事由的依据条款'),
    responsibility: z.string().nullable().describe('责任认定：相关人员及其责任'),
    note: z.string().nullable(),
    debarment: ZDebarmentView.nullable().describe('随之记入学会年度情况的取消申报资格'),
    attachments: z.array(ZAttachmentRef),
    recordedAt: ZInstant,
    recordedByName: z.string().nullable(),
  })
  .meta({ id: 'CapacityFundReturn' });
export type CapacityFundReturn = z.infer<typeof ZCapacityFundReturn>;
export const ZCapacityFundReturnList = all(ZCapacityFundReturn);
export type CapacityFundReturnList = z.infer<typeof ZCapacityFundReturnList>;

export const closingActions = ['proposeAcceptance', 'recordRefund', 'recordRecovery'] as const;

export const ZRecoveryGroundOption = z
  .object({
    ground: ZFundRecoveryGround,
    label: z.string(),
    clause: z.string().describe('依据条款'),
    debarYears: z.number().int().describe('随之取消申报资格的年数（0 为不取消）'),
    debarment: ZDebarmentView.nullable().describe('今天登记时将记入学会年度情况的取消申报资格'),
    /** falseMaterials revokes the funding */
    revokes: z.boolean().describe('同时撤销资助'),
    /** a ground that needs something first (failedAcceptance: a confirmed failed acceptance) */
    available: z.boolean(),
    unavailableReason: z.string().nullable(),
  })
  .meta({ id: 'CapacityRecoveryGround' });
export type RecoveryGroundOption = z.infer<typeof ZRecoveryGroundOption>;

export const ZCapacityClosing = z
  .object({
    applicationId: z.uuid(),
    status: ZApplicationStatus,
    statusLabel: z.string(),
    title: z.string(),
    societyName: z.string(),
    acceptance: ZCapacityAcceptance.nullable().describe('验收（尚未提出时为空）'),
    coManaged: z.boolean().describe('验收结果须财政局确认'),
    window: z
      .object({
        approvedOn: ZDayText.nullable().describe('预算批复日期'),
        endsOn: ZDayText.nullable().describe('执行期限的最后一天'),
        ended: z.boolean(),
        flaggedAt: ZInstant.nullable().describe('执行期满、系统标记未使用资金的时间'),
        unspentFen: z.number().int().nullable().describe('标记时未使用的专项资金（分）'),
        settled: z.boolean().describe('标记的未使用资金已退还或追回（或学会已不持有拨付的资金）'),
      })
      .describe('执行期限（预算批复之日起）'),
    balance: z
      .object({
        awardFen: fen('核定资助'),
        cancelled: z.boolean().describe('资助已撤销'),
        disbursedFen: fen('已拨付'),
        spentFen: fen('已支出'),
        refundedFen: fen('已退还'),
        recoveredFen: fen('已追回'),
        outstandingFen: fen('学会尚持有的已拨付资金'),
        unspentFen: fen('目前未使用的资金'),
      })
      .nullable()
      .describe('资金台账中本项目的余额（尚未核定资助时为空）'),
    grounds: z.array(ZRecoveryGroundOption).describe('本方案规定的追回事由'),
    debarments: z.array(ZDebarmentView).describe('本项目的追回所记入的取消申报资格'),
    returnsCount: z.number().int(),
    clauses: z.object({ acceptance: z.string(), window: z.string(), recovery: z.string(), responsibility: z.string() }),
    actions: z.array(z.enum(closingActions)).describe('当前用户可执行的操作：proposeAcceptance 提出验收结论，recordRefund 登记退还，recordRecovery 登记追回'),
  })
  .meta({ id: 'CapacityClosing' });
export type CapacityClosing = z.infer<typeof ZCapacityClosing>;
