// The public portal's pages (children of '/', inside PortalLayout). The home page comes with the
// first load; every other page is its own chunk, fetched when it is opened (issue 12 §2: the first
// page of the portal under 400 KB of compressed JavaScript, bench/portal-weight.ts).
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { PortalHome } from './PortalHome';
import { PortalPageSkeleton } from '../../shared/layout/Skeletons';

/** A route whose page is loaded on first visit (react-router's `lazy`); the portal's frame shows a
 * page skeleton meanwhile when the page is the first one opened. */
function page<M extends Record<string, unknown>>(path: string, loader: () => Promise<M>, name: keyof M): RouteObject {
  return { path, lazy: async () => ({ Component: (await loader())[name] as ComponentType }), hydrateFallbackElement: <PortalPageSkeleton /> };
}

export const portalRoutes: RouteObject[] = [
  { index: true, element: <PortalHome /> },
  page('portal/programmes/:id', () => import('./PortalProgramme'), 'PortalProgramme'),
  page('portal/items', () => import('./PortalItems'), 'PortalItems'),
  page('portal/items/:id', () => import('./PortalItemDetail'), 'PortalItemDetail'),
  page('portal/demand', () => import('./PortalDemand'), 'PortalDemand'),
  page('portal/demand/:id', () => import('./PortalDemand'), 'PortalDemandDetail'),
  page('portal/results', () => import('./PortalResults'), 'PortalResults'),
  page('portal/search', () => import('./PortalSearch'), 'PortalSearch'),
  page('portal/verify', () => import('./PortalVerify'), 'PortalVerify'),
  // EVA-4: an anonymous satisfaction survey link (not in the portal's menu: reached by its link)
  page('portal/survey/:token', () => import('./PortalSurvey'), 'PortalSurvey'),
  page('portal/open-data', () => import('./PortalOpenData'), 'PortalOpenData'),
  page('portal/briefings', () => import('./PortalBriefings'), 'PortalBriefings'),
  page('portal/briefings/:id', () => import('./PortalBriefings'), 'PortalBriefingDetail'),
  page('portal/progress', () => import('./PortalProgress'), 'PortalProgress'),
  page('portal/progress/:id', () => import('./PortalProgress'), 'PortalProgressDetail'),
  page('portal/cases', () => import('./PortalCases'), 'PortalCases'),
  page('portal/cases/:id', () => import('./PortalCases'), 'PortalCaseDetail'),
  page('portal/evaluations', () => import('./PortalEvaluations'), 'PortalEvaluations'),
  page('portal/indicators', () => import('./PortalIndicators'), 'PortalIndicators'),
  page('portal/calls', () => import('./PortalCalls'), 'PortalCalls'),
  page('portal/calls/:id', () => import('./PortalCalls'), 'PortalCallDetail'),
  page('portal/notices', () => import('./PortalNotices'), 'PortalNotices'),
  page('portal/notices/:id', () => import('./PortalNotices'), 'PortalNoticeDetail'),
];
