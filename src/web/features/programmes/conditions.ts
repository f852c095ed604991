// Qualification conditions (SEL-3): which arguments each rule takes.
import type { QualificationCondition } from '../../shared/types';

export const YEARS_RULES = new Set(['annualInspectionPassed', 'noViolation', 'noCriticism', 'noFailedTask']);

/** Keeps only the arguments the chosen rule takes (the API refuses unknown keys). */
export function normaliseCondition(c: QualificationCondition): QualificationCondition {
  const base = { rule: c.rule, label: (c.label ?? '').trim() };
  if (YEARS_RULES.has(c.rule)) return { ...base, years: c.years ?? 1 };
  if (c.rule === 'minFullTimeStaff') return { ...base, count: c.count ?? 1 };
  if (c.rule === 'fullTimeSecretaryGeneral') return c.acceptDeputyOrStaff ? { ...base, acceptDeputyOrStaff: true } : base;
  if (c.rule === 'commendation') return { ...base, level: c.level ?? 'city', withinYears: c.withinYears ?? 3 };
  return base;
}
