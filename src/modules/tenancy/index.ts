// Public API of the tenancy module: the entities an install serves and their hostnames.
export {
  TenantDirectory,
  createTenant,
  currentTenantProfile,
  addHosts,
  findTenantBySlug,
  listTenantIds,
  normalizeHost,
  type Tenant,
} from './service.js';
export { tenancyRoutes } from './routes.js';
export { manifest } from './manifest.js';
