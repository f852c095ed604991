// The lazily loaded pages of the signed-in area, and a way to fetch their code ahead of use.
const loaders = {
  WorkbenchPage: () => import('./features/workbench/WorkbenchPage'),
  OrgsPage: () => import('./features/orgs/OrgsPage'),
  SocietiesPage: () => import('./features/societies/SocietiesPage'),
  SocietyDetailPage: () => import('./features/societies/SocietyDetailPage'),
  SocietyFormPage: () => import('./features/societies/SocietyFormPage'),
  UsersPage: () => import('./features/users/UsersPage'),
  ProgrammesPage: () => import('./features/programmes/ProgrammesPage'),
  ProgrammeCreatePage: () => import('./features/programmes/ProgrammeCreatePage'),
  ProgrammeDetailPage: () => import('./features/programmes/ProgrammeDetailPage'),
  AuditPage: () => import('./features/audit/AuditPage'),
  AccountPage: () => import('./features/account/AccountPage'),
  ItemsPage: () => import('./features/transfer/ItemsPage'),
  ItemDetailPage: () => import('./features/transfer/ItemDetailPage'),
  ItemFormPage: () => import('./features/transfer/ItemFormPage'),
  DemandPages: () => import('./features/transfer/DemandPages'),
  DeclarePage: () => import('./features/selection/DeclarePage'),
  DeclarationFormPage: () => import('./features/selection/DeclarationFormPage'),
  DeclarationsPage: () => import('./features/selection/DeclarationsPage'),
  DeclarationDetailPage: () => import('./features/selection/DeclarationDetailPage'),
  CountersignPages: () => import('./features/selection/CountersignPages'),
  ProjectPages: () => import('./features/selection/ProjectPages'),
  NotificationsPage: () => import('./features/notifications/NotificationsPage'),
  ProgrammeRecordsPage: () => import('./features/programme-records/ProgrammeRecordsPage'),
  FundLedgerPage: () => import('./features/funds/FundLedgerPage'),
  CapacityCallsPage: () => import('./features/capacity/CapacityCallsPage'),
  CallFormPage: () => import('./features/capacity/CallFormPage'),
  CallDetailPage: () => import('./features/capacity/CallDetailPage'),
  ApplicationsPage: () => import('./features/capacity-applications/ApplicationsPage'),
  ApplicationFormPage: () => import('./features/capacity-applications/ApplicationFormPage'),
  ApplicationDetailPage: () => import('./features/capacity-applications/ApplicationDetailPage'),
  ExpertReviewsPage: () => import('./features/capacity-review/ExpertReviewsPage'),
  ExpertAssignmentPage: () => import('./features/capacity-review/ExpertAssignmentPage'),
  RankingPage: () => import('./features/capacity-review/RankingPage'),
  NoticeDetailPage: () => import('./features/capacity-notices/NoticeDetailPage'),
  CapacityProjectsPage: () => import('./features/capacity-projects/CapacityProjectsPage'),
  SocietyTiersPage: () => import('./features/society-tiers/SocietyTiersPage'),
  WillingnessPages: () => import('./features/society-tiers/WillingnessPages'),
  MySocietyPage: () => import('./features/society-tiers/MySocietyPage'),
  EvaluationPages: () => import('./features/evaluation/EvaluationPages'),
};
export const pageLoaders = loaders;

/** Loads every page's code (browsers cache the modules; React.lazy then resolves at once). */
export function prefetchAppPages(): void {
  for (const load of Object.values(loaders)) void load().catch(() => undefined);
}
