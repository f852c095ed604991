// ORG-5 (issue 14): the willingness and capability survey — rounds with their results as the
// association reads them, the answers (drill-down), and the society's own rounds with its answer.
import { z } from 'zod';
import { ZDayText, ZInstant, ZNamedRef, page } from './common.js';
import { ZProcurementMode } from '../domain/programme/programme.types.js';

export const ZRoundPhase = z.enum(['upcoming', 'open', 'ended', 'closed']).describe('upcoming 未开始，open 填报中，ended 已过截止日期待结束，closed 已结束');

export const roundActions = ['close'] as const;

export const ZWillingnessRound = z
  .object({
    id: z.uuid(),
    association: ZNamedRef,
    year: z.number().int(),
    title: z.string(),
    opensOn: ZDayText,
    closesOn: ZDayText,
    status: z.enum(['open', 'closed']),
    phase: ZRoundPhase,
    phaseLabel: z.string(),
    invited: z.number().int().describe('邀请填报的学会数'),
    answered: z.number().int().describe('已填报的学会数'),
    createdAt: ZInstant,
    closedAt: ZInstant.nullable(),
    rowVersion: z.number().int(),
    actions: z.array(z.enum(roundActions)).describe('当前用户可执行的操作：close 结束调查'),
  })
  .meta({ id: 'WillingnessRound' });
export type WillingnessRound = z.infer<typeof ZWillingnessRound>;

export const ZWillingnessRoundPage = page(ZWillingnessRound).extend({ actions: z.array(z.enum(['create'])).describe('create 发起调查') });
export type WillingnessRoundPage = z.infer<typeof ZWillingnessRoundPage>;

export const ZRoundResults = z
  .object({
    invited: z.number().int(),
    answered: z.number().int(),
    willing: z.number().int().describe('愿意承接的学会数'),
    capable: z.number().int().describe('认为有能力承担的学会数'),
    willingAndCapable: z.number().int(),
    modes: z.array(z.object({ mode: ZProcurementMode, label: z.string(), count: z.number().int() })).describe('各承接方式的学会数'),
    hopedItems: z.number().int().describe('希望承接的事项合计'),
    hopedBySociety: z.array(z.object({ society: ZNamedRef, items: z.array(z.string()) })).describe('各学会希望承接的事项'),
    programmes: z
      .array(
        z.object({
          programme: ZNamedRef,
          modes: z.array(z.object({ mode: ZProcurementMode, label: z.string(), willing: z.number().int().describe('愿意承接且倾向该方式的学会数') })).describe('方案的优先采购方式（方案参数）'),
          willingMatching: z.number().int().describe('愿意承接且接受本方案优先方式（至少一种）的学会数'),
        }),
      )
      .describe('发起科协本年度的方案（草稿除外）及其优先采购方式的承接意愿'),
  })
  .meta({ id: 'WillingnessResults' });
export type RoundResults = z.infer<typeof ZRoundResults>;

/** The round with its results, as the association reads it. */
export const ZWillingnessRoundDetail = ZWillingnessRound.extend({ results: ZRoundResults }).meta({ id: 'WillingnessRoundDetail' });
export type WillingnessRoundDetail = z.infer<typeof ZWillingnessRoundDetail>;

export const ZWillingnessAnswer = z
  .object({
    id: z.uuid(),
    willing: z.boolean(),
    capable: z.boolean(),
    preferredModes: z.array(ZProcurementMode),
    preferredModeLabels: z.array(z.string()),
    hopedItems: z.array(z.string()),
    note: z.string().nullable(),
    answeredByName: z.string().nullable(),
    answeredAt: ZInstant,
    rowVersion: z.number().int(),
  })
  .meta({ id: 'WillingnessAnswer' });
export type WillingnessAnswer = z.infer<typeof ZWillingnessAnswer>;

/** A society invited to a round, with its answer (null: not answered yet). */
export const ZWillingnessResponseRow = z
  .object({
    society: ZNamedRef,
    associationName: z.string().nullable(),
    answer: ZWillingnessAnswer.nullable(),
  })
  .meta({ id: 'WillingnessResponseRow' });
export type WillingnessResponseRow = z.infer<typeof ZWillingnessResponseRow>;
export const ZWillingnessResponsePage = page(ZWillingnessResponseRow);
export type WillingnessResponsePage = z.infer<typeof ZWillingnessResponsePage>;

/** A round the society was invited to, with its own answer and whether it may answer now. */
export const ZMyWillingnessRound = z
  .object({
    round: ZWillingnessRound.omit({ invited: true, answered: true, actions: true }),
    answer: ZWillingnessAnswer.nullable(),
    mayAnswer: z.boolean(),
    refusal: z.string().nullable().describe('不能填报的原因'),
    programmeModes: z.array(ZProcurementMode).describe('发起科协本年度方案优先采用的承接方式（填报时排在前面）'),
  })
  .meta({ id: 'MyWillingnessRound' });
export type MyWillingnessRound = z.infer<typeof ZMyWillingnessRound>;
export const ZMyWillingnessRoundPage = page(ZMyWillingnessRound);
export type MyWillingnessRoundPage = z.infer<typeof ZMyWillingnessRoundPage>;
