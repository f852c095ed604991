// SUP-8: what the API answers for a training or guidance record, and for a line of a programme's list.
import { trainingKindLabels, type TrainingKind } from '../../../domain/supervision/training.js';
import type { TrainingRecord, TrainingSummary } from '../../../contract/implementation.js';
import type { TrainingLine, TrainingWithOrg } from './training.js';
import { pickRefs, type AttachmentRef } from './supervision-attachments.js';

function common(t: TrainingLine) {
  const kind = t.kind as TrainingKind;
  return {
    id: t.id,
    programmeId: t.programmeId,
    projectId: t.projectId,
    scope: t.projectId ? ('project' as const) : ('programme' as const),
    kind,
    kindLabel: trainingKindLabels[kind] ?? t.kind,
    title: t.title,
    heldOn: t.heldOn,
    givenBy: t.givenBy,
    participantCount: t.participantCount,
    recordedByOrgId: t.recordedByOrgId,
    recordedByOrgName: t.recordedByOrgName,
    recordedAt: t.recordedAt.toISOString(),
  };
}

export function trainingView(t: TrainingWithOrg, refs: Map<string, AttachmentRef>): TrainingRecord {
  return { ...common(t), location: t.location, participants: t.participants, content: t.content, attachments: pickRefs(refs, t.attachmentIds) };
}

export function trainingSummaryView(t: TrainingLine & { projectTitle: string | null }): TrainingSummary {
  return { ...common(t), projectTitle: t.projectTitle };
}
