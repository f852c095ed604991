// What the API answers for declarations, countersign lists and pilot projects.
import { declarationLifecycle, type DeclarationState } from '../../../domain/selection/declaration.lifecycle.js';
import { countersignLifecycle, opinionDecisionLabels, type CountersignState, type OpinionDecision } from '../../../domain/selection/countersign.lifecycle.js';
import { approvalLevelLabels, reviewOfficeKindLabels, type ApprovalLevel, type ReviewOfficeKind } from '../../../domain/programme/programme.types.js';
import type { QualificationResult } from '../../../domain/selection/qualification.rules.js';
import type { countersignOpinions, countersigns, declarations } from '../../db/schema.js';

type Declaration = typeof declarations.$inferSelect;

export function declarationSummary(d: Declaration, societyName: string) {
  const q = d.qualification as QualificationResult;
  return {
    id: d.id,
    itemId: d.itemId,
    societyId: d.societyId,
    societyName,
    status: d.status,
    statusLabel: declarationLifecycle.states[d.status as DeclarationState] ?? d.status,
    isQualified: q.isQualified,
    failedConditions: q.failed,
    reviewOpinion: d.reviewOpinion,
    closedReason: d.closedReason,
    submittedAt: d.submittedAt.toISOString(),
    decidedAt: d.decidedAt?.toISOString() ?? null,
    version: d.version,
  };
}

export function declarationView(d: Declaration, ctx: { societyName: string; itemTitle: string; itemStatus: string; programmeName: string; departmentName: string; attachments: { id: string; filename: string; sizeBytes: number; contentType: string }[] }) {
  return {
    ...declarationSummary(d, ctx.societyName),
    itemTitle: ctx.itemTitle,
    itemStatus: ctx.itemStatus,
    programmeId: d.programmeId,
    programmeName: ctx.programmeName,
    departmentName: ctx.departmentName,
    capacityStatement: d.capacityStatement,
    plan: d.plan,
    contactName: d.contactName,
    attachments: ctx.attachments,
    qualification: d.qualification as QualificationResult,
    manualConfirmed: d.manualConfirmed,
  };
}

export function countersignView(
  c: typeof countersigns.$inferSelect,
  ctx: {
    programmeName: string;
    associationName: string;
    items: { itemId: string; title: string; categoryLabel: string; departmentName: string; status: string; itemRevision: number; recommended: { declarationId: string; societyId: string; societyName: string; reviewOpinion: string | null }[] }[];
    opinions: (typeof countersignOpinions.$inferSelect & { officeName: string })[];
  },
) {
  return {
    id: c.id,
    programmeId: c.programmeId,
    programmeName: ctx.programmeName,
    associationName: ctx.associationName,
    title: c.title,
    note: c.note,
    status: c.status,
    statusLabel: countersignLifecycle.states[c.status as CountersignState] ?? c.status,
    dueAt: c.dueAt?.toISOString() ?? null,
    sentAt: c.sentAt.toISOString(),
    decidedAt: c.decidedAt?.toISOString() ?? null,
    approvalLevel: c.approvalLevel,
    approvalLevelLabel: approvalLevelLabels[c.approvalLevel as ApprovalLevel] ?? c.approvalLevel,
    approvalDocument: c.approvalDocument,
    approvedOn: c.approvedOn,
    approvalNote: c.approvalNote,
    version: c.version,
    items: ctx.items,
    opinions: ctx.opinions.map((o) => ({
      officeOrgId: o.officeOrgId,
      officeName: o.officeName,
      officeKind: o.officeKind,
      officeKindLabel: reviewOfficeKindLabels[o.officeKind as ReviewOfficeKind] ?? o.officeKind,
      decision: o.decision,
      decisionLabel: opinionDecisionLabels[o.decision as OpinionDecision] ?? o.decision,
      opinion: o.opinion,
      decidedAt: o.decidedAt?.toISOString() ?? null,
      decidedByName: o.decidedByName,
    })),
  };
}
