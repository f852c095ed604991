// SEL-5, SEL-6: the recommended list goes to the review offices the programme names; any office
// may return it; when all have agreed it waits for approval by the programme's approval level.
import { defineLifecycle } from '../lifecycle.js';

export const countersignStates = ['countersigning', 'returned', 'approving', 'approved'] as const;
export type CountersignState = (typeof countersignStates)[number];

export const countersignLifecycle = defineLifecycle<CountersignState, 'opinion' | 'return' | 'allAgreed' | 'approve'>({
  states: { countersigning: '会签中', returned: '已退回', approving: '待审批', approved: '已批准' },
  events: {
    opinion: { from: ['countersigning'], to: 'countersigning', label: '提出会签意见' },
    return: { from: ['countersigning'], to: 'returned', label: '退回' },
    allAgreed: { from: ['countersigning'], to: 'approving', label: '会签通过' },
    approve: { from: ['approving'], to: 'approved', label: '审批同意' },
  },
});

export const opinionDecisions = ['pending', 'agree', 'return'] as const;
export type OpinionDecision = (typeof opinionDecisions)[number];
export const opinionDecisionLabels: Record<OpinionDecision, string> = { pending: '待会签', agree: '同意', return: '退回' };

/** SEL-5: the list moves on only when every named office has agreed. */
export function countersignOutcome(decisions: readonly OpinionDecision[]): 'returned' | 'agreed' | 'pending' {
  if (decisions.includes('return')) return 'returned';
  if (decisions.length > 0 && decisions.every((d) => d === 'agree')) return 'agreed';
  return 'pending';
}
