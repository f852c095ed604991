// Qualification conditions (SEL-3): which arguments each rule takes.
import type { QualificationCondition } from '../../../contract/programmes';

type AllKeys<T> = T extends unknown ? keyof T : never;
type ValueOf<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/** A condition as a form holds it: the rule, its label and any argument, whichever rule is chosen. */
export type ConditionDraft = { rule: QualificationCondition['rule']; label: string } & { [K in Exclude<AllKeys<QualificationCondition>, 'rule' | 'label'>]?: ValueOf<QualificationCondition, K> };

export const YEARS_RULES = new Set(['annualInspectionPassed', 'noViolation', 'noCriticism', 'noFailedTask']);

/** Keeps only the arguments the chosen rule takes (the API refuses unknown keys). */
export function normaliseCondition(c: ConditionDraft): QualificationCondition {
  const base = { rule: c.rule, label: (c.label ?? '').trim() };
  if (YEARS_RULES.has(c.rule)) return { ...base, years: c.years ?? 1 } as QualificationCondition;
  if (c.rule === 'minFullTimeStaff') return { ...base, rule: c.rule, count: c.count ?? 1 };
  if (c.rule === 'fullTimeSecretaryGeneral') return c.acceptDeputyOrStaff ? { ...base, rule: c.rule, acceptDeputyOrStaff: true } : { ...base, rule: c.rule };
  if (c.rule === 'commendation') return { ...base, rule: c.rule, level: c.level ?? 'city', withinYears: c.withinYears ?? 3 };
  return base as QualificationCondition;
}
