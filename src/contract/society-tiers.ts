// ORG-4, EVA-6 (issue 14): society tiers — the association's list of its societies with the tier in
// force and the platform's suggestion, a society's classification history, and a classification.
import { z } from 'zod';
import { ZInstant, ZNamedRef, all, page } from './common.js';
import { societyTierCodes } from '../domain/org/tiers.js';

export const ZSocietyTierCode = z.enum(societyTierCodes).describe('分类：strengthen 固强，build 新建，stabilise 稳定，exit 退出');

/** One classification (the latest is in force). */
export const ZSocietyTierRecord = z
  .object({
    id: z.uuid(),
    tier: ZSocietyTierCode,
    tierLabel: z.string(),
    reasons: z.string().describe('分类理由'),
    suggestedTier: ZSocietyTierCode.nullable().describe('分类时平台建议的分类（仅供参考；仅科协可见）'),
    suggestedTierLabel: z.string().nullable(),
    associationName: z.string().describe('作出分类的科协'),
    decidedByName: z.string().nullable(),
    decidedAt: ZInstant,
  })
  .meta({ id: 'SocietyTierRecord' });
export type SocietyTierRecord = z.infer<typeof ZSocietyTierRecord>;

/** EVA-6: what the platform suggests from the facts — never a decision. */
export const ZTierSuggestion = z
  .object({
    tier: ZSocietyTierCode,
    tierLabel: z.string(),
    reasons: z.array(z.string()).describe('建议的依据（中文）'),
  })
  .meta({ id: 'TierSuggestion' });
export type TierSuggestionView = z.infer<typeof ZTierSuggestion>;

export const tierActions = ['classify'] as const;

/** A society in the association's list. */
export const ZSocietyTierItem = z
  .object({
    societyId: z.uuid(),
    societyName: z.string(),
    associationName: z.string().nullable().describe('所属科协'),
    foundedYear: z.number().int().nullable(),
    current: ZSocietyTierRecord.nullable().describe('现行分类；null 表示尚未分类'),
    suggestion: ZTierSuggestion.nullable().describe('平台建议（仅科协可见）'),
    actions: z.array(z.enum(tierActions)).describe('当前用户可执行的操作：classify 分类'),
  })
  .meta({ id: 'SocietyTierItem' });
export type SocietyTierItem = z.infer<typeof ZSocietyTierItem>;

export const ZSocietyTierPage = page(ZSocietyTierItem).extend({
  counts: z
    .array(z.object({ tier: z.enum([...societyTierCodes, 'none']), label: z.string(), count: z.number().int() }))
    .optional()
    .describe('本单位数据范围内各分类的学会数（none 为尚未分类；仅在请求 count 时返回）'),
});
export type SocietyTierPage = z.infer<typeof ZSocietyTierPage>;

/** A society's tier: in force, suggested, and every classification, newest first. */
export const ZSocietyTiers = z
  .object({
    society: ZNamedRef,
    current: ZSocietyTierRecord.nullable(),
    suggestion: ZTierSuggestion.nullable().describe('平台建议（仅科协可见）'),
    history: all(ZSocietyTierRecord).describe('历次分类，最新在前'),
    actions: z.array(z.enum(tierActions)),
  })
  .meta({ id: 'SocietyTiers' });
export type SocietyTiers = z.infer<typeof ZSocietyTiers>;
