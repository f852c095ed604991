import { describe, expect, it } from 'vitest';
import { ZResponseInput, ZRoundInput, answerRefusal, countResults, roundPhase, type ResponseFacts } from './willingness.js';

// A fixture with known counts: 6 invited, 5 answered; 4 willing, 3 capable (2 both); modes
// centralPurchase 3, longTermAgreement 2, directedPurchase 1, subsidy 4, publicTender 0; 7 hoped items.
const answers: ResponseFacts[] = [
  { willing: true, capable: true, preferredModes: ['centralPurchase', 'subsidy'], hopedItems: ['团体标准研制', '科技评估'] },
  { willing: true, capable: true, preferredModes: ['longTermAgreement', 'subsidy'], hopedItems: ['人才评价'] },
  { willing: true, capable: false, preferredModes: ['centralPurchase', 'directedPurchase', 'subsidy'], hopedItems: ['科普服务', '决策咨询', '继续教育'] },
  { willing: true, capable: false, preferredModes: ['subsidy'], hopedItems: [] },
  { willing: false, capable: true, preferredModes: ['centralPurchase', 'longTermAgreement'], hopedItems: ['成果评价'] },
];

describe('countResults (ORG-5, STA-1 willing and capable)', () => {
  it('counts the fixture', () => {
    const c = countResults(6, answers);
    expect({ invited: c.invited, answered: c.answered, willing: c.willing, capable: c.capable, both: c.willingAndCapable, hoped: c.hopedItems }).toEqual({
      invited: 6,
      answered: 5,
      willing: 4,
      capable: 3,
      both: 2,
      hoped: 7,
    });
    expect(Object.fromEntries(c.modes.map((m) => [m.mode, m.count]))).toEqual({ centralPurchase: 3, longTermAgreement: 2, directedPurchase: 1, subsidy: 4, publicTender: 0 });
    expect(c.modes.find((m) => m.mode === 'subsidy')!.label).toBe('财政补贴（以奖代补）');
  });

  it('counts nothing from nothing', () => {
    const c = countResults(3, []);
    expect([c.answered, c.willing, c.capable, c.hopedItems]).toEqual([0, 0, 0, 0]);
    expect(c.modes.every((m) => m.count === 0)).toBe(true);
  });
});

describe('the round', () => {
  const r = { status: 'open', opensOn: '2026-03-01', closesOn: '2026-03-31' };
  it('is upcoming, open, ended or closed by the day', () => {
    expect(roundPhase(r, '2026-02-28')).toBe('upcoming');
    expect(roundPhase(r, '2026-03-01')).toBe('open');
    expect(roundPhase(r, '2026-03-31')).toBe('open');
    expect(roundPhase(r, '2026-04-01')).toBe('ended');
    expect(roundPhase({ ...r, status: 'closed' }, '2026-03-15')).toBe('closed');
  });
  it('refuses answers outside its days, in Chinese', () => {
    expect(answerRefusal(r, '2026-03-15')).toBeNull();
    expect(answerRefusal(r, '2026-04-01')).toBe('本次调查已于 2026-03-31 截止，不能再填报或修改');
    expect(answerRefusal({ ...r, status: 'closed' }, '2026-03-15')).toContain('已结束');
  });
  it('validates its input', () => {
    expect(ZRoundInput.safeParse({ year: 2026, title: '2026 年调查', opensOn: '2026-03-01', closesOn: '2026-02-01' }).error!.issues[0].message).toBe('截止日期不能早于开始日期');
    expect(ZRoundInput.safeParse({ year: 2026, title: '', opensOn: '2026-02-30', closesOn: '2026-03-01' }).error!.issues.map((i) => i.message)).toEqual(['请填写调查名称', '开始日期不是有效日期']);
  });
  it('validates an answer: modes from the dictionary, at most 50 hoped items of at most 100 characters', () => {
    const ok = { willing: true, capable: false, preferredModes: ['subsidy'], hopedItems: ['科技评估'], note: null, rowVersion: null };
    expect(ZResponseInput.safeParse(ok).success).toBe(true);
    expect(ZResponseInput.safeParse({ ...ok, preferredModes: ['barter'] }).success).toBe(false);
    expect(ZResponseInput.safeParse({ ...ok, hopedItems: Array.from({ length: 51 }, (_, i) => `事项${i}`) }).error!.issues[0].message).toBe('希望承接的事项不能超过 50 项');
    expect(ZResponseInput.safeParse({ ...ok, hopedItems: ['字'.repeat(101)] }).error!.issues[0].message).toBe('每项希望承接的事项不能超过 100 个字');
    expect(ZResponseInput.safeParse({ ...ok, hopedItems: ['甲', '甲'] }).error!.issues[0].message).toBe('希望承接的事项有重复');
  });
});
