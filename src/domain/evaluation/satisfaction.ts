// EVA-4 (issue 14): satisfaction surveys (满意度调查). The association surveys the groups its
// programme names (parameter `satisfactionSurvey`: 政府部门, 学会, 社会公众) with a questionnaire — an
// overall rating on a five-point scale, a few rated questions and a free answer — one invitation per
// respondent and one answer per invitation. The results are what 004 §3(3)3 reports
// (“对实施项目进行了满意度调查，政府部门和学会满意度均为100%”): per group the invited, the answered and the
// response rate, the satisfied and the satisfaction rate (satisfied ÷ answered), per question the mean.
// Which overall ratings count as satisfied is a rule of the programme (parameter `satisfactionRule`).
//
// Pure TypeScript + Zod; no I/O. (programme.types.ts imports this file: only types come back from it.)
import { z } from 'zod';
import { calendarDay } from '../calendar-day.js';
import { defineLifecycle } from '../lifecycle.js';
import type { SurveyRespondent } from '../programme/programme.types.js';

// ---------------------------------------------------------------------------------------------
// The scale and the programme's rule (PRG-2 parameter `satisfactionRule`)
// ---------------------------------------------------------------------------------------------

/** The five-point scale, best first: the value stored is the rating (5 … 1). */
export const ratingScale = [5, 4, 3, 2, 1] as const;
export type Rating = (typeof ratingScale)[number];
export const ratingLabels: Record<Rating, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

export const ZSatisfactionRule = z.strictObject({
  /** the lowest overall rating that counts as satisfied (3: 基本满意 and better) */
  satisfiedFrom: z.int().min(1).max(5),
});
export type SatisfactionRule = z.infer<typeof ZSatisfactionRule>;

/**
 * Seed silent (004 reports the rate, not how it is counted): the platform's default reads a
 * five-point 满意度 scale as such surveys usually do — 非常满意, 满意 and 基本满意 count as satisfied.
 */
export const defaultSatisfactionRule: SatisfactionRule = { satisfiedFrom: 3 };

/** The rule of a stored programme's parameters (one stored before the parameter existed reads the default). */
export const satisfactionRuleOf = (parameters: unknown): SatisfactionRule => (parameters as { satisfactionRule?: SatisfactionRule } | null)?.satisfactionRule ?? defaultSatisfactionRule;

export const isSatisfied = (rule: SatisfactionRule, overall: number): boolean => overall >= rule.satisfiedFrom;

/** The rule in words: “非常满意、满意、基本满意计为满意”. */
export const satisfiedLabels = (rule: SatisfactionRule): string[] => ratingScale.filter((r) => r >= rule.satisfiedFrom).map((r) => ratingLabels[r]);
export const satisfactionRuleText = (rule: SatisfactionRule): string => `总体评价为${satisfiedLabels(rule).join('、')}的计为满意`;

// ---------------------------------------------------------------------------------------------
// Groups and questions
// ---------------------------------------------------------------------------------------------

/** The respondent groups, in the order results list them (the programme parameter's values). */
export const surveyGroups = ['department', 'society', 'public'] as const satisfies readonly SurveyRespondent[];
export type SurveyGroup = (typeof surveyGroups)[number];
export const surveyGroupLabels: Record<SurveyGroup, string> = { department: '政府部门', society: '学会', public: '社会公众' };
/** The organisation type invited for a group (the public is invited by anonymous links). */
export const groupOrgType: Record<Exclude<SurveyGroup, 'public'>, 'department' | 'society'> = { department: 'department', society: 'society' };

/** The key of the overall rating every questionnaire has: its answer decides “satisfied”. */
export const OVERALL_KEY = 'overall';

export const questionKinds = ['rating', 'text'] as const;
export type QuestionKind = (typeof questionKinds)[number];
export const questionKindLabels: Record<QuestionKind, string> = { rating: '五级评价', text: '文字意见' };

export const ZSurveyQuestion = z
  .object({
    key: z
      .string({ error: '请填写题目编码' })
      .regex(/^[a-z][a-z0-9_]{0,39}$/, '题目编码只能由小写字母、数字和下划线组成，以字母开头，不超过 40 个字符'),
    text: z.string({ error: '请填写题目' }).trim().min(1, '请填写题目').max(200, '题目不能超过 200 个字'),
    kind: z.enum(questionKinds, { error: '请选择题型' }),
  })
  .strict();
export type SurveyQuestion = z.infer<typeof ZSurveyQuestion>;

export const MAX_QUESTIONS = 20;

export const ZSurveyQuestions = z
  .array(ZSurveyQuestion, { error: '请填写问卷题目' })
  .min(1, '请至少设置总体满意度一题')
  .max(MAX_QUESTIONS, `问卷题目不能超过 ${MAX_QUESTIONS} 题`)
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    qs.forEach((q, i) => {
      if (seen.has(q.key)) ctx.addIssue({ code: 'custom', message: `题目编码重复：${q.key}`, path: [i, 'key'] });
      seen.add(q.key);
    });
    const overall = qs.findIndex((q) => q.key === OVERALL_KEY);
    if (overall < 0) ctx.addIssue({ code: 'custom', message: '问卷须有总体满意度一题（编码 overall，五级评价）' });
    else if (qs[overall].kind !== 'rating') ctx.addIssue({ code: 'custom', message: '总体满意度一题应为五级评价', path: [overall, 'kind'] });
  });

/**
 * The default questionnaire, in the seeds' words: the overall rating 004 §3(3)3 reports, the
 * service 000 §1 asks for (“切实提升服务意识和质量”; “以客观中立、开放实用为导向”, also 001 §1), the
 * procedure 002 demands (“程序严密、运作规范、权责明确、公开透明”), the task book's 时间进度 and 质量要求
 * (001 §5(1)), the association's guidance and supervision (001 §5(3)–(5), 004 §3(2)3), and a free answer.
 */
export const defaultSurveyQuestions: SurveyQuestion[] = [
  { key: OVERALL_KEY, text: '对学会承接政府转移职能工作的总体满意程度', kind: 'rating' },
  { key: 'service', text: '承接学会的服务意识和服务质量', kind: 'rating' },
  { key: 'neutrality', text: '承接工作客观中立、专业规范', kind: 'rating' },
  { key: 'procedure', text: '承接程序严密、运作规范、权责明确、公开透明', kind: 'rating' },
  { key: 'delivery', text: '按约定的时间进度和质量要求完成承接任务', kind: 'rating' },
  { key: 'guidance', text: '科协的组织协调、指导和监督管理', kind: 'rating' },
  { key: 'comment', text: '您对学会承接政府转移职能工作的意见和建议', kind: 'text' },
];

// ---------------------------------------------------------------------------------------------
// The survey (the association's input) and its lifecycle
// ---------------------------------------------------------------------------------------------

const ZGroups = z
  .array(z.enum(surveyGroups, { error: '调查对象只能是政府部门、学会或社会公众' }), { error: '请选择调查对象' })
  .min(1, '请至少选择一类调查对象')
  .max(3, '调查对象不能超过 3 类')
  .refine((g) => new Set(g).size === g.length, '调查对象重复');

const surveyFields = {
  title: z.string({ error: '请填写调查名称' }).trim().min(1, '请填写调查名称').max(200, '调查名称不能超过 200 个字'),
  intro: z.string().trim().max(2000, '调查说明不能超过 2000 个字').nullable().optional(),
  /** the year the results count for (004's indicators are per year); the year of the opening day when absent */
  year: z.number({ error: '调查年度应为整数' }).int('调查年度应为整数').min(2000, '调查年度不能早于 2000 年').max(2100, '调查年度不能晚于 2100 年').optional(),
  groups: ZGroups,
  questions: ZSurveyQuestions.default(defaultSurveyQuestions),
  opensOn: calendarDay('开始日期'),
  closesOn: calendarDay('截止日期'),
};
const closesAfterOpening = (s: { opensOn: string; closesOn: string }) => s.closesOn >= s.opensOn;
const CLOSES_BEFORE = { message: '截止日期不能早于开始日期', path: ['closesOn'] };

export const ZSurveyInput = z.object(surveyFields).strict().refine(closesAfterOpening, CLOSES_BEFORE);
export type SurveyInput = z.infer<typeof ZSurveyInput>;

/** An edit of a draft: the whole survey again, with the row version read. */
export const ZSurveyUpdateInput = z
  .object({ ...surveyFields, rowVersion: z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确') })
  .strict()
  .refine(closesAfterOpening, CLOSES_BEFORE);

/** The year a survey counts for. */
export const surveyYear = (input: Pick<SurveyInput, 'year' | 'opensOn'>): number => input.year ?? Number(input.opensOn.slice(0, 4));

/**
 * The groups the programme's parameter allows: every chosen group must be named by it. The field
 * errors when not (null when all are allowed).
 */
export function groupsRefusal(groups: readonly string[], allowed: readonly string[]): { path: string; message: string }[] | null {
  const allowedText = allowed.map((g) => surveyGroupLabels[g as SurveyGroup] ?? g).join('、');
  const bad = groups
    .map((g, i) => (allowed.includes(g) ? null : { path: `body.groups.${i}`, message: `方案的“满意度调查对象”不包括${surveyGroupLabels[g as SurveyGroup] ?? g}（方案规定：${allowedText || '不要求'}）` }))
    .filter((e) => e !== null);
  return bad.length ? bad : null;
}

/** Why the programme cannot be surveyed (null when it can): its parameter names no group. */
export function programmeSurveyRefusal(allowed: readonly string[]): string | null {
  return allowed.length ? null : '该方案的政策参数“满意度调查对象”为空（不要求满意度调查），不能发起满意度调查；如需调查，请先在方案的政策参数中设定调查对象';
}

export const surveyStates = ['draft', 'open', 'closed'] as const;
export type SurveyState = (typeof surveyStates)[number];
export type SurveyEvent = 'edit' | 'open' | 'close';

export const surveyLifecycle = defineLifecycle<SurveyState, SurveyEvent>({
  states: { draft: '草稿', open: '调查中', closed: '已结束' },
  events: {
    edit: { from: ['draft'], to: 'draft', label: '修改调查' },
    open: { from: ['draft'], to: 'open', label: '开始调查' },
    close: { from: ['open'], to: 'closed', label: '结束调查' },
  },
});

/** A survey may be opened while its closing day is still ahead (or today). */
export function openRefusal(s: { closesOn: string }, today: string): string | null {
  return s.closesOn < today ? `截止日期（${s.closesOn}）已过，请先修改截止日期再开始调查` : null;
}

/** Where a survey stands on a day: draft, opened but not yet begun, taking answers, past its closing day, closed. */
export type SurveyPhase = 'draft' | 'upcoming' | 'open' | 'ended' | 'closed';
export const surveyPhaseLabels: Record<SurveyPhase, string> = { draft: '草稿', upcoming: '未开始', open: '填写中', ended: '已截止', closed: '已结束' };

export function surveyPhase(s: { status: string; opensOn: string; closesOn: string }, today: string): SurveyPhase {
  if (s.status === 'draft') return 'draft';
  if (s.status === 'closed') return 'closed';
  if (today < s.opensOn) return 'upcoming';
  if (today > s.closesOn) return 'ended';
  return 'open';
}

/** Why an invitation may not be answered today (null: it may). */
export function answerRefusal(s: { status: string; opensOn: string; closesOn: string }, invitationStatus: string, today: string): string | null {
  if (invitationStatus === 'answered') return '该调查邀请已经填写过，每份邀请只能填写一次，感谢您的参与';
  if (invitationStatus === 'revoked') return '该调查邀请已作废，不能填写';
  switch (surveyPhase(s, today)) {
    case 'draft':
      return '调查尚未开始';
    case 'closed':
      return '本次调查已结束，不能再填写';
    case 'ended':
      return `本次调查已于 ${s.closesOn} 截止，不能再填写`;
    case 'upcoming':
      return `本次调查 ${s.opensOn} 开始填写，请届时再来`;
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------

export const TEXT_ANSWER_MAX = 2000;

/** An answer as sent: question key → rating (1 … 5) or text. Checked against the questions by `checkAnswer`. */
export const ZAnswerInput = z
  .object({
    answers: z.record(
      z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '题目编码不正确'),
      z.union([z.number().int('评价应为 1 至 5 的整数'), z.string().max(TEXT_ANSWER_MAX, `文字意见不能超过 ${TEXT_ANSWER_MAX} 个字`)], { error: '答案应为评价等级或文字' }),
      { error: '请填写问卷' },
    ).refine((a) => Object.keys(a).length <= MAX_QUESTIONS, `答案不能超过 ${MAX_QUESTIONS} 题`),
  })
  .strict();
export type AnswerInput = z.infer<typeof ZAnswerInput>;

export interface CheckedAnswer {
  answers: Record<string, number | string>;
  overall: number;
  /** the free answers together (null when none was written) */
  comment: string | null;
}

/**
 * The answer against the questions asked: every rated question rated 1 … 5, free answers trimmed
 * (optional), no key the questionnaire does not have. Field errors (paths under body.answers) or the
 * answer as stored.
 */
export function checkAnswer(questions: readonly SurveyQuestion[], input: AnswerInput): { ok: true; value: CheckedAnswer } | { ok: false; errors: { path: string; message: string }[] } {
  const errors: { path: string; message: string }[] = [];
  const known = new Set(questions.map((q) => q.key));
  for (const k of Object.keys(input.answers)) if (!known.has(k)) errors.push({ path: `body.answers.${k}`, message: '问卷中没有这一题' });
  const out: Record<string, number | string> = {};
  const texts: string[] = [];
  questions.forEach((q, i) => {
    const v = input.answers[q.key];
    const path = `body.answers.${q.key}`;
    if (q.kind === 'rating') {
      if (v === undefined || v === null) errors.push({ path, message: `请评价第 ${i + 1} 题：${q.text}` });
      else if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 5) errors.push({ path, message: `第 ${i + 1} 题请选择${ratingScale.map((r) => ratingLabels[r]).join('、')}之一` });
      else out[q.key] = v;
    } else if (v !== undefined && v !== null) {
      if (typeof v !== 'string') errors.push({ path, message: `第 ${i + 1} 题应填写文字` });
      else if (v.trim()) {
        out[q.key] = v.trim();
        texts.push(v.trim());
      }
    }
  });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { answers: out, overall: out[OVERALL_KEY] as number, comment: texts.length ? texts.join('\n') : null } };
}

// ---------------------------------------------------------------------------------------------
// Results (004 §3(3)3)
// ---------------------------------------------------------------------------------------------

/** A share as a percentage with one decimal (100 → “100%”); null when nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** The mean of ratings with two decimals; null without ratings. */
export function mean(values: readonly number[]): number | null {
  if (!values.length) return null;
  return Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 100) / 100;
}

export interface InvitationFacts {
  group: string;
  status: string;
}
export interface AnswerFacts {
  group: string;
  satisfied: boolean;
  answers: Record<string, number | string>;
}

export interface GroupRates {
  group: SurveyGroup;
  label: string;
  /** invitations not revoked */
  invited: number;
  answered: number;
  /** answered ÷ invited, percent */
  responseRate: number | null;
  satisfied: number;
  /** satisfied ÷ answered, percent (004: 满意度100%) */
  satisfactionRate: number | null;
}

export interface QuestionMeans {
  key: string;
  text: string;
  /** the mean rating of every answer (5 非常满意 … 1 非常不满意) */
  mean: number | null;
  count: number;
  /** the number of answers at each rating, 5 … 1 */
  distribution: { rating: Rating; label: string; count: number }[];
  /** the mean within each group surveyed */
  byGroup: { group: SurveyGroup; mean: number | null; count: number }[];
}

export interface SurveyResults {
  groups: GroupRates[];
  /** every group together */
  total: Omit<GroupRates, 'group' | 'label'>;
  questions: QuestionMeans[];
}

function rates(invitations: readonly InvitationFacts[], answers: readonly AnswerFacts[]): Omit<GroupRates, 'group' | 'label'> {
  const invited = invitations.filter((i) => i.status !== 'revoked').length;
  const answered = answers.length;
  const satisfied = answers.filter((a) => a.satisfied).length;
  return { invited, answered, responseRate: percent(answered, invited), satisfied, satisfactionRate: percent(satisfied, answered) };
}

/**
 * The results of a survey: per group surveyed (in the order of `surveyGroups`), every group together,
 * and per rated question its mean, its distribution and its mean in each group. `satisfied` is each
 * answer's own (decided by the programme's rule when it was given).
 */
export function surveyResults(groups: readonly string[], questions: readonly SurveyQuestion[], invitations: readonly InvitationFacts[], answers: readonly AnswerFacts[]): SurveyResults {
  const surveyed = surveyGroups.filter((g) => groups.includes(g));
  const ratingOf = (a: AnswerFacts, key: string): number | null => (typeof a.answers[key] === 'number' ? (a.answers[key] as number) : null);
  return {
    groups: surveyed.map((group) => ({
      group,
      label: surveyGroupLabels[group],
      ...rates(
        invitations.filter((i) => i.group === group),
        answers.filter((a) => a.group === group),
      ),
    })),
    total: rates(invitations, answers),
    questions: questions
      .filter((q) => q.kind === 'rating')
      .map((q) => {
        const values = answers.map((a) => ratingOf(a, q.key)).filter((v): v is number => v !== null);
        return {
          key: q.key,
          text: q.text,
          mean: mean(values),
          count: values.length,
          distribution: ratingScale.map((rating) => ({ rating, label: ratingLabels[rating], count: values.filter((v) => v === rating).length })),
          byGroup: surveyed.map((group) => {
            const vs = answers
              .filter((a) => a.group === group)
              .map((a) => ratingOf(a, q.key))
              .filter((v): v is number => v !== null);
            return { group, mean: mean(vs), count: vs.length };
          }),
        };
      }),
  };
}

/** Public links are made in batches: at most this many at once, and this many per survey. */
export const PUBLIC_LINKS_PER_BATCH = 500;
export const PUBLIC_LINKS_PER_SURVEY = 5000;

export const ZPublicLinksInput = z
  .object({
    count: z
      .number({ error: '请填写生成的链接数' })
      .int('链接数应为整数')
      .min(1, '至少生成 1 个链接')
      .max(PUBLIC_LINKS_PER_BATCH, `一次最多生成 ${PUBLIC_LINKS_PER_BATCH} 个链接`),
  })
  .strict();

export const ZInviteOrgsInput = z
  .object({
    orgIds: z
      .array(z.uuid('单位编号格式不正确'), { error: '请选择要邀请的单位' })
      .min(1, '请选择要邀请的单位')
      .max(200, '一次最多邀请 200 家单位')
      .refine((ids) => new Set(ids).size === ids.length, '单位重复'),
  })
  .strict();
