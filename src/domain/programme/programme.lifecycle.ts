// PRG-1: a programme is drafted, published (then visible on the public portal) and closed.
import { defineLifecycle } from '../lifecycle.js';

export const programmeStates = ['draft', 'published', 'closed'] as const;
export type ProgrammeState = (typeof programmeStates)[number];

export const programmeLifecycle = defineLifecycle<ProgrammeState, 'edit' | 'publish' | 'close'>({
  states: { draft: '草稿', published: '已发布', closed: '已结束' },
  events: {
    edit: { from: ['draft', 'published'], to: 'draft', label: '修改' }, // `to` unused: editing keeps the state
    publish: { from: ['draft'], to: 'published', label: '发布' },
    close: { from: ['published'], to: 'closed', label: '结束' },
  },
});
