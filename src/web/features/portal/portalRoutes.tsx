// The public portal's pages (children of '/', inside PortalLayout). They load with the first
// page: a visitor never waits for a chunk.
import type { RouteObject } from 'react-router';
import { PortalHome } from './PortalHome';
import { PortalProgramme } from './PortalProgramme';
import { PortalItems } from './PortalItems';
import { PortalItemDetail } from './PortalItemDetail';
import { PortalDemand, PortalDemandDetail } from './PortalDemand';
import { PortalResults } from './PortalResults';
import { PortalSearch } from './PortalSearch';
import { PortalVerify } from './PortalVerify';
import { PortalBriefingDetail, PortalBriefings } from './PortalBriefings';
import { PortalProgress } from './PortalProgress';

export const portalRoutes: RouteObject[] = [
  { index: true, element: <PortalHome /> },
  { path: 'portal/programmes/:id', element: <PortalProgramme /> },
  { path: 'portal/items', element: <PortalItems /> },
  { path: 'portal/items/:id', element: <PortalItemDetail /> },
  { path: 'portal/demand', element: <PortalDemand /> },
  { path: 'portal/demand/:id', element: <PortalDemandDetail /> },
  { path: 'portal/results', element: <PortalResults /> },
  { path: 'portal/search', element: <PortalSearch /> },
  { path: 'portal/verify', element: <PortalVerify /> },
  { path: 'portal/briefings', element: <PortalBriefings /> },
  { path: 'portal/briefings/:id', element: <PortalBriefingDetail /> },
  { path: 'portal/progress', element: <PortalProgress /> },
];
