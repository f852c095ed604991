// SUP-4 (002 §5 派观察员参与项目巡视; 002 附件§4(1) 委派专家组…检查、监督).
// Observers: people the coordinating association assigns to a project for a period — plain records
// (an assignment may be ended early). Inspections: an expert panel the department sends; planned
// (date, panel, purpose) → findings recorded (findings, conclusion), or cancelled. A conclusion
// that needs rectification is the usual ground for a rectification order (SUP-7).
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';
import type { FieldError } from '../field-error.js';
import { ZAttachmentIds, ZPerson, day, optText, text } from './common.js';

// ----------------------------------------------------------------------------------------------
// Observers
// ----------------------------------------------------------------------------------------------

export const ZObserverInput = z
  .object({
    personName: text(40, '观察员姓名'),
    employer: text(100, '工作单位'),
    /** the platform user, when the observer has an account */
    userId: z.uuid('用户编号格式不正确').nullable().optional(),
    fromOn: day('开始日期'),
    toOn: day('结束日期'),
    duties: optText(2000, '工作职责'),
  })
  .strict()
  .refine((o) => o.toOn >= o.fromOn, { message: '结束日期不能早于开始日期', path: ['toOn'] });
export type ObserverInput = z.infer<typeof ZObserverInput>;

/** Ending an assignment early (the end date becomes `endedOn`). */
export const ZObserverEndInput = z
  .object({ endedOn: day('结束日期'), reason: text(500, '结束原因') })
  .strict();

/** Whether an observer assignment is in force on a day (an early end counts from `endedOn`). */
export function observerActiveOn(o: { fromOn: string; toOn: string; endedOn?: string | null }, today: string): boolean {
  const end = o.endedOn && o.endedOn < o.toOn ? o.endedOn : o.toOn;
  return o.fromOn <= today && today <= end;
}

// ----------------------------------------------------------------------------------------------
// Expert panel inspections
// ----------------------------------------------------------------------------------------------

export const inspectionStates = ['planned', 'findingsRecorded', 'cancelled'] as const;
export type InspectionState = (typeof inspectionStates)[number];

export const inspectionLifecycle = defineLifecycle<InspectionState, 'edit' | 'recordFindings' | 'cancel'>({
  states: { planned: '已安排', findingsRecorded: '已出具检查意见', cancelled: '已取消' },
  events: {
    edit: { from: ['planned'], to: 'planned', label: '修改检查安排' },
    recordFindings: { from: ['planned'], to: 'findingsRecorded', label: '登记检查意见' },
    cancel: { from: ['planned'], to: 'cancelled', label: '取消检查' },
  },
});

export const inspectionConclusions = ['good', 'pass', 'needsRectification', 'fail'] as const;
export type InspectionConclusion = (typeof inspectionConclusions)[number];
export const inspectionConclusionLabels: Record<InspectionConclusion, string> = {
  good: '良好',
  pass: '合格',
  needsRectification: '需整改',
  fail: '不合格',
};

/** The department plans an inspection: date, panel, purpose. */
export const ZInspectionInput = z
  .object({
    plannedOn: day('检查日期'),
    purpose: text(2000, '检查内容'),
    panel: z.array(ZPerson).min(1, '请填写专家组成员').max(20, '专家组成员不能超过 20 人'),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type InspectionInput = z.infer<typeof ZInspectionInput>;

/** The panel's findings and conclusion. */
export const ZInspectionFindingsInput = z
  .object({
    inspectedOn: day('实际检查日期'),
    findings: text(8000, '检查发现'),
    conclusion: z.enum(inspectionConclusions),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type InspectionFindingsInput = z.infer<typeof ZInspectionFindingsInput>;

export const ZInspectionCancelInput = z.object({ reason: text(500, '取消原因') }).strict();

/** Findings are recorded after the inspection took place. */
export function findingsProblems(input: Pick<InspectionFindingsInput, 'inspectedOn'>, today: string): FieldError[] {
  return input.inspectedOn > today ? [{ path: 'inspectedOn', message: '检查日期不能晚于今天' }] : [];
}
