import { allowedEvents } from '../../../domain/lifecycle.js';
import { programmeLifecycle, type ProgrammeState } from '../../../domain/programme/programme.lifecycle.js';
import { programmeKindLabels, withParameterDefaults, type ProgrammeKind, type PresetCode } from '../../../domain/programme/programme.types.js';
import type { Category, Programme, ProgrammeParameters, ProgrammeSummary, Stage } from '../../../contract/programmes.js';
import type { ProgrammeRow } from './programmes.repo.js';

/** The columns the programme list shows (programmes.repo.ts listProgrammes selects only these). */
export type ProgrammeListRow = Pick<ProgrammeRow, 'id' | 'associationId' | 'name' | 'kind' | 'presetCode' | 'year' | 'status' | 'publishedAt' | 'version' | 'createdAt' | 'updatedAt'>;

export function programmeSummary(p: ProgrammeListRow, associationName: string): ProgrammeSummary {
  return {
    id: p.id,
    associationId: p.associationId,
    associationName,
    name: p.name,
    kind: p.kind as ProgrammeKind,
    kindLabel: programmeKindLabels[p.kind as ProgrammeKind] ?? p.kind,
    presetCode: p.presetCode as PresetCode,
    year: p.year,
    status: p.status as ProgrammeState,
    statusLabel: programmeLifecycle.states[p.status as ProgrammeState] ?? p.status,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function programmeView(p: ProgrammeRow, associationName: string): Programme {
  return {
    ...programmeSummary(p, associationName),
    description: p.description,
    stages: p.stages as Stage[],
    categories: p.categories as Category[],
    // a parameter added since the programme was stored reads its platform default (programme.types.ts)
    parameters: withParameterDefaults(p.parameters as ProgrammeParameters),
    actions: allowedEvents(programmeLifecycle, p.status as ProgrammeState),
  };
}
