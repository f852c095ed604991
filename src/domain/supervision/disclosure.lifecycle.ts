// PUB-1, PRG-3 (001 §5(4) 信息公开制度, 002 §7): a briefing or a selected progress report is
// disclosed on the public portal (published_at) and may be withdrawn from it, and published again.
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';

export const disclosureStates = ['internal', 'published', 'withdrawn'] as const;
export type DisclosureState = (typeof disclosureStates)[number];

export const disclosureLifecycle = defineLifecycle<DisclosureState, 'publish' | 'withdraw'>({
  states: { internal: '未公开', published: '已公开', withdrawn: '已撤回公开' },
  events: {
    publish: { from: ['internal', 'withdrawn'], to: 'published', label: '公开发布' },
    withdraw: { from: ['published'], to: 'withdrawn', label: '撤回公开' },
  },
});

/** Publishing: an optional public summary (progress reports: what the portal shows instead of the body). */
export const ZPublishInput = z
  .object({
    publicSummary: z.string().trim().max(2000, '公开摘要不能超过 2000 个字').nullable().optional(),
  })
  .strict();

/** Withdrawing from the portal needs a reason (X-1: recorded in the audit row). */
export const ZWithdrawDisclosureInput = z
  .object({
    reason: z.string().trim().min(1, '请填写撤回公开的原因').max(500, '原因不能超过 500 个字'),
  })
  .strict();
