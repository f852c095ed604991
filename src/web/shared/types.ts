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
  /** a one-time password (npm run setup --one-time) to be changed before anything else */
  mustChangePassword?: boolean;
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
  fundingNatures: Option[];
  fundingSources: Option[];
  taskBookStatuses: Option[];
  signingParties: Option[];
  projectStatuses: Option[];
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
  /** SEL-1: the relay also reaches the societies of the associations below */
  relayIncludesSubordinateSocieties?: boolean;
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
  /** the acting user's name (the row's name when there was no account) */
  actorDisplayName: string | null;
  actorUsername: string | null;
  actorOrgId: string | null;
  /** the acting user's own organisation */
  actorOrgName: string | null;
  /** the organisation the record belongs to */
  orgId: string | null;
  orgName: string | null;
  action: string;
  actionLabel: string;
  entityType: string | null;
  entityTypeLabel: string;
  entityId: string | null;
  entityTitle: string | null;
  entityLink: string | null;
  /** names of the records before/after refer to by id */
  refs: Record<string, string>;
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
  /** X-1 (ADR 0009): the signed checkpoints checked, and what disagrees with them */
  checkpoints?: number;
  latest?: { seq: number; at: string } | null;
  problems?: { code: string; seq?: number; message: string }[];
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
  associationId: string;
  associationName: string;
  status: string;
  statusLabel: string;
  selectionReason: string;
  selectedAt: string;
}

// TB-1…TB-5: the tri-party task book (src/domain/taskbook/taskbook.types.ts on the server).
export interface TaskBookFunding {
  supported?: boolean | null;
  budgetFen?: number | null;
  nature?: 'fiscal' | 'other' | null;
  natureOther?: string | null;
  source?: 'publicFunds' | 'projectFunds' | null;
  policySupport?: boolean | null;
}
export interface TaskBookContent {
  projectName?: string | null;
  society: Record<string, unknown> & { leaderApproval?: { body: string; decidedOn: string; reference: string } | null; selfRaisedFen?: number | null };
  department: Record<string, unknown> & { funding?: TaskBookFunding | null; cooperationMode?: string | null };
  association: Record<string, unknown> & { funding?: TaskBookFunding | null };
  project: Record<string, unknown> & {
    kpis?: { name: string; target: number; unit: string }[] | null;
    schedule?: { name: string; dueOn: string; deliverable?: string | null }[] | null;
    members?: { name: string; employer: string; title?: string | null; role?: string | null }[] | null;
  };
}
export type TaskBookPart = 'society' | 'department' | 'association' | 'project';
export type SigningParty = 'department' | 'society' | 'association';
export interface TaskBookSummary {
  id: string;
  projectId: string;
  version: number;
  status: 'drafting' | 'signing' | 'signed' | 'superseded';
  statusLabel: string;
  verificationCode: string | null;
  changeRequestId: string | null;
  createdAt: string;
  frozenAt: string | null;
  signedAt: string | null;
}
export interface TaskBookSignature {
  id: string;
  party: SigningParty;
  partyLabel: string;
  orgId: string;
  orgName: string;
  signerName: string;
  opinion: string | null;
  signedAt: string;
  digest: string;
  keyId: string;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
}
export interface TaskBook extends TaskBookSummary {
  rowVersion: number;
  contentDigest: string | null;
  content: TaskBookContent;
  parties: Record<SigningParty, { orgId: string; orgName: string }>;
  myParty: SigningParty | null;
  signatures: TaskBookSignature[];
  missing: FieldError[];
  /** SUP-5: made from an approved change whose text is signed as it stands (no part editable) */
  contentBinding: boolean;
  editableParts: TaskBookPart[];
  actions: ('sign' | 'withdrawSignatures')[];
}
/** PUB-2: the answer of the public verification. */
export interface TaskBookVerification {
  valid: boolean;
  reason: string | null;
  verificationCode: string | null;
  projectName: string | null;
  version: number | null;
  status: string | null;
  statusLabel: string | null;
  contentDigest: string | null;
  recomputedDigest: string | null;
  signedAt: string | null;
  parties: { party: SigningParty; partyLabel: string; orgName: string }[];
  signatures: { party: SigningParty; partyLabel: string; orgName: string; signedAt: string; valid: boolean }[];
  file?: { sm3: string; matched: 'docx' | 'pdf' | null; codeInFile: string | null };
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

// ===================================================================================================
// SUP-3, SUP-5, SUP-6, PRG-3, PUB-1 (issue 4 steps 6–8, 10): major matters, change requests,
// terminations and refunds, programme records, disclosed briefings and progress. Server views:
// src/server/modules/supervision/supervision-views-b.ts, programme-records/routes.ts, public/public-disclosure.ts.
// (AttachmentRef: declared above, shared.)
// ===================================================================================================
export type ApproverCode = 'council' | 'department' | 'association' | 'leadingGroup' | 'financeBureau';
export interface ApprovalDecisionView {
  step: number;
  approver: ApproverCode;
  approverLabel: string;
  decision: 'approve' | 'reject';
  decisionLabel: string;
  opinion: string | null;
  orgName: string;
  decidedByName: string;
  decidedAt: string;
}
export interface ApprovalStepView {
  step: number;
  approver: ApproverCode;
  approverLabel: string;
  decider: string;
  state: 'approved' | 'rejected' | 'pending' | 'waiting' | 'skipped';
  decision: ApprovalDecisionView | null;
}
export type ApprovalPosition = { kind: 'pending'; step: number; approver: ApproverCode; approverLabel: string; decider: string } | { kind: 'approved' } | { kind: 'rejected' } | { kind: 'withdrawn' };
export interface ApprovalChain {
  position: ApprovalPosition;
  steps: ApprovalStepView[];
}
export interface ApprovalStepInfo {
  approver: ApproverCode;
  approverLabel: string;
  decider: string;
}
export interface MajorMatter extends ApprovalChain {
  id: string;
  projectId: string;
  title: string;
  content: string;
  councilDecision: { body: 'council' | 'standingCouncil'; bodyLabel: string; decidedOn: string; reference: string };
  status: 'approving' | 'approved' | 'rejected' | 'withdrawn';
  statusLabel: string;
  attachments: AttachmentRef[];
  submittedByName: string | null;
  submittedAt: string;
  closedAt: string | null;
  rowVersion: number;
  actions: ('decide' | 'withdraw')[];
}
export interface MajorMatterList {
  items: MajorMatter[];
  actions: 'create'[];
  createRefusal: string | null;
  steps: ApprovalStepInfo[];
}
export interface ChangeRequest extends ApprovalChain {
  id: string;
  projectId: string;
  baseTaskBookId: string;
  baseVersion: number | null;
  reason: string;
  changesSummary: string | null;
  hasProposedContent: boolean;
  proposedContent?: TaskBookContent | null;
  status: 'approving' | 'approved' | 'rejected' | 'withdrawn';
  statusLabel: string;
  newTaskBookId: string | null;
  newVersion: { id: string; version: number; status: string; statusLabel: string } | null;
  attachments: AttachmentRef[];
  submittedByName: string | null;
  submittedAt: string;
  closedAt: string | null;
  rowVersion: number;
  actions: ('decide' | 'withdraw')[];
}
export interface ChangeRequestList {
  items: ChangeRequest[];
  actions: 'create'[];
  createRefusal: string | null;
  baseTaskBookId: string | null;
  steps: ApprovalStepInfo[];
}
export interface RefundPayment {
  id: string;
  amountFen: number;
  receivedOn: string;
  reference: string;
  note: string | null;
  recordedByName: string | null;
  recordedAt: string;
}
export interface Termination extends ApprovalChain {
  id: string;
  projectId: string;
  initiatedBy: 'society' | 'department';
  initiatedByLabel: string;
  initiatorOrgName: string;
  reason: string;
  status: 'approving' | 'rejected' | 'withdrawn' | 'decidingRefund' | 'refunding' | 'closed';
  statusLabel: string;
  receivedFen: number;
  refundKind: 'none' | 'part' | 'all' | null;
  refundKindLabel: string | null;
  refundFen: number | null;
  refundNote: string | null;
  refundDecidedAt: string | null;
  refundedFen: number;
  remainingFen: number | null;
  payments: RefundPayment[];
  attachments: AttachmentRef[];
  submittedByName: string | null;
  submittedAt: string;
  agreedAt: string | null;
  closedAt: string | null;
  rowVersion: number;
  actions: ('decide' | 'withdraw' | 'decideRefund' | 'recordPayment')[];
}
export interface TerminationList {
  items: Termination[];
  actions: ('request' | 'impose')[];
  createRefusal: string | null;
  steps: ApprovalStepInfo[];
}

// PRG-3 programme records
export interface RecordsProgramme {
  id: string;
  name: string;
  status: string;
  associationName: string;
  parentAssociationName: string | null;
  stageReportDue: string | null;
}
export interface RecordsProgrammeOption {
  id: string;
  name: string;
  year: number;
  status: string;
  associationName: string;
  mine: boolean;
}
export interface MeetingRecord {
  id: string;
  programmeId: string;
  kind: 'leadingGroup' | 'regular';
  kindLabel: string;
  title: string;
  heldOn: string;
  location: string | null;
  attendees: string[];
  minutes: string;
  decisions: { text: string; owner?: string | null; dueOn?: string | null }[];
  attachments: AttachmentRef[];
  recordedAt: string;
  rowVersion: number;
  actions: 'edit'[];
}
export interface BriefingRecord {
  id: string;
  programmeId: string;
  issueNo: number;
  title: string;
  issuedOn: string;
  body: string;
  disclosure: 'internal' | 'published' | 'withdrawn';
  disclosureLabel: string;
  publishedAt: string | null;
  withdrawnAt: string | null;
  attachments: AttachmentRef[];
  createdAt: string;
  updatedAt: string;
  rowVersion: number;
  actions: ('edit' | 'publish' | 'withdrawDisclosure')[];
}
export interface StageReportRecord {
  id: string;
  programmeId: string;
  programmeName: string;
  associationName: string;
  recipientName: string | null;
  year: number;
  period: string;
  dueOn: string | null;
  title: string;
  body: string;
  status: 'draft' | 'submitted';
  statusLabel: string;
  late: boolean;
  submittedAt: string | null;
  attachments: AttachmentRef[];
  createdAt: string;
  rowVersion: number;
  actions: ('edit' | 'submit')[];
}
export interface RecordsList<T> {
  programme: RecordsProgramme;
  actions: 'create'[];
  items: T[];
}

// PUB-1 disclosed on the portal
export interface PublicBriefing {
  id: string;
  programmeId: string;
  programmeName: string;
  associationName: string;
  issueNo: number;
  title: string;
  issuedOn: string;
  publishedAt: string | null;
  summary?: string;
  body?: string;
}
export interface PublicProgress {
  id: string;
  projectId: string;
  projectTitle: string;
  programmeId: string;
  programmeName: string;
  societyName: string;
  departmentName: string;
  title: string;
  summary: string;
  milestoneName: string | null;
  completesMilestone: boolean;
  submittedAt: string;
  publishedAt: string | null;
}

// ===================================================================================================
// SUP-1, SUP-2, SUP-4, SUP-7, SUP-8 (issue 4 steps 4, 5, 6 SUP-4 half, 9): implementation plans,
// milestones and progress reports, observers and inspections, rectification, training and guidance.
// Server views: src/server/modules/supervision/supervision-views-a.ts. (AttachmentRef: declared above.)
// ===================================================================================================
export type ProjectParty = 'department' | 'society' | 'association';
export interface PlanContent {
  goals: string;
  organisation: string;
  workingMode: string;
  mechanisms: string;
  safeguards: string;
}
export interface ImplementationPlan {
  id: string;
  projectId: string;
  version: number;
  status: 'submitted' | 'returned' | 'approved' | 'superseded';
  statusLabel: string;
  content: PlanContent;
  revisionNote: string | null;
  attachments: AttachmentRef[];
  submittedByName: string | null;
  submittedAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  rowVersion: number;
  actions: ('approve' | 'return')[];
}
export interface ImplementationPlanList {
  items: ImplementationPlan[];
  inForceId: string | null;
  pendingId: string | null;
  myParty: ProjectParty | null;
  actions: 'submit'[];
}
export interface Milestone {
  id: string;
  projectId: string;
  position: number;
  name: string;
  dueOn: string;
  deliverable: string | null;
  status: 'open' | 'completed' | 'cancelled';
  statusLabel: string;
  overdue: boolean;
  overdueAlertedAt: string | null;
  taskBookVersion: number;
  completedAt: string | null;
  completedByReportId: string | null;
  cancelledAt: string | null;
  reportCount: number;
  actions: 'report'[];
}
export interface MilestoneList {
  items: Milestone[];
  today: string;
  actions: 'report'[];
}
export interface ProgressReport {
  id: string;
  projectId: string;
  milestoneId: string | null;
  milestoneName: string | null;
  completesMilestone: boolean;
  title: string;
  body: string;
  attachments: AttachmentRef[];
  status: 'submitted' | 'acknowledged';
  statusLabel: string;
  submittedByName: string | null;
  submittedAt: string;
  acknowledgedAt: string | null;
  acknowledgedByOrgName: string | null;
  acknowledgeComment: string | null;
  /** PUB-1: internal | published | withdrawn */
  disclosure: 'internal' | 'published' | 'withdrawn';
  disclosureLabel: string;
  publicSummary: string | null;
  publishedAt: string | null;
  withdrawnAt: string | null;
  rowVersion: number;
  actions: ('acknowledge' | 'publish' | 'withdrawDisclosure')[];
}
export interface ProgressReportList {
  items: ProgressReport[];
  actions: 'submit'[];
}
export interface PanelPerson {
  name: string;
  employer: string;
  title?: string | null;
}
export interface ObserverRecord {
  id: string;
  projectId: string;
  personName: string;
  employer: string;
  /** the observer's platform account, when linked (they read the project while assigned) */
  userId: string | null;
  fromOn: string;
  toOn: string;
  duties: string | null;
  endedOn: string | null;
  endedReason: string | null;
  active: boolean;
  assignedByOrgName: string | null;
  createdAt: string;
  rowVersion: number;
  actions: 'end'[];
}
export interface InspectionRecord {
  id: string;
  projectId: string;
  plannedOn: string;
  purpose: string;
  panel: PanelPerson[];
  status: 'planned' | 'findingsRecorded' | 'cancelled';
  statusLabel: string;
  inspectedOn: string | null;
  findings: string | null;
  conclusion: 'good' | 'pass' | 'needsRectification' | 'fail' | null;
  conclusionLabel: string | null;
  attachments: AttachmentRef[];
  cancelledReason: string | null;
  createdAt: string;
  findingsRecordedAt: string | null;
  rowVersion: number;
  actions: ('edit' | 'recordFindings' | 'cancel' | 'issueRectification')[];
}
export interface RectificationOrder {
  id: string;
  projectId: string;
  issuerKind: 'department' | 'association';
  issuerLabel: string;
  issuerOrgName: string | null;
  inspectionId: string | null;
  requirements: string;
  deadline: string;
  status: 'issued' | 'responded' | 'returned' | 'closed';
  statusLabel: string;
  waitingOn: 'society' | 'issuer' | null;
  overdue: boolean;
  attachments: AttachmentRef[];
  response: string | null;
  responseAttachments: AttachmentRef[];
  respondedAt: string | null;
  decisionComment: string | null;
  decidedAt: string | null;
  closedAt: string | null;
  issuedByName: string | null;
  issuedAt: string;
  rowVersion: number;
  actions: ('respond' | 'accept' | 'return' | 'extend')[];
}
export interface TrainingRecord {
  id: string;
  programmeId: string;
  projectId: string | null;
  scope: 'project' | 'programme';
  kind: 'training' | 'guidance';
  kindLabel: string;
  title: string;
  heldOn: string;
  location: string | null;
  givenBy: string | null;
  participants: string | null;
  participantCount: number | null;
  content: string;
  attachments: AttachmentRef[];
  recordedByOrgName: string;
  recordedAt: string;
}
/** A list of project records and what the reading user may start. */
export interface ActionList<T, A extends string = string> {
  items: T[];
  actions: A[];
}
