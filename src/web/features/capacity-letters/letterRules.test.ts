// CAP-5, FND-4: the letter section's words — who gets the 起草 button, whether a signature is the last
// one, and what the sign dialog says it does (the window's end from the programme's months, the award in 元).
import { describe, expect, it } from 'vitest';
import type { CapacityLetter } from '../../../contract/capacity-letters';
import { documentHint, mayDraftLetter, mayHaveLetter, signatureCompletes, signingText } from './letterRules';

const letter = (over: Partial<CapacityLetter> = {}) =>
  ({
    myParty: 'society',
    awardFen: 3_000_000,
    verificationCode: '7K3Q-X9M2-PD8W-ZA41',
    parties: { association: { orgId: 'a', orgName: '济南市科学技术协会' }, society: { orgId: 's', orgName: '济南市机械工程学会' } },
    signatures: [],
    content: { title: '项目责任书', budgetTotalFen: 2_812_345, executionWindowMonths: 12, fund: { code: 'capacity_special_fund', name: '学会服务能力提升专项资金' } },
    ...over,
  }) as unknown as CapacityLetter;
const signedBy = (party: 'association' | 'society') => [{ party }] as unknown as CapacityLetter['signatures'];

describe('the responsibility letter section', () => {
  it('offers 起草 to the reviewers of the programme’s own association, for an approved application only', () => {
    const me = { orgType: 'association', orgName: '济南市科学技术协会', permissions: ['capacityApplication.review'] };
    const a = { status: 'approved' as const, associationName: '济南市科学技术协会' };
    expect(mayDraftLetter(me, a)).toBe(true);
    expect(mayDraftLetter({ ...me, orgName: '山东省科学技术协会' }, a)).toBe(false);
    expect(mayDraftLetter({ ...me, permissions: ['fund.read'] }, a)).toBe(false);
    expect(mayDraftLetter({ ...me, orgType: 'society', orgName: '济南市机械工程学会' }, a)).toBe(false);
    expect(mayDraftLetter(me, { ...a, status: 'selected' })).toBe(false);
    expect(mayDraftLetter(null, a)).toBe(false);
    expect(['approved', 'funded'].every(mayHaveLetter)).toBe(true);
    expect(['selected', 'objectionUpheld', 'passed'].some(mayHaveLetter)).toBe(false);
  });

  it('the first signature waits for the other party', () => {
    const l = letter({ myParty: 'association' });
    expect(signatureCompletes(l)).toBe(false);
    const t = signingText(l, '2026-12-06');
    expect(t.last).toBe(false);
    expect(t.intro).toContain('甲方（济南市科学技术协会）');
    expect(t.intro).toContain('7K3Q-X9M2-PD8W-ZA41');
    expect(t.effects.join('')).toContain('等待乙方（济南市机械工程学会）签署');
  });

  it('the last signature names what it does: the budget approved, the window from today, the award in the ledger', () => {
    const l = letter({ signatures: signedBy('association') });
    expect(signatureCompletes(l)).toBe(true);
    const t = signingText(l, '2026-12-06');
    expect(t.last).toBe(true);
    const all = t.effects.join('');
    expect(all).toContain('项目预算按责任书所列明细批复（合计 28,123.45 元）');
    expect(all).toContain('自今日起 12 个月，至 2027-12-06');
    expect(all).toContain('资助金额 30,000.00 元 记入“学会服务能力提升专项资金”的资金台账');
    expect(all).not.toMatch(/FND|CAP|capacity_special_fund/);
    // a party that has not yet signed while the other has not either is not last
    expect(signatureCompletes(letter({ myParty: null }))).toBe(false);
  });

  it('marks a draft’s and an unsigned letter’s files', () => {
    expect(documentHint('drafting')).toBe('（草稿）');
    expect(documentHint('signing')).toBe('（待签署）');
    expect(documentHint('signed')).toBe('');
  });
});
