// Shapes of the public answers the portal reads (src/server/modules/public/public-transfer.ts).
import type { DemandEntry, Revision } from '../../shared/types';

/** A published version: the same shape the internal pages read (FUN-3). */
export type PublicRevision = Revision;

export interface PublicItemSummary {
  id: string;
  title: string;
  categoryCode: string;
  categoryLabel: string;
  summary: string | null;
  commissioningModeLabel: string;
  budgetFen: number | null;
  status: string;
  statusLabel: string;
  revision: number;
  publishedAt: string | null;
  withdrawnAt: string | null;
  programmeId: string;
  programmeName: string;
  departmentName: string;
}

export interface PublicSelectionResult {
  projectId: string;
  societyName: string;
  selectionReason: string;
  selectedAt: string;
}

export interface PublicItem {
  id: string;
  title: string;
  categoryCode: string;
  categoryLabel: string;
  description: string;
  legalBasis: string | null;
  commissioningModeLabel: string;
  budgetFen: number | null;
  expectedPeriod: string | null;
  requiredQualifications: string | null;
  status: string;
  statusLabel: string;
  revision: number;
  publishedAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  declarationDeadline: string | null;
  programmeId: string;
  programmeName: string;
  departmentName: string;
  associationName: string;
  revisions: PublicRevision[];
  result: PublicSelectionResult | null;
}

/** A catalogue entry as the portal reads it: the internal shape without the edit version. */
export type PublicDemandEntry = Omit<DemandEntry, 'version'> & { revisions?: Revision[] };

export interface PublicProject {
  id: string;
  itemId: string;
  title: string;
  categoryLabel: string;
  programmeName: string;
  departmentName: string;
  societyName: string;
  selectionReason: string;
  selectedAt: string;
}

export type SearchType = 'item' | 'demand' | 'project';

export interface SearchHit {
  type: SearchType;
  typeLabel: string;
  id: string;
  /** the project's item, where the server gives it (projects have no public page of their own) */
  itemId?: string;
  title: string;
  summary: string | null;
  orgName: string;
  statusLabel: string;
  at: string | null;
}

export interface SearchAnswer {
  items: SearchHit[];
  query: string;
}
