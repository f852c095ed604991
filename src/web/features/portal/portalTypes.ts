// Shapes of the public answers the portal reads (src/server/modules/public/public-transfer.ts).

export interface PublicRevision {
  revision: number;
  changeKind: 'publish' | 'amend' | 'withdraw' | string;
  changeKindLabel: string;
  reason: string | null;
  actorName: string | null;
  actorOrgName: string | null;
  at: string;
  /** the record's content as it stood in this version (codes, plus categoryLabel for items) */
  snapshot: Record<string, unknown>;
}

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

export interface PublicDemandEntry {
  id: string;
  programmeId: string;
  programmeName: string;
  departmentId: string;
  departmentName: string;
  associationName: string;
  title: string;
  serviceKind: string;
  serviceKindLabel: string;
  description: string;
  purchaseMethod: string;
  purchaseMethodLabel: string;
  budgetFen: number | null;
  period: string | null;
  status: string;
  statusLabel: string;
  revision: number;
  publishedAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  updatedAt: string;
  revisions?: PublicRevision[];
}

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
