// CAP-5, FND-4 (issue 13 step 5): the responsibility letter (责任书, the programme's `agreementKind`)
// between the association and the society of an application whose result passed its public notice.
// Drafted by the association from the application's latest submitted version, the call's award
// standard and the programme's parameters; frozen for signing (SM3 digest, verification code);
// signed with SM2 by both parties — then the budget is approved, the execution window starts and
// the award enters the fund ledger. The letter, its Word/PDF documents and the bodies of its writes.
import { z } from 'zod';
import { ZInstant } from './common.js';

export const capacityLetterStates = ['drafting', 'signing', 'signed'] as const;
export type CapacityLetterState = (typeof capacityLetterStates)[number];
export const ZCapacityLetterStatus = z.enum(capacityLetterStates).describe('drafting 起草中，signing 待签署（内容已冻结），signed 已签署（预算已批复）');

export const capacityLetterParties = ['association', 'society'] as const;
export type CapacityLetterParty = (typeof capacityLetterParties)[number];
export const ZCapacityLetterParty = z.enum(capacityLetterParties).describe('association 甲方（科协），society 乙方（学会）');

// ── Content as frozen and signed ─────────────────────────────────────────────────────────────────

const ZLetterContact = z.object({ name: z.string().nullable(), phone: z.string().nullable() });

/** What the signatures cover (with the parties' ids and the award): the text of the letter. */
export const ZCapacityLetterContent = z
  .object({
    agreementKind: z.string().describe('方案参数 agreementKind'),
    title: z.string().describe('协议名称（方案参数 agreementKind 的名称，如“项目责任书”）'),
    programmeName: z.string(),
    callYear: z.number().int(),
    callTitle: z.string(),
    parties: z.object({
      association: z.object({ name: z.string(), representative: z.string().nullable().describe('甲方负责人（可编辑）'), contact: ZLetterContact }),
      society: z.object({ name: z.string(), legalRepName: z.string().nullable().describe('乙方法定代表人（学会档案）'), contact: ZLetterContact }),
    }),
    project: z.object({
      title: z.string(),
      typeCode: z.string(),
      typeName: z.string(),
      goals: z.string(),
      indicators: z.array(z.object({ label: z.string(), target: z.string() })),
      applicationVersion: z.number().int().describe('所依据的申报书版本（最近一次提交的版本）'),
    }),
    budget: z
      .array(z.object({ category: z.string(), categoryLabel: z.string(), item: z.string().nullable(), amountFen: z.number().int(), note: z.string().nullable() }))
      .describe('批复的预算明细（申报书最近一次提交的版本）；签署后即为项目的批复预算'),
    budgetTotalFen: z.number().int().describe('预算合计（分）'),
    awardFen: z.number().int().describe('资助金额（分）：申报通知中该类型的资助标准，定额资助'),
    fund: z.object({ code: z.string(), name: z.string() }).describe('资助所用的专项资金'),
    executionWindowMonths: z.number().int().describe('执行期限（月），自预算批复（签署生效）之日起（方案参数 executionWindowMonths）'),
    preamble: z.string(),
    obligations: z.array(z.object({ text: z.string(), clause: z.string().nullable().describe('所依据的方案条款') })).describe('双方的责任和义务，数字取自方案参数'),
    supplementaryTerms: z.string().nullable().describe('补充条款（可编辑）'),
  })
  .meta({ id: 'CapacityLetterContent' });
export type CapacityLetterContent = z.infer<typeof ZCapacityLetterContent>;

// ── The letter ───────────────────────────────────────────────────────────────────────────────────

export const ZCapacityLetterSignature = z
  .object({
    id: z.uuid(),
    party: ZCapacityLetterParty,
    partyLabel: z.string(),
    orgId: z.uuid(),
    orgName: z.string(),
    signerName: z.string().describe('经办人'),
    signedAt: ZInstant,
    digest: z.string().describe('所签内容的 SM3 摘要'),
    keyId: z.uuid().describe('所用的本单位 SM2 密钥'),
  })
  .meta({ id: 'CapacityLetterSignature' });

export const capacityLetterActions = ['edit', 'freeze', 'sign'] as const;
export type CapacityLetterAction = (typeof capacityLetterActions)[number];

const ZPartyOrg = z.object({ orgId: z.uuid(), orgName: z.string() });

export const ZCapacityLetter = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    programmeId: z.uuid(),
    callId: z.uuid(),
    status: ZCapacityLetterStatus,
    statusLabel: z.string(),
    content: ZCapacityLetterContent,
    awardFen: z.number().int().describe('资助金额（分）'),
    contentDigest: z.string().nullable().describe('冻结内容的 SM3 摘要；起草中为 null'),
    verificationCode: z.string().nullable().describe('校验码：冻结时生成；起草中为 null'),
    approvedOn: z.string().nullable().describe('预算批复日期（双方签署完毕之日，YYYY-MM-DD）'),
    windowEndsOn: z.string().nullable().describe('执行期限的最后一天（YYYY-MM-DD）'),
    parties: z.object({ association: ZPartyOrg, society: ZPartyOrg }),
    myParty: ZCapacityLetterParty.nullable().describe('当前用户所代表的一方；不是双方之一时为 null'),
    signatures: z.array(ZCapacityLetterSignature),
    createdAt: ZInstant,
    updatedAt: ZInstant,
    frozenAt: ZInstant.nullable(),
    signedAt: ZInstant.nullable().describe('双方签署完毕时间'),
    rowVersion: z.number().int(),
    actions: z.array(z.enum(capacityLetterActions)).describe('当前用户可执行的操作：edit 修改可编辑内容，freeze 定稿提交签署，sign 以本单位身份签署'),
  })
  .meta({ id: 'CapacityLetter' });
export type CapacityLetter = z.infer<typeof ZCapacityLetter>;

// ── Bodies ───────────────────────────────────────────────────────────────────────────────────────

const ZRowVersion = z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确').describe('读取时的 rowVersion（乐观锁）');
const optLine = (max: number, what: string) => z.string().trim().max(max, `${what}不能超过 ${max} 个字`).nullable();
const ZContactInput = z.object({ name: optLine(50, '联系人'), phone: optLine(30, '联系电话') }).strict();

/** `PUT /capacity-letters/{id}`: the fields the association may edit while drafting (all of them, as they are to be). */
export const ZCapacityLetterEdit = z
  .object({
    rowVersion: ZRowVersion,
    supplementaryTerms: optLine(5000, '补充条款'),
    associationRepresentative: optLine(50, '甲方负责人'),
    associationContact: ZContactInput,
    societyContact: ZContactInput,
  })
  .strict();
export type CapacityLetterEdit = z.infer<typeof ZCapacityLetterEdit>;

export const ZCapacityLetterVersionBody = z.object({ rowVersion: ZRowVersion }).strict();
