import type { ReactNode } from 'react';
import type { Permission } from '../../../src/modules/identity/permissions.ts';

/** One page of a dashboard module, at a path under /dashboard/. */
export type DashboardPage = {
  /** Path under /dashboard (e.g. "payments/charges/:id"). */
  path: string;
  element: ReactNode;
  /** Beyond opening the module, the page needs this permission (else "not allowed"). */
  permission?: Permission;
};

/**
 * A dashboard module: its navigation entry, its home card and its pages. The id is the one the
 * server lists in the session's `modules` for roles that may open it (identity/permissions.ts).
 * The title and description are `modules.<id>.title|description` in the dashboard catalog.
 */
export type DashboardModule = {
  id: string;
  /** Where the navigation and the home card lead. */
  href: string;
  pages: DashboardPage[];
};
