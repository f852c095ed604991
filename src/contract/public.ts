// PUB-1, X-5 (issue 12 §1): what the portal reads without login about items, the demand catalogue,
// the selection results and the search. Drafts never appear; withdrawn records stay readable with
// their reason and every version (FUN-3).
import { z } from 'zod';
import { all, page, ZInstant } from './common.js';
import { ZDemandEntryRevision, ZDemandEntryStatus, ZTransferItemRevision, ZTransferItemStatus } from './transfer.js';
import { demandServiceKinds, purchaseMethods } from '../domain/transfer/transfer.types.js';

const ZFen = z.number().int().describe('金额（分）');

/** A row of the public item list. */
export const ZPublicItemSummary = z
  .object({
    id: z.uuid(),
    title: z.string(),
    categoryCode: z.string(),
    categoryLabel: z.string().describe('事项类别的完整路径名称'),
    summary: z.string().describe('事项内容的前 200 字'),
    commissioningModeLabel: z.string(),
    budgetFen: ZFen.nullable(),
    status: ZTransferItemStatus,
    statusLabel: z.string(),
    revision: z.number().int().min(1),
    publishedAt: ZInstant.nullable(),
    withdrawnAt: ZInstant.nullable(),
    programmeId: z.uuid(),
    programmeName: z.string(),
    departmentId: z.uuid().describe('发布部门'),
    departmentName: z.string(),
  })
  .meta({ id: 'PublicItemSummary' });
export type PublicItemSummary = z.infer<typeof ZPublicItemSummary>;
export const ZPublicItemPage = page(ZPublicItemSummary);

/** The society chosen to undertake an item (SEL-7), as the public reads it. */
export const ZPublicSelectionResult = z
  .object({ projectId: z.uuid(), societyId: z.uuid(), societyName: z.string(), selectionReason: z.string(), selectedAt: ZInstant })
  .meta({ id: 'PublicSelectionResult' });
export type PublicSelectionResult = z.infer<typeof ZPublicSelectionResult>;

/** A published item in full, with every version and the result. */
export const ZPublicItem = z
  .object({
    id: z.uuid(),
    title: z.string(),
    categoryCode: z.string(),
    categoryLabel: z.string(),
    description: z.string(),
    legalBasis: z.string().nullable(),
    commissioningModeLabel: z.string(),
    budgetFen: ZFen.nullable(),
    expectedPeriod: z.string().nullable(),
    requiredQualifications: z.string().nullable(),
    status: ZTransferItemStatus,
    statusLabel: z.string(),
    revision: z.number().int().min(1),
    publishedAt: ZInstant.nullable(),
    withdrawnAt: ZInstant.nullable(),
    withdrawReason: z.string().nullable(),
    declarationDeadline: ZInstant.nullable(),
    programmeId: z.uuid(),
    programmeName: z.string(),
    departmentId: z.uuid(),
    departmentName: z.string(),
    associationId: z.uuid(),
    associationName: z.string(),
    revisions: z.array(ZTransferItemRevision).describe('各版本，新版本在前'),
    result: ZPublicSelectionResult.nullable().describe('遴选结果；尚未确定时为 null'),
  })
  .meta({ id: 'PublicItem' });
export type PublicItem = z.infer<typeof ZPublicItem>;

const publicDemandFields = {
  id: z.uuid(),
  title: z.string(),
  serviceKind: z.enum(demandServiceKinds),
  serviceKindLabel: z.string(),
  purchaseMethod: z.enum(purchaseMethods),
  purchaseMethodLabel: z.string(),
  budgetFen: ZFen.nullable(),
  period: z.string().nullable(),
  status: ZDemandEntryStatus,
  statusLabel: z.string(),
  revision: z.number().int().min(1),
  publishedAt: ZInstant.nullable(),
  withdrawnAt: ZInstant.nullable(),
  programmeId: z.uuid(),
  departmentId: z.uuid(),
  departmentName: z.string(),
};

/** A row of the public demand catalogue. */
export const ZPublicDemandEntrySummary = z
  .object({ ...publicDemandFields, summary: z.string().describe('服务内容的前 200 字') })
  .meta({ id: 'PublicDemandEntrySummary' });
export type PublicDemandEntrySummary = z.infer<typeof ZPublicDemandEntrySummary>;
export const ZPublicDemandEntryPage = page(ZPublicDemandEntrySummary);

/** A published catalogue entry in full, with every version. */
export const ZPublicDemandEntry = z
  .object({
    ...publicDemandFields,
    description: z.string(),
    withdrawReason: z.string().nullable(),
    programmeName: z.string(),
    associationId: z.uuid(),
    associationName: z.string(),
    revisions: z.array(ZDemandEntryRevision),
  })
  .meta({ id: 'PublicDemandEntry' });
export type PublicDemandEntry = z.infer<typeof ZPublicDemandEntry>;

/** A selection result (PUB-1): which society undertakes which item, and why. */
export const ZPublicProject = z
  .object({
    id: z.uuid(),
    itemId: z.uuid(),
    title: z.string(),
    categoryLabel: z.string(),
    programmeId: z.uuid(),
    programmeName: z.string(),
    departmentId: z.uuid(),
    departmentName: z.string(),
    societyId: z.uuid(),
    societyName: z.string(),
    selectionReason: z.string(),
    selectedAt: ZInstant,
  })
  .meta({ id: 'PublicProject' });
export type PublicProject = z.infer<typeof ZPublicProject>;
export const ZPublicProjectPage = page(ZPublicProject);

export const searchTypes = ['item', 'demand', 'project', 'briefing', 'progress', 'case'] as const;
export type SearchType = (typeof searchTypes)[number];

/** One hit of the public search. */
export const ZSearchHit = z
  .object({
    type: z.enum(searchTypes).describe('item 可转移职能事项，demand 需求服务目录，project 试点项目（遴选结果），briefing 工作简报，progress 项目进展，case 典型案例'),
    typeLabel: z.string(),
    id: z.uuid(),
    itemId: z.uuid().optional().describe('试点项目的来源事项（项目的公开页面即该事项页面）'),
    title: z.string(),
    summary: z.string().nullable(),
    orgId: z.uuid().describe('发布部门（事项、目录）、承接学会（项目、进展、案例）或编发简报的科协'),
    orgName: z.string(),
    orgLabel: z.string().describe('orgName 是什么：发布部门、承接学会或编发单位'),
    statusLabel: z.string(),
    at: ZInstant.nullable().describe('发布、公开或确定承接学会的时间'),
  })
  .meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof ZSearchHit>;

/**
 * One ranked list, at most `limit` hits: the hits whose title holds every word of the query first,
 * then by relevance (ts_rank of the matched words over the record's length), then the newest; not paged.
 */
export const ZSearchAnswer = all(ZSearchHit).extend({ query: z.string().describe('检索词') }).meta({ id: 'SearchAnswer' });
export type SearchAnswer = z.infer<typeof ZSearchAnswer>;
