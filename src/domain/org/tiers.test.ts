import { describe, expect, it } from 'vitest';
import { EXIT_FAILURES, NEW_SOCIETY_YEARS, TIER_LOOKBACK_YEARS, ZTierInput, suggestTier, tierLookbackFrom, type TierFacts } from './tiers.js';

/** A society with nothing on record, founded long ago, never surveyed. */
const base = (over: Partial<TierFacts> = {}): TierFacts => ({
  year: 2026,
  foundedYear: 1980,
  completions: { passed: 0, passedWithConditions: 0, failed: 0 },
  capacityFailures: { evaluations: 0, acceptances: 0 },
  performance: { passed: 0, failed: 0 },
  sanctions: { violations: 0, criticisms: 0, debarmentsInForce: 0, failedInspections: 0, recoveries: 0 },
  willingness: null,
  ...over,
});
const sanctions = (s: Partial<TierFacts['sanctions']>) => ({ ...base().sanctions, ...s });

describe('suggestTier (EVA-6): the platform suggests, with reasons in Chinese', () => {
  it('counts the facts over one documented look-back', () => {
    expect(TIER_LOOKBACK_YEARS).toBe(3);
    expect(tierLookbackFrom(2026)).toBe(2023);
  });

  it('退出: a debarment in force, whatever else', () => {
    const s = suggestTier(base({ completions: { passed: 2, passedWithConditions: 0, failed: 0 }, sanctions: sanctions({ debarmentsInForce: 1 }) }));
    expect(s.tier).toBe('exit');
    expect(s.reasons[0]).toContain('取消申报资格');
    expect(s.reasons.join('')).toContain('结项通过 2 个');
  });

  it(`退出: ${EXIT_FAILURES} failures of completion, evaluation or acceptance`, () => {
    const s = suggestTier(base({ completions: { passed: 0, passedWithConditions: 0, failed: 1 }, capacityFailures: { evaluations: 0, acceptances: 1 } }));
    expect(s.tier).toBe('exit');
    expect(s.reasons[0]).toContain('共 2 次');
    expect(s.reasons[1]).toContain('试点项目结项未通过 1 个');
    expect(s.reasons[1]).toContain('能力提升项目验收不合格 1 个');
    // one failure alone is not enough
    expect(suggestTier(base({ capacityFailures: { evaluations: 1, acceptances: 0 } })).tier).toBe('stabilise');
  });

  it('退出: not willing while something counts against it', () => {
    const s = suggestTier(base({ willingness: { year: 2026, willing: false, capable: false }, sanctions: sanctions({ criticisms: 1 }) }));
    expect(s.tier).toBe('exit');
    expect(s.reasons.join('；')).toContain('2026 年承接意愿调查：不愿承接');
    // not willing with a clean record: not an exit
    expect(suggestTier(base({ willingness: { year: 2026, willing: false, capable: true } })).tier).toBe('stabilise');
  });

  it('固强: a completion passed and nothing against it', () => {
    const s = suggestTier(base({ completions: { passed: 1, passedWithConditions: 1, failed: 0 } }));
    expect(s.tier).toBe('strengthen');
    expect(s.reasons[0]).toContain('建议固强');
    expect(s.reasons.join('')).toContain('有条件通过 1 个');
    // a passed completion with a failed inspection: not strengthened
    expect(suggestTier(base({ completions: { passed: 1, passedWithConditions: 0, failed: 0 }, sanctions: sanctions({ failedInspections: 1 }) })).tier).toBe('stabilise');
  });

  it(`新建: founded within ${NEW_SOCIETY_YEARS} years, or willing but not yet capable`, () => {
    expect(suggestTier(base({ foundedYear: 2026 - NEW_SOCIETY_YEARS + 1 })).tier).toBe('build');
    expect(suggestTier(base({ foundedYear: 2026 - NEW_SOCIETY_YEARS })).tier).toBe('stabilise');
    const w = suggestTier(base({ willingness: { year: 2026, willing: true, capable: false } }));
    expect(w.tier).toBe('build');
    expect(w.reasons[0]).toContain('能力不足');
    // a failure outweighs youth
    expect(suggestTier(base({ foundedYear: 2025, completions: { passed: 0, passedWithConditions: 0, failed: 1 } })).tier).toBe('stabilise');
  });

  it('稳定: everything else, with the facts against it listed', () => {
    expect(suggestTier(base()).tier).toBe('stabilise');
    expect(suggestTier(base()).reasons[0]).toContain('无突出成效或不良记录');
    const s = suggestTier(base({ sanctions: sanctions({ violations: 2, recoveries: 1 }) }));
    expect(s.tier).toBe('stabilise');
    expect(s.reasons[0]).toContain('加强监管');
    expect(s.reasons[1]).toBe('2023–2026 年：被追回专项资金 1 次；违规记录 2 条');
  });

  it('speaks Chinese only, never a code', () => {
    for (const f of [base(), base({ sanctions: sanctions({ debarmentsInForce: 1 }) }), base({ completions: { passed: 1, passedWithConditions: 0, failed: 0 } })]) {
      for (const r of suggestTier(f).reasons) expect(r).not.toMatch(/strengthen|build|stabilise|exit|[a-z]{4,}/);
    }
  });
});

describe('ZTierInput', () => {
  it('takes a tier, reasons of 1–1000 characters and the classification seen', () => {
    expect(ZTierInput.safeParse({ tier: 'build', reasons: '新成立', basedOn: null }).success).toBe(true);
    const bad = ZTierInput.safeParse({ tier: 'promote', reasons: '', basedOn: 'x' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message)).toEqual(['请选择分类：固强、新建、稳定或退出', '请填写分类理由', '当前分类的编号格式不正确']);
    expect(ZTierInput.safeParse({ tier: 'exit', reasons: '字'.repeat(1001), basedOn: null }).error!.issues[0].message).toBe('分类理由不能超过 1000 个字');
  });
});

describe('third-party evaluations in the suggestion (EVA-2 → EVA-6)', () => {
  it('a passed evaluation counts like a passed completion, a failed one like a failed completion', () => {
    expect(suggestTier(base({ performance: { passed: 1, failed: 0 } })).tier).toBe('strengthen');
    const s = suggestTier(base({ performance: { passed: 0, failed: 1 }, completions: { passed: 0, passedWithConditions: 0, failed: 1 } }));
    expect(s.tier).toBe('exit');
    expect(s.reasons.join('；')).toContain('第三方绩效评估不合格 1 个');
  });
});
