// CAP-7, FND-4: the pure rules of how a capacity project ends — the unspent money of an ended window,
// the debarment period and which years a ground carries under the programme's sanctions.
import { describe, expect, it } from 'vitest';
import { ZAcceptanceInput, ZRecoveryInput, dayBefore, debarYearsOf, debarmentFor, debarmentPeriod, unspentFen } from './closing.js';
import { presetYiyang } from '../presets/003-yiyang.js';

const money = { awardFen: 3_000_000, cancelled: false, disbursedFen: 0, spentFen: 0, refundedFen: 0, recoveredFen: 0 };

describe('unspentFen (FND-4)', () => {
  it('once paid: what the society holds less what it spent; before: the award less what it spent; never below 0', () => {
    expect(unspentFen({ ...money, disbursedFen: 3_000_000, spentFen: 500_000 })).toBe(2_500_000);
    expect(unspentFen({ ...money, disbursedFen: 3_000_000, spentFen: 500_000, refundedFen: 1_000_000, recoveredFen: 200_000 })).toBe(1_300_000);
    expect(unspentFen({ ...money, spentFen: 200_000 })).toBe(2_800_000);
    expect(unspentFen({ ...money, disbursedFen: 1_000_000, spentFen: 2_000_000 })).toBe(0);
    expect(unspentFen({ ...money, cancelled: true, spentFen: 100 })).toBe(0);
  });
});

describe('debarmentPeriod (CAP-7)', () => {
  it('runs N whole years, today counted', () => {
    expect(debarmentPeriod('2026-05-10', 3)).toEqual({ startsOn: '2026-05-10', endsOn: '2029-05-09' });
    expect(debarmentPeriod('2026-01-01', 1)).toEqual({ startsOn: '2026-01-01', endsOn: '2026-12-31' });
    expect(debarmentPeriod('2026-03-01', 2)).toEqual({ startsOn: '2026-03-01', endsOn: '2028-02-29' });
  });
  it('from 29 February: the anniversary in a common year is 1 March', () => {
    expect(debarmentPeriod('2028-02-29', 3)).toEqual({ startsOn: '2028-02-29', endsOn: '2031-02-28' });
    expect(debarmentPeriod('2028-02-29', 4)).toEqual({ startsOn: '2028-02-29', endsOn: '2032-02-28' });
    expect(dayBefore('2031-03-01')).toBe('2031-02-28');
  });
});

describe('sanctions from the programme (PRG-2)', () => {
  const s = presetYiyang.parameters.sanctions;
  it('reads the years from the parameters; other grounds carry none', () => {
    expect(debarYearsOf('falseMaterials', s)).toBe(3);
    expect(debarYearsOf('failedAcceptance', s)).toBe(2);
    expect(debarYearsOf('misappropriation', s)).toBe(0);
    expect(debarYearsOf('falseMaterials', { ...s, falseMaterialsDebarYears: 1 })).toBe(1);
  });
  it('a debarment names the ground, the clause, the years and the project; none when the years are 0', () => {
    const clauses = { ruleClauses: { groundFalseMaterials: '《实施方案》七（二）：弄虚作假、虚报业绩的，收回已拨付的项目资金' } };
    const d = debarmentFor({ ground: 'falseMaterials', sanctions: s, clauses, today: '2026-05-10', projectTitle: '学术论坛', programmeName: '能力提升计划' })!;
    expect(d).toMatchObject({ startsOn: '2026-05-10', endsOn: '2029-05-09', years: 3 });
    // the programme's clause is cited where it stands (before “：”)
    expect(d.reason).toContain('依据《实施方案》七（二）取消申报资格 3 年');
    expect(d.reason).not.toContain('虚报业绩的，收回');
    expect(d.reason).toContain('“学术论坛”');
    // a programme without a clause of its own: no citation the seed never made
    const bare = debarmentFor({ ground: 'falseMaterials', sanctions: s, clauses: null, today: '2026-05-10', projectTitle: '学术论坛', programmeName: '能力提升计划' })!;
    expect(bare.reason).not.toContain('依据');
    expect(bare.reason).toContain('取消申报资格 3 年');
    expect(debarmentFor({ ground: 'failedAcceptance', sanctions: { ...s, failedAcceptanceDebarYears: 0 }, clauses: null, today: '2026-05-10', projectTitle: 'x', programmeName: 'y' })).toBeNull();
  });
});

describe('inputs', () => {
  it('a recovery needs the responsibility found; the amount may be 0', () => {
    expect(ZRecoveryInput.safeParse({ ground: 'misappropriation', amountFen: 0, responsibility: '财务负责人负直接责任' }).success).toBe(true);
    const r = ZRecoveryInput.safeParse({ ground: 'misappropriation', amountFen: 100 });
    expect(r.success).toBe(false);
    expect(ZRecoveryInput.safeParse({ ground: 'unknown', amountFen: 1, responsibility: 'x' }).success).toBe(false);
  });
  it('an acceptance is passed or failed with an opinion', () => {
    expect(ZAcceptanceInput.safeParse({ result: 'passed', opinion: '合格' }).success).toBe(true);
    expect(ZAcceptanceInput.safeParse({ result: 'good', opinion: '合格' }).success).toBe(false);
    expect(ZAcceptanceInput.safeParse({ result: 'failed', opinion: ' ' }).success).toBe(false);
  });
});
