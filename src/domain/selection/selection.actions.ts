// Issue 12 §3: what a reader may do next with a declaration (SEL-2, SEL-4) or a countersign list
// (SEL-5, SEL-6), and which items of a list a reader sees — rules that lived in the route handlers,
// here pure, with their tests beside them. The server adds the data scope (SQL) and answers the
// codes in `actions`.
import { isInScope, type Permission } from '../access/roles.js';
import { canTransition } from '../lifecycle.js';
import { declarationLifecycle, declarationStates, type DeclarationState } from './declaration.lifecycle.js';
import { countersignStates, type CountersignState, type OpinionDecision } from './countersign.lifecycle.js';

/** Who reads: the fields of the session that decide the actions. */
export interface SelectionReader {
  orgId: string;
  orgType: string;
  /** prefix of `organisations.path` the reader reaches (data scope) */
  scopePath: string;
  permissions: ReadonlySet<Permission>;
}

export const declarationActions = ['resubmit', 'withdraw', 'recommend', 'return', 'notRecommend', 'reconsider'] as const;
export type DeclarationAction = (typeof declarationActions)[number];

const isDeclarationState = (s: string): s is DeclarationState => (declarationStates as readonly string[]).includes(s);
const isCountersignState = (s: string): s is CountersignState => (countersignStates as readonly string[]).includes(s);

/**
 * SEL-2, SEL-4: the society that declared may resubmit after a return (while the item still takes
 * declarations) and withdraw before the association decides; the association over the item's
 * association reviews while the item is relayed: recommend, return or not recommend a submitted
 * declaration, reconsider a decision.
 */
export function declarationActionsFor(
  reader: SelectionReader,
  declaration: { societyId: string; status: string },
  item: { status: string; associationPath: string },
): DeclarationAction[] {
  const status = declaration.status;
  if (!isDeclarationState(status)) return [];
  const can = (e: 'resubmit' | 'withdraw' | 'recommend' | 'return' | 'notRecommend' | 'reconsider') => canTransition(declarationLifecycle, status, e);
  const out: DeclarationAction[] = [];
  if (declaration.societyId === reader.orgId && reader.orgType === 'society' && reader.permissions.has('declaration.submit')) {
    if (can('resubmit') && item.status === 'relayed') out.push('resubmit');
    if (can('withdraw')) out.push('withdraw');
  }
  const reviews = reader.orgType === 'association' && isInScope(reader.scopePath, item.associationPath) && reader.permissions.has('declaration.review');
  if (reviews && item.status === 'relayed') {
    for (const e of ['recommend', 'return', 'notRecommend', 'reconsider'] as const) if (can(e)) out.push(e);
  }
  return out;
}

export const countersignActions = ['agree', 'return', 'approve'] as const;
export type CountersignAction = (typeof countersignActions)[number];

/**
 * SEL-5: a review office the list was sent to gives its opinion (agree or return) once, while the
 * list is in countersign; SEL-6: the association over the list's association records the approval
 * once every office has agreed.
 */
export function countersignActionsFor(
  reader: SelectionReader,
  countersign: { status: string; associationPath: string },
  /** the reader's own office's opinion on the list, null when it was not sent to the reader */
  ownOpinion: OpinionDecision | null,
): CountersignAction[] {
  if (!isCountersignState(countersign.status)) return [];
  const out: CountersignAction[] = [];
  if (ownOpinion === 'pending' && countersign.status === 'countersigning' && reader.permissions.has('countersign.opinion')) out.push('agree', 'return');
  if (reader.orgType === 'association' && isInScope(reader.scopePath, countersign.associationPath) && countersign.status === 'approving' && reader.permissions.has('countersign.approve')) out.push('approve');
  return out;
}

/**
 * SEL-6: the items of a countersign list a reader sees — a commissioning department its own items
 * only; the association and the review offices the whole list.
 */
export function countersignItemsVisibleTo<T extends { departmentId: string }>(reader: Pick<SelectionReader, 'orgId' | 'orgType'>, items: readonly T[]): T[] {
  return reader.orgType === 'department' ? items.filter((i) => i.departmentId === reader.orgId) : [...items];
}

/**
 * SEL-6: the recommended societies of a list a reader sees — the association all of them; anyone
 * else only those whose declaration the reader may read (`readable`: the declaration read scope).
 */
export function recommendedVisibleTo<T extends { declarationId: string }>(reader: Pick<SelectionReader, 'orgType'>, recommended: readonly T[], readable: ReadonlySet<string>): T[] {
  return reader.orgType === 'association' ? [...recommended] : recommended.filter((r) => readable.has(r.declarationId));
}
