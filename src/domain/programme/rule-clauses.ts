// PRG-2: the clause, in words, behind each rule the platform refuses or binds by. A refusal names its
// rule twice: the SPEC requirement (problem+json `rule`, for the code and the tests) and the clause a
// person reads (`clause`, shown after “依据：”). The requirement is the platform's; the clause is the
// programme's own — the words of its seed (preset 003 cites its 实施方案 and 专项资金管理办法) — held
// in the programme's parameters (`ruleClauses`), so a programme of another seed never cites 003's
// documents. Where a programme sets no clause, the platform's wording of the rule stands in for it,
// and a signed document (the 责任书) prints no citation at all rather than one the seed never made.
//
// Pure TypeScript + Zod 4; no I/O.
import { z } from 'zod';
import type { FundRecoveryGround } from './programme.types.js';

export const ruleClauseKeys = [
  'eligibility',
  'applicationWindow',
  'awardStandard',
  'allowedCategories',
  'forbiddenCategories',
  'formalReview',
  'expertReview',
  'resultNotice',
  'implementation',
  'budgetLine',
  'executionWindow',
  'procurement',
  'fundUse',
  'evaluation',
  'disbursement',
  'evaluationCycle',
  'acceptance',
  'fundReturn',
  'recovery',
  'responsibility',
  'sanctions',
  'groundFalseMaterials',
  'groundFailedAcceptance',
  'groundMisappropriation',
  'groundDereliction',
  'groundOtherViolation',
  'fundAccounting',
  'programmeFunds',
] as const;
export const ZRuleClauseKey = z.enum(ruleClauseKeys);
export type RuleClauseKey = z.infer<typeof ZRuleClauseKey>;

/** A clause as the seed words it: where it stands (《…》第…条) and, after “：”, what it says. */
export const ZRuleClause = z.string().trim().min(1).max(300);

/** The programme's clauses by rule; a rule it leaves out reads the platform's wording (ruleClauseDefaults). */
export const ZRuleClauses = z.partialRecord(ZRuleClauseKey, ZRuleClause);
export type RuleClauses = z.infer<typeof ZRuleClauses>;

export interface RuleClauseDefault {
  /** the SPEC requirement the clause stands behind */
  rule: string;
  /** what the rule is about, as the parameters page names it */
  label: string;
  /** the platform's wording of the rule, for a programme whose seed states no clause of its own */
  text: string;
}

/** Every rule with a clause: its requirement, its name and the platform's wording (no document cited). */
export const ruleClauseDefaults: Record<RuleClauseKey, RuleClauseDefault> = {
  eligibility: { rule: 'CAP-2', label: '申报资格', text: '本方案规定的申报资格条件' },
  applicationWindow: { rule: 'CAP-1', label: '申报受理期限', text: '在申报通知规定的受理期限内申报' },
  awardStandard: { rule: 'CAP-1', label: '资助标准', text: '定额资助，资助标准由申报通知确定' },
  allowedCategories: { rule: 'FND-1', label: '专项资金使用范围', text: '专项资金只能用于本方案所列的支出类别' },
  forbiddenCategories: { rule: 'FND-2', label: '专项资金不得用于的开支', text: '专项资金不得用于本方案所列的禁止性支出' },
  formalReview: { rule: 'CAP-3', label: '形式审查', text: '按本方案的形式审查要点逐项审查' },
  expertReview: { rule: 'CAP-4', label: '专家评审', text: '从专家库中按领域随机抽取评审专家评审，有利益关系的专家回避' },
  resultNotice: { rule: 'CAP-5', label: '评审结果公示', text: '评审合格的项目进行公示' },
  implementation: { rule: 'CAP-6', label: '项目实施', text: '按批复的项目目标、内容和绩效指标组织实施，及时报告实施进度' },
  budgetLine: { rule: 'FND-3', label: '预算执行', text: '严格按照批复的项目预算执行，不得自行调整；确需调整的，按照申报程序报批' },
  executionWindow: { rule: 'FND-4', label: '执行期限', text: '自预算批复之日起发生的费用可以列支，在本方案规定的期限内执行完成' },
  procurement: { rule: 'FND-5', label: '政府采购与固定资产', text: '达到采购限额的支出按政府采购的规定执行，形成的固定资产按资产管理的规定管理' },
  fundUse: { rule: 'FND-2', label: '专款专用', text: '专项资金单独核算，专款专用，不得用于与项目无关的支出' },
  evaluation: { rule: 'CAP-6', label: '项目评估和公示', text: '对项目进行评估，通过评估的项目进行公示' },
  disbursement: { rule: 'CAP-6', label: '资金拨付', text: '经公示无异议的项目，下达项目资金' },
  evaluationCycle: { rule: 'CAP-6', label: '评估、拨付和验收', text: '项目评估和公示、资金拨付、项目验收' },
  acceptance: { rule: 'CAP-6', label: '项目验收', text: '每年对获得资助的项目进行验收' },
  fundReturn: { rule: 'FND-4', label: '未执行资金退还', text: '在执行期限内不能执行完毕的，部分或全部退还所拨经费' },
  recovery: { rule: 'FND-6', label: '资金追回', text: '有本方案所列情形的，收回已拨付的项目资金；未使用的资金按规定退还' },
  responsibility: { rule: 'FND-6', label: '责任追究', text: '追回相应专项资金，并追究相关人员的责任' },
  sanctions: { rule: 'CAP-7', label: '取消申报资格', text: '弄虚作假或项目验收不合格的，收回已拨付的项目资金，并在本方案规定的年限内取消其申报资格' },
  groundFalseMaterials: { rule: 'FND-6', label: '追回事由：弄虚作假', text: '弄虚作假、虚报业绩或提供虚假资料的，收回已拨付的项目资金' },
  groundFailedAcceptance: { rule: 'FND-6', label: '追回事由：验收不合格', text: '项目考核验收不合格的，收回已拨付的项目资金' },
  groundMisappropriation: { rule: 'FND-6', label: '追回事由：截留挪用', text: '截留、挤占、挪用专项资金的，追回相应专项资金' },
  groundDereliction: { rule: 'FND-6', label: '追回事由：失职', text: '失职致使计划无法实施、造成不良影响的，追回相应专项资金' },
  groundOtherViolation: { rule: 'FND-6', label: '追回事由：其他违法行为', text: '有其他违反法律法规行为的，追回相应专项资金' },
  fundAccounting: { rule: 'FND-5', label: '专项资金核算', text: '专项资金按预算安排，单独核算，专款专用' },
  programmeFunds: { rule: 'FND-7', label: '方案所列专项资金', text: '只登记本方案所列专项资金的收支' },
};

/** The clause key of each recovery ground. */
export const groundClauseKey: Record<FundRecoveryGround, RuleClauseKey> = {
  falseMaterials: 'groundFalseMaterials',
  failedAcceptance: 'groundFailedAcceptance',
  misappropriation: 'groundMisappropriation',
  dereliction: 'groundDereliction',
  otherViolation: 'groundOtherViolation',
};

/** What a rule needs of the programme: its parameters' clauses (absent in parameters stored before them). */
export interface HasRuleClauses {
  ruleClauses?: RuleClauses | null;
}

/** The clause a person reads behind `key`: the programme's own, or the platform's wording of the rule. */
export function clauseOf(params: HasRuleClauses | null | undefined, key: RuleClauseKey): string {
  return params?.ruleClauses?.[key] ?? ruleClauseDefaults[key].text;
}

/** The rule and its clause, as a refusal's problem+json carries them (`rule`, `clause`). */
export function ruleRefOf(params: HasRuleClauses | null | undefined, key: RuleClauseKey): { rule: string; clause: string } {
  return { rule: ruleClauseDefaults[key].rule, clause: clauseOf(params, key) };
}

/**
 * Where the programme's own clause stands (the part before “：”, e.g. 《专项资金管理办法》第十四条),
 * for a citation in a signed document; null when the programme states none (the platform's wording
 * is no citation).
 */
export function citationOf(params: HasRuleClauses | null | undefined, key: RuleClauseKey): string | null {
  const own = params?.ruleClauses?.[key];
  if (!own) return null;
  const cut = own.indexOf('：');
  return cut > 0 ? own.slice(0, cut) : own;
}
