import type { Config } from '../config.js';
import type { Platform } from '../kernel/platform.js';
import type { Database } from '../db/client.js';
import { EventBus } from '../events/bus.js';
import { createFiles } from '../kernel/storage/index.js';
import { MODULES } from '../modules/index.js';
import { createCommunications } from '../modules/communications/index.js';
import { TenantDirectory } from '../modules/tenancy/index.js';

export type { Platform } from '../kernel/platform.js';

/**
 * The services every module is handed, and every module's consumers and recipient resolvers
 * wired to them, from MODULES — so the set is the same in the server, the CLI and tests.
 */
export function createPlatform(config: Config, db: Database): Platform {
  const events = new EventBus();
  const communications = createCommunications(config);
  const files = createFiles({
    dataDir: config.dataDir,
    storageUrl: config.storageUrl,
    secret: config.secret,
  });
  const tenants = new TenantDirectory(db);
  const platform: Platform = { config, db, events, tenants, communications, files };
  for (const m of MODULES) for (const r of m.recipientResolvers ?? []) communications.addRecipientResolver(r);
  for (const m of MODULES) for (const c of m.consumers?.(platform) ?? []) events.register(c);
  return platform;
}
