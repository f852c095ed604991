// SEL-2, SEL-4, SEL-7: a society's declaration for one item.
import { defineLifecycle } from '../lifecycle.js';

export const declarationStates = ['submitted', 'returned', 'recommended', 'notRecommended', 'withdrawn', 'selected', 'closed'] as const;
export type DeclarationState = (typeof declarationStates)[number];

export type DeclarationEvent = 'resubmit' | 'return' | 'recommend' | 'notRecommend' | 'reconsider' | 'withdraw' | 'select' | 'close';

export const declarationLifecycle = defineLifecycle<DeclarationState, DeclarationEvent>({
  states: {
    submitted: '待审核',
    returned: '退回补充',
    recommended: '已推荐',
    notRecommended: '未推荐',
    withdrawn: '已撤回',
    selected: '已选定',
    closed: '已关闭',
  },
  events: {
    resubmit: { from: ['returned'], to: 'submitted', label: '补充后重新申报' },
    return: { from: ['submitted'], to: 'returned', label: '退回补充' },
    recommend: { from: ['submitted'], to: 'recommended', label: '推荐' },
    notRecommend: { from: ['submitted'], to: 'notRecommended', label: '不予推荐' },
    // After the review offices return a list, the association may reopen a decision.
    reconsider: { from: ['recommended', 'notRecommended'], to: 'submitted', label: '重新审核' },
    withdraw: { from: ['submitted', 'returned'], to: 'withdrawn', label: '撤回申报' },
    select: { from: ['recommended'], to: 'selected', label: '选定' },
    // SEL-7: declarations not chosen are closed with the reason visible to the society.
    close: { from: ['submitted', 'returned', 'recommended', 'notRecommended'], to: 'closed', label: '关闭' },
  },
});

/** Declarations that still take part in the selection (one per society and item). */
export const activeDeclarationStates: readonly DeclarationState[] = ['submitted', 'returned', 'recommended', 'notRecommended'];
