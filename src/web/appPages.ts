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
};
export const pageLoaders = loaders;

/** Loads every page's code (browsers cache the modules; React.lazy then resolves at once). */
export function prefetchAppPages(): void {
  for (const load of Object.values(loaders)) void load().catch(() => undefined);
}
