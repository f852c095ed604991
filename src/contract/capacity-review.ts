// The capacity-improvement plan (issue 13 step 4, CAP-4, ORG-6): the expert review — the draw, the
// expert's own workbench (assignment, conflict declaration, sheet), the association's and the finance
// bureau's view of the sheets and the final score, the ranking per type and the joint decision.
import { z } from 'zod';
import { ZInstant, page } from './common.js';
import { ZApplicationContent } from './capacity-applications.js';

export const ZAssignmentStatus = z.enum(['assigned', 'recused', 'submitted']).describe('assigned 待评分，recused 已回避，submitted 已评分');
const ZCriterion = z.object({ code: z.string(), label: z.string(), weight: z.number().int().describe('满分（权重）') });
const ZScore = z.object({ code: z.string(), points: z.number() });

/** What the expert sees of an assignment: before accepting, who applied and what; after, the content. */
export const ZExpertAssignment = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    callTitle: z.string(),
    societyName: z.string().describe('申报单位（用于判断有无利益冲突）'),
    typeName: z.string(),
    title: z.string(),
    status: ZAssignmentStatus,
    statusLabel: z.string(),
    accepted: z.boolean().describe('已申明与申报单位无利益冲突'),
    recusalReason: z.string().nullable(),
    content: ZApplicationContent.nullable().describe('申报书内容：申明无利益冲突后可见，回避后不可见'),
    criteria: z.array(ZCriterion).describe('方案的评审标准及权重'),
    scores: z.array(ZScore).nullable().describe('本人的评分（不含其他专家的评分）'),
    totalText: z.string().nullable(),
    comment: z.string().nullable(),
    submittedAt: ZInstant.nullable(),
    createdAt: ZInstant,
    rowVersion: z.number().int(),
    actions: z.array(z.enum(['accept', 'recuse', 'submit'])),
  })
  .meta({ id: 'ExpertAssignment' });
export type ExpertAssignment = z.infer<typeof ZExpertAssignment>;

export const ZExpertAssignmentSummary = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    societyName: z.string(),
    title: z.string(),
    status: ZAssignmentStatus,
    statusLabel: z.string(),
    createdAt: ZInstant,
  })
  .meta({ id: 'ExpertAssignmentSummary' });
export const ZExpertAssignmentPage = page(ZExpertAssignmentSummary);

/** The review of one application as the association and the co-managing finance bureau read it. */
export const ZExpertReview = z
  .object({
    applicationId: z.uuid(),
    status: z.string(),
    expertsPerApplication: z.number().int(),
    minScoresForTrim: z.number().int(),
    criteria: z.array(ZCriterion),
    draws: z.array(
      z.object({
        seq: z.number().int(),
        reason: z.enum(['initial', 'replacement']).describe('initial 首次抽取，replacement 回避后补抽'),
        seed: z.string().describe('随机种子：以同一专家库和种子可复核抽取结果'),
        field: z.string().nullable(),
        candidateCount: z.number().int(),
        drawnNames: z.array(z.string()),
        shortBy: z.number().int(),
        replacedName: z.string().nullable(),
        drawnByName: z.string().nullable(),
        drawnAt: ZInstant,
      }),
    ),
    assignments: z.array(
      z.object({
        id: z.uuid(),
        expertName: z.string(),
        status: ZAssignmentStatus,
        statusLabel: z.string(),
        recusalReason: z.string().nullable(),
        scores: z.array(ZScore).nullable(),
        totalText: z.string().nullable(),
        comment: z.string().nullable(),
        submittedAt: ZInstant.nullable(),
      }),
    ),
    finalScoreText: z.string().nullable(),
    scoreMethod: z.enum(['trimmed', 'mean']).nullable().describe('trimmed 去掉一个最高分和一个最低分后的平均分；mean 平均分'),
    actions: z.array(z.enum(['draw'])),
  })
  .meta({ id: 'CapacityExpertReview' });
export type ExpertReviewView = z.infer<typeof ZExpertReview>;

export const ZDecisionStatus = z.enum(['proposed', 'confirmed', 'returned']).describe('proposed 待财政局确认，confirmed 已确定，returned 财政局退回');

export const ZRanking = z
  .object({
    callId: z.uuid(),
    callTitle: z.string(),
    coManagedByFinance: z.boolean(),
    types: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        quota: z.number().int(),
        awardFen: z.number().int(),
        entries: z.array(
          z.object({
            applicationId: z.uuid(),
            societyName: z.string(),
            title: z.string(),
            status: z.string(),
            statusLabel: z.string(),
            rank: z.number().int().nullable(),
            scoreText: z.string().nullable(),
            withinQuota: z.boolean(),
            tiedAtQuotaEdge: z.boolean().describe('名额边界同分：由科协会同财政局决定'),
          }),
        ),
        decision: z
          .object({
            id: z.uuid(),
            status: ZDecisionStatus,
            statusLabel: z.string(),
            selected: z.array(z.uuid()),
            note: z.string().nullable(),
            returnComment: z.string().nullable(),
            confirmedAt: ZInstant.nullable(),
            rowVersion: z.number().int(),
          })
          .nullable(),
        actions: z.array(z.enum(['propose', 'confirm', 'return'])),
      }),
    ),
  })
  .meta({ id: 'CapacityRanking' });
export type Ranking = z.infer<typeof ZRanking>;
