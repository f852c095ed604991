// SUP-7 (004 §3(2)3: 对承能较差的学会提出要求进行整改): a rectification order (整改通知) is issued to
// a project's society by the department or the coordinating association, with requirements and a
// deadline (often after an inspection). The society responds with a rectification report; the
// issuer accepts it (closed, 销号) or returns it to be done again. The issuer may extend the
// deadline while the society is working on it. Overdue: past the deadline and not closed.
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';
import type { FieldError } from '../field-error.js';
import { ZAttachmentIds, day, text } from './common.js';

export const rectificationStates = ['issued', 'responded', 'returned', 'closed'] as const;
export type RectificationState = (typeof rectificationStates)[number];
export type RectificationEvent = 'respond' | 'accept' | 'return' | 'extendDeadline';

export const rectificationLifecycle = defineLifecycle<RectificationState, RectificationEvent>({
  states: { issued: '待整改', responded: '已报送整改报告', returned: '退回重新整改', closed: '已销号' },
  events: {
    respond: { from: ['issued', 'returned'], to: 'responded', label: '报送整改报告' },
    accept: { from: ['responded'], to: 'closed', label: '验收销号' },
    return: { from: ['responded'], to: 'returned', label: '退回重新整改' },
    extendDeadline: { from: ['issued', 'returned'], to: 'issued', label: '延长整改期限' },
  },
});

export const rectificationIssuers = ['department', 'association'] as const;
export type RectificationIssuer = (typeof rectificationIssuers)[number];

/** The order: requirements and deadline (and the inspection it follows, if any). */
export const ZRectificationInput = z
  .object({
    requirements: text(8000, '整改要求'),
    deadline: day('整改期限'),
    inspectionId: z.uuid('检查编号格式不正确').nullable().optional(),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type RectificationInput = z.infer<typeof ZRectificationInput>;

/** The society's rectification report. */
export const ZRectificationResponseInput = z
  .object({
    report: text(8000, '整改情况'),
    attachmentIds: ZAttachmentIds,
  })
  .strict();

/** The issuer's decision: accept (close) or return with a comment. */
export { ZReturnableDecisionInput as ZRectificationDecisionInput } from './common.js';

export const ZRectificationExtendInput = z
  .object({ deadline: day('新的整改期限'), reason: text(500, '延期原因') })
  .strict();

/** A deadline is set in the future (issuing) or later than the current one (extending). */
export function deadlineProblems(deadline: string, today: string, current?: string): FieldError[] {
  if (deadline < today) return [{ path: 'deadline', message: '整改期限不能早于今天' }];
  if (current !== undefined && deadline <= current) return [{ path: 'deadline', message: '新的整改期限应晚于原期限' }];
  return [];
}

/** SUP-7: overdue when past the deadline and not closed (a report awaiting acceptance still counts). */
export function isRectificationOverdue(order: { status: RectificationState; deadline: string }, today: string): boolean {
  return order.status !== 'closed' && order.deadline < today;
}

/** Who acts next: the society (issued, returned) or the issuer (responded); nobody once closed. */
export function rectificationWaitingOn(status: RectificationState): 'society' | 'issuer' | null {
  if (status === 'responded') return 'issuer';
  if (status === 'closed') return null;
  return 'society';
}
