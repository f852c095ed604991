// FND-5, FND-7 (issue 13): the fund ledger of a programme — per fund its balances (always
// balancing: budgeted = available + committed + paidOut), the journal of entries and the balance of
// every funded project. The column titles the page and its Excel export share: domain/funds/columns.ts.
import { z } from 'zod';
import { ZInstant, page } from './common.js';
import { ZProgrammeStatus } from './programmes.js';
import { ledgerEntryKinds } from '../domain/funds/ledger.js';

export const fundProjectKindValues = ['capacityApplication', 'project'] as const;
export const ZFundProjectKind = z.enum(fundProjectKindValues).describe('资助对象：capacityApplication 能力提升项目，project 试点项目');
export const ZFundEntryKind = z.enum(ledgerEntryKinds).describe('budget 预算入账，award 核定资助，cancelAward 撤销资助，disburse 拨付，expense 支出，refund 退还，recover 收回');

const fen = (what: string) => z.number().int().describe(`${what}（分）`);

/** The balances of one fund. */
export const fundBalanceFields = {
  budgetedFen: fen('预算'),
  awardedFen: fen('已核定资助（撤销的不计）'),
  committedFen: fen('待拨付：已核定尚未拨付'),
  disbursedFen: fen('已拨付'),
  spentFen: fen('已支出（学会登记的支出）'),
  refundedFen: fen('已退还'),
  recoveredFen: fen('已收回'),
  paidOutFen: fen('净拨出：已拨付 − 已退还 − 已收回'),
  availableFen: fen('可用余额：预算 − 待拨付 − 净拨出'),
};

export const ZFundAccount = z
  .object({
    code: z.string().describe('方案参数中的资金编码'),
    name: z.string().describe('资金名称'),
    source: z.string().nullable().describe('资金来源'),
    plannedFen: z.number().int().nullable().describe('方案参数中的计划金额（分）；未规定时为 null'),
    inParameters: z.boolean().describe('方案参数仍列有这项资金'),
    ...fundBalanceFields,
    projects: z.number().int().describe('资助项目数'),
    entries: z.number().int().describe('台账条目数'),
    balanced: z.boolean().describe('平衡核对：预算 = 可用余额 + 待拨付 + 净拨出，余额不为负，且与各项目的合计一致'),
    updatedAt: ZInstant.nullable().describe('最近一次入账时间'),
  })
  .meta({ id: 'FundAccount' });
export type FundAccount = z.infer<typeof ZFundAccount>;

export const ZFundLedger = z
  .object({
    programmeId: z.uuid(),
    programmeName: z.string(),
    programmeStatus: ZProgrammeStatus,
    associationName: z.string(),
    items: z.array(ZFundAccount),
    nextCursor: z.null().describe('不分页：始终为 null'),
    actions: z.array(z.enum(['budget'])).describe('当前用户可执行的操作：budget 登记预算'),
  })
  .meta({ id: 'FundLedger' });
export type FundLedger = z.infer<typeof ZFundLedger>;

export const ZFundEntry = z
  .object({
    id: z.uuid(),
    kind: ZFundEntryKind,
    kindLabel: z.string(),
    amountFen: z.number().int().describe('金额（分）；撤销资助为撤销的核定金额'),
    projectKind: ZFundProjectKind.nullable(),
    projectId: z.uuid().nullable().describe('资助项目（试点项目或能力提升项目）；预算入账为 null'),
    projectTitle: z.string().nullable().describe('资助项目名称；预算入账为 null'),
    societyName: z.string().nullable().describe('承接学会'),
    note: z.string().nullable(),
    recordedAt: ZInstant,
    recordedByName: z.string().nullable().describe('登记人；系统自动登记时为 null'),
  })
  .meta({ id: 'FundEntry' });
export type FundEntry = z.infer<typeof ZFundEntry>;

export const ZFundEntryPage = page(ZFundEntry);
export type FundEntryPage = z.infer<typeof ZFundEntryPage>;

export const ZFundProject = z
  .object({
    projectKind: ZFundProjectKind,
    projectKindLabel: z.string(),
    projectId: z.uuid(),
    title: z.string().nullable().describe('项目名称'),
    societyId: z.uuid(),
    societyName: z.string(),
    awardFen: fen('核定资助'),
    cancelled: z.boolean().describe('资助已撤销'),
    disbursedFen: fen('已拨付'),
    spentFen: fen('已支出'),
    refundedFen: fen('已退还'),
    recoveredFen: fen('已收回'),
    committedFen: fen('待拨付'),
    outstandingFen: fen('学会尚持有：已拨付 − 已退还 − 已收回'),
    updatedAt: ZInstant,
  })
  .meta({ id: 'FundProject' });
export type FundProject = z.infer<typeof ZFundProject>;

export const ZFundProjectPage = page(ZFundProject);
export type FundProjectPage = z.infer<typeof ZFundProjectPage>;

// ── A pilot project's funding from a programme's fund (FND-7, issue 13 step 9) ───────────────────

export const projectFundingActions = ['award', 'disburse', 'refund', 'recover'] as const;

export const ZProjectFunding = z
  .object({
    projectId: z.uuid(),
    programmeId: z.uuid(),
    programmeName: z.string(),
    agreementTitle: z.string().describe('项目的协议：三方任务书或职能转移合同'),
    agreementFundingFen: z.number().int().nullable().describe('生效的任务书（合同）约定的经费（各方“经费支持”预算额度之和，分）；尚无生效文本时为 null'),
    award: z
      .object({
        fundCode: z.string(),
        fundName: z.string(),
        awardFen: fen('核定资助'),
        cancelled: z.boolean().describe('资助已撤销（项目中止时撤销尚未拨付的部分）'),
        disbursedFen: fen('已拨付（分期拨付的合计）'),
        refundedFen: fen('已退还'),
        recoveredFen: fen('已收回'),
        committedFen: fen('待拨付'),
        outstandingFen: fen('学会尚持有：已拨付 − 已退还 − 已收回'),
      })
      .nullable()
      .describe('从专项资金核定的资助；尚未核定时为 null'),
    entries: z.array(ZFundEntry).describe('本项目的资金台账记录（最新在前）'),
    funds: z
      .array(z.object({ code: z.string(), name: z.string(), availableFen: fen('可用余额') }))
      .describe('可供选择的专项资金及其可用余额：仅登记台账的科协可见，其他为空'),
    recoveryGrounds: z.array(z.object({ code: z.string(), label: z.string() })).describe('方案参数规定的收回资金情形：仅登记台账的科协可见'),
    openTermination: z.boolean().describe('项目有正在办理的中止事项：退款在“中止与退款”中登记'),
    actions: z.array(z.enum(projectFundingActions)).describe('当前用户可执行的操作：award 核定资助，disburse 登记拨付，refund 登记退还，recover 登记收回'),
  })
  .meta({ id: 'ProjectFunding' });
export type ProjectFunding = z.infer<typeof ZProjectFunding>;
