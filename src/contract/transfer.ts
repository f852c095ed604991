// FUN-1…FUN-5, SEL-1 (issue 12 §1): what the API answers for transferable items, the demand
// catalogue, their versions, the relay and the Excel import. A detail is the record with `actions`
// and its close children beside its fields; a list row carries only what the list shows.
import { z } from 'zod';
import { page, ZInstant } from './common.js';
import { ZDeclarationSummary } from './selection.js';
import { transferItemStates } from '../domain/transfer/transfer-item.lifecycle.js';
import { demandEntryStates } from '../domain/transfer/demand-entry.lifecycle.js';
import { demandServiceKinds, purchaseMethods } from '../domain/transfer/transfer.types.js';
import { countersignStates } from '../domain/selection/countersign.lifecycle.js';
import { qualificationRuleLabels, ZCommissioningMode, type QualificationRule } from '../domain/programme/programme.types.js';

export const ZTransferItemStatus = z.enum(transferItemStates).describe('事项状态：draft 草稿，published 已发布，relayed 已转发学会，countersigning 会签中，approving 审批中，selecting 择优确定中，assigned 已确定承接学会，withdrawn 已撤回');
export const ZDemandEntryStatus = z.enum(demandEntryStates).describe('条目状态：draft 草稿，published 已发布，withdrawn 已撤回');
const ZFen = z.number().int().describe('金额（分）');

/** What the caller may do with an item now. */
export const transferItemActions = ['edit', 'discard', 'publish', 'amend', 'withdraw', 'select', 'relay', 'sendCountersign', 'declare'] as const;
export type TransferItemAction = (typeof transferItemActions)[number];
/** What the department may do with its catalogue entry now. */
export const demandEntryActions = ['edit', 'discard', 'publish', 'amend', 'withdraw'] as const;
export type DemandEntryAction = (typeof demandEntryActions)[number];

// ------------------------------------------------------------------ versions (FUN-3)

const changeKind = z.enum(['publish', 'amend', 'withdraw']).describe('publish 发布，amend 变更，withdraw 撤回');
const revisionFields = {
  revision: z.number().int().min(1).describe('版本号'),
  changeKind,
  changeKindLabel: z.string(),
  reason: z.string().nullable().describe('变更或撤回的原因'),
  actorName: z.string().nullable().describe('操作人'),
  actorOrgName: z.string().nullable().describe('操作人所在单位'),
  at: ZInstant,
};

/** The content of an item as one version kept it. */
export const ZTransferItemSnapshot = z
  .object({
    title: z.string(),
    categoryCode: z.string(),
    categoryLabel: z.string().optional().describe('事项类别的名称（按所属方案的类别树）'),
    description: z.string(),
    legalBasis: z.string().nullable(),
    commissioningMode: z.string(),
    budgetFen: ZFen.nullable(),
    expectedPeriod: z.string().nullable(),
    requiredQualifications: z.string().nullable(),
  })
  .partial()
  .meta({ id: 'TransferItemSnapshot' });
export type TransferItemSnapshot = z.infer<typeof ZTransferItemSnapshot>;

/** The content of a catalogue entry as one version kept it. */
export const ZDemandEntrySnapshot = z
  .object({
    title: z.string(),
    serviceKind: z.string(),
    description: z.string(),
    purchaseMethod: z.string(),
    budgetFen: ZFen.nullable(),
    period: z.string().nullable(),
  })
  .partial()
  .meta({ id: 'DemandEntrySnapshot' });
export type DemandEntrySnapshot = z.infer<typeof ZDemandEntrySnapshot>;

/** One published version of an item (FUN-3). */
export const ZTransferItemRevision = z.object({ ...revisionFields, snapshot: ZTransferItemSnapshot }).meta({ id: 'TransferItemRevision' });
export type TransferItemRevision = z.infer<typeof ZTransferItemRevision>;
/** One published version of a catalogue entry (FUN-3). */
export const ZDemandEntryRevision = z.object({ ...revisionFields, snapshot: ZDemandEntrySnapshot }).meta({ id: 'DemandEntryRevision' });
export type DemandEntryRevision = z.infer<typeof ZDemandEntryRevision>;

// ------------------------------------------------------------------ items (FUN-1…FUN-3)

const itemListFields = {
  id: z.uuid(),
  programmeId: z.uuid(),
  departmentId: z.uuid().describe('委托部门'),
  departmentName: z.string(),
  title: z.string(),
  categoryCode: z.string(),
  categoryLabel: z.string().describe('事项类别的完整路径名称'),
  commissioningMode: ZCommissioningMode,
  commissioningModeLabel: z.string(),
  budgetFen: ZFen.nullable().describe('预算金额（分）；null 为未列明'),
  status: ZTransferItemStatus,
  statusLabel: z.string(),
  revision: z.number().int().min(0).describe('已发布的版本号；草稿为 0'),
  declarationDeadline: ZInstant.nullable().describe('申报截止时间（转发学会时确定）'),
  declarationCount: z.number().int().min(0).describe('当前用户可查看的申报数（科协：全部；学会：本学会的；部门和审核部门：已推荐的）'),
  publishedAt: ZInstant.nullable(),
  createdAt: ZInstant,
};

/** A row of the item list: the columns the list shows. */
export const ZTransferItemListItem = z.object(itemListFields).meta({ id: 'TransferItemListItem' });
export type TransferItemListItem = z.infer<typeof ZTransferItemListItem>;
export const ZTransferItemPage = page(ZTransferItemListItem);
export type TransferItemPage = z.infer<typeof ZTransferItemPage>;

/** A transferable item: what creation, changes and state changes answer. */
export const ZTransferItem = z
  .object({
    ...itemListFields,
    programmeName: z.string(),
    associationId: z.uuid().describe('组织转发和遴选的科协'),
    associationName: z.string(),
    description: z.string(),
    legalBasis: z.string().nullable().describe('设定依据'),
    expectedPeriod: z.string().nullable().describe('预计实施期限'),
    requiredQualifications: z.string().nullable().describe('承接资质要求'),
    version: z.number().int().min(1).describe('版本号：修改、发布、撤回时原样带回'),
    withdrawnAt: ZInstant.nullable(),
    withdrawReason: z.string().nullable(),
    updatedAt: ZInstant,
  })
  .meta({ id: 'TransferItem' });
export type TransferItem = z.infer<typeof ZTransferItem>;

const qualificationRules = Object.keys(qualificationRuleLabels) as [QualificationRule, ...QualificationRule[]];

/** A qualification condition of the programme, as the item's page lists it. */
export const ZItemQualificationCondition = z.object({
  rule: z.enum(qualificationRules).describe('核对规则；manual 为科协人工审核'),
  label: z.string().describe('方案中的条件表述'),
});

/** An item in full: the record, its versions, the declarations and countersigns the reader may see, the result. */
export const ZTransferItemDetail = ZTransferItem.extend({
  actions: z.array(z.enum(transferItemActions)).describe('当前用户可执行的操作：edit 编辑草稿，discard 删除草稿，publish 发布，amend 变更，withdraw 撤回，select 择优确定，relay 转发学会，sendCountersign 报送会签，declare 申报'),
  revisions: z.array(ZTransferItemRevision).describe('已发布的各版本，新版本在前'),
  declarations: z.array(ZDeclarationSummary).describe('当前用户可查看的申报'),
  countersigns: z
    .array(z.object({ id: z.uuid(), title: z.string(), status: z.enum(countersignStates), statusLabel: z.string(), sentAt: ZInstant }))
    .describe('包含该事项的会签单（审核部门只见送本部门会签的）'),
  project: z
    .object({
      id: z.uuid(),
      societyId: z.uuid().describe('承接学会'),
      societyName: z.string(),
      selectionReason: z.string(),
      selectedAt: ZInstant,
    })
    .nullable()
    .describe('确定承接学会后的试点项目'),
  qualificationConditions: z.array(ZItemQualificationCondition).describe('所属方案的承接资格条件'),
}).meta({ id: 'TransferItemDetail' });
export type TransferItemDetail = z.infer<typeof ZTransferItemDetail>;

// ------------------------------------------------------------------ relay (SEL-1) and import (FUN-5)

/** Who a relay of the programme reaches now, and the parameter that decides it. */
export const ZRelayRecipients = z
  .object({
    associationId: z.uuid(),
    associationName: z.string(),
    includeSubordinate: z.boolean().describe('方案参数“转发包含下级科协所属学会”'),
    societies: z.array(z.object({ id: z.uuid(), name: z.string(), associationId: z.uuid(), associationName: z.string().describe('学会所属科协') })),
  })
  .meta({ id: 'RelayRecipients' });
export type RelayRecipients = z.infer<typeof ZRelayRecipients>;

export const ZRelayResult = z
  .object({
    relayId: z.uuid(),
    itemCount: z.number().int().min(1),
    societyCount: z.number().int().min(0).describe('收到转发的学会数'),
    deadline: ZInstant.describe('申报截止时间'),
  })
  .meta({ id: 'RelayResult' });
export type RelayResult = z.infer<typeof ZRelayResult>;

export const ZItemImportResult = z
  .object({ imported: z.number().int().min(1).describe('导入的事项数'), status: z.enum(['draft', 'published']).describe('导入后的状态') })
  .meta({ id: 'ItemImportResult' });
export type ItemImportResult = z.infer<typeof ZItemImportResult>;

/** One refused cell of an import (in the 400 problem's `rowErrors`). */
export const ZImportRowError = z.object({ row: z.number().int().nullable(), column: z.string().nullable(), field: z.string().nullable(), message: z.string() });
export type ImportRowError = z.infer<typeof ZImportRowError>;

// ------------------------------------------------------------------ demand catalogue (FUN-4)

const demandListFields = {
  id: z.uuid(),
  programmeId: z.uuid(),
  departmentId: z.uuid().describe('委托部门'),
  departmentName: z.string(),
  title: z.string(),
  serviceKind: z.enum(demandServiceKinds),
  serviceKindLabel: z.string(),
  purchaseMethod: z.enum(purchaseMethods).describe('tender 招投标，commission 委托'),
  purchaseMethodLabel: z.string(),
  budgetFen: ZFen.nullable(),
  period: z.string().nullable().describe('服务期限'),
  status: ZDemandEntryStatus,
  statusLabel: z.string(),
  revision: z.number().int().min(0),
  publishedAt: ZInstant.nullable(),
  createdAt: ZInstant,
};

/** A row of the catalogue list. */
export const ZDemandEntryListItem = z.object(demandListFields).meta({ id: 'DemandEntryListItem' });
export type DemandEntryListItem = z.infer<typeof ZDemandEntryListItem>;
export const ZDemandEntryPage = page(ZDemandEntryListItem);
export type DemandEntryPage = z.infer<typeof ZDemandEntryPage>;

/** A catalogue entry: what creation, changes and state changes answer. */
export const ZDemandEntry = z
  .object({
    ...demandListFields,
    programmeName: z.string(),
    associationId: z.uuid(),
    associationName: z.string(),
    description: z.string(),
    version: z.number().int().min(1),
    withdrawnAt: ZInstant.nullable(),
    withdrawReason: z.string().nullable(),
    updatedAt: ZInstant,
  })
  .meta({ id: 'DemandEntry' });
export type DemandEntry = z.infer<typeof ZDemandEntry>;

export const ZDemandEntryDetail = ZDemandEntry.extend({
  actions: z.array(z.enum(demandEntryActions)).describe('当前用户可执行的操作：edit 编辑草稿，discard 删除草稿，publish 发布，amend 变更，withdraw 撤回'),
  revisions: z.array(ZDemandEntryRevision).describe('已发布的各版本，新版本在前'),
}).meta({ id: 'DemandEntryDetail' });
export type DemandEntryDetail = z.infer<typeof ZDemandEntryDetail>;
