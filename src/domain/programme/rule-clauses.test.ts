import { describe, expect, it } from 'vitest';
import { presets } from '../presets/index.js';
import { validateParameters } from './programme.types.js';
import { citationOf, clauseOf, ruleClauseDefaults, ruleClauseKeys, ruleRefOf } from './rule-clauses.js';

const preset = (code: string) => presets.find((p) => p.code === code)!;

describe('rule clauses (PRG-2)', () => {
  it('a rule reads the programme’s clause, or the platform’s wording where the programme states none', () => {
    const own = { ruleClauses: { disbursement: '《办法》第九条：公示无异议后拨付' } };
    expect(clauseOf(own, 'disbursement')).toBe('《办法》第九条：公示无异议后拨付');
    expect(clauseOf(own, 'acceptance')).toBe(ruleClauseDefaults.acceptance.text);
    expect(clauseOf(null, 'disbursement')).toBe(ruleClauseDefaults.disbursement.text);
    expect(clauseOf({}, 'disbursement')).toBe(ruleClauseDefaults.disbursement.text);
    expect(ruleRefOf(own, 'disbursement')).toEqual({ rule: 'CAP-6', clause: '《办法》第九条：公示无异议后拨付' });
  });

  it('a signed document cites where the programme’s own clause stands, and nothing for the platform’s wording', () => {
    const own = { ruleClauses: { budgetLine: '《专项资金管理办法》第十二条：严格按照批复的项目预算执行', evaluationCycle: '《实施方案》五、4—6' } };
    expect(citationOf(own, 'budgetLine')).toBe('《专项资金管理办法》第十二条');
    expect(citationOf(own, 'evaluationCycle')).toBe('《实施方案》五、4—6');
    expect(citationOf(own, 'procurement')).toBeNull();
    expect(citationOf(null, 'budgetLine')).toBeNull();
  });

  it('the platform’s wording cites no document (no seed’s clause stands in for another seed’s)', () => {
    for (const k of ruleClauseKeys) {
      expect(ruleClauseDefaults[k].text, k).not.toMatch(/[《》]|第[一二三四五六七八九十]+条/);
      expect(ruleClauseDefaults[k].rule, k).toMatch(/^[A-Z]{3}-\d$/);
    }
  });

  it('preset 003 states a clause of its two documents for every rule; the transfer presets state none', () => {
    const clauses = preset('003').parameters.ruleClauses;
    for (const k of ruleClauseKeys) expect(clauses[k], k).toMatch(/^《(实施方案|专项资金管理办法)》/);
    for (const code of ['000', '001', '002', '004']) expect(preset(code).parameters.ruleClauses, code).toEqual({});
  });

  it('the parameter is checked: known rules only, a clause within 300 characters; stored parameters without it read as none', () => {
    const base = preset('003').parameters;
    expect(validateParameters({ ...base, ruleClauses: { disbursement: '《办法》第九条' } }).ok).toBe(true);
    expect(validateParameters({ ...base, ruleClauses: { payday: '《办法》第九条' } }).ok).toBe(false);
    expect(validateParameters({ ...base, ruleClauses: { disbursement: ' ' } }).ok).toBe(false);
    expect(validateParameters({ ...base, ruleClauses: { disbursement: '条'.repeat(301) } }).ok).toBe(false);
    const { ruleClauses: _omitted, ...before } = base;
    const r = validateParameters(before);
    expect(r.ok && r.value.ruleClauses).toEqual({});
  });
});
