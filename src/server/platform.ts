import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { EventBus } from '../events/bus.js';
import { TenantDirectory } from '../modules/tenancy/index.js';
import { auditConsumer } from '../modules/audit/index.js';

/**
 * What every module is given: configuration, the database, the event bus and the tenant
 * directory. Built once per process (and once per test database).
 */
export type Platform = {
  config: Config;
  db: Database;
  events: EventBus;
  tenants: TenantDirectory;
};

export function createPlatform(config: Config, db: Database): Platform {
  const events = new EventBus();
  // Consumers register here, in one place, so the set is the same in the server, the CLI and tests.
  events.register(auditConsumer);
  return { config, db, events, tenants: new TenantDirectory(db) };
}
