// Tri-party task books (TB-1…TB-5) and their public verification (PUB-2): the versions of a
// project, a version with its content, signatures and what the caller may do, the bodies of the
// four parts, and what the verification by code or by file answers.
import { z } from 'zod';
import { ZFieldError, ZInstant, all, storedShape } from './common.js';
import { ZAssociationPart, ZDepartmentPart, ZProjectPart, ZSocietyPart, ZTaskBookContent, taskBookParts, type TaskBookPart } from '../domain/taskbook/taskbook.types.js';
import { signingParties, taskBookStates } from '../domain/taskbook/taskbook.lifecycle.js';
import { taskBookAgreementKinds } from '../domain/taskbook/agreement.js';

export type { Funding, Kpi, TaskBookContent, TaskBookPart } from '../domain/taskbook/taskbook.types.js';
export type { SigningParty } from '../domain/taskbook/taskbook.lifecycle.js';
export type { TaskBookAgreementKind } from '../domain/taskbook/agreement.js';

export const ZTaskBookStatus = z.enum(taskBookStates).describe('drafting 起草中，signing 签署中，signed 已签署，superseded 已被新版本替代');
export const ZSigningParty = z.enum(signingParties).describe('department 项目委托单位，society 项目承接单位，association 项目协调单位');
export const ZTaskBookPartName = z.enum(taskBookParts).describe('society 承接单位信息，department 委托单位信息，association 协调单位信息，project 试点项目内容');

// ── Content as stored ────────────────────────────────────────────────────────────────────────────


/** The content of a version (seed 002's form + 001 §5(1)), as stored; money in fen, days YYYY-MM-DD. */
export const ZTaskBookContentRecord = (storedShape(ZTaskBookContent) as unknown as typeof ZTaskBookContent).meta({
  id: 'TaskBookContent',
  description: '任务书内容：四个部分（承接单位、委托单位、协调单位、试点项目）；金额以分计，日期为 YYYY-MM-DD',
});

// ── Bodies of the parts (the domain's schemas, their Chinese messages and field paths) ────────────

const ZRowVersion = z.number({ error: '缺少版本号' }).int().min(1).describe('读取时的 rowVersion（乐观锁）');
const objectError = (iss: { code: string }) => (iss.code === 'invalid_type' ? '内容应为对象' : undefined);
const partBody = <S extends z.ZodRawShape>(shape: S, what: string) =>
  z.object({ rowVersion: ZRowVersion, value: z.object(shape, { error: objectError }).strict().describe(what) }).strict();

/** `PUT /task-books/{id}/parts/{part}`: one body per part. */
export const ZTaskBookPartBodies = {
  society: partBody(ZSocietyPart.shape, '项目承接单位信息'),
  department: partBody(ZDepartmentPart.shape, '项目委托单位信息'),
  association: partBody(ZAssociationPart.shape, '项目协调单位信息'),
  project: partBody(ZProjectPart.shape, '试点项目内容'),
} satisfies Record<TaskBookPart, z.ZodType>;

// ── Which agreement (the programme's agreementKind, fixed in each version) ─────────────────────────

const partyNames = z.object({ department: z.string(), society: z.string(), association: z.string() });
export const ZAgreement = z
  .object({
    kind: z.enum(taskBookAgreementKinds).describe('triPartyTaskBook 三方任务书（委托、承接、协调三方）；transferContract 职能转移合同（甲方职能转移部门、乙方学会，科协为见证方）'),
    title: z.string().describe('文书名称：三方任务书 / 职能转移合同'),
    partyLabels: partyNames.describe('各方在文书中的身份'),
    partLabels: z.object({ society: z.string(), department: z.string(), association: z.string(), project: z.string() }).describe('四个部分的名称'),
  })
  .meta({ id: 'TaskBookAgreement' });
export type Agreement = z.infer<typeof ZAgreement>;

// ── A project's versions ─────────────────────────────────────────────────────────────────────────

export const ZTaskBookSummary = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    version: z.int().min(1),
    status: ZTaskBookStatus,
    statusLabel: z.string(),
    verificationCode: z.string().nullable().describe('校验码：首个签署时生成；起草中为 null'),
    changeRequestId: z.uuid().nullable().describe('形成本版本的变更申请；第 1 版为 null'),
    createdAt: ZInstant,
    frozenAt: ZInstant.nullable().describe('内容冻结（首个签署）时间'),
    signedAt: ZInstant.nullable().describe('三方签署完毕、生效时间'),
  })
  .meta({ id: 'TaskBookSummary' });
export type TaskBookSummary = z.infer<typeof ZTaskBookSummary>;

export const ZTaskBookListAction = z.enum(['draft']).describe('draft：起草第一版（项目协调单位，项目待签署任务书时）');
export const ZTaskBookList = all(ZTaskBookSummary).extend({
  agreement: ZAgreement.describe('最新版本的文书；尚未起草时为方案参数规定、起草时将采用的文书'),
  actions: z.array(ZTaskBookListAction).describe('当前用户可执行的操作'),
});
export type TaskBookList = z.infer<typeof ZTaskBookList>;

// ── A version ────────────────────────────────────────────────────────────────────────────────────

export const ZTaskBookSignature = z
  .object({
    id: z.uuid(),
    party: ZSigningParty,
    partyLabel: z.string(),
    orgId: z.uuid(),
    orgName: z.string(),
    signerName: z.string().describe('经办人'),
    opinion: z.string().nullable().describe('本单位意见'),
    signedAt: ZInstant,
    digest: z.string().describe('所签内容的 SM3 摘要'),
    keyId: z.uuid().describe('所用的本单位 SM2 密钥'),
    withdrawnAt: ZInstant.nullable().describe('撤回时间（退回修改时）；有效签署为 null'),
    withdrawnReason: z.string().nullable(),
  })
  .meta({ id: 'TaskBookSignature' });
export type TaskBookSignature = z.infer<typeof ZTaskBookSignature>;

const ZPartyOrg = z.object({ orgId: z.uuid(), orgName: z.string() });

export const ZTaskBookAction = z.enum(['sign', 'withdrawSignatures']).describe('sign：以本单位身份签署；withdrawSignatures：不同意签署，撤回已有签署并退回修改');

export const ZTaskBook = ZTaskBookSummary.extend({
  agreement: ZAgreement.describe('本版本是哪种文书（起草时按方案参数确定，记入内容并由签名覆盖）'),
  rowVersion: z.int().min(1),
  contentDigest: z.string().nullable().describe('冻结内容的 SM3 摘要；起草中为 null'),
  content: ZTaskBookContentRecord,
  parties: z.object({ department: ZPartyOrg, society: ZPartyOrg, association: ZPartyOrg }).describe('三方单位'),
  myParty: ZSigningParty.nullable().describe('当前用户所代表的一方；不是三方之一时为 null'),
  signatures: z.array(ZTaskBookSignature).describe('签署记录（含已撤回的）'),
  missing: z.array(ZFieldError).describe('签署前尚需完善的事项（path 为内容中的字段，如 society.leaderPost）'),
  contentBinding: z.boolean().describe('true：本版本为经批准的变更内容，不能再修改，三方签署后生效'),
  editableParts: z.array(ZTaskBookPartName).describe('当前用户可填写的部分'),
  actions: z.array(ZTaskBookAction).describe('当前用户可执行的操作'),
}).meta({ id: 'TaskBook' });
export type TaskBook = z.infer<typeof ZTaskBook>;

// ── Public verification (PUB-2) ──────────────────────────────────────────────────────────────────

export const ZVerificationMatch = z
  .enum(['exact', 'tampered', 'unknown'])
  .describe(
    'exact：校验码对应平台上的任务书，或上传文件与平台出具的文件逐字节一致；' +
      'tampered：上传文件载有某任务书的校验码，但与平台出具的文件不一致——record 是平台存档记录，不是该文件的内容；' +
      'unknown：没有对应的任务书（record 为 null）',
  );
export type VerificationMatch = z.infer<typeof ZVerificationMatch>;

export const ZVerifiedSignature = z.object({
  party: ZSigningParty,
  partyLabel: z.string(),
  orgId: z.uuid(),
  orgName: z.string(),
  signedAt: ZInstant,
  valid: z.boolean().describe('该方的 SM2 签名是否对存档内容验证通过'),
});

/**
 * The platform's stored record of a task book version, as the verification shows it — or of a
 * capacity plan's responsibility letter (kind capacityLetter, CAP-5), which the same verification
 * recognises by its code or its issued file.
 */
export const ZTaskBookRecordOnFile = z
  .object({
    kind: z.enum(['taskBook', 'capacityLetter']).describe('taskBook 试点项目的三方任务书或职能转移合同；capacityLetter 能力提升计划的项目责任书（甲方科协、乙方学会）'),
    kindLabel: z.string().describe('文书名称：三方任务书、职能转移合同，或方案规定的协议名称（如项目责任书）'),
    verificationCode: z.string(),
    projectName: z.string(),
    version: z.int().min(1),
    status: ZTaskBookStatus,
    statusLabel: z.string(),
    contentDigest: z.string().nullable().describe('签署时的内容摘要（SM3）'),
    recomputedDigest: z.string().describe('由存档内容重新计算的摘要'),
    intact: z.boolean().describe('存档内容与签署时的摘要一致'),
    signedAt: ZInstant.nullable().describe('生效时间'),
    awardFen: z.int().nullable().describe('责任书的资助金额（分）；任务书为 null'),
    parties: z.array(z.object({ party: ZSigningParty, partyLabel: z.string(), orgId: z.uuid(), orgName: z.string() })),
    signatures: z.array(ZVerifiedSignature),
  })
  .meta({ id: 'TaskBookRecordOnFile' });
export type TaskBookRecordOnFile = z.infer<typeof ZTaskBookRecordOnFile>;

export const ZTaskBookVerification = z
  .object({
    valid: z.boolean().describe('true 仅当 match 为 exact、存档内容未被改动且三方签名全部验证通过'),
    match: ZVerificationMatch,
    reason: z.string().nullable().describe('未通过的原因（中文）；通过时为 null'),
    record: ZTaskBookRecordOnFile.nullable().describe('平台存档的任务书记录；match 为 unknown 时为 null'),
    file: z
      .object({
        sm3: z.string().describe('上传文件的 SM3'),
        matched: z.enum(['docx', 'pdf']).nullable().describe('与之逐字节一致的平台出具文件的格式；不一致时为 null'),
        codeInFile: z.string().nullable().describe('文件中载有的校验码'),
      })
      .optional()
      .describe('按文件核验时：文件的核对结果'),
  })
  .meta({ id: 'TaskBookVerification' });
export type TaskBookVerification = z.infer<typeof ZTaskBookVerification>;
