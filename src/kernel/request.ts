import type { Language } from '../lib/i18n.js';
import type { Tenant } from './tenant.js';

// What the server's plugins put on every request before a module's route runs. Declared in
// the kernel, beside the types it names, so modules see them without importing src/server.
// (Identity declares request.staff and residents request.resident, beside their plugins.)
declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant found from the Host header (see server/plugins/tenant.ts). */
    tenant: Tenant;
    /** en or es, for messages in this response. */
    lang: Language;
  }
  interface FastifyContextConfig {
    /** Routes that work without a tenant (health, API docs). */
    platformRoute?: boolean;
  }
}

export {};
