import { describe, expect, it } from 'vitest';
import { ZResponseInput, ZRoundInput, answerRefusal, countResults, matchProgrammes, modesPreferredFirst, programmesPreferredModes, roundPhase, type ResponseFacts } from './willingness.js';

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

describe('the programme’s preferred modes (PRG-2 preferredProcurementModes) on the survey', () => {
  // willing: #1 centralPurchase+subsidy, #2 longTermAgreement+subsidy, #3 centralPurchase+directedPurchase+subsidy, #4 subsidy;
  // not willing: #5 centralPurchase+longTermAgreement (never counted)
  it('counts the willing societies accepting at least one of each programme’s modes, and each mode', () => {
    const [lt, deyang, tender, none] = matchProgrammes(
      [
        { id: 'p1', name: '试点方案', modes: ['longTermAgreement'] },
        { id: 'p2', name: '德阳方案', modes: ['centralPurchase', 'longTermAgreement', 'directedPurchase', 'subsidy'] },
        { id: 'p3', name: '宁夏方案', modes: ['publicTender', 'directedPurchase'] },
        { id: 'p4', name: '无偏好', modes: [] },
      ],
      answers,
    );
    expect(lt).toEqual({ programme: { id: 'p1', name: '试点方案' }, modes: [{ mode: 'longTermAgreement', label: '长期协议（三方任务书）', willing: 1 }], willingMatching: 1 });
    expect(deyang.willingMatching).toBe(4);
    expect(deyang.modes.map((m) => [m.mode, m.willing])).toEqual([
      ['centralPurchase', 2],
      ['longTermAgreement', 1],
      ['directedPurchase', 1],
      ['subsidy', 4],
    ]);
    expect(tender.willingMatching).toBe(1);
    expect(tender.modes.map((m) => [m.mode, m.willing])).toEqual([
      ['publicTender', 0],
      ['directedPurchase', 1],
    ]);
    expect(none).toMatchObject({ modes: [], willingMatching: 0 });
  });

  it('changes with the programme’s parameter', () => {
    const [before] = matchProgrammes([{ id: 'p', name: '方案', modes: ['publicTender'] }], answers);
    const [after] = matchProgrammes([{ id: 'p', name: '方案', modes: ['publicTender', 'centralPurchase'] }], answers);
    expect([before.willingMatching, after.willingMatching]).toEqual([0, 2]);
  });

  it('ignores modes outside the dictionary and repeats', () => {
    const [p] = matchProgrammes([{ id: 'p', name: '方案', modes: ['barter', 'subsidy', 'subsidy'] }], answers);
    expect(p.modes.map((m) => m.mode)).toEqual(['subsidy']);
    expect(p.willingMatching).toBe(4);
  });

  it('orders the answer form’s modes: the programmes’ first, in their order, then the rest', () => {
    const preferred = programmesPreferredModes([{ modes: ['subsidy'] }, { modes: ['publicTender', 'subsidy', 'barter'] }]);
    expect(preferred).toEqual(['subsidy', 'publicTender']);
    expect(modesPreferredFirst(preferred)).toEqual(['subsidy', 'publicTender', 'centralPurchase', 'longTermAgreement', 'directedPurchase']);
    expect(modesPreferredFirst([])).toEqual(['centralPurchase', 'longTermAgreement', 'directedPurchase', 'subsidy', 'publicTender']);
  });
});
