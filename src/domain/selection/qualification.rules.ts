// SEL-3: the programme's qualification conditions checked against a society's record (ORG-2) and
// yearly facts (ORG-3). Every condition gives a status and the fact it rests on, so a failure
// names both the condition and the fact. Conditions come from the programme (PRG-2).
import type { QualificationCondition } from '../programme/programme.types.js';
import { commendationLevelLabels, type CommendationLevel } from '../org/org.types.js';

export interface SocietyRecordFacts {
  secretaryGeneralFullTime: boolean;
  fullTimeStaff: number;
  financeStaff: number;
  hasIndependentAccount: boolean;
  partyOrg: string;
}

export interface YearFacts {
  year: number;
  annualInspection: string;
  commendations: { title: string; level: string; awardedOn?: string }[];
  violations: { description: string; occurredOn?: string }[];
  criticisms: { description: string; occurredOn?: string }[];
  failedTasks: { description: string; occurredOn?: string }[];
  debarments: { reason: string; startsOn: string; endsOn: string }[];
}

export type ConditionStatus = 'pass' | 'fail' | 'manual';

export interface ConditionResult {
  index: number;
  rule: QualificationCondition['rule'];
  label: string;
  status: ConditionStatus;
  /** the fact the decision rests on, in Chinese */
  fact: string;
}

export interface QualificationResult {
  checkedOn: string;
  results: ConditionResult[];
  /** no automatic condition failed */
  isQualified: boolean;
  failed: number;
  manual: number;
}

const levelRank: Record<CommendationLevel, number> = { national: 0, provincial: 1, city: 2, county: 3 };
const inspectionLabel: Record<string, string> = { passed: '合格', basicallyPassed: '基本合格', failed: '不合格', notInspected: '未参加年检' };

/** The `years` completed years before `asOfYear`, newest first. */
function completedYears(asOfYear: number, years: number): number[] {
  return Array.from({ length: years }, (_, i) => asOfYear - 1 - i);
}

function entriesWithin<T>(facts: readonly YearFacts[], asOfYear: number, years: number, pick: (f: YearFacts) => T[]): { year: number; entry: T }[] {
  // 近N年: the N completed years and the current one.
  return facts
    .filter((f) => f.year >= asOfYear - years && f.year <= asOfYear)
    .sort((a, b) => b.year - a.year)
    .flatMap((f) => pick(f).map((entry) => ({ year: f.year, entry })));
}

export function checkCondition(c: QualificationCondition, record: SocietyRecordFacts, facts: readonly YearFacts[], asOf: string, index = 0): ConditionResult {
  const asOfYear = Number(asOf.slice(0, 4));
  // one literal per result (no spread of a shared base): a batch checks tens of thousands (bench/capacity-eligibility.ts)
  const ok = (fact: string): ConditionResult => ({ index, rule: c.rule, label: c.label, status: 'pass', fact });
  const fail = (fact: string): ConditionResult => ({ index, rule: c.rule, label: c.label, status: 'fail', fact });
  switch (c.rule) {
    case 'annualInspectionPassed': {
      const byYear = new Map(facts.map((f) => [f.year, f.annualInspection]));
      const years = completedYears(asOfYear, c.years);
      const bad = years.filter((y) => byYear.get(y) !== 'passed');
      const describe = (y: number) => `${y}年${byYear.has(y) ? `年检${inspectionLabel[byYear.get(y)!] ?? byYear.get(y)}` : '无年检记录'}`;
      return bad.length ? fail(bad.map(describe).join('；')) : ok(years.map(describe).join('；'));
    }
    case 'fullTimeSecretaryGeneral': {
      if (record.secretaryGeneralFullTime) return ok('秘书长为专职');
      if (c.acceptDeputyOrStaff && record.fullTimeStaff > 0) return ok(`秘书长非专职，有专职工作人员 ${record.fullTimeStaff} 人`);
      return fail(record.fullTimeStaff > 0 ? '秘书长非专职' : '秘书长非专职，且无专职工作人员');
    }
    case 'minFullTimeStaff':
      return record.fullTimeStaff >= c.count ? ok(`专职工作人员 ${record.fullTimeStaff} 人`) : fail(`专职工作人员 ${record.fullTimeStaff} 人，少于 ${c.count} 人`);
    case 'financeStaff':
      return record.financeStaff > 0 ? ok(`财务人员 ${record.financeStaff} 人`) : fail('无专门财务管理人员');
    case 'independentAccount':
      return record.hasIndependentAccount ? ok('有独立银行账户') : fail('无独立银行账户');
    case 'partyOrganisation':
      return record.partyOrg !== 'none' ? ok('已建立党的组织') : fail('未建立党的组织');
    case 'noViolation':
    case 'noCriticism':
    case 'noFailedTask': {
      const pick = c.rule === 'noViolation' ? (f: YearFacts) => f.violations : c.rule === 'noCriticism' ? (f: YearFacts) => f.criticisms : (f: YearFacts) => f.failedTasks;
      const what = c.rule === 'noViolation' ? '违纪违法行为' : c.rule === 'noCriticism' ? '通报批评或处罚' : '未完成的交办任务';
      const hits = entriesWithin(facts, asOfYear, c.years, pick);
      return hits.length
        ? fail(hits.map((h) => `${h.entry.occurredOn ?? `${h.year}年`}：${h.entry.description}`).join('；'))
        : ok(`${asOfYear - c.years}年以来无${what}记录`);
    }
    case 'notDebarred': {
      const active = facts.flatMap((f) => f.debarments).filter((d) => d.startsOn <= asOf && asOf <= d.endsOn);
      return active.length
        ? fail(active.map((d) => `取消申报资格期 ${d.startsOn} 至 ${d.endsOn}：${d.reason}`).join('；'))
        : ok('不在取消申报资格期内');
    }
    case 'commendation': {
      const need = levelRank[c.level];
      const hits = facts
        .filter((f) => f.year >= asOfYear - c.withinYears)
        .flatMap((f) => f.commendations)
        .filter((x) => (levelRank[x.level as CommendationLevel] ?? 99) <= need);
      return hits.length
        ? ok(hits.map((h) => `${h.title}（${commendationLevelLabels[h.level as CommendationLevel] ?? h.level}）`).join('；'))
        : fail(`近${c.withinYears}年无${commendationLevelLabels[c.level]}及以上表彰`);
    }
    case 'manual':
      return { index, rule: c.rule, label: c.label, status: 'manual', fact: '无可自动核对的数据，由科协审核确认' };
  }
}

export function checkQualification(conditions: readonly QualificationCondition[], record: SocietyRecordFacts, facts: readonly YearFacts[], asOf: string): QualificationResult {
  const results = conditions.map((c, i) => checkCondition(c, record, facts, asOf, i));
  const failed = results.filter((r) => r.status === 'fail').length;
  return { checkedOn: asOf, results, isQualified: failed === 0, failed, manual: results.filter((r) => r.status === 'manual').length };
}

/**
 * SEL-4: a society may be recommended only when no automatic condition failed and the reviewer
 * has confirmed every manual one. Returns the Chinese reasons it may not (empty: it may).
 */
export function recommendationBlockers(q: QualificationResult, confirmedManual: readonly number[]): string[] {
  const out: string[] = [];
  for (const r of q.results) {
    if (r.status === 'fail') out.push(`不符合“${r.label}”：${r.fact}`);
    if (r.status === 'manual' && !confirmedManual.includes(r.index)) out.push(`请确认人工审核条件“${r.label}”`);
  }
  return out;
}
