// Organisations, the organisation tree, societies and their yearly facts (ORG-1…ORG-3, issue 12 §1):
// what the API answers. Pure: zod, ./common and the domain's dictionaries.
import { z } from 'zod';
import { orgTypes, type OrgType } from '../domain/access/roles.js';
import {
  affiliations,
  associationLevels,
  commendationLevels,
  inspectionResults,
  officeKinds,
  partyOrgs,
  societyTypes,
} from '../domain/org/org.types.js';
import { ZDayText, ZInstant, page } from './common.js';

// ── How an organisation hangs under its association (issue 12 §2) ────────────────────────────────

export const orgRelations = ['subordinate', 'participant'] as const;
export type OrgRelation = (typeof orgRelations)[number];
export const orgRelationLabels: Record<OrgRelation, string> = { subordinate: '下级单位', participant: '参与单位' };

/**
 * Subordinate associations and societies are an association's 下级单位; departments, review
 * offices, finance bureaus and evaluators are 参与单位 — attached to the association whose
 * programmes they take part in, not under its leadership.
 */
export const orgRelationOf = (type: OrgType): OrgRelation => (type === 'association' || type === 'society' ? 'subordinate' : 'participant');

export const ZOrgRelation = z
  .enum(orgRelations)
  .describe('与上级科协的关系：subordinate 下级单位（下级科协、学会），participant 参与单位（政府部门、审核部门、财政局、第三方评估机构，参与该科协的承接工作）');

const ZOrgTypeOut = z.enum(orgTypes).describe('单位类型');
const ZLevel = z.enum(associationLevels).nullable().describe('科协层级（仅科协）');
const ZOfficeKind = z.enum(officeKinds).nullable().describe('审核部门类别（仅审核部门）');

// ── Organisations ────────────────────────────────────────────────────────────────────────────────

/** An organisation as its detail shows it; the contact phone masked. */
export const ZOrg = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable().describe('上级科协；根组织为 null'),
    parentName: z.string().nullable().describe('上级科协名称'),
    relation: ZOrgRelation.nullable().describe('与上级科协的关系；根组织为 null'),
    name: z.string(),
    shortName: z.string().nullable(),
    type: ZOrgTypeOut,
    typeLabel: z.string().describe('单位类型（中文）'),
    level: ZLevel,
    officeKind: ZOfficeKind,
    creditCode: z.string().nullable().describe('统一社会信用代码'),
    region: z.string().nullable(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable().describe('联系电话（已脱敏）'),
    isActive: z.boolean(),
    version: z.number().int().describe('版本号，修改时原样提交'),
    createdAt: ZInstant,
    updatedAt: ZInstant,
  })
  .meta({ id: 'Organisation' });
export type Org = z.infer<typeof ZOrg>;

export const orgActions = ['update', 'createSubordinate', 'createParticipant', 'createSociety'] as const;
export type OrgAction = (typeof orgActions)[number];
export const ZOrgActions = z
  .array(z.enum(orgActions))
  .describe('当前用户可执行的操作：update 修改，createSubordinate 新增下级科协，createParticipant 新增参与单位，createSociety 新增学会');

/** GET /orgs/{id}, and the answer of a creation or change. */
export const ZOrgDetail = ZOrg.extend({ actions: ZOrgActions }).meta({ id: 'OrganisationDetail' });
export type OrgDetail = z.infer<typeof ZOrgDetail>;

/** A row of GET /orgs (paged by name). */
export const ZOrgListItem = ZOrg.pick({
  id: true,
  parentId: true,
  parentName: true,
  relation: true,
  name: true,
  shortName: true,
  type: true,
  typeLabel: true,
  level: true,
  officeKind: true,
  region: true,
  isActive: true,
  version: true,
}).meta({ id: 'OrganisationListItem' });
export type OrgListItem = z.infer<typeof ZOrgListItem>;
export const ZOrgPage = page(ZOrgListItem);

/** A node of the organisation tree: its children grouped by relation through `relation`, counted by kind. */
export interface OrgNode {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string | null;
  type: OrgType;
  typeLabel: string;
  level: (typeof associationLevels)[number] | null;
  officeKind: (typeof officeKinds)[number] | null;
  isActive: boolean;
  relation: OrgRelation | null;
  subordinateCount: number;
  participantCount: number;
  children: OrgNode[];
}
export const ZOrgNode: z.ZodType<OrgNode> = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    name: z.string(),
    shortName: z.string().nullable(),
    type: ZOrgTypeOut,
    typeLabel: z.string().describe('单位类型（中文）'),
    level: ZLevel,
    officeKind: ZOfficeKind,
    isActive: z.boolean(),
    relation: ZOrgRelation.nullable().describe('与上级科协的关系；没有上级的根组织为 null'),
    subordinateCount: z.number().int().min(0).describe('直属下级单位数（下级科协、学会）'),
    participantCount: z.number().int().min(0).describe('参与单位数（政府部门、审核部门、财政局、评估机构）'),
    get children(): z.ZodArray<z.ZodType<OrgNode>> {
      return z.array(ZOrgNode).describe('下级单位在前、参与单位在后，各按类型与名称排序');
    },
  })
  .meta({ id: 'OrgTreeNode' });

/** GET /orgs/tree: the tree of the caller's data scope. */
export const ZOrgTree = z.object({ nodes: z.array(ZOrgNode).describe('数据范围的顶端单位（通常一个）') }).meta({ id: 'OrgTree' });
export type OrgTree = z.infer<typeof ZOrgTree>;

// ── Societies (ORG-2) and their yearly facts (ORG-3) ─────────────────────────────────────────────

export const ZSocietyProfile = z
  .object({
    societyType: z.enum(societyTypes),
    affiliation: z.enum(affiliations).describe('隶属关系'),
    disciplines: z.array(z.string()).describe('学科领域'),
    industries: z.array(z.string()).describe('行业领域'),
    legalRepName: z.string().nullable(),
    legalRepPhone: z.string().nullable().describe('法定代表人电话（已脱敏，完整号码见 personal-data）'),
    secretaryGeneralName: z.string().nullable(),
    secretaryGeneralFullTime: z.boolean().describe('秘书长是否专职'),
    secretaryGeneralPhone: z.string().nullable().describe('秘书长电话（已脱敏）'),
    fullTimeStaff: z.number().int(),
    financeStaff: z.number().int(),
    hasIndependentAccount: z.boolean(),
    partyOrg: z.enum(partyOrgs).describe('党组织建立情况'),
    councilSize: z.number().int(),
    standingCouncilSize: z.number().int(),
    website: z.string().nullable(),
    hasMemberDatabase: z.boolean(),
    memberCount: z.number().int(),
    hasExpertDatabase: z.boolean(),
    expertCount: z.number().int(),
    foundedYear: z.number().int().nullable(),
  })
  .meta({ id: 'SocietyProfile' });
export type SocietyProfile = z.infer<typeof ZSocietyProfile>;

const ZFactEntry = z.object({ description: z.string(), occurredOn: ZDayText.optional() });
export type FactEntry = z.infer<typeof ZFactEntry>;

export const ZYearlyFacts = z
  .object({
    id: z.uuid(),
    year: z.number().int(),
    annualInspection: z.enum(inspectionResults).describe('年检结果'),
    commendations: z.array(z.object({ title: z.string(), level: z.enum(commendationLevels), awardedOn: ZDayText.optional() })).describe('表彰'),
    violations: z.array(ZFactEntry).describe('违规'),
    criticisms: z.array(ZFactEntry).describe('通报批评'),
    failedTasks: z.array(ZFactEntry).describe('未完成任务'),
    debarments: z.array(z.object({ reason: z.string(), startsOn: ZDayText, endsOn: ZDayText })).describe('取消承接资格'),
    note: z.string().nullable(),
    version: z.number().int().describe('版本号，更正时原样提交'),
    updatedAt: ZInstant,
  })
  .meta({ id: 'SocietyYearlyFacts' });
export type YearlyFacts = z.infer<typeof ZYearlyFacts>;

export const societyActions = ['update', 'setActive', 'viewPersonalData', 'putYearlyFacts'] as const;
export type SocietyAction = (typeof societyActions)[number];

/** GET /societies/{id}: the organisation record, its society record and its years (newest first). */
export const ZSociety = ZOrg.extend({
  profile: ZSocietyProfile,
  yearlyFacts: z.array(ZYearlyFacts).describe('年度情况，最近的年度在前'),
  actions: z
    .array(z.enum(societyActions))
    .describe('当前用户可执行的操作：update 修改档案，setActive 停用或启用，viewPersonalData 查看完整电话（留痕），putYearlyFacts 录入年度情况'),
}).meta({ id: 'Society' });
export type Society = z.infer<typeof ZSociety>;

/** A row of GET /societies (paged by name). */
export const ZSocietyListItem = z
  .object({
    id: z.uuid(),
    name: z.string(),
    shortName: z.string().nullable(),
    associationId: z.uuid().nullable().describe('所属科协'),
    associationName: z.string().nullable(),
    societyType: z.enum(societyTypes),
    affiliation: z.enum(affiliations),
    disciplines: z.array(z.string()),
    secretaryGeneralName: z.string().nullable(),
    secretaryGeneralFullTime: z.boolean(),
    fullTimeStaff: z.number().int(),
    latestInspection: z.object({ year: z.number().int(), result: z.enum(inspectionResults) }).nullable().describe('最近一年的年检结果'),
    isActive: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'SocietyListItem' });
export type SocietyListItem = z.infer<typeof ZSocietyListItem>;
export const ZSocietyPage = page(ZSocietyListItem);

/** GET /societies/{id}/personal-data: the whole phone numbers (each view audited). */
export const ZSocietyPersonalData = z
  .object({
    contactPhone: z.string().nullable().describe('单位联系电话'),
    legalRepPhone: z.string().nullable().describe('法定代表人电话'),
    secretaryGeneralPhone: z.string().nullable().describe('秘书长电话'),
  })
  .meta({ id: 'SocietyPersonalData' });
export type SocietyPersonalData = z.infer<typeof ZSocietyPersonalData>;
