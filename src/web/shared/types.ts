// Shapes of the API answers the web app reads (see src/server/modules/*/routes.ts).

export interface FieldError {
  path: string;
  message: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** null where the list does not count (the audit log) */
  total: number | null;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  orgName: string;
  orgType: string;
  orgLevel: string | null;
  totpEnabled: boolean;
  needsTotpEnrollment: boolean;
  roles: string[];
  roleLabels: string[];
  permissions: string[];
}

export interface MeResponse {
  user: Me;
  csrfToken: string;
}

export interface Option {
  value: string;
  label: string;
}

export interface RoleOption extends Option {
  orgTypes: string[];
  permissions: string[];
}

export interface Dictionaries {
  orgTypes: Option[];
  associationLevels: Option[];
  officeKinds: Option[];
  societyTypes: Option[];
  affiliations: Option[];
  partyOrgs: Option[];
  inspectionResults: Option[];
  commendationLevels: Option[];
  roles: RoleOption[];
  programmeKinds: Option[];
  programmeStatuses: Option[];
  reviewOfficeKinds: Option[];
  approvalLevels: Option[];
  commissioningModes: Option[];
  procurementModes: Option[];
  qualificationRules: Option[];
  projectLeaderPosts: Option[];
  leaderApprovalBodies: Option[];
  approvers: Option[];
}
export type DictName = keyof Dictionaries;

export interface Todo {
  id: string;
  kind: string;
  title: string;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  dueAt: string | null;
  isOverdue: boolean;
  status: 'open' | 'done';
  createdAt: string;
  completedAt: string | null;
}

export interface OrgNode {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string | null;
  type: string;
  typeLabel: string;
  level: string | null;
  officeKind: string | null;
  isActive: boolean;
  children: OrgNode[];
}

export interface Org {
  id: string;
  parentId: string | null;
  parentName: string | null;
  name: string;
  shortName: string | null;
  type: string;
  typeLabel: string;
  level: string | null;
  officeKind: string | null;
  creditCode: string | null;
  region: string | null;
  contactName: string | null;
  contactPhone: string | null;
  isActive: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface SocietyProfile {
  societyType: string;
  affiliation: string;
  disciplines: string[];
  industries: string[];
  legalRepName: string | null;
  legalRepPhone: string | null;
  secretaryGeneralName: string | null;
  secretaryGeneralFullTime: boolean;
  secretaryGeneralPhone: string | null;
  fullTimeStaff: number;
  financeStaff: number;
  hasIndependentAccount: boolean;
  partyOrg: string;
  councilSize: number;
  standingCouncilSize: number;
  website: string | null;
  hasMemberDatabase: boolean;
  memberCount: number;
  hasExpertDatabase: boolean;
  expertCount: number;
  foundedYear: number | null;
}

export interface FactEntry {
  description: string;
  occurredOn?: string;
}
export interface Commendation {
  title: string;
  level: string;
  awardedOn?: string;
}
export interface Debarment {
  reason: string;
  startsOn: string;
  endsOn: string;
}

export interface YearlyFacts {
  id: string;
  year: number;
  annualInspection: string;
  commendations: Commendation[];
  violations: FactEntry[];
  criticisms: FactEntry[];
  failedTasks: FactEntry[];
  debarments: Debarment[];
  note: string | null;
  version: number;
  updatedAt: string;
}

export interface Society extends Org {
  profile: SocietyProfile;
  yearlyFacts: YearlyFacts[];
}

export interface SocietySummary {
  id: string;
  name: string;
  shortName: string | null;
  associationId: string | null;
  associationName: string | null;
  societyType: string;
  affiliation: string;
  disciplines: string[];
  secretaryGeneralName: string | null;
  secretaryGeneralFullTime: boolean;
  fullTimeStaff: number;
  latestInspection: { year: number; result: string } | null;
  isActive: boolean;
  version: number;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  orgName: string;
  orgType: string;
  roles: string[];
  roleLabels: string[];
  title: string | null;
  phone: string | null;
  email: string | null;
  idNumber: string | null;
  expertFields: string[];
  conflictOrgIds: string[];
  conflictNote: string | null;
  isActive: boolean;
  totpEnabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  version: number;
  createdAt: string;
}

export interface Stage {
  code: string;
  name: string;
  description?: string;
  startsOn: string;
  endsOn: string;
}

export interface Category {
  code: string;
  name: string;
  children?: Category[];
}

export type QualificationCondition = {
  rule: string;
  label: string;
  years?: number;
  count?: number;
  acceptDeputyOrStaff?: boolean;
  level?: string;
  withinYears?: number;
};

export interface ProgrammeParameters {
  reviewOffices: string[];
  approvalLevel: string;
  commissioningModes: string[];
  preferredProcurementModes: string[];
  qualificationConditions: QualificationCondition[];
  /** SEL-1…SEL-7: days each waiting step of the selection has */
  selectionDays?: { declare: number; review: number; countersign: number; approve: number; select: number };
  noticePeriodDays: number;
  evaluationNoticeDays: number;
  sanctions: { falseMaterialsDebarYears: number; failedAcceptanceDebarYears: number; recoverFundsOn: string[] };
  executionWindowMonths: number;
  procurementThresholdFen: number;
  stageReportDue: string | null;
  projectLeaderMinPost: string;
  leaderApprovalBodies: string[];
  majorMatterSteps: string[];
  changeApprovers: string[];
  [k: string]: unknown;
}

export interface ProgrammeSummary {
  id: string;
  associationId: string;
  associationName: string;
  name: string;
  kind: string;
  kindLabel: string;
  presetCode: string;
  year: number;
  status: string;
  statusLabel: string;
  publishedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Programme extends ProgrammeSummary {
  description: string | null;
  stages: Stage[];
  categories: Category[];
  parameters: ProgrammeParameters;
  allowedActions: string[];
}

export interface Preset {
  code: string;
  key: string;
  title: string;
  seedTitle: string;
  issuer: string;
  region: string;
  level: string;
  kind: string;
  stages: { code: string; name: string; description: string; startMonth: number; endMonth: number }[];
  categories: Category[];
}

export interface PublicProgramme {
  id: string;
  name: string;
  kind: string;
  kindLabel: string;
  year: number;
  status: string;
  statusLabel: string;
  description: string | null;
  stages: Stage[];
  categories?: Category[];
  associationName: string;
  publishedAt: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  orgId: string | null;
  orgName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  ip: string | null;
  hash: string;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  firstBrokenSeq?: number;
  reason?: string;
}

// ── FUN, SEL: transferable items, the demand catalogue, declarations, countersign, pilot projects
// (src/server/modules/transfer/transfer-views.ts, src/server/modules/selection/selection-views.ts).

export interface TransferItem {
  id: string;
  programmeId: string;
  programmeName: string;
  departmentId: string;
  departmentName: string;
  associationId: string;
  associationName: string;
  title: string;
  categoryCode: string;
  categoryLabel: string;
  description: string;
  legalBasis: string | null;
  commissioningMode: string;
  commissioningModeLabel: string;
  budgetFen: number | null;
  expectedPeriod: string | null;
  requiredQualifications: string | null;
  status: string;
  statusLabel: string;
  revision: number;
  version: number;
  declarationDeadline: string | null;
  declarationCount: number;
  publishedAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One published version of an item or a catalogue entry (FUN-3). */
export interface Revision {
  revision: number;
  changeKind: 'publish' | 'amend' | 'withdraw' | string;
  changeKindLabel: string;
  reason: string | null;
  actorName: string | null;
  actorOrgName: string | null;
  at: string;
  snapshot: Record<string, unknown>;
}

export type ConditionStatus = 'pass' | 'fail' | 'manual';

export interface ConditionResult {
  index: number;
  rule: string;
  label: string;
  status: ConditionStatus;
  fact: string;
}

/** SEL-3: the programme's conditions checked against a society's record. */
export interface QualificationResult {
  checkedOn: string;
  results: ConditionResult[];
  isQualified: boolean;
  failed: number;
  manual: number;
}

export interface DeclarationSummary {
  id: string;
  itemId: string;
  societyId: string;
  societyName: string;
  status: string;
  statusLabel: string;
  isQualified: boolean;
  failedConditions: number;
  reviewOpinion: string | null;
  closedReason: string | null;
  submittedAt: string;
  decidedAt: string | null;
  version: number;
}

export interface DeclarationListRow extends DeclarationSummary {
  itemTitle: string;
  itemStatus: string;
  departmentName: string;
}

export interface AttachmentRef {
  id: string;
  filename: string;
  sizeBytes: number;
  contentType: string;
}

export interface Declaration extends DeclarationSummary {
  itemTitle: string;
  itemStatus: string;
  programmeId: string;
  programmeName: string;
  departmentName: string;
  capacityStatement: string;
  plan: string | null;
  contactName: string | null;
  attachments: AttachmentRef[];
  qualification: QualificationResult;
  manualConfirmed: number[];
}

export interface DeclarationDetail {
  declaration: Declaration;
  actions: string[];
}

export interface ItemDetail {
  item: TransferItem;
  revisions: Revision[];
  declarations: DeclarationSummary[];
  countersigns: { id: string; title: string; status: string; sentAt: string }[];
  project: { id: string; societyId: string; selectionReason: string; selectedAt: string } | null;
  qualificationConditions: QualificationCondition[];
  actions: string[];
}

export interface DemandEntry {
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
  version: number;
  publishedAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  updatedAt: string;
}

export interface DemandEntryDetail {
  entry: DemandEntry;
  revisions: Revision[];
  actions: string[];
}

export interface RecommendedSociety {
  declarationId: string;
  societyId: string;
  societyName: string;
  reviewOpinion: string | null;
}

export interface CountersignOpinion {
  officeOrgId: string;
  officeName: string;
  officeKind: string;
  officeKindLabel: string;
  decision: 'pending' | 'agree' | 'return';
  decisionLabel: string;
  opinion: string | null;
  decidedAt: string | null;
  decidedByName: string | null;
}

export interface CountersignSummary {
  id: string;
  programmeId: string;
  programmeName: string;
  associationName: string;
  title: string;
  note: string | null;
  status: string;
  statusLabel: string;
  dueAt: string | null;
  sentAt: string;
  decidedAt: string | null;
  approvalLevel: string;
  approvalLevelLabel: string;
  approvalDocument: string | null;
  approvedOn: string | null;
  approvalNote: string | null;
  version: number;
  itemCount?: number;
}

export interface Countersign extends CountersignSummary {
  items: { itemId: string; title: string; categoryLabel: string; departmentName: string; status: string; itemRevision: number; recommended: RecommendedSociety[] }[];
  opinions: CountersignOpinion[];
}

export interface CountersignDetail {
  countersign: Countersign;
  actions: string[];
}

export interface PilotProject {
  id: string;
  programmeId: string;
  programmeName: string;
  itemId: string;
  declarationId: string;
  title: string;
  categoryCode: string;
  categoryLabel: string;
  departmentId: string;
  departmentName: string;
  societyId: string;
  societyName: string;
  associationName: string;
  status: string;
  statusLabel: string;
  selectionReason: string;
  selectedAt: string;
}

export interface Notification {
  id: string;
  title: string;
  body: string | null;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** FUN-5: one bad cell of an imported spreadsheet. */
export interface ImportRowError {
  row: number | null;
  column: string | null;
  field: string | null;
  message: string;
}
