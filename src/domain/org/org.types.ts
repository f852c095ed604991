// ORG-1 … ORG-3, ORG-6: organisations, society records and yearly facts — schemas and dictionaries.
import { z } from 'zod';
import { calendarDay } from '../calendar-day.js';
import { orgTypes } from '../access/roles.js';

export const associationLevels = ['national', 'provincial', 'city', 'county'] as const;
export const associationLevelLabels: Record<(typeof associationLevels)[number], string> = {
  national: '全国',
  provincial: '省级',
  city: '市级',
  county: '县级',
};
export type AssociationLevel = (typeof associationLevels)[number];

// The review offices that countersign (SEL-5; SPEC §2: 编办, 发改, 民政, 财政, 法制, and 人社, 科技 where a
// programme says so) — the one list and the one set of labels: an office registered in the
// organisation tree (its kind) and a programme's countersigning offices (reviewOffices) are the
// same dictionary. The labels are the forms official documents use (001 §5(1): 编办、发展改革、民政、
// 财政、法制等部门; 人力资源社会保障部门), not the spoken 发改 / 人社.
export const officeKinds = ['establishment', 'developmentReform', 'civilAffairs', 'finance', 'legal', 'humanResources', 'scienceTech'] as const;
export type OfficeKind = (typeof officeKinds)[number];
export const officeKindLabels: Record<OfficeKind, string> = {
  establishment: '编办',
  developmentReform: '发展改革',
  civilAffairs: '民政',
  finance: '财政',
  legal: '法制',
  humanResources: '人力资源社会保障',
  scienceTech: '科技',
};

// ORG-2
export const societyTypes = ['society', 'association', 'research', 'university', 'enterprise'] as const;
export const societyTypeLabels: Record<(typeof societyTypes)[number], string> = {
  society: '学会',
  association: '协会',
  research: '研究会',
  university: '高校科协',
  enterprise: '企业科协',
};
export const affiliations = ['supervised', 'groupMember'] as const;
export const affiliationLabels: Record<(typeof affiliations)[number], string> = { supervised: '主管学会', groupMember: '团体会员' };
export const partyOrgs = ['none', 'workingGroup', 'branch', 'generalBranch', 'committee'] as const;
export const partyOrgLabels: Record<(typeof partyOrgs)[number], string> = {
  none: '未建立',
  workingGroup: '党的工作小组',
  branch: '党支部',
  generalBranch: '党总支',
  committee: '党委',
};

// ORG-3
export const inspectionResults = ['passed', 'basicallyPassed', 'failed', 'notInspected'] as const;
export const inspectionResultLabels: Record<(typeof inspectionResults)[number], string> = {
  passed: '合格',
  basicallyPassed: '基本合格',
  failed: '不合格',
  notInspected: '未参加年检',
};
// The level of a commendation, as yearly facts record it and a qualification condition asks for (SEL-3).
export const commendationLevels = ['national', 'provincial', 'city', 'county'] as const;
export type CommendationLevel = (typeof commendationLevels)[number];
export const ZCommendationLevel = z.enum(commendationLevels);
export const commendationLevelLabels: Record<CommendationLevel, string> = {
  national: '国家级',
  provincial: '省级',
  city: '市级',
  county: '县级',
};

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().optional();
const isoDate = calendarDay('日期');
const phone = z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, '电话号码格式不正确');

export const ZOrgType = z.enum(orgTypes);
export const ZAssociationLevel = z.enum(associationLevels);
export const ZOfficeKind = z.enum(officeKinds);

export const ZOrgCreate = z
  .object({
    parentId: z.uuid(),
    type: z.enum(['association', 'department', 'review_office', 'finance_bureau', 'evaluator']),
    name: text(100).min(2, '名称至少 2 个字'),
    shortName: optText(30),
    level: ZAssociationLevel.nullable().optional(),
    officeKind: ZOfficeKind.nullable().optional(),
    creditCode: z.string().trim().regex(/^[0-9A-Z]{18}$/, '统一社会信用代码应为 18 位数字或大写字母').nullable().optional(),
    region: optText(60),
    contactName: optText(30),
    contactPhone: phone.nullable().optional(),
  })
  .strict();

export const ZOrgUpdate = z
  .object({
    version: z.number().int().min(1),
    reason: optText(500),
    name: text(100).min(2, '名称至少 2 个字').optional(),
    shortName: optText(30),
    officeKind: ZOfficeKind.nullable().optional(),
    creditCode: z.string().trim().regex(/^[0-9A-Z]{18}$/, '统一社会信用代码应为 18 位数字或大写字母').nullable().optional(),
    region: optText(60),
    contactName: optText(30),
    contactPhone: phone.nullable().optional(),
    isActive: z.boolean().optional(),
  })
  .strict();

const societyProfileFields = {
  societyType: z.enum(societyTypes),
  affiliation: z.enum(affiliations),
  disciplines: z.array(text(40).min(1)).max(20),
  industries: z.array(text(40).min(1)).max(20),
  legalRepName: optText(30),
  legalRepPhone: phone.nullable().optional(),
  secretaryGeneralName: optText(30),
  secretaryGeneralFullTime: z.boolean(),
  secretaryGeneralPhone: phone.nullable().optional(),
  fullTimeStaff: z.number().int().min(0).max(100000),
  financeStaff: z.number().int().min(0).max(10000),
  hasIndependentAccount: z.boolean(),
  partyOrg: z.enum(partyOrgs),
  councilSize: z.number().int().min(0).max(10000),
  standingCouncilSize: z.number().int().min(0).max(10000),
  website: z.string().trim().max(200).regex(/^https?:\/\/\S+$/, '网址须以 http:// 或 https:// 开头').nullable().optional(),
  hasMemberDatabase: z.boolean(),
  memberCount: z.number().int().min(0).max(10_000_000),
  hasExpertDatabase: z.boolean(),
  expertCount: z.number().int().min(0).max(1_000_000),
  foundedYear: z.number().int().min(1900).max(2100).nullable().optional(),
};

const councilRule = (p: { councilSize?: number; standingCouncilSize?: number }) =>
  p.councilSize === undefined || p.standingCouncilSize === undefined || p.councilSize === 0 || p.standingCouncilSize <= p.councilSize;
const councilIssue = { path: ['standingCouncilSize'], message: '常务理事人数不能多于理事人数' };

/** ORG-2: the whole society record (creation). */
export const ZSocietyProfile = z.object(societyProfileFields).strict().refine(councilRule, councilIssue);
/** ORG-2: a change to some fields of the record. */
export const ZSocietyProfilePatch = z.object(societyProfileFields).partial().strict().refine(councilRule, councilIssue);
export type SocietyProfileInput = z.infer<typeof ZSocietyProfile>;

export const ZSocietyCreate = z
  .object({
    parentId: z.uuid(),
    name: text(100).min(2, '名称至少 2 个字'),
    shortName: optText(30),
    creditCode: z.string().trim().regex(/^[0-9A-Z]{18}$/, '统一社会信用代码应为 18 位数字或大写字母').nullable().optional(),
    region: optText(60),
    contactName: optText(30),
    contactPhone: phone.nullable().optional(),
    profile: ZSocietyProfile,
  })
  .strict();

const ZFactEntry = z.object({ description: text(500).min(1, '请填写说明'), occurredOn: isoDate.optional() }).strict();

export const ZYearlyFacts = z
  .object({
    annualInspection: z.enum(inspectionResults),
    commendations: z
      .array(z.object({ title: text(200).min(1, '请填写表彰名称'), level: ZCommendationLevel, awardedOn: isoDate.optional() }).strict())
      .max(50)
      .default([]),
    violations: z.array(ZFactEntry).max(50).default([]),
    criticisms: z.array(ZFactEntry).max(50).default([]),
    failedTasks: z.array(ZFactEntry).max(50).default([]),
    debarments: z
      .array(z.object({ reason: text(500).min(1, '请填写原因'), startsOn: isoDate, endsOn: isoDate }).strict().refine((d) => d.endsOn >= d.startsOn, { path: ['endsOn'], message: '结束日期不能早于开始日期' }))
      .max(20)
      .default([]),
    note: optText(1000),
    reason: optText(500),
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type YearlyFactsInput = z.infer<typeof ZYearlyFacts>;

export const ZSocietyUpdate = z
  .object({
    version: z.number().int().min(1),
    reason: optText(500),
    name: text(100).min(2, '名称至少 2 个字').optional(),
    shortName: optText(30),
    creditCode: z.string().trim().regex(/^[0-9A-Z]{18}$/, '统一社会信用代码应为 18 位数字或大写字母').nullable().optional(),
    region: optText(60),
    contactName: optText(30),
    contactPhone: phone.nullable().optional(),
    isActive: z.boolean().optional(),
    profile: ZSocietyProfilePatch.optional(),
  })
  .strict();
