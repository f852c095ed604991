import { describe, expect, it } from 'vitest';
import { presetYiyang } from '../presets/003-yiyang.js';
import { ZCommendationLevel, ZOfficeKind, commendationLevelLabels, officeKindLabels } from '../org/org.types.js';
import {
  ZAgreementKind,
  ZApprovalLevel,
  ZApprover,
  ZCommissioningMode,
  ZEvaluator,
  ZFundRecoveryGround,
  ZLeaderApprovalBody,
  ZPresetStage,
  ZProcurementMode,
  ZPresetLevel,
  ZProgrammeKind,
  ZProjectLeaderPost,
  ZProjectTypeKind,
  ZQualificationCondition,
  ZSupervisionMeasure,
  ZSurveyRespondent,
  agreementKindLabels,
  approvalLevelLabels,
  approverLabels,
  commissioningModeLabels,
  evaluatorLabels,
  fundRecoveryGroundLabels,
  leaderApprovalBodyLabels,
  presetLevelLabels,
  procurementModeLabels,
  programmeKindLabels,
  projectLeaderPostLabels,
  projectTypeKindLabels,
  qualificationRuleLabels,
  supervisionMeasureLabels,
  surveyRespondentLabels,
  validateCategories,
  validateParameters,
  validateStages,
  type ProgrammeParameters,
  type ValidationError,
  type ValidationResult,
} from './programme.types.js';

/** A valid parameter set to break one field at a time (003 has every list filled). */
function params(): any {
  return structuredClone(presetYiyang.parameters) as ProgrammeParameters;
}

function errorsOf<T>(result: ValidationResult<T>): ValidationError[] {
  if (result.ok) throw new Error('expected the input to be refused');
  return result.errors;
}

function errorAt<T>(result: ValidationResult<T>, path: string): ValidationError {
  const errors = errorsOf(result);
  const found = errors.find((e) => e.path === path);
  if (!found) throw new Error(`no error at ${path}; got ${JSON.stringify(errors)}`);
  return found;
}

const CJK = /[\u4e00-\u9fff]/;

describe('programme parameters (PRG-2)', () => {
  it('accepts a complete parameter set', () => {
    const result = validateParameters(params());
    expect(result.ok).toBe(true);
  });

  it('refuses a negative notice period and names the field', () => {
    const p = params();
    p.noticePeriodDays = -3;
    expect(errorAt(validateParameters(p), 'noticePeriodDays').message).toBe('不能小于 1');
  });

  it('refuses a notice period of more than 60 days', () => {
    const p = params();
    p.evaluationNoticeDays = 61;
    expect(errorAt(validateParameters(p), 'evaluationNoticeDays').message).toBe('不能大于 60');
  });

  it('refuses dropping the extremes at more sheets than experts are drawn (CAP-4), and a missing expert review', () => {
    const p = params();
    p.expertReview = { expertsPerApplication: 5, minScoresForTrim: 6 };
    expect(errorAt(validateParameters(p), 'expertReview.minScoresForTrim').message).toBe('去掉最高分和最低分所需的有效评分数不能多于每项抽取的专家人数');
    p.expertReview = { expertsPerApplication: 7, minScoresForTrim: 2 };
    expect(errorAt(validateParameters(p), 'expertReview.minScoresForTrim').message).toBe('不能小于 3');
    delete p.expertReview;
    expect(validateParameters(p).ok).toBe(false);
  });

  it('refuses a fractional debarment period as 应为整数 at its dotted path', () => {
    const p = params();
    p.sanctions.failedAcceptanceDebarYears = 1.5;
    expect(errorAt(validateParameters(p), 'sanctions.failedAcceptanceDebarYears').message).toBe('应为整数');
  });

  it('refuses a string where an integer is expected and names the field', () => {
    const p = params();
    p.executionWindowMonths = '12';
    expect(errorAt(validateParameters(p), 'executionWindowMonths').message).toBe('应为整数');
  });

  it('refuses a number where a list is expected and names the field', () => {
    const p = params();
    p.reviewOffices = 5;
    expect(errorAt(validateParameters(p), 'reviewOffices').message).toBe('应为数组');
  });

  it('refuses a missing field with 缺少必填字段', () => {
    const p = params();
    delete p.approvalLevel;
    expect(errorAt(validateParameters(p), 'approvalLevel').message).toBe('缺少必填字段');
  });

  it('refuses an unknown top-level field with its path', () => {
    const p = params();
    p.foo = 1;
    expect(errorAt(validateParameters(p), 'foo').message).toBe('不允许的字段：foo');
  });

  it('refuses an unknown field nested in a list with its dotted path', () => {
    const p = params();
    p.capacityEligibility.keyProject[1].weight = 3;
    expect(errorAt(validateParameters(p), 'capacityEligibility.keyProject.1.weight').message).toBe(
      '不允许的字段：weight',
    );
  });

  it('reports a bad condition argument at qualificationConditions.N.years', () => {
    const p = params();
    p.qualificationConditions = [
      { rule: 'notDebarred', label: '不在取消申报资格期内' },
      { rule: 'financeStaff', label: '有专门财务管理人员' },
      { rule: 'annualInspectionPassed', label: '年检合格', years: 0 },
    ];
    expect(errorAt(validateParameters(p), 'qualificationConditions.2.years').message).toBe('不能小于 1');
  });

  it('refuses an unknown qualification rule at its rule field', () => {
    const p = params();
    p.qualificationConditions = [{ rule: 'richEnough', label: '资金充足' }];
    expect(errorAt(validateParameters(p), 'qualificationConditions.0.rule').message).toMatch(/^类型应为以下之一：/);
  });

  it('refuses a commendation condition without its level', () => {
    const result = ZQualificationCondition.safeParse({ rule: 'commendation', label: '表彰', withinYears: 3 });
    expect(result.success).toBe(false);
  });

  it('refuses a value outside an enumeration and lists the allowed values', () => {
    const p = params();
    p.approvalLevel = 'mayor';
    expect(errorAt(validateParameters(p), 'approvalLevel').message).toMatch(/^取值应为以下之一：.*cityGovernment/);
  });

  it('refuses a duplicate review office', () => {
    const p = params();
    p.reviewOffices = ['finance', 'legal', 'finance'];
    expect(errorAt(validateParameters(p), 'reviewOffices.2').message).toBe('编码重复：finance');
  });

  it('refuses duplicate project type codes', () => {
    const p = params();
    p.projectTypes[2].code = p.projectTypes[1].code;
    expect(errorAt(validateParameters(p), 'projectTypes.2.code').message).toBe(`编码重复：${p.projectTypes[1].code}`);
  });

  it('refuses an expense code that is both allowed and forbidden', () => {
    const p = params();
    p.expenseCategories.forbidden[0].code = 'materials';
    expect(errorAt(validateParameters(p), 'expenseCategories.forbidden.0.code').message).toBe('编码重复：materials');
  });

  it('refuses a duplicate leading-group member', () => {
    const p = params();
    p.leadingGroupMembers = ['益阳市财政局', '益阳市财政局'];
    expect(errorAt(validateParameters(p), 'leadingGroupMembers.1').message).toBe('成员单位重复：益阳市财政局');
  });

  it('refuses the same qualification rule twice but allows several manual conditions', () => {
    const p = params();
    p.qualificationConditions = [
      { rule: 'manual', label: '甲' },
      { rule: 'manual', label: '乙' },
      { rule: 'notDebarred', label: '丙' },
    ];
    expect(validateParameters(p).ok).toBe(true);
    p.qualificationConditions.push({ rule: 'notDebarred', label: '丁' });
    expect(errorAt(validateParameters(p), 'qualificationConditions.3.rule').message).toBe('条件重复：notDebarred');
  });

  it('refuses expert review weights that do not sum to 100 (CAP-4)', () => {
    const p = params();
    p.expertReviewCriteria[0].weight = 30;
    expect(errorAt(validateParameters(p), 'expertReviewCriteria').message).toBe('权重之和应为 100，当前为 110');
  });

  it('accepts an empty expert review criteria list (pilots)', () => {
    const p = params();
    p.expertReviewCriteria = [];
    expect(validateParameters(p).ok).toBe(true);
  });

  it('refuses major matter steps that do not start with the council (SUP-3)', () => {
    const p = params();
    p.majorMatterSteps = ['department', 'council'];
    expect(errorAt(validateParameters(p), 'majorMatterSteps.0').message).toMatch(/理事会/);
  });

  it('refuses a stage report date that is not MM-DD or does not exist', () => {
    const p = params();
    p.stageReportDue = '6月30日';
    expect(errorAt(validateParameters(p), 'stageReportDue').message).toBe('应为 MM-DD 格式的月日');
    p.stageReportDue = '02-30';
    expect(errorAt(validateParameters(p), 'stageReportDue').message).toBe('该月没有这一天');
  });

  it('refuses a fund amount given in yuan with decimals', () => {
    const p = params();
    p.funds[0].amountFen = 200000.5;
    expect(errorAt(validateParameters(p), 'funds.0.amountFen').message).toBe('金额应为以分计的整数');
  });

  it('refuses a label longer than 120 characters', () => {
    const p = params();
    p.formalReviewChecklist[0].label = '长'.repeat(121);
    expect(errorAt(validateParameters(p), 'formalReviewChecklist.0.label').message).toBe('不能超过 120 个字符');
  });

  it('refuses a code with capitals or spaces', () => {
    const p = params();
    p.funds[0].code = 'Capacity Fund';
    expect(errorAt(validateParameters(p), 'funds.0.code').message).toBe('编码只能包含小写字母、数字和下划线');
  });

  it('refuses a procurement threshold of zero', () => {
    const p = params();
    p.procurementThresholdFen = 0;
    expect(errorAt(validateParameters(p), 'procurementThresholdFen').message).toBe('不能小于 1');
  });

  it('gives every error message in Chinese', () => {
    const result = validateParameters({
      reviewOffices: ['x'],
      approvalLevel: 1,
      noticePeriodDays: 'a',
      sanctions: { falseMaterialsDebarYears: -1, failedAcceptanceDebarYears: 99, recoverFundsOn: [], x: 1 },
      qualificationConditions: [{ rule: 'nope' }],
      expertReviewCriteria: [{ code: 'A', label: '', weight: 101 }],
      bogus: true,
    });
    const errors = errorsOf(result);
    expect(errors.length).toBeGreaterThan(10);
    for (const e of errors) expect(e.message, `${e.path}: ${e.message}`).toMatch(CJK);
  });

  it('refuses something that is not an object at the root path', () => {
    expect(errorAt(validateParameters(null), '').message).toBe('应为对象');
  });
});

describe('stages (PRG-1)', () => {
  const stage = (over: Record<string, unknown> = {}) => ({
    code: 'implement',
    name: '实施阶段',
    startsOn: '2026-05-01',
    endsOn: '2026-10-31',
    ...over,
  });

  it('accepts stages with and without a description', () => {
    expect(validateStages([stage(), stage({ code: 'summarise', description: '总结' })]).ok).toBe(true);
  });

  it('refuses a stage that ends before it starts, at endsOn', () => {
    expect(errorAt(validateStages([stage({ endsOn: '2026-04-30' })]), '0.endsOn').message).toBe('结束日期不能早于开始日期');
  });

  it('accepts a one-day stage', () => {
    expect(validateStages([stage({ endsOn: '2026-05-01' })]).ok).toBe(true);
  });

  it('refuses a date that does not exist', () => {
    expect(errorAt(validateStages([stage({ startsOn: '2026-02-29' })]), '0.startsOn').message).toBe(
      '应为 YYYY-MM-DD 格式的有效日期',
    );
  });

  it('refuses duplicate stage codes', () => {
    expect(errorAt(validateStages([stage(), stage()]), '1.code').message).toBe('编码重复：implement');
  });

  it('refuses an empty list and a list of more than 20', () => {
    expect(errorAt(validateStages([]), '').message).toBe('至少需要 1 项');
    const many = Array.from({ length: 21 }, (_, i) => stage({ code: `s${i}` }));
    expect(errorAt(validateStages(many), '').message).toBe('不能超过 20 项');
  });

  it('refuses an unknown stage field with its path', () => {
    expect(errorAt(validateStages([stage({ owner: 'x' })]), '0.owner').message).toBe('不允许的字段：owner');
  });

  it('refuses a name longer than 60 characters', () => {
    expect(errorAt(validateStages([stage({ name: '阶'.repeat(61) })]), '0.name').message).toBe('不能超过 60 个字符');
  });
});

describe('categories (FUN-2)', () => {
  it('accepts a three-level tree', () => {
    const tree = [{ code: 'a', name: '甲', children: [{ code: 'b', name: '乙', children: [{ code: 'c', name: '丙' }] }] }];
    expect(validateCategories(tree).ok).toBe(true);
  });

  it('refuses a fourth level', () => {
    const tree = [
      {
        code: 'a',
        name: '甲',
        children: [{ code: 'b', name: '乙', children: [{ code: 'c', name: '丙', children: [{ code: 'd', name: '丁' }] }] }],
      },
    ];
    expect(errorAt(validateCategories(tree), '0.children.0.children.0.children').message).toBe('分类层级不能超过 3 级');
  });

  it('refuses a code repeated anywhere in the tree, at the nested path', () => {
    const tree = [
      { code: 'a', name: '甲' },
      { code: 'b', name: '乙', children: [{ code: 'a', name: '丙' }] },
    ];
    expect(errorAt(validateCategories(tree), '1.children.0.code').message).toBe('编码重复：a');
  });

  it('refuses an empty list', () => {
    expect(validateCategories([]).ok).toBe(false);
  });

  it('refuses an unknown field in a child with its path', () => {
    const tree = [{ code: 'a', name: '甲', children: [{ code: 'b', name: '乙', budget: 1 }] }];
    expect(errorAt(validateCategories(tree), '0.children.0.budget').message).toBe('不允许的字段：budget');
  });
});

describe('preset stages', () => {
  it('refuses a stage that ends before it starts', () => {
    const r = ZPresetStage.safeParse({ code: 'a', name: '甲', description: '', startMonth: 5, endMonth: 4 });
    expect(r.success).toBe(false);
  });

  it('refuses 29 February, which not every year has', () => {
    const r = ZPresetStage.safeParse({ code: 'a', name: '甲', description: '', startMonth: 2, startDay: 29, endMonth: 3 });
    expect(r.success).toBe(false);
  });

  it('refuses a start day after the end day within the same month', () => {
    const r = ZPresetStage.safeParse({ code: 'a', name: '甲', description: '', startMonth: 6, startDay: 20, endMonth: 6, endDay: 10 });
    expect(r.success).toBe(false);
  });
});

describe('label dictionaries', () => {
  const pairs: [string, readonly string[], Record<string, string>][] = [
    ['programmeKind', ZProgrammeKind.options, programmeKindLabels],
    ['officeKind', ZOfficeKind.options, officeKindLabels],
    ['approvalLevel', ZApprovalLevel.options, approvalLevelLabels],
    ['commissioningMode', ZCommissioningMode.options, commissioningModeLabels],
    ['procurementMode', ZProcurementMode.options, procurementModeLabels],
    ['commendationLevel', ZCommendationLevel.options, commendationLevelLabels],
    ['projectLeaderPost', ZProjectLeaderPost.options, projectLeaderPostLabels],
    ['leaderApprovalBody', ZLeaderApprovalBody.options, leaderApprovalBodyLabels],
    ['approver', ZApprover.options, approverLabels],
    ['evaluator', ZEvaluator.options, evaluatorLabels],
    ['surveyRespondent', ZSurveyRespondent.options, surveyRespondentLabels],
    ['supervisionMeasure', ZSupervisionMeasure.options, supervisionMeasureLabels],
    ['fundRecoveryGround', ZFundRecoveryGround.options, fundRecoveryGroundLabels],
    ['agreementKind', ZAgreementKind.options, agreementKindLabels],
    ['presetLevel', ZPresetLevel.options, presetLevelLabels],
    ['projectTypeKind', ZProjectTypeKind.options, projectTypeKindLabels],
  ];

  it.each(pairs)('gives every %s value a Chinese label and nothing more', (_name, options, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...options].sort());
    for (const label of Object.values(labels)) expect(label).toMatch(CJK);
  });

  it('gives every qualification rule a Chinese label', () => {
    const rules = ZQualificationCondition.options.map((o) => o.shape.rule.value);
    expect(Object.keys(qualificationRuleLabels).sort()).toEqual([...rules].sort());
  });

  it('labels the review offices once, as official documents name them (001 §5(1): 编办、发展改革、民政、财政、法制等部门)', () => {
    expect(officeKindLabels).toEqual({
      establishment: '编办',
      developmentReform: '发展改革',
      civilAffairs: '民政',
      finance: '财政',
      legal: '法制',
      humanResources: '人力资源社会保障',
      scienceTech: '科技',
    });
  });
});
