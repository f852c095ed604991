// FUN-1, FUN-3, SEL-1, SEL-5…SEL-7: a transferable item from draft to an undertaking society.
// Amending keeps the state and writes a new revision; withdrawal ends the item (reason required).
import { defineLifecycle } from '../lifecycle.js';

export const transferItemStates = ['draft', 'published', 'relayed', 'countersigning', 'approving', 'selecting', 'assigned', 'withdrawn'] as const;
export type TransferItemState = (typeof transferItemStates)[number];

export type TransferItemEvent =
  | 'edit'
  | 'discard'
  | 'publish'
  | 'amend'
  | 'withdraw'
  | 'relay'
  | 'declare'
  | 'review'
  | 'sendCountersign'
  | 'returnCountersign'
  | 'agreeCountersign'
  | 'approve'
  | 'select';

export const transferItemLifecycle = defineLifecycle<TransferItemState, TransferItemEvent>({
  states: {
    draft: '草稿',
    published: '已发布',
    relayed: '已转发学会',
    countersigning: '会签中',
    approving: '待审批',
    selecting: '待择优确定',
    assigned: '已确定承接学会',
    withdrawn: '已撤回',
  },
  events: {
    edit: { from: ['draft'], to: 'draft', label: '修改草稿' },
    discard: { from: ['draft'], to: 'draft', label: '删除草稿' }, // the row is deleted; `to` unused
    publish: { from: ['draft'], to: 'published', label: '发布' },
    // FUN-3: a published list changes over time; the state is kept (`to` unused).
    amend: { from: ['published', 'relayed'], to: 'published', label: '变更' },
    withdraw: { from: ['published', 'relayed'], to: 'withdrawn', label: '撤回' },
    relay: { from: ['published'], to: 'relayed', label: '转发学会' },
    // SEL-2: societies declare only while the item stands relayed (state kept).
    declare: { from: ['relayed'], to: 'relayed', label: '申报' },
    // SEL-4: the association decides on declarations only before the list goes to countersign.
    review: { from: ['relayed'], to: 'relayed', label: '审核申报' },
    sendCountersign: { from: ['relayed'], to: 'countersigning', label: '报送会签' },
    returnCountersign: { from: ['countersigning'], to: 'relayed', label: '退回会签' },
    agreeCountersign: { from: ['countersigning'], to: 'approving', label: '会签通过' },
    approve: { from: ['approving'], to: 'selecting', label: '审批同意' },
    select: { from: ['selecting'], to: 'assigned', label: '择优确定承接学会' },
  },
});

/** States in which an item shows on the public portal (PUB-1): everything once published. */
export const publicItemStates: readonly TransferItemState[] = transferItemStates.filter((s) => s !== 'draft');
