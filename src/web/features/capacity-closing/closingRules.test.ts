import { describe, expect, it } from 'vitest';
import type { CapacityClosing, RecoveryGroundOption } from '../../../contract/capacity-closing';
import { acceptanceYears, recoveryConsequences, refusalParts } from './closingRules';

const ground = (over: Partial<RecoveryGroundOption> = {}): RecoveryGroundOption => ({
  ground: 'falseMaterials',
  label: '弄虚作假、虚报业绩或提供虚假资料',
  clause: '《实施方案》七（二）',
  debarYears: 3,
  debarment: { reason: '…', startsOn: '2026-05-10', endsOn: '2029-05-09', years: 3 },
  revokes: true,
  available: true,
  unavailableReason: null,
  ...over,
});
const balance = (over: Partial<NonNullable<CapacityClosing['balance']>> = {}): NonNullable<CapacityClosing['balance']> => ({
  awardFen: 3_000_000,
  cancelled: false,
  disbursedFen: 3_000_000,
  spentFen: 0,
  refundedFen: 0,
  recoveredFen: 0,
  outstandingFen: 3_000_000,
  unspentFen: 3_000_000,
  ...over,
});

describe('recoveryConsequences', () => {
  it('names the money, the revocation and the debarment with its period before the user confirms', () => {
    const t = recoveryConsequences(ground(), 1_000_000, balance());
    expect(t[0]).toContain('10,000.00 元');
    expect(t[0]).toContain('20,000.00 元');
    expect(t[1]).toContain('撤销对该项目的资助');
    expect(t[2]).toContain('取消该学会申报资格 3 年（2026-05-10 至 2029-05-09）');
  });
  it('an award never paid is cancelled; a ground without sanction says so', () => {
    const t = recoveryConsequences(ground({ ground: 'misappropriation', revokes: false, debarYears: 0, debarment: null }), 0, balance({ disbursedFen: 0, outstandingFen: 0 }));
    expect(t).toEqual(['资金尚未拨付，不涉及追回金额：将撤销该项目的资助，核定的资助金额退回专项资金。', '本方案对该事由未规定取消申报资格。']);
  });
  it('a debarment already written for the ground is not written again', () => {
    expect(recoveryConsequences(ground({ debarment: null }), 0, balance({ outstandingFen: 0, refundedFen: 3_000_000 })).at(-1)).toContain('不再重复记入');
  });
});

describe('helpers', () => {
  it('offers the years from this year back to the call’s', () => {
    expect(acceptanceYears(2024, 2026)).toEqual([2026, 2025, 2024]);
    expect(acceptanceYears(2027, 2026)).toEqual([2026]);
  });
  it('splits a refusal into what is wrong and its clause', () => {
    expect(refusalParts('本方案未规定以“失职”为由追回。依据：《专项资金管理办法》第十五条', '《专项资金管理办法》第十五条')).toEqual({ reason: '本方案未规定以“失职”为由追回', clause: '《专项资金管理办法》第十五条' });
  });
});
