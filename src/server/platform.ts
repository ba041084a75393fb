import type { Config } from '../config.js';
import type { Platform } from '../kernel/platform.js';
import type { Database } from '../db/client.js';
import { EventBus } from '../events/bus.js';
import { TenantDirectory } from '../modules/tenancy/index.js';
import { activityConsumer } from '../modules/activity/index.js';
import { auditConsumer } from '../modules/audit/index.js';
import { communicationsConsumer, createCommunications } from '../modules/communications/index.js';
import { residentRecipients } from '../modules/residents/index.js';
import { statementNoticeConsumer } from '../modules/utilities/index.js';

export type { Platform } from '../kernel/platform.js';

export function createPlatform(config: Config, db: Database): Platform {
  const events = new EventBus();
  // Consumers register here, in one place, so the set is the same in the server, the CLI and tests.
  events.register(auditConsumer);
  events.register(communicationsConsumer(config));
  events.register(activityConsumer());
  const communications = createCommunications(config);
  // Notices about a record also reach the residents who linked it, per their preferences.
  communications.addRecipientResolver(residentRecipients);
  events.register(statementNoticeConsumer(config, communications));
  return { config, db, events, tenants: new TenantDirectory(db), communications };
}
