import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { EventBus } from '../events/bus.js';
import type { TenantDirectory } from './tenant.js';
import type { Communications } from './notices.js';
import type { Files } from './storage/index.js';

/**
 * What every module is given: configuration, the database, the event bus and the tenant
 * directory. Built once per process (and once per test database) by `server/platform.ts`.
 */
export type Platform = {
  config: Config;
  db: Database;
  events: EventBus;
  tenants: TenantDirectory;
  /** notify(tx, …): the one way a module tells someone something. */
  communications: Communications;
  /** Uploaded files (a DATA_DIR folder or STORAGE_URL's object store) and their signed links. */
  files: Files;
};
