import type { Config } from '../../config.js';
import type { Consumer } from '../../events/types.js';
import { currentTenantProfile } from '../tenancy/index.js';
import { notify, publicBaseUrl } from './service.js';

/**
 * Turns domain events into notices. Runs in the delivery's transaction, and each notice's
 * idempotency key is derived from the event, so a repeated delivery queues nothing new.
 * Modules that need a notice but have no event of their own call `notify` directly.
 */
export function communicationsConsumer(config: Config): Consumer {
  return {
    name: 'communications',
    accepts: (event) => event.type === 'identity.staff.created',
    async handle(tx, event) {
      const { email, displayName, role, locale } = event.payload as {
        email: string;
        displayName?: string;
        role: string;
        locale?: 'en' | 'es' | null;
      };
      const tenant = await currentTenantProfile(tx);
      await notify(tx, config, {
        to: { email, name: displayName ?? null },
        language: locale ?? 'en',
        kind: 'staff.invite',
        data: {
          name: displayName ?? email,
          email,
          role,
          signInUrl: `${publicBaseUrl(config, tenant.primaryHost)}/dashboard`,
        },
        idempotencyKey: `event:${event.id}:email:${email}`,
      });
    },
  };
}
