// EVA-4 (issue 14): satisfaction surveys — the association's surveys of a programme with their
// counts and results, the invitations (organisations, and anonymous public links), the free answers;
// an invited organisation's own invitations; the public questionnaire behind a link.
import { z } from 'zod';
import { ZDayText, ZInstant, ZNamedRef, page } from './common.js';
import { questionKinds, surveyGroups, surveyStates } from '../domain/evaluation/satisfaction.js';

export const ZSurveyGroup = z.enum(surveyGroups).describe('调查对象：department 政府部门，society 学会，public 社会公众');
export const ZSurveyPhase = z.enum(['draft', 'upcoming', 'open', 'ended', 'closed']).describe('draft 草稿，upcoming 未开始，open 填写中，ended 已过截止日期待结束，closed 已结束');

export const ZSurveyQuestionRecord = z.object({ key: z.string(), text: z.string(), kind: z.enum(questionKinds).describe('rating 五级评价；text 文字意见') }).meta({ id: 'SurveyQuestion' });
export type SurveyQuestionRecord = z.infer<typeof ZSurveyQuestionRecord>;

export const surveyActions = ['edit', 'open', 'close', 'invite', 'generateLinks', 'downloadLinks'] as const;
export type SurveyAction = (typeof surveyActions)[number];

export const ZSurveyGroupCount = z.object({
  group: ZSurveyGroup,
  label: z.string(),
  invited: z.number().int().describe('有效的邀请数（不含已作废）'),
  answered: z.number().int(),
});

export const ZSurvey = z
  .object({
    id: z.uuid(),
    programme: ZNamedRef,
    association: ZNamedRef,
    year: z.number().int(),
    title: z.string(),
    intro: z.string().nullable(),
    groups: z.array(ZSurveyGroup),
    groupLabels: z.array(z.string()),
    questions: z.array(ZSurveyQuestionRecord),
    opensOn: ZDayText,
    closesOn: ZDayText,
    status: z.enum(surveyStates),
    statusLabel: z.string(),
    phase: ZSurveyPhase,
    phaseLabel: z.string(),
    counts: z.array(ZSurveyGroupCount).describe('各类调查对象的邀请数和已填写数'),
    /** the programme's rule, in words */
    satisfiedRule: z.string().describe('方案规定的满意口径，如“总体评价为非常满意、满意、基本满意的计为满意”'),
    createdByName: z.string().nullable(),
    createdAt: ZInstant,
    openedAt: ZInstant.nullable(),
    closedAt: ZInstant.nullable(),
    rowVersion: z.number().int(),
    actions: z.array(z.enum(surveyActions)).describe('当前用户可执行的操作：edit 修改，open 开始调查，close 结束调查，invite 邀请其他单位，generateLinks 生成公众填写链接，downloadLinks 下载公众填写链接'),
  })
  .meta({ id: 'SatisfactionSurvey' });
export type Survey = z.infer<typeof ZSurvey>;

export const ZSurveyPage = page(ZSurvey).extend({ actions: z.array(z.enum(['create'])).describe('create 新建调查') });
export type SurveyPage = z.infer<typeof ZSurveyPage>;

/** A programme the association may survey (its own), with the groups its parameter names. */
export const ZSurveyProgramme = z
  .object({
    id: z.uuid(),
    name: z.string(),
    year: z.number().int(),
    statusLabel: z.string(),
    groups: z.array(ZSurveyGroup).describe('方案政策参数“满意度调查对象”'),
    groupLabels: z.array(z.string()),
    satisfiedRule: z.string(),
    refusal: z.string().nullable().describe('不能发起调查的原因（如方案不要求满意度调查）'),
  })
  .meta({ id: 'SurveyProgramme' });
export const ZSurveyProgrammeList = z.object({ items: z.array(ZSurveyProgramme), nextCursor: z.null() });
export type SurveyProgramme = z.infer<typeof ZSurveyProgramme>;

const ZRates = {
  invited: z.number().int(),
  answered: z.number().int(),
  responseRate: z.number().nullable().describe('回收率（%）：已填写 ÷ 邀请数'),
  satisfied: z.number().int().describe('满意的份数（按方案的满意口径）'),
  satisfactionRate: z.number().nullable().describe('满意度（%）：满意 ÷ 已填写'),
};

export const ZSurveyResults = z
  .object({
    groups: z.array(z.object({ group: ZSurveyGroup, label: z.string(), ...ZRates })),
    total: z.object(ZRates),
    questions: z.array(
      z.object({
        key: z.string(),
        text: z.string(),
        mean: z.number().nullable().describe('平均分（5 非常满意 … 1 非常不满意）'),
        count: z.number().int(),
        distribution: z.array(z.object({ rating: z.number().int(), label: z.string(), count: z.number().int() })),
        byGroup: z.array(z.object({ group: ZSurveyGroup, mean: z.number().nullable(), count: z.number().int() })),
      }),
    ),
    satisfiedRule: z.string(),
  })
  .meta({ id: 'SurveyResults' });
export type SurveyResults = z.infer<typeof ZSurveyResults>;

export const ZSurveyInvitation = z
  .object({
    id: z.uuid(),
    group: ZSurveyGroup,
    groupLabel: z.string(),
    label: z.string().describe('单位名称，或公众链接的序号'),
    org: ZNamedRef.nullable(),
    status: z.enum(['pending', 'answered', 'revoked']),
    statusLabel: z.string(),
    link: z.string().nullable().describe('公众填写链接（仅发起调查的科协可见）'),
    createdAt: ZInstant,
    answeredAt: ZInstant.nullable(),
    actions: z.array(z.enum(['revoke'])).describe('revoke 作废该邀请'),
  })
  .meta({ id: 'SurveyInvitation' });
export type SurveyInvitation = z.infer<typeof ZSurveyInvitation>;
export const ZSurveyInvitationPage = page(ZSurveyInvitation);
export type SurveyInvitationPage = z.infer<typeof ZSurveyInvitationPage>;

export const ZSurveyComment = z
  .object({
    id: z.uuid(),
    group: ZSurveyGroup,
    groupLabel: z.string(),
    respondent: z.string().nullable().describe('填写单位；社会公众匿名，为 null'),
    overall: z.number().int(),
    overallLabel: z.string(),
    satisfied: z.boolean().describe('按方案的满意口径计为满意'),
    texts: z.array(z.object({ key: z.string(), question: z.string(), text: z.string() })),
    answeredAt: ZInstant,
  })
  .meta({ id: 'SurveyComment' });
export type SurveyComment = z.infer<typeof ZSurveyComment>;
export const ZSurveyCommentPage = page(ZSurveyComment);
export type SurveyCommentPage = z.infer<typeof ZSurveyCommentPage>;

export const ZRatingOption = z.object({ rating: z.number().int(), label: z.string() });

/** An invitation of the caller's organisation, with the questionnaire and its answer. */
export const ZMySurvey = z
  .object({
    invitationId: z.uuid(),
    survey: z.object({
      id: z.uuid(),
      title: z.string(),
      intro: z.string().nullable(),
      associationName: z.string(),
      programmeName: z.string(),
      opensOn: ZDayText,
      closesOn: ZDayText,
      phase: ZSurveyPhase,
      phaseLabel: z.string(),
      questions: z.array(ZSurveyQuestionRecord),
    }),
    group: ZSurveyGroup,
    groupLabel: z.string(),
    status: z.enum(['pending', 'answered', 'revoked']),
    statusLabel: z.string(),
    answer: z.object({ answers: z.record(z.string(), z.union([z.number(), z.string()])), overall: z.number().int(), answeredAt: ZInstant }).nullable(),
    scale: z.array(ZRatingOption),
    mayAnswer: z.boolean(),
    refusal: z.string().nullable().describe('不能填写的原因'),
  })
  .meta({ id: 'MySurvey' });
export type MySurvey = z.infer<typeof ZMySurvey>;
export const ZMySurveyPage = page(ZMySurvey);
export type MySurveyPage = z.infer<typeof ZMySurveyPage>;

/** The questionnaire behind a public link (no login). */
export const ZPublicSurvey = z
  .object({
    title: z.string(),
    intro: z.string().nullable(),
    associationName: z.string(),
    programmeName: z.string(),
    groupLabel: z.string(),
    opensOn: ZDayText,
    closesOn: ZDayText,
    questions: z.array(ZSurveyQuestionRecord),
    scale: z.array(ZRatingOption),
    state: z.enum(['open', 'answered', 'upcoming', 'ended', 'closed', 'revoked']).describe('open 可以填写；其余为不能填写的原因'),
    mayAnswer: z.boolean(),
    refusal: z.string().nullable(),
  })
  .meta({ id: 'PublicSurvey' });
export type PublicSurvey = z.infer<typeof ZPublicSurvey>;

export const ZSurveyReceipt = z.object({ answeredAt: ZInstant, message: z.string() }).meta({ id: 'SurveyReceipt' });
export type SurveyReceipt = z.infer<typeof ZSurveyReceipt>;
