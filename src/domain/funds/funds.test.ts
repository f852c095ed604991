import { describe, expect, it } from 'vitest';
import { applyEntry, applyToScope, emptyLedger, entryRefusal, fundBalance, outstandingFen, refusalIn, scopeOf, sumsOf, type EntryScope, type FundSums, type Ledger, type LedgerEntry, type ProjectBalance } from './ledger.js';
import { checkExpense, lineKey, windowEndsOn, type ExpenseContext } from './expense.rules.js';
import { getPreset } from '../presets/index.js';

/** mulberry32: a seeded generator, so a failing sequence can be replayed from its seed */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomEntry(r: () => number, projects: string[]): LedgerEntry {
  const fund = r() < 0.7 ? 'capacity' : 'exchange';
  const project = projects[Math.floor(r() * projects.length)];
  const amountFen = 1 + Math.floor(r() * (r() < 0.5 ? 50_000 : 5_000_000));
  const k = r();
  if (k < 0.08) return { kind: 'budget', fund, amountFen };
  // a transfer pilot's award is paid in stages, a capacity project's once
  if (k < 0.25) return { kind: 'award', fund, project, amountFen, staged: r() < 0.5 };
  if (k < 0.3) return { kind: 'cancelAward', project };
  if (k < 0.45) return { kind: 'disburse', project, amountFen };
  if (k < 0.75) return { kind: 'expense', project, amountFen };
  if (k < 0.88) return { kind: 'refund', project, amountFen };
  return { kind: 'recover', project, amountFen };
}

describe('FND-5 fund ledger', () => {
  it('balances after every operation of random sequences, and never lets money out that was not in', () => {
    const broken: string[] = [];
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const projects = Array.from({ length: 12 }, (_, i) => `p${i}`);
      let l: Ledger = applyEntry(emptyLedger(), { kind: 'budget', fund: 'capacity', amountFen: 10_000_000 });
      let applied = 0;
      for (let step = 0; step < 300; step++) {
        const e = randomEntry(r, projects);
        if (entryRefusal(l, e)) {
          if (step % 10 === 0) expect(() => applyEntry(l, e)).toThrow(RangeError);
          continue;
        }
        l = applyEntry(l, e);
        applied++;
        for (const fund of ['capacity', 'exchange']) {
          const b = fundBalance(l, fund);
          if (b.budgetedFen !== b.availableFen + b.committedFen + b.paidOutFen || b.availableFen < 0 || b.paidOutFen < 0) broken.push(`seed ${seed} step ${step} ${fund}: ${JSON.stringify(b)}`);
        }
        for (const [id, p] of l.projects) {
          if (outstandingFen(p) < 0 || p.disbursedFen > p.awardFen || p.spentFen > p.awardFen) broken.push(`seed ${seed} step ${step} ${id}: ${JSON.stringify(p)}`);
        }
      }
      expect(applied).toBeGreaterThan(30);
    }
    expect(broken).toEqual([]);
  });

  it('decides the same on the locked rows as on the whole ledger, and keeps the same sums (the server\'s path)', () => {
    // The server holds no Ledger: per entry it locks the fund's running sums and the one project's
    // balance, asks refusalIn and writes back what applyToScope gives. Kept here the same way — a
    // map of sums per fund (created by the first budget) and one of project balances — beside the
    // in-memory ledger; every decision, message and sum must agree, refusals change nothing.
    const differ: string[] = [];
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed * 7919);
      const projects = Array.from({ length: 12 }, (_, i) => `p${i}`);
      let l: Ledger = emptyLedger();
      const sums = new Map<string, FundSums>();
      const rows = new Map<string, ProjectBalance>();
      let applied = 0;
      for (let step = 0; step < 300; step++) {
        const e: LedgerEntry = step === 0 ? { kind: 'budget', fund: 'capacity', amountFen: 10_000_000 } : randomEntry(r, projects);
        const project = e.kind === 'budget' ? null : (rows.get(e.project) ?? null);
        const fund = e.kind === 'budget' || e.kind === 'award' ? e.fund : project?.fund;
        const locked: EntryScope = { fund: fund === undefined ? null : (sums.get(fund) ?? null), project };
        expect(locked).toEqual(scopeOf(l, e));
        const a = refusalIn(locked, e);
        const b = entryRefusal(l, e);
        if (JSON.stringify(a) !== JSON.stringify(b)) differ.push(`seed ${seed} step ${step} ${JSON.stringify(e)}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
        if (b) {
          expect(() => applyToScope(locked, e)).toThrow(RangeError);
          continue;
        }
        const after = applyToScope(locked, e);
        sums.set(fund!, after.fund);
        if (e.kind !== 'budget') rows.set(e.project, after.project!);
        l = applyEntry(l, e);
        applied++;
        for (const f of ['capacity', 'exchange']) {
          const want = l.budgets.has(f) ? sumsOf(fundBalance(l, f)) : undefined;
          if (JSON.stringify(sums.get(f)) !== JSON.stringify(want)) differ.push(`seed ${seed} step ${step} ${f}: ${JSON.stringify(sums.get(f))} ≠ ${JSON.stringify(want)}`);
        }
        for (const [id, p] of l.projects) if (JSON.stringify(rows.get(id)) !== JSON.stringify(p)) differ.push(`seed ${seed} step ${step} ${id}`);
      }
      expect(applied).toBeGreaterThan(30);
    }
    expect(differ).toEqual([]);
  });

  it('pays a staged award (a transfer pilot) in any number of disbursements: their sum never above the award, committed the rest', () => {
    const broken: string[] = [];
    let paid = 0;
    let several = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed * 104729);
      let l: Ledger = applyEntry(emptyLedger(), { kind: 'budget', fund: 'earmark', amountFen: 20_000_000 });
      l = applyEntry(l, { kind: 'award', fund: 'earmark', project: 'pilot', amountFen: 1 + Math.floor(r() * 20_000_000), staged: true });
      const paidBefore = paid;
      for (let step = 0; step < 60; step++) {
        const k = r();
        const amountFen = 1 + Math.floor(r() * (r() < 0.7 ? 3_000_000 : 12_000_000));
        const e: LedgerEntry = k < 0.6 ? { kind: 'disburse', project: 'pilot', amountFen } : k < 0.8 ? { kind: 'refund', project: 'pilot', amountFen } : k < 0.95 ? { kind: 'recover', project: 'pilot', amountFen } : { kind: 'cancelAward', project: 'pilot' };
        const refusal = entryRefusal(l, e);
        const p = l.projects.get('pilot')!;
        if (e.kind === 'disburse') {
          const fits = !p.cancelled && p.disbursedFen + e.amountFen <= p.awardFen;
          if (fits === !!refusal) broken.push(`seed ${seed} step ${step}: disburse ${e.amountFen} on ${JSON.stringify(p)} → ${JSON.stringify(refusal)}`);
        }
        if (refusal) continue;
        l = applyEntry(l, e);
        if (e.kind === 'disburse') paid++;
        const q = l.projects.get('pilot')!;
        const b = fundBalance(l, 'earmark');
        if (q.disbursedFen > q.awardFen || outstandingFen(q) < 0) broken.push(`seed ${seed} step ${step}: ${JSON.stringify(q)}`);
        if (!q.cancelled && b.committedFen !== q.awardFen - q.disbursedFen) broken.push(`seed ${seed} step ${step}: committed ${b.committedFen} ≠ award − disbursed`);
        if (b.budgetedFen !== b.availableFen + b.committedFen + b.paidOutFen || b.availableFen < 0 || b.paidOutFen < 0) broken.push(`seed ${seed} step ${step}: ${JSON.stringify(b)}`);
      }
      if (paid - paidBefore > 1) several++;
    }
    expect(broken).toEqual([]);
    expect(several).toBeGreaterThan(100); // most sequences pay in several stages
  });

  it('a staged award: several disbursements up to the award, again after a refund, none after a cancellation', () => {
    let l = applyEntry(emptyLedger(), { kind: 'budget', fund: 'f', amountFen: 200_000_00 });
    l = applyEntry(l, { kind: 'award', fund: 'f', project: 'p', amountFen: 100_000_00, staged: true });
    l = applyEntry(l, { kind: 'disburse', project: 'p', amountFen: 40_000_00 });
    l = applyEntry(l, { kind: 'disburse', project: 'p', amountFen: 40_000_00 });
    expect(fundBalance(l, 'f')).toMatchObject({ committedFen: 20_000_00, disbursedFen: 80_000_00, availableFen: 100_000_00 });
    expect(entryRefusal(l, { kind: 'disburse', project: 'p', amountFen: 20_000_01 })).toEqual({ rule: 'FND-5', message: '拨付累计不能超过核定的资助金额（尚可拨付 20,000.00 元）' });
    l = applyEntry(l, { kind: 'refund', project: 'p', amountFen: 10_000_00 });
    // a refund gives money back to the fund; the award is not paid again beyond itself
    expect(entryRefusal(l, { kind: 'disburse', project: 'p', amountFen: 20_000_01 })?.rule).toBe('FND-5');
    l = applyEntry(l, { kind: 'disburse', project: 'p', amountFen: 20_000_00 });
    expect(fundBalance(l, 'f')).toMatchObject({ committedFen: 0, disbursedFen: 100_000_00, refundedFen: 10_000_00, paidOutFen: 90_000_00, availableFen: 110_000_00 });
    const cancelled = applyEntry(applyEntry(l, { kind: 'award', fund: 'f', project: 'q', amountFen: 5_00, staged: true }), { kind: 'cancelAward', project: 'q' });
    expect(entryRefusal(cancelled, { kind: 'disburse', project: 'q', amountFen: 1 })).toEqual({ rule: 'FND-5', message: '该项目的资助已撤销，不能拨付' });
  });

  it('disburses once, never above the award, never after a cancellation; refunds and recoveries never above what is out', () => {
    let l = applyEntry(emptyLedger(), { kind: 'budget', fund: 'f', amountFen: 1_000_00 });
    expect(entryRefusal(l, { kind: 'award', fund: 'f', project: 'p', amountFen: 1_000_01 })?.rule).toBe('FND-5');
    l = applyEntry(l, { kind: 'award', fund: 'f', project: 'p', amountFen: 800_00 });
    expect(fundBalance(l, 'f')).toMatchObject({ committedFen: 800_00, availableFen: 200_00 });
    expect(entryRefusal(l, { kind: 'disburse', project: 'p', amountFen: 800_01 })?.message).toBe('拨付金额不能超过核定的资助金额');
    l = applyEntry(l, { kind: 'disburse', project: 'p', amountFen: 800_00 });
    expect(entryRefusal(l, { kind: 'disburse', project: 'p', amountFen: 1 })?.message).toBe('该项目的资金已拨付，不能重复拨付');
    l = applyEntry(l, { kind: 'refund', project: 'p', amountFen: 300_00 });
    expect(entryRefusal(l, { kind: 'recover', project: 'p', amountFen: 500_01 })?.rule).toBe('FND-6');
    l = applyEntry(l, { kind: 'recover', project: 'p', amountFen: 500_00 });
    expect(fundBalance(l, 'f')).toMatchObject({ disbursedFen: 800_00, refundedFen: 300_00, recoveredFen: 500_00, paidOutFen: 0, committedFen: 0, availableFen: 1_000_00 });
    const other = applyEntry(applyEntry(emptyLedger(), { kind: 'budget', fund: 'f', amountFen: 10 }), { kind: 'award', fund: 'f', project: 'q', amountFen: 10 });
    const cancelled = applyEntry(other, { kind: 'cancelAward', project: 'q' });
    expect(fundBalance(cancelled, 'f').availableFen).toBe(10);
    expect(entryRefusal(cancelled, { kind: 'disburse', project: 'q', amountFen: 10 })?.rule).toBe('CAP-6');
  });

  it('releases what a one-time disbursement below the award left out: nothing stays committed to a paid capacity project', () => {
    let l = applyEntry(emptyLedger(), { kind: 'budget', fund: 'f', amountFen: 1_000_00 });
    l = applyEntry(l, { kind: 'award', fund: 'f', project: 'p', amountFen: 800_00 });
    l = applyEntry(l, { kind: 'disburse', project: 'p', amountFen: 600_00 });
    expect(fundBalance(l, 'f')).toMatchObject({ awardedFen: 800_00, committedFen: 0, paidOutFen: 600_00, availableFen: 400_00 });
    // a staged (pilot) award keeps the rest committed until paid or cancelled
    let s = applyEntry(emptyLedger(), { kind: 'budget', fund: 'f', amountFen: 1_000_00 });
    s = applyEntry(s, { kind: 'award', fund: 'f', project: 'q', amountFen: 800_00, staged: true });
    s = applyEntry(s, { kind: 'disburse', project: 'q', amountFen: 600_00 });
    expect(fundBalance(s, 'f')).toMatchObject({ committedFen: 200_00, availableFen: 200_00 });
  });
});

describe('FND-1…FND-5 expense rules from the programme parameters', () => {
  const p = getPreset('003')!.parameters;
  const ctx = (over: Partial<ExpenseContext> = {}): ExpenseContext => ({
    categories: p.expenseCategories,
    budget: [
      { category: 'materials', item: '论文集出版印刷费', amountFen: 20_000_00 },
      { category: 'activities', item: null, amountFen: 50_000_00 },
    ],
    spentByLine: new Map([[lineKey('activities', null), 45_000_00]]),
    approvedOn: '2026-06-16',
    executionWindowMonths: p.executionWindowMonths,
    procurementThresholdFen: p.procurementThresholdFen,
    ...over,
  });
  const e = (over: Partial<Parameters<typeof checkExpense>[0]> = {}) => ({ category: 'materials', item: '论文集出版印刷费', amountFen: 5_000_00, spentOn: '2026-09-01', fixedAsset: false, ...over });

  it('refuses a forbidden category citing FND-2 and the category', () => {
    expect(checkExpense(e({ category: 'personnel', item: null }), ctx())).toEqual({ ok: false, rule: 'FND-2', path: 'category', message: '专项资金不得用于“人员工资、福利和个人奖金支出”' });
  });

  it('refuses beyond its line and outside the budget (FND-3), before approval and after the window (FND-4)', () => {
    expect(checkExpense(e({ category: 'activities', item: '会务费', amountFen: 5_000_01 }), ctx())).toMatchObject({ ok: false, rule: 'FND-3', path: 'amountFen' });
    expect(checkExpense(e({ category: 'activities', item: '会务费', amountFen: 5_000_00 }), ctx())).toEqual({ ok: true, flags: [] });
    expect(checkExpense(e({ category: 'other', item: null }), ctx())).toMatchObject({ ok: false, rule: 'FND-3' });
    expect(checkExpense(e({ item: '资料购置费' }), ctx())).toMatchObject({ ok: false, rule: 'FND-3' });
    expect(checkExpense(e({ item: '会务费' }), ctx())).toMatchObject({ ok: false, rule: 'FND-1', path: 'item' });
    expect(checkExpense(e(), ctx({ approvedOn: null }))).toMatchObject({ ok: false, rule: 'FND-4' });
    expect(checkExpense(e({ spentOn: '2026-06-15' }), ctx())).toMatchObject({ ok: false, rule: 'FND-4' });
    expect(checkExpense(e({ spentOn: '2027-06-16' }), ctx())).toMatchObject({ ok: true });
    expect(checkExpense(e({ spentOn: '2027-06-17' }), ctx())).toMatchObject({ ok: false, rule: 'FND-4', message: '支出日期晚于执行期限（2027-06-16），未使用的资金应按规定退还' });
  });

  it('flags a purchase at or above the programme threshold and a fixed asset, and follows a changed parameter', () => {
    expect(checkExpense(e({ amountFen: 5_000_00, fixedAsset: true }), ctx({ procurementThresholdFen: 5_000_00 }))).toEqual({ ok: true, flags: ['procurement', 'fixedAsset'] });
    expect(checkExpense(e({ amountFen: 4_999_99 }), ctx({ procurementThresholdFen: 5_000_00 }))).toEqual({ ok: true, flags: [] });
    const stricter = { ...p.expenseCategories, allowed: p.expenseCategories.allowed.filter((c) => c.code !== 'materials'), forbidden: [...p.expenseCategories.forbidden, { code: 'materials', label: '资料费' }] };
    expect(checkExpense(e(), ctx({ categories: stricter }))).toMatchObject({ ok: false, rule: 'FND-2', message: '专项资金不得用于“资料费”' });
    expect(checkExpense(e({ spentOn: '2026-08-17' }), ctx({ executionWindowMonths: 2 }))).toMatchObject({ ok: false, rule: 'FND-4' });
  });

  it('keeps the window the signed letter froze, whatever the parameter says later; a category without items takes any item', () => {
    expect(checkExpense(e({ spentOn: '2027-06-16' }), ctx({ executionWindowMonths: 6, windowEndsOn: '2027-06-16' }))).toMatchObject({ ok: true });
    expect(checkExpense(e({ spentOn: '2027-06-17' }), ctx({ executionWindowMonths: 24, windowEndsOn: '2027-06-16' }))).toMatchObject({ ok: false, rule: 'FND-4' });
    const loose = { ...p.expenseCategories, allowed: [...p.expenseCategories.allowed.filter((c) => c.code !== 'other'), { code: 'other', label: '其他费用', items: [] }] };
    const budget = [{ category: 'other', item: '印刷', amountFen: 1_000_00 }];
    expect(checkExpense(e({ category: 'other', item: '印刷', amountFen: 1_000_00 }), ctx({ categories: loose, budget }))).toEqual({ ok: true, flags: [] });
  });

  it('ends the window on the corresponding day, or the month end when there is none', () => {
    expect(windowEndsOn('2026-06-16', 12)).toBe('2027-06-16');
    expect(windowEndsOn('2026-01-31', 1)).toBe('2026-02-28');
    expect(windowEndsOn('2027-12-31', 2)).toBe('2028-02-29');
    expect(windowEndsOn('2026-11-30', 3)).toBe('2027-02-28');
  });
});
