import { auditModule } from './audit/module.tsx';
import { communicationsModule } from './communications/module.tsx';
import type { DashboardModule } from './moduleTypes.ts';
import { paymentsModule } from './payments/module.tsx';
import { requestsModule } from './requests/module.tsx';
import { usersModule } from './users/module.tsx';
import { utilitiesModule } from './utilities/module.tsx';

export type { DashboardModule, DashboardPage } from './moduleTypes.ts';

/**
 * The dashboard's modules: the navigation, the home cards and the routes iterate this list.
 * A new module adds its folder (with a module.tsx) and one entry here. Which ones a user sees
 * comes from the session (`modules`, by role, from the server).
 */
export const DASHBOARD_MODULES: readonly DashboardModule[] = [
  usersModule,
  utilitiesModule,
  paymentsModule,
  requestsModule,
  communicationsModule,
  auditModule,
];
