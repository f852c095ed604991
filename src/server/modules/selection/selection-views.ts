// What the API answers for declarations and countersign lists (src/contract/selection.ts): each view
// is typed with the contract's type, so a field the contract names and the view forgets is a
// type error, and a field the view adds and the contract does not name never leaves the server.
import { declarationLifecycle, type DeclarationState } from '../../../domain/selection/declaration.lifecycle.js';
import { countersignLifecycle, opinionDecisionLabels, type CountersignState, type OpinionDecision } from '../../../domain/selection/countersign.lifecycle.js';
import { approvalLevelLabels, type ApprovalLevel } from '../../../domain/programme/programme.types.js';
import { officeKindLabels, type OfficeKind } from '../../../domain/org/org.types.js';
import type { TransferItemState } from '../../../domain/transfer/transfer-item.lifecycle.js';
import type { CountersignAction, DeclarationAction } from '../../../domain/selection/selection.actions.js';
import type {
  Countersign,
  CountersignItem,
  CountersignListItem,
  Declaration,
  DeclarationListItem,
  DeclarationSummary,
  QualificationResult,
} from '../../../contract/selection.js';
import type { AttachmentRef } from '../../../contract/common.js';
import type { countersignOpinions, countersigns, declarations } from '../../db/schema.js';

type DeclarationRow = typeof declarations.$inferSelect;
type CountersignRow = typeof countersigns.$inferSelect;

/** The stored check (SEL-3) as the contract states it; a row written without one reads as empty. */
export function storedQualification(stored: unknown): QualificationResult {
  const q = (stored ?? {}) as Partial<QualificationResult>;
  return { checkedOn: q.checkedOn ?? '', results: q.results ?? [], isQualified: q.isQualified ?? false, failed: q.failed ?? 0, manual: q.manual ?? 0 };
}

const declarationStatusLabel = (s: string) => declarationLifecycle.states[s as DeclarationState] ?? s;

/** The fields of a declaration every view shows, from its row (or the list's narrow select). */
type SummaryFields = Pick<DeclarationRow, 'id' | 'itemId' | 'societyId' | 'status' | 'reviewOpinion' | 'closedReason' | 'submittedAt' | 'decidedAt' | 'version'>;

function summaryOf(d: SummaryFields, societyName: string, q: { isQualified: boolean; failed: number }): DeclarationSummary {
  return {
    id: d.id,
    itemId: d.itemId,
    societyId: d.societyId,
    societyName,
    status: d.status as DeclarationState,
    statusLabel: declarationStatusLabel(d.status),
    isQualified: q.isQualified,
    failedConditions: q.failed,
    reviewOpinion: d.reviewOpinion,
    closedReason: d.closedReason,
    submittedAt: d.submittedAt.toISOString(),
    decidedAt: d.decidedAt?.toISOString() ?? null,
    version: d.version,
  };
}

export function declarationSummary(d: DeclarationRow, societyName: string): DeclarationSummary {
  return summaryOf(d, societyName, storedQualification(d.qualification));
}

export function declarationListItem(r: SummaryFields & { societyName: string; isQualified: boolean; failed: number; itemTitle: string; departmentId: string; departmentName: string }): DeclarationListItem {
  return { ...summaryOf(r, r.societyName, r), itemTitle: r.itemTitle, departmentId: r.departmentId, departmentName: r.departmentName };
}

export function declarationView(
  d: DeclarationRow,
  ctx: {
    societyName: string;
    itemTitle: string;
    itemStatus: string;
    programmeName: string;
    departmentId: string;
    departmentName: string;
    associationName: string;
    attachments: AttachmentRef[];
    actions: DeclarationAction[];
  },
): Declaration {
  return {
    ...declarationSummary(d, ctx.societyName),
    itemTitle: ctx.itemTitle,
    itemStatus: ctx.itemStatus as TransferItemState,
    programmeId: d.programmeId,
    programmeName: ctx.programmeName,
    departmentId: ctx.departmentId,
    departmentName: ctx.departmentName,
    associationId: d.associationId,
    associationName: ctx.associationName,
    capacityStatement: d.capacityStatement,
    plan: d.plan,
    contactName: d.contactName,
    attachments: ctx.attachments,
    qualification: storedQualification(d.qualification),
    manualConfirmed: d.manualConfirmed,
    actions: ctx.actions,
  };
}

/** The fields the countersign list and detail share. */
type CountersignFields = Pick<CountersignRow, 'id' | 'programmeId' | 'associationId' | 'title' | 'status' | 'dueAt' | 'sentAt' | 'approvalLevel' | 'approvalDocument'>;

function countersignHead(c: CountersignFields, associationName: string) {
  return {
    id: c.id,
    programmeId: c.programmeId,
    associationId: c.associationId,
    associationName,
    title: c.title,
    status: c.status as CountersignState,
    statusLabel: countersignLifecycle.states[c.status as CountersignState] ?? c.status,
    dueAt: c.dueAt?.toISOString() ?? null,
    sentAt: c.sentAt.toISOString(),
    approvalLevel: c.approvalLevel as ApprovalLevel,
    approvalLevelLabel: approvalLevelLabels[c.approvalLevel as ApprovalLevel] ?? c.approvalLevel,
    approvalDocument: c.approvalDocument,
  };
}

export function countersignListItem(c: CountersignFields & { associationName: string; itemCount: number }): CountersignListItem {
  return { ...countersignHead(c, c.associationName), itemCount: Number(c.itemCount) };
}

export function countersignView(
  c: CountersignRow,
  ctx: {
    programmeName: string;
    associationName: string;
    items: CountersignItem[];
    opinions: (typeof countersignOpinions.$inferSelect & { officeName: string })[];
    actions: CountersignAction[];
  },
): Countersign {
  return {
    ...countersignHead(c, ctx.associationName),
    programmeName: ctx.programmeName,
    note: c.note,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    approvedOn: c.approvedOn,
    approvalNote: c.approvalNote,
    version: c.version,
    items: ctx.items,
    opinions: ctx.opinions.map((o) => ({
      officeId: o.officeOrgId,
      officeName: o.officeName,
      officeKind: o.officeKind as OfficeKind,
      officeKindLabel: officeKindLabels[o.officeKind as OfficeKind] ?? o.officeKind,
      decision: o.decision as OpinionDecision,
      decisionLabel: opinionDecisionLabels[o.decision as OpinionDecision] ?? o.decision,
      opinion: o.opinion,
      decidedAt: o.decidedAt?.toISOString() ?? null,
      decidedByName: o.decidedByName,
    })),
    actions: ctx.actions,
  };
}
