import type { ModuleManifest } from '../../kernel/manifest.js';
import { tenancyRoutes } from './routes.js';

/** The tenant directory itself is built by the server (platform.tenants), before any module. */
export const manifest: ModuleManifest = {
  name: 'tenancy',
  routes: [tenancyRoutes],
};
