import type { DashboardModule } from '../moduleTypes.ts';
import { ModulePlaceholder } from '../NotAllowed.tsx';

/** The audit log: the API records it; its dashboard pages are still to come. */
export const auditModule: DashboardModule = {
  id: 'audit',
  href: '/dashboard/audit',
  pages: [{ path: 'audit', element: <ModulePlaceholder module="audit" /> }],
};
