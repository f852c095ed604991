// CAP-2: may this society apply for this project type? The conditions are the programme's
// `capacityEligibility` (PRG-2), checked by the SEL-3 engine against the society's record (ORG-2)
// and yearly facts (ORG-3, with active debarments): the key-project list applies to every type
// (its exclusions included), the demonstration list only to a type of kind `demonstration`.
import type { CapacityEligibility, ProjectTypeKind } from '../programme/programme.types.js';
import { checkCondition, type ConditionResult, type SocietyRecordFacts, type YearFacts } from '../selection/qualification.rules.js';

export interface EligibilityResult extends ConditionResult {
  /** which list of the programme the condition comes from */
  group: 'keyProject' | 'demonstration';
}

export interface CapacityEligibilityResult {
  checkedOn: string;
  results: EligibilityResult[];
  /** no automatic condition failed (manual ones are confirmed in the formal review, CAP-3) */
  eligible: boolean;
  failed: number;
  manual: number;
}

export function checkCapacityEligibility(
  eligibility: CapacityEligibility,
  kind: ProjectTypeKind,
  record: SocietyRecordFacts,
  facts: readonly YearFacts[],
  asOf: string,
): CapacityEligibilityResult {
  const lists: [EligibilityResult['group'], CapacityEligibility['keyProject']][] = [['keyProject', eligibility.keyProject]];
  if (kind === 'demonstration') lists.push(['demonstration', eligibility.demonstration]);
  let index = 0;
  const results: EligibilityResult[] = [];
  let failed = 0;
  let manual = 0;
  for (const [group, conditions] of lists) {
    for (const c of conditions) {
      // the engine's fresh result gets its group in place (no copy: a batch checks tens of thousands)
      const r = checkCondition(c, record, facts, asOf, index++) as EligibilityResult;
      r.group = group;
      if (r.status === 'fail') failed++;
      else if (r.status === 'manual') manual++;
      results.push(r);
    }
  }
  return { checkedOn: asOf, results, eligible: failed === 0, failed, manual };
}

/** The Chinese reasons a society may not submit, one per failed condition, with the fact behind it. */
export function eligibilityBlockers(r: CapacityEligibilityResult): string[] {
  return r.results.filter((x) => x.status === 'fail').map((x) => `不符合“${x.label}”：${x.fact}`);
}
