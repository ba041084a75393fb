import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A service on the resident portal: its home tile (`home.services.<id>.title|body|link` in the
 * portal catalog) and, once it is ready, where it starts and the page that answers there.
 * A service without `href` shows as "coming soon".
 */
export type PortalModule = {
  id: string;
  href?: string;
  /** Path the service's pages answer at (e.g. "portal/account/*"), loaded when opened. */
  route?: { path: string; page: LazyExoticComponent<ComponentType> };
};

/**
 * The portal's services, in the order most people need them: the home tiles and the routes
 * iterate this list. A new module adds its folder and one entry here. Pages load when opened,
 * so the portal's first load stays small.
 */
export const PORTAL_MODULES: readonly PortalModule[] = [
  {
    id: 'utilities',
    href: '/portal/utilities',
    route: { path: 'portal/utilities', page: lazy(() => import('./UtilityLookupPage.tsx')) },
  },
  {
    id: 'requests',
    href: '/portal/requests',
    route: { path: 'portal/requests/*', page: lazy(() => import('./requests/RequestsRoutes.tsx')) },
  },
  { id: 'permits' },
  { id: 'records' },
  {
    id: 'account',
    href: '/portal/account',
    route: { path: 'portal/account/*', page: lazy(() => import('./account/AccountRoutes.tsx')) },
  },
];
