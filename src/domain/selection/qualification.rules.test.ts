import { describe, expect, it } from 'vitest';
import { checkCondition, checkQualification, recommendationBlockers, type SocietyRecordFacts, type YearFacts } from './qualification.rules.js';
import { getPreset } from '../presets/index.js';

const record: SocietyRecordFacts = { secretaryGeneralFullTime: true, fullTimeStaff: 5, financeStaff: 1, hasIndependentAccount: true, partyOrg: 'branch' };
const year = (y: number, f: Partial<YearFacts> = {}): YearFacts => ({ year: y, annualInspection: 'passed', commendations: [], violations: [], criticisms: [], failedTasks: [], debarments: [], ...f });
const clean = [year(2025), year(2024), year(2023)];
const asOf = '2026-11-22';

describe('SEL-3 qualification conditions, each naming the fact it rests on', () => {
  it('passes two years of passed annual inspection and fails on a 基本合格 year, naming the year and result', () => {
    const c = { rule: 'annualInspectionPassed' as const, label: '连续两年年检合格', years: 2 };
    expect(checkCondition(c, record, clean, asOf).status).toBe('pass');
    const r = checkCondition(c, record, [year(2025), year(2024, { annualInspection: 'basicallyPassed' })], asOf);
    expect(r).toMatchObject({ status: 'fail', fact: '2024年年检基本合格' });
  });

  it('fails annual inspection when a year has no record at all', () => {
    const r = checkCondition({ rule: 'annualInspectionPassed', label: 'x', years: 2 }, record, [year(2025)], asOf);
    expect(r).toMatchObject({ status: 'fail', fact: '2024年无年检记录' });
  });

  it('fails no-violation within the look-back, naming the violation, and ignores older ones', () => {
    const c = { rule: 'noViolation' as const, label: '近3年无违纪违法', years: 3 };
    const recent = checkCondition(c, record, [year(2025, { violations: [{ description: '超范围开展评比活动', occurredOn: '2025-04-02' }] })], asOf);
    expect(recent).toMatchObject({ status: 'fail', fact: '2025-04-02：超范围开展评比活动' });
    expect(checkCondition(c, record, [year(2022, { violations: [{ description: '旧事' }] })], asOf).status).toBe('pass');
  });

  it('fails no-criticism and no-failed-task the same way', () => {
    expect(checkCondition({ rule: 'noCriticism', label: 'x', years: 3 }, record, [year(2024, { criticisms: [{ description: '通报批评' }] })], asOf).fact).toBe('2024年：通报批评');
    expect(checkCondition({ rule: 'noFailedTask', label: 'x', years: 3 }, record, [year(2026, { failedTasks: [{ description: '未按期报送' }] })], asOf).status).toBe('fail');
  });

  it('fails while a debarment period covers today and passes after it ends (CAP-7 period)', () => {
    const deb = [year(2025, { debarments: [{ reason: '虚报材料', startsOn: '2025-05-01', endsOn: '2027-04-30' }] })];
    expect(checkCondition({ rule: 'notDebarred', label: 'x' }, record, deb, asOf)).toMatchObject({ status: 'fail', fact: '取消申报资格期 2025-05-01 至 2027-04-30：虚报材料' });
    expect(checkCondition({ rule: 'notDebarred', label: 'x' }, record, deb, '2027-05-01').status).toBe('pass');
  });

  it('accepts a commendation of the required level or higher within the window', () => {
    const c = { rule: 'commendation' as const, label: '市级以上表彰', level: 'city' as const, withinYears: 3 };
    expect(checkCondition(c, record, [year(2024, { commendations: [{ title: '全国先进', level: 'national' }] })], asOf).status).toBe('pass');
    expect(checkCondition(c, record, [year(2024, { commendations: [{ title: '县级先进', level: 'county' }] })], asOf).status).toBe('fail');
    expect(checkCondition(c, record, [year(2020, { commendations: [{ title: '全国先进', level: 'national' }] })], asOf).status).toBe('fail');
  });

  it('checks the record: secretary-general (with 003\'s deputy-or-staff allowance), staff count, finance staff, account, party organisation', () => {
    const part = { ...record, secretaryGeneralFullTime: false };
    expect(checkCondition({ rule: 'fullTimeSecretaryGeneral', label: 'x' }, part, [], asOf).status).toBe('fail');
    expect(checkCondition({ rule: 'fullTimeSecretaryGeneral', label: 'x', acceptDeputyOrStaff: true }, part, [], asOf).status).toBe('pass');
    expect(checkCondition({ rule: 'minFullTimeStaff', label: 'x', count: 6 }, record, [], asOf)).toMatchObject({ status: 'fail', fact: '专职工作人员 5 人，少于 6 人' });
    expect(checkCondition({ rule: 'financeStaff', label: 'x' }, { ...record, financeStaff: 0 }, [], asOf).status).toBe('fail');
    expect(checkCondition({ rule: 'independentAccount', label: 'x' }, { ...record, hasIndependentAccount: false }, [], asOf).status).toBe('fail');
    expect(checkCondition({ rule: 'partyOrganisation', label: 'x' }, { ...record, partyOrg: 'none' }, [], asOf).status).toBe('fail');
  });

  it('leaves a manual condition to the reviewer', () => {
    expect(checkCondition({ rule: 'manual', label: '具备基础条件' }, record, [], asOf).status).toBe('manual');
  });

  it('runs the conditions of preset 001 on a clean society: qualified, two manual conditions to confirm', () => {
    const q = checkQualification(getPreset('001')!.parameters.qualificationConditions, record, clean, asOf);
    expect(q).toMatchObject({ isQualified: true, failed: 0, manual: 2 });
  });
});

describe('SEL-4 a society may be recommended only when nothing failed and every manual condition is confirmed', () => {
  const conditions = getPreset('001')!.parameters.qualificationConditions;
  it('names each unconfirmed manual condition', () => {
    const q = checkQualification(conditions, record, clean, asOf);
    expect(recommendationBlockers(q, [])).toHaveLength(2);
    expect(recommendationBlockers(q, [0, 1])).toEqual([]);
  });
  it('names each failed condition with its fact, even when manual ones are confirmed', () => {
    const q = checkQualification(conditions, record, [year(2025), year(2024, { annualInspection: 'failed' })], asOf);
    expect(recommendationBlockers(q, [0, 1])).toEqual(['不符合“申报前连续两年社团年检合格”：2024年年检不合格']);
  });
});
