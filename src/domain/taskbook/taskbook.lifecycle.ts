// TB-4, SUP-5: a task book version is drafted by the three parties, goes to signature when complete,
// is frozen by the first signature and in force after the third; an approved change request
// supersedes it with a new version that must be signed again. Signatures come in any order; while
// not all have signed, a recorded withdrawal returns it to drafting (a party may decline to sign).
import { defineLifecycle } from '../lifecycle.js';

export const taskBookStates = ['drafting', 'signing', 'signed', 'superseded'] as const;
export type TaskBookState = (typeof taskBookStates)[number];

export const taskBookLifecycle = defineLifecycle<TaskBookState, 'edit' | 'firstSignature' | 'sign' | 'lastSignature' | 'withdrawSignatures' | 'supersede'>({
  states: { drafting: '起草中', signing: '签署中', signed: '已签署', superseded: '已被新版本替代' },
  events: {
    edit: { from: ['drafting'], to: 'drafting', label: '修改任务书' },
    firstSignature: { from: ['drafting'], to: 'signing', label: '签署' },
    sign: { from: ['signing'], to: 'signing', label: '签署' },
    lastSignature: { from: ['signing'], to: 'signed', label: '签署' },
    // a party declines to sign: the signatures given so far are withdrawn (kept in the record)
    // and the content can be corrected; it must be signed again by all three
    withdrawSignatures: { from: ['signing'], to: 'drafting', label: '撤回签署、退回修改' },
    supersede: { from: ['signed'], to: 'superseded', label: '以变更后的新版本替代' },
  },
});

export const signingParties = ['department', 'society', 'association'] as const;
export type SigningParty = (typeof signingParties)[number];
export const signingPartyLabels: Record<SigningParty, string> = { department: '项目委托单位', society: '项目承接单位', association: '项目协调单位' };

/** TB-4: which event a new signature is, given the parties that have signed before it. */
export function signatureEvent(signedBefore: readonly SigningParty[], party: SigningParty): 'firstSignature' | 'sign' | 'lastSignature' | 'alreadySigned' {
  if (signedBefore.includes(party)) return 'alreadySigned';
  if (signedBefore.length === 0) return 'firstSignature';
  const after = new Set([...signedBefore, party]);
  return signingParties.every((p) => after.has(p)) ? 'lastSignature' : 'sign';
}
