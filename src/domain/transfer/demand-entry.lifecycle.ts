// FUN-4: a demand catalogue entry is drafted, published, amended (new revision) and withdrawn.
import { defineLifecycle } from '../lifecycle.js';

export const demandEntryStates = ['draft', 'published', 'withdrawn'] as const;
export type DemandEntryState = (typeof demandEntryStates)[number];

export const demandEntryLifecycle = defineLifecycle<DemandEntryState, 'edit' | 'discard' | 'publish' | 'amend' | 'withdraw'>({
  states: { draft: '草稿', published: '已发布', withdrawn: '已撤回' },
  events: {
    edit: { from: ['draft'], to: 'draft', label: '修改草稿' },
    discard: { from: ['draft'], to: 'draft', label: '删除草稿' },
    publish: { from: ['draft'], to: 'published', label: '发布' },
    amend: { from: ['published'], to: 'published', label: '变更' },
    withdraw: { from: ['published'], to: 'withdrawn', label: '撤回' },
  },
});
