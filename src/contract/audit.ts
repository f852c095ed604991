// the audit log as a person reads it, the check of its hash chain and signed checkpoints.
import { z } from 'zod';
import { ZInstant, page } from './common.js';

export const ZAuditEntry = z
  .object({
    seq: z.number().int().describe('序号（哈希链中的位置）'),
    at: ZInstant,
    actorUserId: z.uuid().nullable(),
    actorName: z.string().nullable().describe('记录中写下的操作人'),
    actorDisplayName: z.string().nullable().describe('操作人今天的姓名（无账号时为记录中的名字）'),
    actorUsername: z.string().nullable(),
    actorOrgId: z.uuid().nullable(),
    actorOrgName: z.string().nullable().describe('操作人所属单位'),
    orgId: z.uuid().nullable().describe('记录所属单位（决定谁能读到这一条）'),
    orgName: z.string().nullable(),
    action: z.string().describe('操作代码'),
    actionLabel: z.string().describe('操作的中文名称'),
    entityType: z.string().nullable().describe('对象类型代码'),
    entityTypeLabel: z.string().describe('对象类型的中文名称'),
    entityId: z.string().nullable().describe('对象编号（登录失败时为所用的用户名）'),
    entityTitle: z.string().nullable().describe('对象名称'),
    entityLink: z.string().nullable().describe('对象所在页面（站内路径）'),
    before: z.unknown().describe('修改前的字段值'),
    after: z.unknown().describe('修改后的字段值'),
    reason: z.string().nullable().describe('原因'),
    refs: z.record(z.string(), z.string()).describe('before/after 中以编号出现的记录的名称'),
    ip: z.string().nullable(),
    hash: z.string().describe('本条的 SM3 哈希'),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditPage = page(ZAuditEntry);
export type AuditPage = z.infer<typeof ZAuditPage>;

/** A chain head signed with the platform's SM2 key (ADR 0009). */
export const ZAuditCheckpoint = z
  .object({
    seq: z.number().int().describe('签署时链头的序号'),
    hash: z.string().describe('链头哈希'),
    at: ZInstant,
    legacy: z.object({ rows: z.number().int(), digest: z.string() }).nullable().describe('第 1 版哈希记录未覆盖字段的摘要'),
    publicKey: z.string().describe('签名公钥（SM2）'),
    signature: z.string().describe('SM2 签名'),
  })
  .meta({ id: 'AuditCheckpoint' });
export type AuditCheckpoint = z.infer<typeof ZAuditCheckpoint>;

export const ZAuditTrailProblem = z.object({
  code: z.enum(['checkpoint-signature-invalid', 'checkpoint-missing-in-table', 'checkpoint-conflict', 'audit-truncated', 'audit-rewritten', 'legacy-seal-mismatch']),
  seq: z.number().int().optional(),
  message: z.string(),
});

/** The chain checked row by row and, with the platform key, against its signed checkpoints. */
export const ZAuditVerify = z
  .object({
    ok: z.boolean().describe('链完整且与签名检查点一致'),
    checked: z.number().int().describe('已校验的记录数'),
    firstBrokenSeq: z.number().int().optional().describe('第一条校验未通过的记录'),
    reason: z.enum(['hash-mismatch', 'prev-link-mismatch', 'seq-gap', 'hash-version']).optional().describe('断裂原因'),
    checkpoints: z.number().int().optional().describe('接受的签名检查点数（未配置平台密钥时不返回）'),
    unverifiedCheckpoints: z.number().int().optional().describe('其中未逐一验签的（与链一致的较早检查点）'),
    latest: ZAuditCheckpoint.nullable().optional().describe('最新的有效检查点'),
    problems: z.array(ZAuditTrailProblem).optional().describe('与签名检查点不一致之处'),
    notes: z.array(z.string()).optional(),
  })
  .meta({ id: 'AuditVerify' });
export type AuditVerify = z.infer<typeof ZAuditVerify>;

/** `POST /audit/checkpoints`: signed (201, a new checkpoint), or nothing new to sign (200). */
export const ZAuditCheckpointOutcome = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('signed'), checkpoint: ZAuditCheckpoint }),
    z.object({ status: z.literal('unchanged'), seq: z.number().int().describe('最新检查点已签至此序号') }),
    z.object({ status: z.literal('empty') }),
  ])
  .meta({ id: 'AuditCheckpointOutcome' });
export type AuditCheckpointOutcome = z.infer<typeof ZAuditCheckpointOutcome>;
