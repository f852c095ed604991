import { describe, expect, it } from 'vitest';
import { expenseChoices, lineOf, percentOf, refusalText } from './implementationRules';

const line = (category: string, categoryLabel: string, item: string | null, items: string[], approvedFen = 100) => ({
  category,
  categoryLabel,
  item,
  items,
  approvedFen,
  spentFen: 0,
  remainingFen: approvedFen,
  share: 0,
  note: null,
});

describe('the 经费预算与支出 section', () => {
  const lines = [
    line('activities', '项目活动费', '会务费', ['会务费']),
    line('materials', '项目资料费', null, ['相关资料印刷费', '资料购置费']),
    line('materials', '项目资料费', '论文集出版印刷费', ['论文集出版印刷费']),
    line('activities', '项目活动费', '差旅费', ['差旅费']),
  ];

  it('offers the approved categories once each, with the items their lines take', () => {
    expect(expenseChoices(lines)).toEqual([
      { value: 'activities', label: '项目活动费', items: ['会务费', '差旅费'], wholeCategory: false },
      { value: 'materials', label: '项目资料费', items: ['相关资料印刷费', '资料购置费', '论文集出版印刷费'], wholeCategory: true },
    ]);
  });

  it('finds the line an expense counts against: the item’s own, else the category’s', () => {
    expect(lineOf(lines, 'materials', '论文集出版印刷费')?.item).toBe('论文集出版印刷费');
    expect(lineOf(lines, 'materials', '资料购置费')?.item).toBeNull();
    expect(lineOf(lines, 'activities', '评审咨询费')).toBeUndefined();
    expect(lineOf(lines, undefined, null)).toBeUndefined();
  });

  it('shows a refusal as its reason and its clause, without the requirement’s id', () => {
    const clause = '《专项资金管理办法》第七条：专项资金不得用于的开支';
    expect(refusalText(`专项资金不得用于“人员工资、福利和个人奖金支出”。依据：${clause}`, clause)).toEqual({ reason: '专项资金不得用于“人员工资、福利和个人奖金支出”', clause });
    expect(refusalText('项目尚未签订责任书', null)).toEqual({ reason: '项目尚未签订责任书', clause: null });
  });

  it('turns a share into a whole percentage within 0–100', () => {
    expect([percentOf(0), percentOf(0.6), percentOf(0.12345), percentOf(1.2)]).toEqual([0, 60, 12, 100]);
  });
});
