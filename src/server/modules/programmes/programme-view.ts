import { allowedEvents } from '../../../domain/lifecycle.js';
import { programmeLifecycle, type ProgrammeState } from '../../../domain/programme/programme.lifecycle.js';
import { programmeKindLabels, type ProgrammeKind } from '../../../domain/programme/programme.types.js';
import type { ProgrammeRow } from './programmes.repo.js';

export function programmeSummary(p: ProgrammeRow, associationName: string) {
  return {
    id: p.id,
    associationId: p.associationId,
    associationName,
    name: p.name,
    kind: p.kind,
    kindLabel: programmeKindLabels[p.kind as ProgrammeKind] ?? p.kind,
    presetCode: p.presetCode,
    year: p.year,
    status: p.status,
    statusLabel: programmeLifecycle.states[p.status as ProgrammeState] ?? p.status,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function programmeView(p: ProgrammeRow, associationName: string) {
  return {
    ...programmeSummary(p, associationName),
    description: p.description,
    stages: p.stages,
    categories: p.categories,
    parameters: p.parameters,
    allowedActions: allowedEvents(programmeLifecycle, p.status as ProgrammeState),
  };
}
