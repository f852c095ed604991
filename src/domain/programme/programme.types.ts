// Programme (试点工作方案 / 能力提升计划) — stages, content categories and policy parameters.
//
// PRG-1: a programme has a kind, stages with dates, content categories, the member units of its
// leading group and policy parameters. PRG-2: every rule that differs between the seeds is a
// parameter here, never a literal in a rule; each seed ships as a preset (src/domain/presets/).
//
// Pure TypeScript + Zod 4; no I/O. All objects are strict (unknown keys are refused), every
// string has a length limit, every number is an integer with bounds, money is integer fen (分).
import { z } from 'zod';
import { calendarDay } from '../calendar-day.js';
import { ZFen } from '../money.js';
import { ZAssociationLevel, ZCommendationLevel, ZOfficeKind, associationLevelLabels } from '../org/org.types.js';
import { ZRuleClauses } from './rule-clauses.js';
import { ZPerformanceScoring, defaultPerformanceScoring } from '../evaluation/performance.js';
import { ZSatisfactionRule, defaultSatisfactionRule } from '../evaluation/satisfaction.js';

import { toValidationErrors, zhErrorMap, type ValidationResult } from '../zod-zh.js';

export { toValidationErrors, zhErrorMap, type ValidationError, type ValidationResult } from '../zod-zh.js';

function validateWith<S extends z.ZodType>(schema: S, input: unknown): ValidationResult<z.output<S>> {
  const result = schema.safeParse(input, { error: zhErrorMap });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: toValidationErrors(result.error.issues) };
}

// ---------------------------------------------------------------------------------------------
// Primitives
// ---------------------------------------------------------------------------------------------

/** Stable machine code: lower-case letters, digits and underscores, ≤ 40. */
export const ZCode = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9_]+$/, { error: '编码只能包含小写字母、数字和下划线' });

/** Chinese display name, ≤ 60. */
export const ZName = z.string().min(1).max(60);
/** Chinese label of a condition, criterion or checklist entry, ≤ 120. */
export const ZLabel = z.string().min(1).max(120);
export const ZDescription = z.string().max(500);

/** A real day in the platform's range (calendar-day.ts). */
export const ZIsoDate = calendarDay();

const daysInMonth = (month: number, year = 2000): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** 'MM-DD' in any year (02-29 allowed: it falls back to 02-28 in common years where used). */
export const ZMonthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: '应为 MM-DD 格式的月日' })
  .refine((s) => Number(s.slice(3)) <= daysInMonth(Number(s.slice(0, 2))), { error: '该月没有这一天' });

/** Money in integer fen (分), ≤ 1,000 亿元: the shared money schema (money.ts), re-exported. */
export { ZFen };

type Ctx = z.core.$RefinementCtx;

/** Adds `编码重复：x` at `[index, ...field]` for every repeat of a key. */
function checkUnique<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  ctx: Ctx,
  field: PropertyKey[] = [],
  what = '编码重复',
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `${what}：${key}`, path: [index, ...field], input: key });
    seen.add(key);
  });
}

/** Array of enum values without repeats. */
function uniqueEnumArray<E extends z.ZodEnum>(schema: E, min: number, max: number) {
  return z
    .array(schema)
    .min(min)
    .max(max)
    .superRefine((items, ctx) => checkUnique(items, String, ctx));
}

/** Array of objects with a `code` field, codes unique. */
function codedArray<T extends z.ZodType<{ code: string }>>(item: T, min: number, max: number) {
  return z
    .array(item)
    .min(min)
    .max(max)
    .superRefine((items, ctx) => checkUnique(items, (i) => i.code, ctx, ['code']));
}

// ---------------------------------------------------------------------------------------------
// Enumerations and their Chinese labels (served to UI and API as dictionaries)
// ---------------------------------------------------------------------------------------------

export const ZProgrammeKind = z.enum(['transferPilot', 'capacityPlan']);
export type ProgrammeKind = z.infer<typeof ZProgrammeKind>;
export const programmeKindLabels: Record<ProgrammeKind, string> = {
  transferPilot: '承接政府转移职能试点',
  capacityPlan: '学会服务能力提升计划',
};

export const ZPresetCode = z.enum(['000', '001', '002', '003', '004']);
export type PresetCode = z.infer<typeof ZPresetCode>;

/** Association level a preset was written for: an association's level (org.types.ts) below 全国, with its labels. */
export const ZPresetLevel = ZAssociationLevel.exclude(['national']);
export type PresetLevel = z.infer<typeof ZPresetLevel>;
export const presetLevelLabels: Record<PresetLevel, string> = {
  provincial: associationLevelLabels.provincial,
  city: associationLevelLabels.city,
  county: associationLevelLabels.county,
};

// SEL-5: the offices that countersign the legality and operability of the list (001 §5(1), 000 §4(1))
// are the review-office kinds of the organisation tree — ZOfficeKind and officeKindLabels in org.types.ts.

/** SEL-6: who approves after the countersign (001 §5(1) 经省政府同意; 003 办法§9 科协、财政局审核同意). */
export const ZApprovalLevel = z.enum([
  'provincialGovernment',
  'cityGovernment',
  'countyGovernment',
  'leadingGroup',
  'association',
  'associationWithFinance',
]);
export type ApprovalLevel = z.infer<typeof ZApprovalLevel>;
export const approvalLevelLabels: Record<ApprovalLevel, string> = {
  provincialGovernment: '省级人民政府',
  cityGovernment: '市级人民政府',
  countyGovernment: '县级人民政府',
  leadingGroup: '领导小组',
  association: '科协',
  associationWithFinance: '科协会同财政局',
};

/** FUN-1: commissioning modes of a transfer item (002 附件 合作方式). */
export const ZCommissioningMode = z.enum(['authorisedCommission', 'serviceProcurement']);
export type CommissioningMode = z.infer<typeof ZCommissioningMode>;
export const commissioningModeLabels: Record<CommissioningMode, string> = {
  authorisedCommission: '授权委托',
  serviceProcurement: '购买服务',
};

/** ORG-5 / 004 §1: ways of entrusting work to a society that a programme prefers; 000 §3(5) adds tender. */
export const ZProcurementMode = z.enum([
  'centralPurchase',
  'longTermAgreement',
  'directedPurchase',
  'subsidy',
  'publicTender',
]);
export type ProcurementMode = z.infer<typeof ZProcurementMode>;
export const procurementModeLabels: Record<ProcurementMode, string> = {
  centralPurchase: '政府集中采购',
  longTermAgreement: '长期协议（三方任务书）',
  directedPurchase: '定向采购（委托）',
  subsidy: '财政补贴（以奖代补）',
  publicTender: '招投标',
};

/** The written agreement that binds the parties of a project. */
export const ZAgreementKind = z.enum(['triPartyTaskBook', 'transferContract', 'responsibilityLetter']);
export type AgreementKind = z.infer<typeof ZAgreementKind>;
export const agreementKindLabels: Record<AgreementKind, string> = {
  triPartyTaskBook: '三方项目任务书',
  transferContract: '职能转移合同',
  responsibilityLetter: '项目责任书',
};

/** TB-3: posts in a society, highest first (index = rank). */
export const ZProjectLeaderPost = z.enum([
  'president',
  'vicePresident',
  'secretaryGeneral',
  'deputySecretaryGeneral',
  'fullTimeStaff',
]);
export type ProjectLeaderPost = z.infer<typeof ZProjectLeaderPost>;
export const projectLeaderPostLabels: Record<ProjectLeaderPost, string> = {
  president: '理事长',
  vicePresident: '副理事长',
  secretaryGeneral: '秘书长',
  deputySecretaryGeneral: '副秘书长',
  fullTimeStaff: '专职工作人员',
};
/** Rank of a post: lower is higher; a post satisfies a minimum when its rank ≤ the minimum's. */
export const projectLeaderPostRank: Record<ProjectLeaderPost, number> = {
  president: 0,
  vicePresident: 1,
  secretaryGeneral: 2,
  deputySecretaryGeneral: 3,
  fullTimeStaff: 4,
};

/** TB-3: the society body that approves the project leader (001 §5(2)). */
export const ZLeaderApprovalBody = z.enum(['council', 'standingCouncil']);
export type LeaderApprovalBody = z.infer<typeof ZLeaderApprovalBody>;
export const leaderApprovalBodyLabels: Record<LeaderApprovalBody, string> = {
  council: '理事会',
  standingCouncil: '常务理事会',
};

/** SUP-3 / SUP-5: who approves a major matter or a change, in order. */
export const ZApprover = z.enum(['council', 'department', 'association', 'leadingGroup', 'financeBureau']);
export type Approver = z.infer<typeof ZApprover>;
export const approverLabels: Record<Approver, string> = {
  council: '学会理事会（常务理事会）',
  department: '委托政府部门',
  association: '科协',
  leadingGroup: '领导小组',
  financeBureau: '财政局',
};

/** EVA-1/2, CAP-6: who assesses or evaluates projects. */
export const ZEvaluator = z.enum(['department', 'association', 'financeBureau', 'thirdParty', 'society']);
export type Evaluator = z.infer<typeof ZEvaluator>;
export const evaluatorLabels: Record<Evaluator, string> = {
  department: '委托政府部门考核',
  association: '科协考核评估',
  financeBureau: '财政局绩效评价',
  thirdParty: '第三方评估机构',
  society: '学会绩效自评',
};

/** EVA-4: who answers satisfaction surveys. */
export const ZSurveyRespondent = z.enum(['department', 'society', 'public']);
export type SurveyRespondent = z.infer<typeof ZSurveyRespondent>;
export const surveyRespondentLabels: Record<SurveyRespondent, string> = {
  department: '政府部门',
  society: '学会',
  public: '社会公众',
};

/** SUP-*, PRG-3: supervision instruments a programme uses (002 §5, 001 §5(3)–(5), 004 §3(2)3). */
export const ZSupervisionMeasure = z.enum([
  'regularGuidance',
  'milestoneControl',
  'majorMatterApproval',
  'observers',
  'training',
  'expertInspection',
  'regularMeetings',
  'briefings',
  'progressReports',
  'rectification',
  'trackingSupervision',
]);
export type SupervisionMeasure = z.infer<typeof ZSupervisionMeasure>;
export const supervisionMeasureLabels: Record<SupervisionMeasure, string> = {
  regularGuidance: '经常性工作指导',
  milestoneControl: '关键节点控制',
  majorMatterApproval: '重大事项报批',
  observers: '派观察员参与项目巡视',
  training: '专项培训',
  expertInspection: '专家组检查',
  regularMeetings: '工作例会',
  briefings: '工作简报',
  progressReports: '进度报告',
  rectification: '整改',
  trackingSupervision: '跟踪督导',
};

/** FND-6 / CAP-7: grounds on which disbursed funds are recovered. */
export const ZFundRecoveryGround = z.enum([
  'falseMaterials',
  'failedAcceptance',
  'misappropriation',
  'dereliction',
  'otherViolation',
]);
export type FundRecoveryGround = z.infer<typeof ZFundRecoveryGround>;
export const fundRecoveryGroundLabels: Record<FundRecoveryGround, string> = {
  falseMaterials: '弄虚作假、虚报业绩或提供虚假资料',
  failedAcceptance: '考核验收不合格',
  misappropriation: '截留、挤占、挪用专项资金',
  dereliction: '失职致使计划无法实施',
  otherViolation: '其他违反法律法规的行为',
};

/** CAP-1: the two families of capacity-plan project types (003 §4(1), §4(2)). */
export const ZProjectTypeKind = z.enum(['demonstration', 'keyProject']);
export type ProjectTypeKind = z.infer<typeof ZProjectTypeKind>;
export const projectTypeKindLabels: Record<ProjectTypeKind, string> = {
  demonstration: '综合示范学会',
  keyProject: '重点项目',
};

// ---------------------------------------------------------------------------------------------
// Qualification conditions (SEL-3, CAP-2)
// ---------------------------------------------------------------------------------------------

const ZYears = z.int().min(1).max(10);

/**
 * One qualification condition. `rule` names the check the platform runs against a society's
 * record (ORG-2, ORG-3); `label` is the seed's own wording shown to users; `manual` is a condition
 * without facts to check, decided by the reviewer.
 */
export const ZQualificationCondition = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('annualInspectionPassed'), label: ZLabel, years: ZYears }),
  z.strictObject({
    rule: z.literal('fullTimeSecretaryGeneral'),
    label: ZLabel,
    /** 003 §6(1)3: a deputy secretary-general or full-time staff member also satisfies it. */
    acceptDeputyOrStaff: z.boolean().optional(),
  }),
  z.strictObject({ rule: z.literal('minFullTimeStaff'), label: ZLabel, count: z.int().min(1).max(1000) }),
  z.strictObject({ rule: z.literal('financeStaff'), label: ZLabel }),
  z.strictObject({ rule: z.literal('independentAccount'), label: ZLabel }),
  z.strictObject({ rule: z.literal('partyOrganisation'), label: ZLabel }),
  z.strictObject({ rule: z.literal('noViolation'), label: ZLabel, years: ZYears }),
  z.strictObject({ rule: z.literal('noCriticism'), label: ZLabel, years: ZYears }),
  z.strictObject({ rule: z.literal('noFailedTask'), label: ZLabel, years: ZYears }),
  z.strictObject({ rule: z.literal('notDebarred'), label: ZLabel }),
  z.strictObject({
    rule: z.literal('commendation'),
    label: ZLabel,
    level: ZCommendationLevel,
    withinYears: ZYears,
  }),
  z.strictObject({ rule: z.literal('manual'), label: ZLabel }),
]);
export type QualificationCondition = z.infer<typeof ZQualificationCondition>;
export type QualificationRule = QualificationCondition['rule'];
export const qualificationRuleLabels: Record<QualificationRule, string> = {
  annualInspectionPassed: '连续年检合格',
  fullTimeSecretaryGeneral: '有专职秘书长',
  minFullTimeStaff: '专职工作人员不少于规定人数',
  financeStaff: '有专门财务管理人员',
  independentAccount: '有独立银行账户',
  partyOrganisation: '建有党的组织',
  noViolation: '无违纪违法行为',
  noCriticism: '未受通报批评或处罚',
  noFailedTask: '无未完成的科协交办任务',
  notDebarred: '不在取消申报资格期内',
  commendation: '获得规定级别的表彰',
  manual: '人工审核条件',
};

/** A list of conditions that must all hold; the same rule twice is refused (except `manual`). */
export const ZQualificationConditions = z
  .array(ZQualificationCondition)
  .max(30)
  .superRefine((items, ctx) =>
    checkUnique(
      items.map((c, i) => (c.rule === 'manual' ? `manual#${i}` : c.rule)),
      String,
      ctx,
      ['rule'],
      '条件重复',
    ),
  );

// ---------------------------------------------------------------------------------------------
// Stages (PRG-1)
// ---------------------------------------------------------------------------------------------

export const ZStage = z
  .strictObject({
    code: ZCode,
    name: ZName,
    description: ZDescription.optional(),
    startsOn: ZIsoDate,
    endsOn: ZIsoDate,
  })
  .refine((s) => s.endsOn >= s.startsOn, { error: '结束日期不能早于开始日期', path: ['endsOn'] });
export type Stage = z.infer<typeof ZStage>;

export const ZStages = codedArray(ZStage, 1, 20);

export function validateStages(input: unknown): ValidationResult<Stage[]> {
  return validateWith(ZStages, input);
}

// ---------------------------------------------------------------------------------------------
// Content categories (FUN-2), a tree at most three levels deep
// ---------------------------------------------------------------------------------------------

export interface Category {
  code: string;
  name: string;
  children?: Category[];
}

export const MAX_CATEGORY_DEPTH = 3;

export const ZCategory: z.ZodType<Category> = z.strictObject({
  code: ZCode,
  name: ZName,
  get children(): z.ZodOptional<z.ZodArray<z.ZodType<Category>>> {
    return z.array(ZCategory).min(1).max(50).optional();
  },
});

export const ZCategories = z
  .array(ZCategory)
  .min(1)
  .max(50)
  .superRefine((roots, ctx) => {
    const seen = new Set<string>();
    const walk = (nodes: readonly Category[], path: PropertyKey[], depth: number): void => {
      nodes.forEach((node, index) => {
        const here = [...path, index];
        if (seen.has(node.code)) {
          ctx.addIssue({ code: 'custom', message: `编码重复：${node.code}`, path: [...here, 'code'], input: node.code });
        }
        seen.add(node.code);
        if (node.children) {
          if (depth >= MAX_CATEGORY_DEPTH) {
            ctx.addIssue({
              code: 'custom',
              message: `分类层级不能超过 ${MAX_CATEGORY_DEPTH} 级`,
              path: [...here, 'children'],
              input: node.children,
            });
          } else {
            walk(node.children, [...here, 'children'], depth + 1);
          }
        }
      });
    };
    walk(roots, [], 1);
  });

export function validateCategories(input: unknown): ValidationResult<Category[]> {
  return validateWith(ZCategories, input);
}

// ---------------------------------------------------------------------------------------------
// Programme parameters (PRG-2)
// ---------------------------------------------------------------------------------------------

/** CAP-1: a capacity-plan project type with its yearly quota and award; the yearly call may set both. */
export const ZProjectType = z.strictObject({
  code: ZCode,
  name: ZName,
  kind: ZProjectTypeKind,
  quota: z.int().min(1).max(1000).optional(),
  awardFen: ZFen.optional(),
});
export type ProjectType = z.infer<typeof ZProjectType>;

/** CAP-3: an item of the formal review checklist. */
export const ZChecklistItem = z.strictObject({ code: ZCode, label: ZLabel });
export type ChecklistItem = z.infer<typeof ZChecklistItem>;

/** CAP-4: an expert review criterion with its weight in percent. */
export const ZReviewCriterion = z.strictObject({ code: ZCode, label: ZLabel, weight: z.int().min(0).max(100) });
export type ReviewCriterion = z.infer<typeof ZReviewCriterion>;

/**
 * CAP-4: how the experts review. `expertsPerApplication` are drawn for each application;
 * the final score drops the highest and the lowest sheet once `minScoresForTrim` valid sheets exist
 * (plain mean below; at least 3, or nothing would be left to average).
 */
export const ZExpertReview = z
  .strictObject({
    expertsPerApplication: z.int().min(1).max(30),
    minScoresForTrim: z.int().min(3).max(30),
  })
  .refine((v) => v.minScoresForTrim <= v.expertsPerApplication || v.expertsPerApplication < 3, {
    message: '去掉最高分和最低分所需的有效评分数不能多于每项抽取的专家人数',
    path: ['minScoresForTrim'],
  });
export type ExpertReview = z.infer<typeof ZExpertReview>;

export const ZExpenseCategory = z.strictObject({
  code: ZCode,
  label: ZLabel,
  items: z.array(z.string().min(1).max(100)).max(30),
});
export type ExpenseCategory = z.infer<typeof ZExpenseCategory>;

export const ZForbiddenExpense = z.strictObject({ code: ZCode, label: ZLabel });
export type ForbiddenExpense = z.infer<typeof ZForbiddenExpense>;

/** FND-1, FND-2: allowed and forbidden expense categories; a code may not be both. */
export const ZExpenseCategories = z
  .strictObject({
    allowed: codedArray(ZExpenseCategory, 1, 20),
    forbidden: codedArray(ZForbiddenExpense, 0, 30),
  })
  .superRefine((v, ctx) => {
    const allowed = new Set(v.allowed.map((a) => a.code));
    v.forbidden.forEach((f, index) => {
      if (allowed.has(f.code)) {
        ctx.addIssue({ code: 'custom', message: `编码重复：${f.code}`, path: ['forbidden', index, 'code'], input: f.code });
      }
    });
  });
export type ExpenseCategories = z.infer<typeof ZExpenseCategories>;

/** FND-7: a fund the programme holds; `amountFen` null when the seed sets no amount. */
export const ZFund = z.strictObject({
  code: ZCode,
  name: ZName,
  amountFen: ZFen.nullable(),
  source: ZName.nullable(),
});
export type Fund = z.infer<typeof ZFund>;

export const ZSanctions = z.strictObject({
  /** CAP-7: false materials or inflated results → debarred for this many years (0 = no debarment). */
  falseMaterialsDebarYears: z.int().min(0).max(10),
  /** CAP-7: failed acceptance → debarred for this many years (0 = no debarment). */
  failedAcceptanceDebarYears: z.int().min(0).max(10),
  /** FND-6, CAP-7: grounds on which disbursed funds are recovered. */
  recoverFundsOn: uniqueEnumArray(ZFundRecoveryGround, 0, 5),
});
export type Sanctions = z.infer<typeof ZSanctions>;

export const ZCapacityEligibility = z.strictObject({
  /** CAP-2: conditions for key projects; exclusions placed here apply to every application. */
  keyProject: ZQualificationConditions,
  /** CAP-2: conditions the demonstration society must meet IN ADDITION to `keyProject` (003 §6(2)). */
  demonstration: ZQualificationConditions,
});
export type CapacityEligibility = z.infer<typeof ZCapacityEligibility>;

/** the deadline of each waiting step from item to undertaking society, in calendar days. */
export const ZSelectionDays = z.strictObject({
  /** SEL-2: from the relay until declarations close. */
  declare: z.int().min(1).max(180),
  /** SEL-4: for the association to review a declaration. */
  review: z.int().min(1).max(180),
  /** SEL-5: for each review office to give its opinion. */
  countersign: z.int().min(1).max(180),
  /** SEL-6: for the approval by the named level to be recorded. */
  approve: z.int().min(1).max(180),
  /** SEL-6: for the department to choose the undertaking society. */
  select: z.int().min(1).max(180),
});
export type SelectionDays = z.infer<typeof ZSelectionDays>;

export const ZProgrammeParameters = z
  .strictObject({
    /** SEL-5: offices that countersign the list (empty: no countersign, e.g. a capacity plan). */
    reviewOffices: uniqueEnumArray(ZOfficeKind, 0, 7),
    /** SEL-6: who approves after the countersign. */
    approvalLevel: ZApprovalLevel,
    /** FUN-1: commissioning modes a department may choose (empty for a capacity plan). */
    commissioningModes: uniqueEnumArray(ZCommissioningMode, 0, 2),
    /** ORG-5 / 004 §1: preferred ways of entrusting work (empty: no preference stated). */
    preferredProcurementModes: uniqueEnumArray(ZProcurementMode, 0, 5),
    /** TB-1 / CAP-5: the agreement that binds a project. */
    agreementKind: ZAgreementKind,
    /** SEL-3: conditions a society must meet to be recommended for a transfer item. */
    qualificationConditions: ZQualificationConditions,
    /** CAP-2: eligibility for capacity-plan projects (empty lists for pilots). */
    capacityEligibility: ZCapacityEligibility,
    /** CAP-1: project types with quotas and awards (empty for pilots). */
    projectTypes: codedArray(ZProjectType, 0, 20),
    /** CAP-3: formal review checklist (empty for pilots). */
    formalReviewChecklist: codedArray(ZChecklistItem, 0, 30),
    /** CAP-4: expert review criteria; weights sum to 100 when any are given. */
    expertReviewCriteria: codedArray(ZReviewCriterion, 0, 20).superRefine((items, ctx) => {
      if (items.length === 0) return;
      const sum = items.reduce((s, c) => s + c.weight, 0);
      if (sum !== 100) ctx.addIssue({ code: 'custom', message: `权重之和应为 100，当前为 ${sum}`, input: items });
    }),
    /** CAP-4: experts drawn per application and when the extremes are dropped (stored before it existed: migration 0013). */
    expertReview: ZExpertReview,
    /** X-2, SEL-1…SEL-7: days each waiting step of the selection has; they set the to-dos' deadlines. */
    selectionDays: ZSelectionDays,
    /**
     * SEL-1: the relay also reaches the societies of the associations below (city, county); off: only
     * the societies attached to the programme's own association (001 §4(1)2 省科协面向学会发布).
     * Programmes stored before the parameter existed read as off (default; migration 0011).
     */
    relayIncludesSubordinateSocieties: z.boolean().default(false),
    /** CAP-5, PUB-1: days a result stays in public notice for objections. */
    noticePeriodDays: z.int().min(1).max(60),
    /** CAP-6: days the evaluation result stays in public notice. */
    evaluationNoticeDays: z.int().min(1).max(60),
    /** CAP-7, FND-6. */
    sanctions: ZSanctions,
    /** FND-1, FND-2. */
    expenseCategories: ZExpenseCategories,
    /** FND-4: months from budget approval within which funds are to be spent. */
    executionWindowMonths: z.int().min(1).max(60),
    /** FND-5: single purchases at or above this amount (fen) follow government procurement rules and are flagged. */
    procurementThresholdFen: ZFen.min(1),
    /** FND-7: funds the programme holds. */
    funds: codedArray(ZFund, 0, 20),
    /** PRG-3: yearly due date ('MM-DD') of the stage report to the level above; null when none. */
    stageReportDue: ZMonthDay.nullable(),
    /** TB-3: lowest post the project leader may hold. */
    projectLeaderMinPost: ZProjectLeaderPost,
    /** TB-3: bodies any one of which approves the project leader. */
    leaderApprovalBodies: uniqueEnumArray(ZLeaderApprovalBody, 1, 2),
    /** SUP-3: approvers of a major matter, in order; the council decides first. */
    majorMatterSteps: uniqueEnumArray(ZApprover, 1, 5).superRefine((steps, ctx) => {
      if (steps[0] !== 'council') {
        ctx.addIssue({ code: 'custom', message: '重大事项须先由学会理事会（常务理事会）讨论决定', path: [0], input: steps[0] });
      }
    }),
    /** SUP-5: approvers of a change request, in order. */
    changeApprovers: uniqueEnumArray(ZApprover, 1, 5),
    /** PRG-1: who leads the leading group (or the steering mechanism); null when the seed names none. */
    leadingGroupLeader: ZName.nullable(),
    /** PRG-1: where the leading group's office sits; null when the seed names none. */
    leadingGroupOfficeAt: ZName.nullable(),
    /** PRG-1: member units of the leading group, in the seed's wording. */
    leadingGroupMembers: z
      .array(ZName)
      .max(30)
      .superRefine((items, ctx) => checkUnique(items, String, ctx, [], '成员单位重复')),
    /** 003: the finance bureau co-runs review, evaluation, budget approval and acceptance. */
    financeBureauCoManages: z.boolean(),
    /** EVA-1/2, CAP-6: who assesses projects. */
    evaluators: uniqueEnumArray(ZEvaluator, 1, 5),
    /**
     * EVA-3: how the third-party evaluation scores KPIs and grades projects (evaluation/performance.ts).
     * Programmes stored before the parameter existed read the platform's default (migration 0021).
     */
    performanceScoring: ZPerformanceScoring.default(defaultPerformanceScoring),
    /** EVA-4: who is surveyed for satisfaction (empty: no survey required). */
    satisfactionSurvey: uniqueEnumArray(ZSurveyRespondent, 0, 3),
    /**
     * EVA-4: which overall ratings count as satisfied (evaluation/satisfaction.ts). Programmes stored
     * before the parameter existed read the platform's default here (`withParameterDefaults`).
     */
    satisfactionRule: ZSatisfactionRule.default(defaultSatisfactionRule),
    /** SUP-*, PRG-3: supervision instruments in use. */
    supervisionMeasures: uniqueEnumArray(ZSupervisionMeasure, 0, 11),
    /**
     * PRG-2: the seed's own clause behind each rule, in its words (rule-clauses.ts); a rule left out
     * reads the platform's wording. Programmes stored before the parameter existed read as none
     * (default; migration 0019 gives preset 003's programmes their seed's clauses).
     */
    ruleClauses: ZRuleClauses.default({}),
  });
export type ProgrammeParameters = z.infer<typeof ZProgrammeParameters>;

/**
 * The parameters of a stored programme with every parameter that has a platform default filled in
 * when the programme was stored before it existed — what Zod's `.default()` gives on input, for the
 * parameters as they are read back (no migration rewrites the stored ones).
 */
export function withParameterDefaults<T>(stored: T): T {
  if (!stored || typeof stored !== 'object') return stored;
  const out: Record<string, unknown> = { ...(stored as Record<string, unknown>) };
  for (const [key, field] of Object.entries(ZProgrammeParameters.shape)) {
    if (out[key] === undefined && field instanceof z.ZodDefault) out[key] = structuredClone(field.def.defaultValue);
  }
  return out as T;
}

export function validateParameters(input: unknown): ValidationResult<ProgrammeParameters> {
  return validateWith(ZProgrammeParameters, input);
}

// ---------------------------------------------------------------------------------------------
// Presets (PRG-2): a seed's programme with month/day stages, instantiated for a year
// ---------------------------------------------------------------------------------------------

const ZMonth = z.int().min(1).max(12);
const ZDay = z.int().min(1).max(31);

/** A stage as month/day in the programme year; `yearOffset` moves it into a later year. */
export const ZPresetStage = z
  .strictObject({
    code: ZCode,
    name: ZName,
    description: ZDescription,
    startMonth: ZMonth,
    /** Defaults to 1. */
    startDay: ZDay.optional(),
    endMonth: ZMonth,
    /** Defaults to the last day of `endMonth`. */
    endDay: ZDay.optional(),
    yearOffset: z.int().min(0).max(5).optional(),
  })
  .superRefine((s, ctx) => {
    // Checked against a common year so that the stage exists in every year.
    if (s.startDay !== undefined && s.startDay > daysInMonth(s.startMonth, 2001)) {
      ctx.addIssue({ code: 'custom', message: '该月没有这一天', path: ['startDay'], input: s.startDay });
    }
    if (s.endDay !== undefined && s.endDay > daysInMonth(s.endMonth, 2001)) {
      ctx.addIssue({ code: 'custom', message: '该月没有这一天', path: ['endDay'], input: s.endDay });
    }
    const start = s.startMonth * 100 + (s.startDay ?? 1);
    const end = s.endMonth * 100 + (s.endDay ?? 31);
    if (end < start) ctx.addIssue({ code: 'custom', message: '结束日期不能早于开始日期', path: ['endMonth'], input: s.endMonth });
  });
export type PresetStage = z.infer<typeof ZPresetStage>;

export const ZProgrammePreset = z.strictObject({
  code: ZPresetCode,
  /** Short ASCII key, e.g. 'ningxia'. */
  key: z.string().min(1).max(40).regex(/^[a-z][a-z0-9-]*$/, { error: '只能包含小写字母、数字和连字符' }),
  /** Programme name in Chinese. */
  title: z.string().min(1).max(120),
  /** Title of the seed document. */
  seedTitle: z.string().min(1).max(300),
  issuer: z.string().min(1).max(120),
  region: ZName,
  level: ZPresetLevel,
  kind: ZProgrammeKind,
  stages: codedArray(ZPresetStage, 1, 20),
  categories: ZCategories,
  parameters: ZProgrammeParameters,
});
export type ProgrammePreset = z.infer<typeof ZProgrammePreset>;

export function validatePreset(input: unknown): ValidationResult<ProgrammePreset> {
  return validateWith(ZProgrammePreset, input);
}

/** What a new programme starts from: concrete stages for a year, categories and parameters. */
export interface InstantiatedPreset {
  kind: ProgrammeKind;
  stages: Stage[];
  categories: Category[];
  parameters: ProgrammeParameters;
}

/** Exposed for presets/index.ts: the last day of a month in a given year. */
export function lastDayOfMonth(year: number, month: number): number {
  return daysInMonth(month, year);
}
