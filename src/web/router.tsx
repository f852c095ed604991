// Providers and routes. The portal's layout and home page load at once; the login page, the other
// portal pages and the signed-in area (/app) are lazily loaded chunks (issue 12 §2).
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import type { ComponentType } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiError, onUnauthorized } from './shared/api';
import { ME_KEY, RequireAuth, RequirePerm } from './shared/auth';
import { AppShellSkeleton, LoginSkeleton } from './shared/layout/Skeletons';
import { PortalLayout } from './features/portal/PortalLayout';
import { portalRoutes } from './features/portal/portalRoutes';
import { NotFoundPage, RouteError } from './features/errors/ErrorPages';
import { pageLoaders } from './appPages';

export const queryClient = new QueryClient({
  queryCache: new QueryCache(),
  mutationCache: new MutationCache(),
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      staleTime: 15_000,
      retry: (count, err) => (err instanceof ApiError ? (err.status === 0 || err.status >= 500) && count < 1 : count < 1),
    },
  },
});

// The session ended while the user was working: forget who they were; RequireAuth sends them to
// the login page with the page they were on as the return path.
onUnauthorized(() => {
  if (queryClient.getQueryData(ME_KEY)) queryClient.setQueryData(ME_KEY, null);
});

function lazyPage<M extends Record<string, unknown>>(loader: () => Promise<M>, name: keyof M) {
  return lazy(async () => ({ default: (await loader())[name] as ComponentType }));
}

const AppLayout = lazyPage(() => import('./shared/layout/AppLayout'), 'AppLayout');
const TypicalCasesPage = lazyPage(pageLoaders.CasePages, 'TypicalCasesPage');
const CaseCreatePage = lazyPage(pageLoaders.CasePages, 'CaseCreatePage');
const CaseEditPage = lazyPage(pageLoaders.CasePages, 'CaseEditPage');
const CaseDetailPage = lazyPage(pageLoaders.CasePages, 'CaseDetailPage');
const WorkbenchPage = lazyPage(pageLoaders.WorkbenchPage, 'WorkbenchPage');
const OrgsPage = lazyPage(pageLoaders.OrgsPage, 'OrgsPage');
const SocietiesPage = lazyPage(pageLoaders.SocietiesPage, 'SocietiesPage');
const SocietyDetailPage = lazyPage(pageLoaders.SocietyDetailPage, 'SocietyDetailPage');
const SocietyCreatePage = lazyPage(pageLoaders.SocietyFormPage, 'SocietyCreatePage');
const SocietyEditPage = lazyPage(pageLoaders.SocietyFormPage, 'SocietyEditPage');
const UsersPage = lazyPage(pageLoaders.UsersPage, 'UsersPage');
const ProgrammesPage = lazyPage(pageLoaders.ProgrammesPage, 'ProgrammesPage');
const ProgrammeCreatePage = lazyPage(pageLoaders.ProgrammeCreatePage, 'ProgrammeCreatePage');
const ProgrammeDetailPage = lazyPage(pageLoaders.ProgrammeDetailPage, 'ProgrammeDetailPage');
const AuditPage = lazyPage(pageLoaders.AuditPage, 'AuditPage');
const AccountPage = lazyPage(pageLoaders.AccountPage, 'AccountPage');
const ItemsPage = lazyPage(pageLoaders.ItemsPage, 'ItemsPage');
const ItemDetailPage = lazyPage(pageLoaders.ItemDetailPage, 'ItemDetailPage');
const ItemCreatePage = lazyPage(pageLoaders.ItemFormPage, 'ItemCreatePage');
const ItemEditPage = lazyPage(pageLoaders.ItemFormPage, 'ItemEditPage');
const DemandListPage = lazyPage(pageLoaders.DemandPages, 'DemandListPage');
const DemandDetailPage = lazyPage(pageLoaders.DemandPages, 'DemandDetailPage');
const DeclarePage = lazyPage(pageLoaders.DeclarePage, 'DeclarePage');
const DeclarationCreatePage = lazyPage(pageLoaders.DeclarationFormPage, 'DeclarationCreatePage');
const DeclarationResubmitPage = lazyPage(pageLoaders.DeclarationFormPage, 'DeclarationResubmitPage');
const DeclarationsPage = lazyPage(pageLoaders.DeclarationsPage, 'DeclarationsPage');
const DeclarationDetailPage = lazyPage(pageLoaders.DeclarationDetailPage, 'DeclarationDetailPage');
const CountersignsPage = lazyPage(pageLoaders.CountersignPages, 'CountersignsPage');
const CountersignDetailPage = lazyPage(pageLoaders.CountersignPages, 'CountersignDetailPage');
const ProjectsPage = lazyPage(pageLoaders.ProjectPages, 'ProjectsPage');
const ProjectDetailPage = lazyPage(pageLoaders.ProjectPages, 'ProjectDetailPage');
const NotificationsPage = lazyPage(pageLoaders.NotificationsPage, 'NotificationsPage');
const ProgrammeRecordsPage = lazyPage(pageLoaders.ProgrammeRecordsPage, 'ProgrammeRecordsPage');
const FundLedgerPage = lazyPage(pageLoaders.FundLedgerPage, 'FundLedgerPage');
const CapacityCallsPage = lazyPage(pageLoaders.CapacityCallsPage, 'CapacityCallsPage');
const CallCreatePage = lazyPage(pageLoaders.CallFormPage, 'CallCreatePage');
const CallEditPage = lazyPage(pageLoaders.CallFormPage, 'CallEditPage');
const CallDetailPage = lazyPage(pageLoaders.CallDetailPage, 'CallDetailPage');
const ApplicationsPage = lazyPage(pageLoaders.ApplicationsPage, 'ApplicationsPage');
const ApplicationCreatePage = lazyPage(pageLoaders.ApplicationFormPage, 'ApplicationCreatePage');
const ApplicationEditPage = lazyPage(pageLoaders.ApplicationFormPage, 'ApplicationEditPage');
const ApplicationDetailPage = lazyPage(pageLoaders.ApplicationDetailPage, 'ApplicationDetailPage');
const ExpertReviewsPage = lazyPage(pageLoaders.ExpertReviewsPage, 'ExpertReviewsPage');
const ExpertAssignmentPage = lazyPage(pageLoaders.ExpertAssignmentPage, 'ExpertAssignmentPage');
const RankingPage = lazyPage(pageLoaders.RankingPage, 'RankingPage');
const NoticeDetailPage = lazyPage(pageLoaders.NoticeDetailPage, 'NoticeDetailPage');
const CapacityProjectsPage = lazyPage(pageLoaders.CapacityProjectsPage, 'CapacityProjectsPage');
const SocietyTiersPage = lazyPage(pageLoaders.SocietyTiersPage, 'SocietyTiersPage');
const WillingnessRoundsPage = lazyPage(pageLoaders.WillingnessPages, 'WillingnessRoundsPage');
const WillingnessRoundPage = lazyPage(pageLoaders.WillingnessPages, 'WillingnessRoundPage');
const MySocietyPage = lazyPage(pageLoaders.MySocietyPage, 'MySocietyPage');
const EvaluationCommissionsPage = lazyPage(pageLoaders.EvaluationPages, 'EvaluationCommissionsPage');
const EvaluationCommissionPage = lazyPage(pageLoaders.EvaluationPages, 'EvaluationCommissionPage');
const SurveysPage = lazyPage(pageLoaders.SurveyPages, 'SurveysPage');
const SurveyPage = lazyPage(pageLoaders.SurveyPages, 'SurveyPage');
const MySurveysPage = lazyPage(pageLoaders.MySurveysPage, 'MySurveysPage');
const IndicatorsPage = lazyPage(pageLoaders.StatisticsPages, 'IndicatorsPage');
const DashboardsPage = lazyPage(pageLoaders.StatisticsPages, 'DashboardsPage');
const applicationReaders = ['capacityApplication.review', 'capacityCall.manage', 'fund.read'] as const;

const guard = (perm: string, el: React.ReactNode) => <RequirePerm perm={perm}>{el}</RequirePerm>;

export const router = createBrowserRouter([
  {
    path: '/',
    element: <PortalLayout />,
    errorElement: <RouteError />,
    children: portalRoutes,
  },
  // hydrateFallbackElement: what shows while a lazy route's code arrives on the first load (and
  // the router says nothing in the console about a missing one)
  { path: '/login', lazy: async () => ({ Component: (await import('./features/auth/LoginPage')).LoginPage }), hydrateFallbackElement: <LoginSkeleton />, errorElement: <RouteError /> },
  {
    path: '/app',
    errorElement: <RouteError />,
    element: (
      <RequireAuth>
        <Suspense fallback={<AppShellSkeleton />}>
          <AppLayout />
        </Suspense>
      </RequireAuth>
    ),
    children: [
      { index: true, element: <WorkbenchPage /> },
      { path: 'orgs', element: guard('org.read', <OrgsPage />) },
      { path: 'societies', element: guard('society.read', <SocietiesPage />) },
      { path: 'societies/new', element: guard('society.create', <SocietyCreatePage />) },
      { path: 'societies/:id', element: guard('society.read', <SocietyDetailPage />) },
      { path: 'societies/:id/edit', element: guard('society.update', <SocietyEditPage />) },
      { path: 'users', element: guard('user.read', <UsersPage />) },
      { path: 'programmes', element: guard('programme.read', <ProgrammesPage />) },
      { path: 'programmes/new', element: guard('programme.create', <ProgrammeCreatePage />) },
      { path: 'programmes/:id', element: guard('programme.read', <ProgrammeDetailPage />) },
      // FND-5, FND-7: a programme's fund ledger
      { path: 'programmes/:id/funds', element: guard('fund.read', <FundLedgerPage />) },
      { path: 'audit', element: guard('audit.read', <AuditPage />) },
      { path: 'account', element: <AccountPage /> },
      // FUN, SEL: items, demand catalogue, declarations, countersign, pilot projects; X-3 notifications
      { path: 'items', element: guard('item.read', <ItemsPage />) },
      { path: 'items/new', element: guard('item.manage', <ItemCreatePage />) },
      { path: 'items/:id', element: guard('item.read', <ItemDetailPage />) },
      { path: 'items/:id/edit', element: guard('item.manage', <ItemEditPage />) },
      { path: 'demand', element: guard('item.read', <DemandListPage />) },
      { path: 'demand/:id', element: guard('item.read', <DemandDetailPage />) },
      { path: 'declare', element: guard('declaration.submit', <DeclarePage />) },
      { path: 'declare/:itemId', element: guard('declaration.submit', <DeclarationCreatePage />) },
      { path: 'declarations', element: guard('declaration.read', <DeclarationsPage />) },
      { path: 'declarations/:id', element: guard('declaration.read', <DeclarationDetailPage />) },
      { path: 'declarations/:id/edit', element: guard('declaration.submit', <DeclarationResubmitPage />) },
      { path: 'countersigns', element: guard('item.read', <CountersignsPage />) },
      { path: 'countersigns/:id', element: guard('item.read', <CountersignDetailPage />) },
      // SUP-4: observers (experts, evaluators) read the projects they are assigned to, read-only
      { path: 'projects', element: <RequirePerm perm="project.read" anyPerm={['project.observe']}><ProjectsPage /></RequirePerm> },
      { path: 'projects/:id', element: <RequirePerm perm="project.read" anyPerm={['project.observe']}><ProjectDetailPage /></RequirePerm> },
      { path: 'notifications', element: <NotificationsPage /> },
      // PRG-3: meetings, briefings, stage reports of a programme
      { path: 'programme-records', element: guard('programmeRecord.manage', <ProgrammeRecordsPage />) },
      // CAP-1: the yearly calls of a capacity programme (the detail is the link of to-dos and notifications, read by every party)
      { path: 'capacity-calls', element: guard('programme.read', <CapacityCallsPage />) },
      { path: 'capacity-calls/new', element: guard('capacityCall.manage', <CallCreatePage />) },
      { path: 'capacity-calls/:id', element: guard('programme.read', <CallDetailPage />) },
      { path: 'capacity-calls/:id/edit', element: guard('capacityCall.manage', <CallEditPage />) },
      // CAP-2, CAP-3: a society's application to a call and the association's formal review (the detail is the link of to-dos and notifications)
      { path: 'capacity-calls/:callId/apply', element: guard('capacityApplication.submit', <ApplicationCreatePage />) },
      { path: 'capacity-applications', element: <RequirePerm perm="capacityApplication.submit" anyPerm={applicationReaders}><ApplicationsPage /></RequirePerm> },
      { path: 'capacity-applications/:id', element: <RequirePerm perm="capacityApplication.submit" anyPerm={applicationReaders}><ApplicationDetailPage /></RequirePerm> },
      { path: 'capacity-applications/:id/edit', element: guard('capacityApplication.submit', <ApplicationEditPage />) },
      // CAP-4, ORG-6: the expert's own assignments (the to-do's link) and the ranking per type with the joint decision (the finance bureau's to-do's link)
      { path: 'expert-reviews', element: guard('capacityReview.score', <ExpertReviewsPage />) },
      { path: 'expert-reviews/:id', element: guard('capacityReview.score', <ExpertAssignmentPage />) },
      { path: 'capacity-calls/:id/ranking', element: <RequirePerm perm="capacityApplication.review" anyPerm={applicationReaders}><RankingPage /></RequirePerm> },
      // CAP-5: a result notice with its objections (the association handles them; the co-managing finance bureau reads)
      { path: 'capacity-notices/:id', element: guard('programme.read', <NoticeDetailPage />) },
      // 项目实施与验收: the funded projects and where each stands after funding (the association; the co-managing finance bureau reads and confirms)
      { path: 'capacity-projects', element: <RequirePerm perm="capacityApplication.review" anyPerm={['capacityCall.confirm']}><CapacityProjectsPage /></RequirePerm> },
      // ORG-4, EVA-6: the association's tiers of its societies; ORG-5: its willingness surveys; the society's own answers and tier
      { path: 'society-tiers', element: guard('society.tier.read', <SocietyTiersPage />) },
      { path: 'willingness', element: guard('willingness.manage', <WillingnessRoundsPage />) },
      { path: 'willingness/:id', element: guard('willingness.manage', <WillingnessRoundPage />) },
      { path: 'my-society', element: guard('willingness.answer', <MySocietyPage />) },
      // EVA-2, EVA-3: the association's commissions of a third-party evaluator; the evaluator's workbench
      { path: 'evaluation-commissions', element: <RequirePerm perm="evaluation.commission" anyPerm={['evaluation.perform', 'project.read']}><EvaluationCommissionsPage /></RequirePerm> },
      { path: 'evaluation-commissions/:id', element: <RequirePerm perm="evaluation.commission" anyPerm={['evaluation.perform', 'project.read']}><EvaluationCommissionPage /></RequirePerm> },
      // EVA-4: the association's satisfaction surveys; the invited department's or society's own (the to-do's link)
      { path: 'surveys', element: guard('survey.manage', <SurveysPage />) },
      { path: 'surveys/:id', element: guard('survey.manage', <SurveyPage />) },
      { path: 'my-surveys', element: guard('survey.answer', <MySurveysPage />) },
      // EVA-5: the typical-case library — the association's staff read, its administrators write and publish
      { path: 'typical-cases', element: guard('case.read', <TypicalCasesPage />) },
      { path: 'typical-cases/new', element: guard('case.manage', <CaseCreatePage />) },
      { path: 'typical-cases/:id', element: guard('case.read', <CaseDetailPage />) },
      { path: 'typical-cases/:id/edit', element: guard('case.manage', <CaseEditPage />) },
      // STA-1, STA-2: the association's indicators (drill-downs, publication) and dashboards
      { path: 'indicators', element: guard('statistics.read', <IndicatorsPage />) },
      { path: 'dashboards', element: guard('statistics.read', <DashboardsPage />) },
      { path: '*', element: <NotFoundPage inApp /> },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
]);

export function Root() {
  return (
    <QueryClientProvider client={queryClient}>
      {/* autoInsertSpace off: a button reads 登录, not 登 录, for people and screen readers alike */}
      <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1456c8', borderRadius: 4 } }}>
        <AntApp>
          <RouterProvider router={router} />
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
