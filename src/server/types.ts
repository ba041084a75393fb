import type { Language } from '../lib/i18n.js';
import type { Tenant } from '../modules/tenancy/index.js';
import type { StaffPrincipal } from '../modules/identity/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant found from the Host header (see plugins/tenant.ts). */
    tenant: Tenant;
    /** en or es, for messages in this response. */
    lang: Language;
    /** The signed-in staff user, when the request carries a valid staff session cookie. */
    staff: StaffPrincipal | null;
  }
  interface FastifyContextConfig {
    /** Routes that work without a tenant (health, API docs). */
    platformRoute?: boolean;
  }
}
